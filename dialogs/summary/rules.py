"""The summary across networks: what a row holds, what needs attention first, filters, pages,
CSV, deep links, and when the weekly digest goes out. Pure functions, no I/O."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote, urlencode

from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO
from dialogs.members.rules import HF
from dialogs.networks.rules import Kind
from dialogs.workdays import next_working_day

DIGEST_TIME = time(8, 0)
"""The weekly digest goes out Monday 08:00 Europe/Oslo, or the next working day at 08:00."""

PAGE_SIZE = 8
"""Rows per card page: 40 networks and their buttons stay well under Teams' 28 KB."""

PERIODS = (7, 30, 90, 365)
"""The periods (days) the summary can count decisions over."""

DEFAULT_PERIOD = 30

RECENT_DAYS = 90
"""A decided case stays a candidate for "related cases" this long."""

ANNUAL_REPORT_UNKNOWN = "—"
"""The annual report column until the annual cycle lands (`NetworkRow.annual_report`)."""

OPEN_CASE_STATES = ("open", "polling", "escalated")
"""A case is open until it is decided: while it is polled or escalated, too."""

ANY = "any"
"""The filter choice for every kind or HF (Teams refuses a choice whose value is empty)."""

VIEWERS = frozenset({"rhf_adviser", "director"})
"""Roles that see every network. Anyone else sees the networks they belong to."""


def digest_moment(day: date) -> datetime:
    """When the digest of the ISO week holding `day` goes out (UTC): Monday 08:00 Oslo time, or
    08:00 on the week's first working day when Monday is a holiday."""
    monday = day - timedelta(days=day.weekday())
    return datetime.combine(next_working_day(monday), DIGEST_TIME, OSLO).astimezone(UTC)


def digest_week(now: datetime) -> str:
    """The ISO week `now` falls in, in Oslo, as `2027-W14`: the digest's once-key."""
    year, week, _ = now.astimezone(OSLO).isocalendar()
    return f"{year}-W{week:02d}"


def digest_due(now: datetime) -> bool:
    """Whether this week's digest moment has come (a job running later in the week still
    sends the week's digest once)."""
    return now >= digest_moment(now.astimezone(OSLO).date())


@dataclass(frozen=True)
class NetworkRow:
    """One network's line in the summary."""

    network_id: int
    name: str
    kind: str
    team_id: str
    channel_id: str
    tenant_id: str | None
    hfs: frozenset[str] = frozenset()
    open_cases: int = 0
    running_polls: int = 0
    votes_cast: int = 0
    votes_possible: int = 0
    pending_escalations: int = 0
    oldest_escalation: datetime | None = None
    overdue_escalations: int = 0
    decisions: int = 0
    anchoring_pending: int = 0
    next_meeting: datetime | None = None
    overdue_followups: int = 0
    overdue_assignments: int = 0
    open_assignments: int = 0
    annual_report: str | None = None
    """The annual report's state: None until the annual cycle provides it (shown as "—")."""
    overdue_milestones: int = 0
    """A quality network's unfinished milestones past their date."""

    @property
    def turnout(self) -> int | None:
        """Votes cast of votes possible in running polls, in percent; None without polls."""
        if not self.votes_possible:
            return None
        return round(100 * self.votes_cast / self.votes_possible)


def escalation_age(row: NetworkRow, now: datetime) -> int | None:
    """Whole days the oldest pending escalation has waited."""
    if row.oldest_escalation is None:
        return None
    return max(0, (now - row.oldest_escalation).days)


def attention(row: NetworkRow, now: datetime) -> int:
    """How much a network needs the adviser now; higher first. Overdue things weigh most, then
    waiting escalations by age, anchoring, then polls with low turnout."""
    score = 100 * (row.overdue_escalations + row.overdue_assignments)
    score += 20 * row.pending_escalations + (escalation_age(row, now) or 0)
    score += 10 * (row.overdue_followups + row.overdue_milestones) + 5 * row.anchoring_pending
    if row.turnout is not None and row.turnout < 50:
        score += 3 * row.running_polls
    return score


def by_attention(rows: Sequence[NetworkRow], now: datetime) -> list[NetworkRow]:
    """Rows sorted by what needs attention first, then by name."""
    return sorted(rows, key=lambda r: (-attention(r, now), r.name.casefold(), r.network_id))


@dataclass(frozen=True)
class Filters:
    """What the summary shows: a network kind, an HF (networks with a member from it), the
    period decisions are counted over, and the page."""

    kind: str | None = None
    hf: str | None = None
    period: int = DEFAULT_PERIOD
    page: int = 0

    def with_page(self, page: int) -> Filters:
        """The same filters on another page."""
        return replace(self, page=page)


def validate_filters(
    kind: str | None, hf: str | None, period: int | None, page: int | None
) -> Filters:
    """Filters from a card, checked: a known kind and HF, one of `PERIODS`, a page ≥ 0.

    Raises:
        InvalidInput: a value is not one the card offers.
    """
    kind = None if kind == ANY else kind
    hf = None if hf == ANY else hf
    if kind is not None and kind not in {k.value for k in Kind}:
        raise InvalidInput()
    if hf is not None and hf not in {h.value for h in HF}:
        raise InvalidInput()
    if period is None:
        period = DEFAULT_PERIOD
    if period not in PERIODS or (page is not None and page < 0):
        raise InvalidInput()
    return Filters(kind=kind, hf=hf, period=period, page=page or 0)


def matches(row: NetworkRow, filters: Filters) -> bool:
    """Whether a row passes the kind and HF filters."""
    if filters.kind is not None and row.kind != filters.kind:
        return False
    return filters.hf is None or filters.hf in row.hfs


def page_of(
    rows: Sequence[NetworkRow], page: int, size: int = PAGE_SIZE
) -> tuple[list[NetworkRow], bool]:
    """The rows of `page`, and whether more follow."""
    start = page * size
    return list(rows[start : start + size]), len(rows) > start + size


def deep_link(row: NetworkRow) -> str:
    """A Teams deep link to the network's channel, built from the stored ids."""
    query = {"tenantId": row.tenant_id} if row.tenant_id else {}
    link = f"https://teams.microsoft.com/l/channel/{quote(row.channel_id, safe='')}/{quote(row.name, safe='')}"
    return f"{link}?{urlencode(query)}" if query else link


CSV_COLUMNS = (
    "network",
    "kind",
    "open_cases",
    "running_polls",
    "turnout_percent",
    "pending_escalations",
    "oldest_escalation_days",
    "overdue_escalations",
    "decisions_in_period",
    "anchoring_pending",
    "next_meeting",
    "overdue_followups",
    "overdue_assignments",
    "annual_report",
)


def to_csv(rows: Sequence[NetworkRow], now: datetime) -> str:
    """The summary as CSV (RFC 4180, header row); times in ISO 8601, Oslo time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.name,
                r.kind,
                r.open_cases,
                r.running_polls,
                "" if r.turnout is None else r.turnout,
                r.pending_escalations,
                "" if escalation_age(r, now) is None else escalation_age(r, now),
                r.overdue_escalations,
                r.decisions,
                r.anchoring_pending,
                r.next_meeting.astimezone(OSLO).isoformat(timespec="minutes")
                if r.next_meeting
                else "",
                r.overdue_followups,
                r.overdue_assignments,
                r.annual_report or ANNUAL_REPORT_UNKNOWN,
            ]
        )
    return buffer.getvalue()


def pair_key(first: int, second: int) -> tuple[int, int]:
    """A related pair, smaller case id first."""
    return (first, second) if first < second else (second, first)
