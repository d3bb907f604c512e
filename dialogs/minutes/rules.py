"""Minutes and follow-up rules: which meeting a `minutes` command means, what a minutes form
says, when a follow-up item is due and overdue, and how the open items are ordered. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO

FOLLOWUP_LINES = 6
"""Follow-up lines the minutes form offers for the meeting, each tied to an agenda case or none.
A fixed number of lines, not a number per case, keeps the card within Teams' size limit however
many cases and members there are."""

MAX_DISCUSSED = 4000
MAX_DECISION = 4000
MAX_TASK = 1000

RECORDABLE = frozenset({"booked", "planned"})
"""Meeting states whose minutes may be recorded (a held meeting has them already)."""

DUE_AT = time(12, 0)
"""A follow-up item is due at noon, Oslo time, on its due date: reminders keep that hour."""


@dataclass(frozen=True)
class MeetingSlot:
    """What choosing a meeting needs to know about one."""

    id: int
    state: str
    start_at: datetime | None


def meeting_to_record(meetings: Iterable[MeetingSlot], now: datetime) -> int | None:
    """The most recent meeting that has started and has no minutes yet, or None."""
    started = [
        m
        for m in meetings
        if m.state in RECORDABLE and m.start_at is not None and m.start_at <= now
    ]
    if not started:
        return None
    return max(started, key=lambda m: (m.start_at, m.id)).id


_MEETING_ARG = re.compile(r"#?(\d{1,9})")


def meeting_argument(args: str) -> int | None:
    """`referat 12` or `referat #12` names meeting 12; `referat` alone names none.

    Raises:
        InvalidInput: anything else.
    """
    if not args.strip():
        return None
    match = _MEETING_ARG.fullmatch(args.strip())
    if match is None:
        raise InvalidInput("minutes.invalid.meeting")
    return int(match[1])


@dataclass(frozen=True)
class CaseMinutes:
    """One agenda case in the minutes: what was discussed and, where reached, the decision."""

    case_id: int
    discussed: str
    decision: str | None


@dataclass(frozen=True)
class FollowUpDraft:
    """A follow-up line of the form: its agenda case (or none), the owner's membership id, the
    due date and the task."""

    case_id: int | None
    owner: int
    due_on: date
    text: str


@dataclass(frozen=True)
class MinutesDraft:
    """What the secretary submitted, checked."""

    present: tuple[str, ...]
    cases: tuple[CaseMinutes, ...]
    followups: tuple[FollowUpDraft, ...]


def _text(fields: Mapping[str, object], key: str) -> str:
    value = fields.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput()
    return value.strip()


def split_choices(value: str | None) -> tuple[str, ...]:
    """A multi-select's value, `"a,b"`, as its distinct choices in order."""
    seen: dict[str, None] = {}
    for part in (value or "").split(","):
        if part.strip():
            seen[part.strip()] = None
    return tuple(seen)


def parse_minutes(
    fields: Mapping[str, object],
    *,
    present: str | None,
    attendees: Iterable[str],
    agenda: Sequence[int],
    members: Iterable[int],
    today: date,
) -> MinutesDraft:
    """The minutes form's inputs — `discussed_<case>` and `decision_<case>` per agenda case,
    and per follow-up line n `task_<n>`, `case_<n>`, `owner_<n>`, `due_<n>` — checked against
    the meeting.

    A follow-up line counts when its task is written; it then needs an owner among the
    network's members and a due date no earlier than `today`; its case, when given, is on the
    agenda. Empty lines are skipped.

    Raises:
        InvalidInput: with a key saying what is wrong.
    """
    chosen = split_choices(present)
    if not chosen or not set(chosen) <= set(attendees):
        raise InvalidInput("minutes.invalid.present")
    member_ids = set(members)
    cases: list[CaseMinutes] = []
    for case_id in agenda:
        discussed = _text(fields, f"discussed_{case_id}")
        decision = _text(fields, f"decision_{case_id}")
        if len(discussed) > MAX_DISCUSSED or len(decision) > MAX_DECISION:
            raise InvalidInput("minutes.invalid.too_long")
        cases.append(CaseMinutes(case_id, discussed, decision or None))
    followups: list[FollowUpDraft] = []
    for n in range(FOLLOWUP_LINES):
        task = _text(fields, f"task_{n}")
        case = _text(fields, f"case_{n}")
        owner = _text(fields, f"owner_{n}")
        due = _text(fields, f"due_{n}")
        if not task:
            if case or owner or due:
                raise InvalidInput("minutes.invalid.followup_text")
            continue
        if len(task) > MAX_TASK:
            raise InvalidInput("minutes.invalid.too_long")
        if case and (not case.isdigit() or int(case) not in agenda):
            raise InvalidInput("minutes.invalid.followup_case")
        if not owner.isdigit() or int(owner) not in member_ids:
            raise InvalidInput("minutes.invalid.followup_owner")
        try:
            due_on = date.fromisoformat(due)
        except ValueError:
            raise InvalidInput("minutes.invalid.followup_due") from None
        if due_on < today:
            raise InvalidInput("minutes.invalid.followup_due")
        followups.append(FollowUpDraft(int(case) if case else None, int(owner), due_on, task))
    return MinutesDraft(chosen, tuple(cases), tuple(followups))


def due_moment(due_on: date) -> datetime:
    """The moment a follow-up item due on `due_on` falls due, in UTC."""
    return datetime.combine(due_on, DUE_AT, OSLO).astimezone(UTC)


def is_overdue(due_on: date, now: datetime) -> bool:
    """Whether an open item is past its due date (the Oslo day after it has begun)."""
    return due_on < now.astimezone(OSLO).date()


@dataclass(frozen=True)
class ItemOrder:
    """What ordering an open item needs."""

    id: int
    due_on: date


def ordered(items: Iterable[ItemOrder], now: datetime) -> list[int]:
    """Open items' ids: overdue ones first, then by due date (oldest first), then by id."""
    return [
        item.id
        for item in sorted(items, key=lambda i: (not is_overdue(i.due_on, now), i.due_on, i.id))
    ]


@dataclass(frozen=True)
class Attendee:
    """Someone invited to the meeting: the present list offers them."""

    aad_id: str
    name: str
    required: bool


def attendees_of(invited: Iterable[Mapping[str, object]]) -> list[Attendee]:
    """The meeting's stored attendee list (`{aad_id, name, email, required}`) as attendees, each
    once, in the stored order; entries without an Entra id are left out."""
    seen: dict[str, Attendee] = {}
    for entry in invited:
        aad_id = entry.get("aad_id")
        if isinstance(aad_id, str) and aad_id and aad_id not in seen:
            name = entry.get("name")
            seen[aad_id] = Attendee(
                aad_id,
                name if isinstance(name, str) and name else aad_id,
                bool(entry.get("required", True)),
            )
    return list(seen.values())


@dataclass(frozen=True)
class AgendaCase:
    """An agenda case as the minutes form shows it."""

    id: int
    label: str
    title: str
    proposal: str


@dataclass(frozen=True)
class MinutesForm:
    """Everything the minutes form shows."""

    meeting_id: int
    title: str
    start_at: datetime | None
    attendees: tuple[Attendee, ...]
    cases: tuple[AgendaCase, ...]
    owners: tuple[tuple[int, str], ...]
    """Membership id and name of everyone who may own a follow-up item."""


@dataclass(frozen=True)
class OpenItem:
    """An open follow-up item as a list shows it."""

    id: int
    network: str
    case: str
    text: str
    owner_name: str
    due_on: date
    overdue: bool
    may_close: bool
