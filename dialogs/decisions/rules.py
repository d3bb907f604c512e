"""Decision log rules: anchoring state, filters, and the export formats. Pure functions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Anchoring(StrEnum):
    """Where a decision stands on anchoring in the HFs' line organisations."""

    NOT_NEEDED = "not_needed"
    PROVISIONAL = "provisional"
    FINAL = "final"


def decision_label(number: int, year: int) -> str:
    """`V4/2026`: a decision's number, which a case's `4/2026` can never be mistaken for."""
    return f"V{number}/{year}"


class DecidedBy(StrEnum):
    """Who took the decision."""

    NETWORK = "network"
    DIRECTOR_NETWORK = "director_network"
    PARENT_NETWORK = "parent_network"


def anchoring_state(required: Iterable[str], confirmed: Iterable[str]) -> Anchoring:
    """Not needed without required HFs; final once every required HF has confirmed."""
    needed = set(required)
    if not needed:
        return Anchoring.NOT_NEEDED
    return Anchoring.FINAL if needed <= set(confirmed) else Anchoring.PROVISIONAL


def anchoring_hfs_for(needs_anchoring: bool, voter_hfs: Iterable[str | None]) -> list[str]:
    """The HFs that must confirm a consensus: every HF among the voters, when the case needs
    anchoring; none otherwise."""
    return sorted({hf for hf in voter_hfs if hf}) if needs_anchoring else []


def pending_hfs(required: Sequence[str], confirmed: Iterable[str]) -> list[str]:
    """The required HFs that have not confirmed yet, in the required order."""
    done = set(confirmed)
    return [hf for hf in required if hf not in done]


@dataclass(frozen=True)
class LogEntry:
    """One decision as the log, its card and its exports show it."""

    id: int
    label: str
    decided_on: date
    network: str
    case: str
    outcome: str
    text: str
    decided_by: str
    anchoring: Anchoring
    pending: tuple[str, ...]
    amends: str | None
    amended_by: tuple[str, ...]
    in_meeting: bool = False


def matches(entry: LogEntry, *, year: int | None, outcome: str | None, text: str | None) -> bool:
    """Whether an entry passes the log's filters (free text searches case and decision text)."""
    if year is not None and entry.decided_on.year != year:
        return False
    if outcome and entry.outcome != outcome:
        return False
    if text:
        needle = text.casefold()
        return needle in entry.text.casefold() or needle in entry.case.casefold()
    return True


EXPORT_COLUMNS = (
    "number",
    "date",
    "network",
    "case",
    "outcome",
    "decided_by",
    "anchoring",
    "pending_anchoring",
    "amends",
    "amended_by",
    "text",
)


def _row(entry: LogEntry) -> list[str]:
    return [
        entry.label,
        entry.decided_on.isoformat(),
        entry.network,
        entry.case,
        entry.outcome,
        entry.decided_by,
        entry.anchoring.value,
        " ".join(entry.pending),
        entry.amends or "",
        " ".join(entry.amended_by),
        entry.text,
    ]


def to_csv(entries: Sequence[LogEntry]) -> str:
    """The log as CSV (RFC 4180, header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(_row(entry) for entry in entries)
    return buffer.getvalue()


def to_markdown(entries: Sequence[LogEntry], title: str) -> str:
    """The log as a Markdown table."""

    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", " ")

    lines = [
        f"# {title}",
        "",
        "| " + " | ".join(EXPORT_COLUMNS) + " |",
        "|" + "---|" * len(EXPORT_COLUMNS),
    ]
    lines += ["| " + " | ".join(cell(v) for v in _row(entry)) + " |" for entry in entries]
    return "\n".join(lines) + "\n"
