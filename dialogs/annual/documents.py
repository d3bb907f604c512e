"""The annual report as one document, in Word (DOCX) and Markdown. Pure: bytes and text out.

The DOCX keeps to one A4 page: narrow margins, 9 pt body, compact headings, one paragraph per
bullet. `rules.fit` keeps the text within limits that fit the page; a test renders it with
LibreOffice and counts the pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt

from dialogs.annual import messages as _messages  # noqa: F401  (registers texts)
from dialogs.annual.rules import Section
from dialogs.i18n import Lang, t

FONT = "Arial"


@dataclass(frozen=True)
class ReportDocument:
    """Everything the one-page report says."""

    cycle_id: int
    network: str
    year: int
    recipient: str
    sections: tuple[tuple[Section, tuple[str, ...]], ...]


def file_name(doc: ReportDocument, fmt: str) -> str:
    """`arsrapport-2026-hjertenettverket.docx`: plain characters only."""
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in doc.network.lower())
    slug = "-".join(part for part in slug.split("-") if part)[:60] or str(doc.cycle_id)
    return f"arsrapport-{doc.year}-{slug}.{fmt}"


def title(doc: ReportDocument, lang: Lang) -> str:
    """`Årsrapport 2026 — Hjertenettverket`."""
    return t("annual.doc.title", lang, year=doc.year, network=doc.network)


def heading_of(section: Section, lang: Lang) -> str:
    """A template heading."""
    return t(f"annual.section.{section.value}", lang)


def _lines(bullets: Sequence[str], lang: Lang) -> Sequence[str]:
    return bullets or (t("annual.doc.nothing", lang),)


def to_markdown(doc: ReportDocument, lang: Lang) -> str:
    """The report as Markdown."""
    lines = [
        f"# {title(doc, lang)}",
        "",
        f"*{t('annual.doc.to', lang, recipient=doc.recipient)}*",
        "",
    ]
    for section, bullets in doc.sections:
        lines += [f"## {heading_of(section, lang)}", ""]
        lines += [f"- {b}" for b in _lines(bullets, lang)]
        lines.append("")
    return "\n".join(lines)


def to_docx(doc: ReportDocument, lang: Lang) -> bytes:
    """The report as a one-page Word document with the template's headings and styles."""
    document = new_docx()
    for page in document.sections:
        page.page_height, page.page_width = Cm(29.7), Cm(21.0)
        page.top_margin = page.bottom_margin = Cm(1.5)
        page.left_margin = page.right_margin = Cm(1.8)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size, before in (("Title", 15, 0), ("Heading 1", 10.5, 5)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(1)
        style.paragraph_format.keep_with_next = True
    bullet = document.styles["List Bullet"]
    if bullet.type == WD_STYLE_TYPE.PARAGRAPH:
        bullet.font.name = FONT
        bullet.font.size = Pt(9)
        bullet.paragraph_format.space_after = Pt(0)
        bullet.paragraph_format.space_before = Pt(0)
    document.core_properties.title = title(doc, lang)
    document.add_heading(title(doc, lang), level=0)
    document.add_paragraph(t("annual.doc.to", lang, recipient=doc.recipient)).runs[0].italic = True
    for section, bullets in doc.sections:
        document.add_heading(heading_of(section, lang), level=1)
        for text in _lines(bullets, lang):
            document.add_paragraph(text, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
