"""The progress report as Markdown and Word (DOCX), and the year's eRapport text as plain text
and Markdown. Pure: text and bytes out."""

from __future__ import annotations

import io

from docx import Document as new_docx

from dialogs.i18n import Lang, day, t
from dialogs.quality.cards import (
    erapport_sections,
    erapport_title,
    money,
    report_lines,
    report_title,
)
from dialogs.quality.service import ReportDocument, YearReport


def file_name(doc: ReportDocument, fmt: str) -> str:
    """`framdrift-3-2026-01-01-2026-06-30.docx`."""
    return f"framdrift-{doc.network_id}-{doc.period_from}-{doc.period_to}.{fmt}"


def _approval(doc: ReportDocument, lang: Lang) -> str:
    return t("quality.report.approved" if doc.approved_by else "quality.report.draft", lang)


def to_markdown(doc: ReportDocument, lang: Lang) -> str:
    """The report as Markdown."""
    lines = [f"# {report_title(doc, lang)}", ""]
    if doc.english_name:
        lines += [doc.english_name, ""]
    for heading, items in report_lines(doc, lang):
        lines += [f"## {heading}", "", *(f"- {item}" for item in items), ""]
    lines += [t("quality.report.total", lang, total=money(doc.total, lang)), ""]
    lines += [t("quality.report.basis", lang), "", _approval(doc, lang)]
    return "\n".join(lines) + "\n"


def to_docx(doc: ReportDocument, lang: Lang) -> bytes:
    """The report as a Word document."""
    document = new_docx()
    document.core_properties.title = report_title(doc, lang)
    document.add_heading(report_title(doc, lang), level=0)
    if doc.english_name:
        document.add_paragraph(doc.english_name)
    for heading, items in report_lines(doc, lang):
        document.add_heading(heading, level=1)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(t("quality.report.total", lang, total=money(doc.total, lang)))
    document.add_paragraph(t("quality.report.basis", lang))
    document.add_paragraph(_approval(doc, lang))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def erapport_file_name(doc: YearReport, fmt: str) -> str:
    """`erapport-3-2026.txt`."""
    return f"erapport-{doc.network_id}-{doc.year}.{fmt}"


def erapport_text(doc: YearReport, lang: Lang) -> str:
    """The eRapport text as plain text: a heading line per section with its lines beneath and a
    blank line between sections, so that each section can be pasted into one eRapport field."""
    blocks = [
        "\n".join(
            [erapport_title(doc, lang), t("quality.erapport.intro", lang, day=day(doc.as_of, lang))]
        )
    ]
    for heading, items in erapport_sections(doc, lang):
        blocks.append("\n".join([heading, *items]))
    return "\n\n".join(blocks) + "\n"


def erapport_markdown(doc: YearReport, lang: Lang) -> str:
    """The eRapport text as Markdown."""
    lines = [f"# {erapport_title(doc, lang)}", ""]
    lines += [t("quality.erapport.intro", lang, day=day(doc.as_of, lang)), ""]
    for heading, items in erapport_sections(doc, lang):
        lines += [f"## {heading}", "", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)
