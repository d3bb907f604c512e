"""When can these people meet? Slot finding over free/busy, as a pure function.

Rules (issue: "finds slots inside working hours Europe/Oslo on working days, ranks them by how
many required and optional people are free, and shows the best three with who cannot come"):
- candidate starts every `step` from 08:00 Oslo time on each working day of the window (weekends
  and Norwegian public holidays excluded, `dialogs.workdays`), the whole meeting inside
  08:00–16:00 Oslo time, none starting before `not_before`;
- a person is unavailable when a `busy` or `oof` item overlaps the slot, tentative when only a
  `tentative` item does, and free otherwise (`workingElsewhere` and `free` items do not count);
- people whose free/busy could not be read are `unknown`: listed, neither free nor a conflict;
- ranking: required people free (tentative counts as free), then optional people free, then fewer
  tentatives, then the earlier start;
- the best `count` slots are returned best first, spread out: once a slot is chosen, a slot that
  overlaps or touches it is taken only when nothing with as many required people free is left,
  and a slot on a day not yet shown goes before another on the same day when they are otherwise
  equal. So three fully free slots are normally on three different days.

All datetimes are aware; slots come back in UTC.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from dialogs.i18n import OSLO
from dialogs.workdays import WINDOW_END, WINDOW_START, is_working_day

BusyStatus = Literal["free", "tentative", "busy", "oof", "workingElsewhere"]
"""Graph's `scheduleItem.status` values that carry a meaning here."""

GRANULARITY = timedelta(minutes=5)
DEFAULT_STEP = timedelta(minutes=30)
DEFAULT_COUNT = 3
WORKING_DAY = timedelta(hours=WINDOW_END.hour, minutes=WINDOW_END.minute) - timedelta(
    hours=WINDOW_START.hour, minutes=WINDOW_START.minute
)

_BLOCKING = frozenset({"busy", "oof"})


class InvalidWindow(ValueError):
    """The search request itself is wrong (window reversed, duration or step not usable)."""


class NoSlotReason(StrEnum):
    """Why a search found no candidate slot at all."""

    NO_WORKING_DAYS = "no_working_days"
    """Every day of the window is a weekend day or a public holiday."""
    TOO_LONG = "too_long"
    """The meeting is longer than the 08:00–16:00 working day."""
    WINDOW_PASSED = "window_passed"
    """Every candidate start in the window is before `not_before`."""


@dataclass(frozen=True)
class Busy:
    """One item of a person's free/busy: `start` to `end` (end exclusive)."""

    start: datetime
    end: datetime
    status: BusyStatus

    def __post_init__(self) -> None:
        if not (_is_aware(self.start) and _is_aware(self.end)):
            raise ValueError("free/busy times must be timezone-aware")


@dataclass(frozen=True)
class Attendee:
    """A person invited to the meeting and their free/busy.

    `known` is False when their free/busy could not be read; `busy` is then ignored.
    """

    key: str
    name: str
    required: bool
    busy: tuple[Busy, ...] = ()
    known: bool = True


@dataclass(frozen=True)
class Slot:
    """A proposed meeting time (UTC) and who cannot come. Names are in the attendees' order."""

    start: datetime
    end: datetime
    unavailable_required: tuple[str, ...]
    unavailable_optional: tuple[str, ...]
    tentative: tuple[str, ...]
    """Required or optional people with a tentative item in the slot; they count as free."""
    unknown: tuple[str, ...]
    """People whose free/busy could not be read, required or optional."""

    @property
    def everyone_required_free(self) -> bool:
        """No required person is known to be busy (unknown people are listed apart)."""
        return not self.unavailable_required

    @property
    def everyone_free(self) -> bool:
        """No required or optional person is known to be busy."""
        return not self.unavailable_required and not self.unavailable_optional


@dataclass(frozen=True)
class SlotSearch:
    """The best slots, best first.

    `all_required_free` says whether the best slot has every required person free; when it is
    False the slots are the least bad ones. `reason` is set only when there are no slots.
    """

    slots: tuple[Slot, ...]
    all_required_free: bool
    reason: NoSlotReason | None = None


def find_slots(
    *,
    attendees: Sequence[Attendee],
    earliest: date,
    latest: date,
    duration: timedelta,
    step: timedelta = DEFAULT_STEP,
    not_before: datetime | None = None,
    count: int = DEFAULT_COUNT,
) -> SlotSearch:
    """The best `count` slots of `duration` between `earliest` and `latest` (Oslo dates,
    inclusive), starting every `step` from 08:00 Oslo time and not before `not_before`.

    Raises:
        InvalidWindow: `latest` is before `earliest`; `duration` or `step` is not a positive
            multiple of five minutes; `count` is below one; `not_before` is naive.
    """
    _validate(earliest, latest, duration, step, not_before, count)
    if duration > WORKING_DAY:
        return SlotSearch((), False, NoSlotReason.TOO_LONG)
    days = [day for day in _dates(earliest, latest) if is_working_day(day)]
    if not days:
        return SlotSearch((), False, NoSlotReason.NO_WORKING_DAYS)
    starts = [
        start
        for day in days
        for start in _starts(day, duration, step)
        if not_before is None or start >= not_before
    ]
    if not starts:
        return SlotSearch((), False, NoSlotReason.WINDOW_PASSED)

    calendars = [_Calendar.of(attendee) for attendee in attendees]
    candidates = [_assess(start, start + duration, calendars) for start in starts]
    chosen = _choose(candidates, count)
    slots = tuple(candidate.slot for candidate in chosen)
    return SlotSearch(slots, slots[0].everyone_required_free)


