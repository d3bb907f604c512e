"""The one-page report: a network's heavy year renders on exactly one A4 page in LibreOffice,
and the DOCX and Markdown carry every heading of the template."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx

from dialogs.annual.documents import ReportDocument, file_name, heading_of, to_docx, to_markdown
from dialogs.annual.rules import (
    INPUT_CHARS,
    INPUT_FIELDS,
    MAX_GOALS,
    Answers,
    Attainment,
    Goal,
    MandateTask,
    Section,
    YearFacts,
    compose,
)
from dialogs.i18n import Lang
from harness.office import pdf_pages


def _longest(seed: str) -> str:
    """An answer of the maximum length, in long sentences without early full stops."""
    words = f"{seed} kompetansebygging pasientforløp samhandling regional standardisering"
    text = (words + " ") * (INPUT_CHARS // len(words) + 1)
    return text[: INPUT_CHARS - 1].strip() + "."


def heavy_year(lang: Lang = "nb") -> ReportDocument:
    """40 decisions, 12 meetings, 15 members' inputs of the maximum length, six goals."""
    facts = YearFacts(
        meetings=12,
        followups_closed=31,
        decisions=tuple(
            f"{n}/2026 Regional fagprosedyre for behandling av tilstand nummer {n}"
            for n in range(1, 41)
        ),
        approved=tuple(
            f"{n}/2026 Regional fagprosedyre for behandling av tilstand nummer {n}"
            for n in range(1, 16)
        ),
        escalations=tuple((f"{n}/2026 Felles innkjøp av utstyr {n}", "godkjent") for n in range(5)),
        councils=("Fagråd for hjertesvikt", "Arbeidsgruppe for rehabilitering", "Fagråd tre"),
    )
    goals = [
        Goal("G" * 300, "M" * 300, "Kari Nordmann", MandateTask.STANDARDISATION)
        for _ in range(MAX_GOALS)
    ]
    inputs = [
        Answers(
            {name: _longest(f"{name} {n}") for name in INPUT_FIELDS},
            tuple((Attainment.PARTLY, "N" * 300) for _ in goals),
        )
        for n in range(15)
    ]
    fitted = compose(facts, goals, inputs, tuple(Section), lang)
    return ReportDocument(
        1,
        "Fagledernettverket for hjerte- og karsykdommer i Helse Midt-Norge",
        2026,
        "Fagdirektørnettverket",
        tuple((s, fitted.sections[s]) for s in Section),
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_heavy_year_fits_one_page(lang: Lang) -> None:
    docx = to_docx(heavy_year(lang), lang)
    assert pdf_pages(docx) == 1


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_template_heading_is_in_the_docx_and_the_markdown(lang: Lang) -> None:
    doc = heavy_year(lang)
    paragraphs = read_docx(io.BytesIO(to_docx(doc, lang))).paragraphs
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [heading_of(s, lang) for s in Section]
    bullets = [p for p in paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert len(bullets) == sum(len(b) or 1 for _s, b in doc.sections)
    markdown = to_markdown(doc, lang)
    for section in Section:
        assert f"## {heading_of(section, lang)}\n" in markdown


def test_an_empty_section_says_so_rather_than_vanishing() -> None:
    doc = ReportDocument(2, "Lunge", 2026, "Fagdirektørnettverket", ((Section.OTHER, ()),))
    assert "- Ingenting å melde." in to_markdown(doc, "nb")


def test_file_names_are_plain() -> None:
    assert file_name(heavy_year(), "docx") == (
        "arsrapport-2026-fagledernettverket-for-hjerte-og-karsykdommer-i-helse-midt-n.docx"
    )
