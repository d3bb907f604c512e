"""The year's eRapport text, in Norwegian and English: plain text with one block per eRapport
field, and Markdown; and the milestones card with overdue milestones marked and first."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogs.cardkit import as_json
from dialogs.i18n import Lang
from dialogs.quality import rules
from dialogs.quality.cards import erapport_card, milestones_card, money
from dialogs.quality.documents import erapport_file_name, erapport_markdown, erapport_text
from dialogs.quality.rules import CostLine, MilestoneState, Region, Terms
from dialogs.quality.service import AgreementView, MilestoneView, YearMilestone, YearReport
from harness.client import card_text

TERMS = Terms(
    id=1,
    person="Nora Nord",
    region=Region.NORD,
    percent=2000,
    start_on=date(2026, 1, 1),
    end_on=date(2027, 12, 31),
    yearly_cost=30_000_000,
    anchored_by="Klinikksjef",
)


def agreement() -> AgreementView:
    return AgreementView(
        id=1,
        version=1,
        host_hf="UNN HF",
        region=Region.NORD,
        person="Nora Nord",
        content="Kompetansespredning",
        percent=2000,
        start_on=date(2026, 1, 1),
        end_on=date(2027, 12, 31),
        yearly_cost=30_000_000,
        anchored_by="Klinikksjef",
        ended=False,
        recorded_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        warnings=(),
    )


def report(*, reached: bool = True, over: bool = False) -> YearReport:
    costs = [CostLine(Region.MIDT, date(2026, 5, 4), 150_000_000 if over else 2_500_000)]
    budget = rules.budget(2026, [TERMS], costs, coordinating=Region.MIDT, set_by_rhf=None)
    done = YearMilestone(
        "Felles prosedyre", "Ola Hansen", date(2026, 4, 15), date(2026, 4, 10), MilestoneState.DONE
    )
    late = YearMilestone(
        "Nettside publisert", "Kari Nordmann", date(2026, 9, 1), None, MilestoneState.OVERDUE
    )
    coming = YearMilestone("Fagdag", "Per Olsen", date(2026, 12, 10), None, MilestoneState.PLANNED)
    return YearReport(
        network_id=3,
        network="Smertenettverket",
        english_name="Norwegian National Network for Pain Medicine",
        coordinating_hf="St. Olavs hospital HF",
        clinic="Klinikk for anestesi",
        year=2026,
        as_of=date(2026, 11, 23),
        start_on=date(2026, 1, 1),
        end_on=date(2030, 12, 31),
        reached=(done,) if reached else (),
        overdue=(late,),
        coming=(coming,),
        agreements=((agreement(), 30_000_000),),
        budget=budget,
        reports=((date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 3)),),
    )


EXPECTED: dict[Lang, tuple[str, ...]] = {
    "nb": (
        "eRapport 2026: Smertenettverket",
        "Koordinerende HF: St. Olavs hospital HF, Klinikk for anestesi.",
        "Femårsperiode: 1. jan. 2026 – 31. des. 2030.",
        "Milepæler nådd i 2026\nFelles prosedyre (Ola Hansen): frist 15. apr. 2026, "
        "nådd 10. apr. 2026.",
        "Milepæler over fristen\nNettside publisert (Kari Nordmann): frist 1. sep. 2026.",
        "Milepæler som gjenstår i 2026\nFagdag (Per Olsen): frist 10. des. 2026.",
        "Avtaler om deltidsstillinger\nNora Nord, UNN HF (Helse Nord), 20 %: ",
        "Framdriftsrapporter godkjent\n1. jan. 2026 – 30. juni 2026, godkjent 3. juli 2026.",
    ),
    "en": (
        "eRapport 2026: Smertenettverket",
        "Coordinating health trust: St. Olavs hospital HF, Klinikk for anestesi.",
        "Five-year term: 1 Jan 2026 – 31 Dec 2030.",
        "Milestones reached in 2026\nFelles prosedyre (Ola Hansen): due 15 Apr 2026, "
        "reached 10 Apr 2026.",
        "Overdue milestones\nNettside publisert (Kari Nordmann): due 1 Sept 2026.",
        "Milestones remaining in 2026\nFagdag (Per Olsen): due 10 Dec 2026.",
        "Part-time position agreements\nNora Nord, UNN HF (",
        "Progress reports approved\n1 Jan 2026 – 30 Jun 2026, approved 3 Jul 2026.",
    ),
}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_erapport_text_has_one_block_per_field(lang: Lang) -> None:
    doc = report()
    text = erapport_text(doc, lang)
    for expected in EXPECTED[lang]:
        assert expected in text, expected
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0].startswith("eRapport 2026: Smertenettverket\n")
    assert len(blocks) == 8  # the title, then one block per eRapport field
    assert "#" not in text
    assert "**" not in text
    frame = money(doc.budget.frame, lang)
    assert frame in blocks[6]
    assert money(doc.budget.used, lang) in blocks[6]
    assert money(doc.budget.remaining, lang) in blocks[6]
    assert money(30_000_000, lang) in blocks[5]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_erapport_markdown_has_a_heading_per_field(lang: Lang) -> None:
    markdown = erapport_markdown(report(), lang)
    assert markdown.startswith("# eRapport 2026: Smertenettverket\n")
    assert markdown.count("\n## ") == 7
    heading = "Milepæler over fristen" if lang == "nb" else "Overdue milestones"
    assert f"## {heading}\n\n- Nettside publisert" in markdown


@pytest.mark.parametrize(("lang", "none"), [("nb", "Ingen."), ("en", "None.")])
def test_an_empty_section_says_so(lang: Lang, none: str) -> None:
    text = erapport_text(report(reached=False), lang)
    reached = "Milepæler nådd i 2026" if lang == "nb" else "Milestones reached in 2026"
    assert f"{reached}\n{none}\n\n" in text


@pytest.mark.parametrize(("lang", "over"), [("nb", "Over rammen med"), ("en", "Over the frame by")])
def test_use_above_the_frame_is_said(lang: Lang, over: str) -> None:
    doc = report(over=True)
    text = erapport_text(doc, lang)
    assert f"{over} {money(doc.budget.used - doc.budget.frame, lang)}." in text


def test_the_erapport_card_offers_text_and_markdown() -> None:
    doc = report()
    shown = as_json(erapport_card(doc, "nb", links=("https://x/t.txt", "https://x/t.md")))
    text = card_text(shown)
    assert "Nettside publisert (Kari Nordmann): frist 1. sep. 2026." in text
    assert [a["title"] for a in shown["actions"]] == ["Last ned tekst", "Last ned Markdown"]
    assert erapport_file_name(doc, "txt") == "erapport-3-2026.txt"


def milestone(id_: int, title: str, due: date, state: MilestoneState) -> MilestoneView:
    return MilestoneView(id_, title, due, "Ola Hansen", state, may_change=True)


@pytest.mark.parametrize(
    ("lang", "note", "mark"),
    [
        ("nb", "1 milepæl er over fristen og står øverst.", "⚠ **Sent** (over fristen)"),
        ("en", "1 milestone is past its due date, shown first.", "⚠ **Sent** (overdue)"),
    ],
)
def test_overdue_milestones_are_marked_and_first(lang: Lang, note: str, mark: str) -> None:
    views = [
        milestone(1, "Tidlig", date(2026, 12, 1), MilestoneState.PLANNED),
        milestone(2, "Sent", date(2026, 11, 1), MilestoneState.OVERDUE),
        milestone(3, "Ferdig", date(2026, 10, 1), MilestoneState.DONE),
    ]
    shown = as_json(milestones_card("Smertenettverket", views, lang, manager=True))
    text = card_text(shown)
    assert note in text
    assert text.index(mark) < text.index("Tidlig") < text.index("Ferdig")
