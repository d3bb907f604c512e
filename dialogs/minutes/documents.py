"""The minutes as one document, in Markdown and in Word (DOCX). Pure: bytes and text out.

Both say the same: the meeting's title, network and date, who was present, per agenda case its
number and title, what was discussed and the decision, and the follow-up items (owner, due
date, task).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document as new_docx

from dialogs.i18n import Lang, day, t, when
from dialogs.minutes import messages as _messages  # noqa: F401  (registers texts)


@dataclass(frozen=True)
class MinutesItem:
    """One agenda case in the minutes."""

    label: str
    title: str
    discussed: str
    decision: str | None
    decision_label: str | None


@dataclass(frozen=True)
class FollowUpLine:
    """One follow-up item in the minutes."""

    case: str
    owner: str
    due_on: date
    text: str


@dataclass(frozen=True)
class MinutesDocument:
    """Everything the minutes say."""

    meeting_id: int
    network: str
    title: str
    start_at: datetime | None
    present: tuple[str, ...]
    items: tuple[MinutesItem, ...]
    followups: tuple[FollowUpLine, ...]


def file_name(doc: MinutesDocument, fmt: str) -> str:
    """`referat-12.docx`: a file name with no characters a file system could object to."""
    return f"referat-{doc.meeting_id}.{fmt}"


def _decision(item: MinutesItem, lang: Lang) -> str:
    if item.decision is None:
        return t("minutes.doc.no_decision", lang)
    if item.decision_label:
        return t("minutes.doc.decision_label", lang, label=item.decision_label, text=item.decision)
    return item.decision


def _held(doc: MinutesDocument, lang: Lang) -> str:
    return when(doc.start_at, lang) if doc.start_at else ""


def _present(doc: MinutesDocument, lang: Lang) -> str:
    return ", ".join(doc.present) if doc.present else t("minutes.doc.nobody", lang)


def to_markdown(doc: MinutesDocument, lang: Lang) -> str:
    """The minutes as Markdown."""

    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", " ")

    lines = [
        f"# {t('minutes.doc.title', lang, title=doc.title)}",
        "",
        f"**{t('minutes.doc.network', lang)}:** {doc.network}  ",
        f"**{t('minutes.doc.held', lang)}:** {_held(doc, lang)}  ",
        f"**{t('minutes.doc.present', lang)}:** {_present(doc, lang)}",
        "",
    ]
    for item in doc.items:
        lines += [
            f"## {item.label} {item.title}",
            "",
            f"**{t('minutes.doc.discussed', lang)}:** "
            + (item.discussed or t("minutes.doc.nothing", lang)),
            "",
            f"**{t('minutes.doc.decision', lang)}:** {_decision(item, lang)}",
            "",
        ]
    lines += [f"## {t('minutes.doc.followups', lang)}", ""]
    if doc.followups:
        headers = [
            t("minutes.doc.case", lang),
            t("minutes.doc.owner", lang),
            t("minutes.doc.due", lang),
            t("minutes.doc.task", lang),
        ]
        lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += [
            f"| {cell(f.case)} | {cell(f.owner)} | {day(f.due_on, lang)} | {cell(f.text)} |"
            for f in doc.followups
        ]
    else:
        lines.append(t("minutes.doc.no_followups", lang))
    return "\n".join(lines) + "\n"


def to_docx(doc: MinutesDocument, lang: Lang) -> bytes:
    """The minutes as a Word document."""
    document = new_docx()
    document.core_properties.title = t("minutes.doc.title", lang, title=doc.title)
    document.add_heading(t("minutes.doc.title", lang, title=doc.title), level=0)
    for key, value in (
        ("minutes.doc.network", doc.network),
        ("minutes.doc.held", _held(doc, lang)),
        ("minutes.doc.present", _present(doc, lang)),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{t(key, lang)}: ").bold = True
        paragraph.add_run(value)
    for item in doc.items:
        document.add_heading(f"{item.label} {item.title}", level=1)
        discussed = document.add_paragraph()
        discussed.add_run(f"{t('minutes.doc.discussed', lang)}: ").bold = True
        discussed.add_run(item.discussed or t("minutes.doc.nothing", lang))
        decision = document.add_paragraph()
        decision.add_run(f"{t('minutes.doc.decision', lang)}: ").bold = True
        decision.add_run(_decision(item, lang))
    document.add_heading(t("minutes.doc.followups", lang), level=1)
    if doc.followups:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, key in zip(
            table.rows[0].cells,
            ("minutes.doc.case", "minutes.doc.owner", "minutes.doc.due", "minutes.doc.task"),
            strict=True,
        ):
            cell.text = t(key, lang)
        for followup in doc.followups:
            row = table.add_row().cells
            row[0].text = followup.case
            row[1].text = followup.owner
            row[2].text = day(followup.due_on, lang)
            row[3].text = followup.text
    else:
        document.add_paragraph(t("minutes.doc.no_followups", lang))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