def _is_aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def _validate(
    earliest: date,
    latest: date,
    duration: timedelta,
    step: timedelta,
    not_before: datetime | None,
    count: int,
) -> None:
    if latest < earliest:
        raise InvalidWindow("the window ends before it starts")
    if duration <= timedelta(0) or duration % GRANULARITY:
        raise InvalidWindow("the duration must be a positive number of five-minute steps")
    if step <= timedelta(0) or step % GRANULARITY:
        raise InvalidWindow("the step must be a positive number of five-minute steps")
    if count < 1:
        raise InvalidWindow("at least one slot must be asked for")
    if not_before is not None and not _is_aware(not_before):
        raise InvalidWindow("not_before must be timezone-aware")


def _dates(earliest: date, latest: date) -> Iterator[date]:
    day = earliest
    while day <= latest:
        yield day
        day += timedelta(days=1)


def _starts(day: date, duration: timedelta, step: timedelta) -> Iterator[datetime]:
    # Oslo changes clocks at night, never between 08:00 and 16:00, so UTC arithmetic inside the
    # working day keeps the local times.
    start = datetime.combine(day, WINDOW_START, OSLO).astimezone(UTC)
    close = datetime.combine(day, WINDOW_END, OSLO).astimezone(UTC)
    while start + duration <= close:
        yield start
        start += step


class _Intervals:
    """Disjoint, sorted intervals answering "does anything overlap [start, end)?" by bisection."""

    def __init__(self, items: Iterable[tuple[datetime, datetime]]) -> None:
        self.starts: list[datetime] = []
        self.ends: list[datetime] = []
        for start, end in sorted(items):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        index = bisect_right(self.ends, start)
        return index < len(self.starts) and self.starts[index] < end


@dataclass(frozen=True)
class _Calendar:
    attendee: Attendee
    blocking: _Intervals
    tentative: _Intervals

    @classmethod
    def of(cls, attendee: Attendee) -> _Calendar:
        items = [item for item in attendee.busy if item.end > item.start] if attendee.known else []
        return cls(
            attendee,
            _Intervals(
                (item.start.astimezone(UTC), item.end.astimezone(UTC))
                for item in items
                if item.status in _BLOCKING
            ),
            _Intervals(
                (item.start.astimezone(UTC), item.end.astimezone(UTC))
                for item in items
                if item.status == "tentative"
            ),
        )


@dataclass(frozen=True)
class _Candidate:
    slot: Slot
    required_free: int
    optional_free: int


def _assess(start: datetime, end: datetime, calendars: Sequence[_Calendar]) -> _Candidate:
    unavailable_required: list[str] = []
    unavailable_optional: list[str] = []
    tentative: list[str] = []
    unknown: list[str] = []
    required_free = optional_free = 0
    for calendar in calendars:
        person = calendar.attendee
        if not person.known:
            unknown.append(person.name)
        elif calendar.blocking.overlaps(start, end):
            (unavailable_required if person.required else unavailable_optional).append(person.name)
        else:
            if calendar.tentative.overlaps(start, end):
                tentative.append(person.name)
            if person.required:
                required_free += 1
            else:
                optional_free += 1
    slot = Slot(
        start,
        end,
        tuple(unavailable_required),
        tuple(unavailable_optional),
        tuple(tentative),
        tuple(unknown),
    )
    return _Candidate(slot, required_free, optional_free)


def _choose(candidates: Sequence[_Candidate], count: int) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    remaining = list(candidates)
    while remaining and len(chosen) < count:
        best = min(remaining, key=lambda candidate: _rank(candidate, chosen))
        chosen.append(best)
        remaining.remove(best)
    return chosen


def _rank(
    candidate: _Candidate, chosen: Sequence[_Candidate]
) -> tuple[int, int, int, int, int, datetime]:
    """Smaller is better: required free, then not a near-duplicate of a chosen slot, optional
    free, fewer tentatives, on a day not yet shown, earlier."""
    slot = candidate.slot
    overlapping = any(slot.start < c.slot.end and c.slot.start < slot.end for c in chosen)
    touching = any(slot.start == c.slot.end or slot.end == c.slot.start for c in chosen)
    near_duplicate = 2 if overlapping else 1 if touching else 0
    day = slot.start.astimezone(OSLO).date()
    same_day = int(any(c.slot.start.astimezone(OSLO).date() == day for c in chosen))
    return (
        -candidate.required_free,
        near_duplicate,
        -candidate.optional_free,
        len(slot.tentative),
        same_day,
        slot.start,
    )
