"""The minutes as Markdown and DOCX (opened again with python-docx), and the minutes cards."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import docx
import pytest

from dialogs.cardkit import as_json
from dialogs.i18n import Lang
from dialogs.minutes.cards import case_note, followups_card, minutes_form_card, summary_card
from dialogs.minutes.documents import (
    FollowUpLine,
    MinutesDocument,
    MinutesItem,
    file_name,
    to_docx,
    to_markdown,
)
from dialogs.minutes.rules import AgendaCase, Attendee, MinutesForm, OpenItem
from harness.client import card_text, inputs_of

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

DOC = MinutesDocument(
    meeting_id=12,
    network="Hjertenettverket",
    title="Nettverksmøte november",
    start_at=START,
    present=("Kari Nordmann", "Per Olsen"),
    items=(
        MinutesItem(
            "7/2026", "Ny prosedyre", "Gikk gjennom | utkastet", "Prosedyren vedtas", "3/2026"
        ),
        MinutesItem("8/2026", "Utstyr", "", None, None),
    ),
    followups=(FollowUpLine("7/2026", "Ola Hansen", date(2026, 12, 10), "Send til HF-ene"),),
)

EMPTY = MinutesDocument(12, "Hjertenettverket", "Kort møte", None, (), (), ())


def docx_text(body: bytes) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(body))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, rows


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nb",
            [
                "Referat: Nettverksmøte november",
                "Nettverk: Hjertenettverket",
                "Møtetidspunkt: 23. nov. 2026 kl. 10:00",
                "Til stede: Kari Nordmann, Per Olsen",
                "7/2026 Ny prosedyre",
                "Drøftet: Gikk gjennom | utkastet",
                "Vedtak: Prosedyren vedtas (vedtak 3/2026)",
                "8/2026 Utstyr",
                "Drøftet: ikke notert",
                "Vedtak: ingen vedtak",
                "Oppfølgingspunkter",
            ],
        ),
        (
            "en",
            [
                "Minutes: Nettverksmøte november",
                "Network: Hjertenettverket",
                "Held: 23 Nov 2026, 10:00",
                "Present: Kari Nordmann, Per Olsen",
                "7/2026 Ny prosedyre",
                "Discussed: Gikk gjennom | utkastet",
                "Decision: Prosedyren vedtas (decision 3/2026)",
                "8/2026 Utstyr",
                "Discussed: not noted",
                "Decision: no decision",
                "Follow-up items",
            ],
        ),
    ],
)
def test_docx_says_it_all(lang: Lang, expected: list[str]) -> None:
    paragraphs, rows = docx_text(to_docx(DOC, lang))
    assert paragraphs == expected
    header = (
        ["Sak", "Ansvarlig", "Frist", "Oppgave"]
        if lang == "nb"
        else [
            "Case",
            "Owner",
            "Due",
            "Task",
        ]
    )
    due = "10. des. 2026" if lang == "nb" else "10 Dec 2026"
    assert rows == [header, ["7/2026", "Ola Hansen", due, "Send til HF-ene"]]


def test_docx_without_followups_says_so() -> None:
    paragraphs, rows = docx_text(to_docx(EMPTY, "nb"))
    assert paragraphs[-1] == "Ingen oppfølgingspunkter."
    assert "Til stede: ingen registrert" in paragraphs
    assert rows == []


def test_markdown() -> None:
    markdown = to_markdown(DOC, "nb")
    assert markdown.startswith("# Referat: Nettverksmøte november\n")
    assert "**Til stede:** Kari Nordmann, Per Olsen" in markdown
    assert "## 7/2026 Ny prosedyre" in markdown
    assert "**Vedtak:** Prosedyren vedtas (vedtak 3/2026)" in markdown
    assert "**Vedtak:** ingen vedtak" in markdown
    assert "| Sak | Ansvarlig | Frist | Oppgave |" in markdown
    assert "| 7/2026 | Ola Hansen | 10. des. 2026 | Send til HF-ene |" in markdown
    assert to_markdown(EMPTY, "en").rstrip().endswith("No follow-up items.")


def test_file_names() -> None:
    assert file_name(DOC, "docx") == "referat-12.docx"


def form(cases: int, members: int) -> MinutesForm:
    return MinutesForm(
        meeting_id=12,
        title="Nettverksmøte november",
        start_at=START,
        attendees=tuple(
            Attendee(
                f"00000000-0000-0000-0000-{i:012d}", f"Deltaker Med Langt Navn {i}", i % 4 != 0
            )
            for i in range(members)
        ),
        cases=tuple(
            AgendaCase(100 + i, f"{i + 1}/2026", f"En sak med en ganske lang tittel nummer {i}", "")
            for i in range(cases)
        ),
        owners=tuple((1000 + i, f"Deltaker Med Langt Navn {i}") for i in range(members)),
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_form_for_ten_cases_and_thirty_members_fits_teams(lang: Lang) -> None:
    card = as_json(minutes_form_card(form(10, 30), lang))
    size = len(json.dumps(card, ensure_ascii=False).encode())
    assert size < 28 * 1024, size
    fields = inputs_of(card)
    assert all(field.get("label") for field in fields)
    ids = {field["id"] for field in fields}
    assert {"present", "discussed_100", "decision_109", "task_0", "case_5", "owner_5"} <= ids
    present = next(f for f in fields if f["id"] == "present")
    assert present["isMultiSelect"] is True
    assert len(present["value"].split(",")) == 22, "the required attendees are ticked"


def test_summary_card_with_and_without_links() -> None:
    fresh = as_json(summary_card(DOC, "nb", links=("https://x/a.docx", "https://x/a.md")))
    assert [a["title"] for a in fresh["actions"]] == ["Last ned Word", "Last ned Markdown"]
    assert "Vedtak 3/2026: Prosedyren vedtas" in card_text(fresh)
    posted = as_json(summary_card(DOC, "en"))
    assert posted["actions"][0]["data"] == {"action": "minutes.show", "meeting_id": 12}
    assert posted["actions"][0]["title"] == "Get the minutes"


def test_case_note() -> None:
    note = case_note(DOC, DOC.items[0], DOC.followups, "nb")
    assert "Drøftet: Gikk gjennom | utkastet" in note
    assert "Vedtak 3/2026: Prosedyren vedtas" in note
    assert "Oppfølging: Send til HF-ene — Ola Hansen, frist 10. des. 2026" in note


def test_followups_card_marks_overdue_and_offers_done_where_allowed() -> None:
    items = [
        OpenItem(1, "Hjerte", "7/2026", "Gammel", "Ola", date(2026, 11, 1), True, True),
        OpenItem(2, "Hjerte", "", "Ny", "Kari", date(2026, 12, 1), False, False),
    ]
    card = as_json(followups_card(items, "nb", network="Hjerte"))
    text = card_text(card)
    assert "Åpne oppfølgingspunkter i Hjerte" in text
    assert text.index("Gammel") < text.index("Ny")
    assert "forfalt 1. nov. 2026" in text
    assert json.dumps(card).count('"followup.done"') == 2  # verb and data, for item 1 only
    assert "Ingen åpne" in card_text(as_json(followups_card([], "nb", network=None)))
