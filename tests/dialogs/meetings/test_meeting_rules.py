"""Slot finding, table by table: working days and DST, ranking, spreading, the edges."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from dialogs.i18n import OSLO
from dialogs.meetings.rules import (
    Attendee,
    Busy,
    BusyStatus,
    InvalidWindow,
    NoSlotReason,
    Slot,
    find_slots,
)

HOUR = timedelta(hours=1)
HALF_HOUR = timedelta(minutes=30)
DAY = date(2027, 6, 8)  # a Tuesday in summer: 08:00 Oslo = 06:00 UTC
NAIVE_MORNING = datetime(2027, 6, 8, 8, 0)  # noqa: DTZ001  (the naive input refused below)


def utc(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def at(hh: int, mm: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hh, mm), OSLO)


def busy(start: str, end: str, status: BusyStatus = "busy", day: date = DAY) -> Busy:
    """A free/busy item from Oslo wall-clock times "HH:MM" on `day`."""
    (start_h, start_m), (end_h, end_m) = (map(int, text.split(":")) for text in (start, end))
    return Busy(at(start_h, start_m, day=day), at(end_h, end_m, day=day), status)


def req(name: str, *items: Busy, known: bool = True) -> Attendee:
    return Attendee(name.lower(), name, True, items, known)


def opt(name: str, *items: Busy) -> Attendee:
    return Attendee(name.lower(), name, False, items)


def slot(
    start: datetime,
    duration: timedelta = HOUR,
    *,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    tentative: tuple[str, ...] = (),
    unknown: tuple[str, ...] = (),
) -> Slot:
    """The expected slot, in UTC, starting at the Oslo time `start`."""
    begin = start.astimezone(UTC)
    return Slot(begin, begin + duration, required, optional, tentative, unknown)


# --- which days and hours are offered ------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "latest", "starts"),
    [
        pytest.param(
            date(2027, 6, 7),
            date(2027, 6, 13),
            [utc(2027, 6, d, 6) for d in (7, 8, 9, 10, 11)],
            id="normal week, summer time",
        ),
        pytest.param(
            date(2027, 3, 20),
            date(2027, 3, 31),
            [utc(2027, 3, d, 7) for d in (22, 23, 24)] + [utc(2027, 3, d, 6) for d in (30, 31)],
            id="Easter and spring-forward on Easter Sunday 28 March",
        ),
        pytest.param(
            date(2027, 10, 25),
            date(2027, 11, 2),
            [utc(2027, 10, d, 6) for d in (25, 26, 27, 28, 29)]
            + [utc(2027, 11, d, 7) for d in (1, 2)],
            id="fall-back on Sunday 31 October",
        ),
        pytest.param(
            date(2027, 5, 13),
            date(2027, 5, 19),
            [utc(2027, 5, d, 6) for d in (13, 14, 18, 19)],
            id="17 May 2027 (a Monday, also Whit Monday)",
        ),
        pytest.param(
            date(2026, 12, 22),
            date(2026, 12, 29),
            [utc(2026, 12, d, 7) for d in (22, 23, 24, 28, 29)],
            id="Christmas 2026: 24 December is a working day, 25 and 26 are not",
        ),
        pytest.param(
            date(2028, 12, 22),
            date(2028, 12, 29),
            [utc(2028, 12, d, 7) for d in (22, 27, 28, 29)],
            id="Christmas 2028: Monday 25 and Tuesday 26 December",
        ),
    ],
)
def test_whole_day_meetings_are_offered_on_working_days_only(
    earliest: date, latest: date, starts: list[datetime]
) -> None:
    """An eight-hour meeting has one candidate a day, 08:00–16:00 Oslo time, in UTC."""
    result = find_slots(attendees=(), earliest=earliest, latest=latest, duration=8 * HOUR, count=20)
    assert [s.start for s in result.slots] == starts
    assert [s.end for s in result.slots] == [start + 8 * HOUR for start in starts]
    assert all(s.start.tzinfo is UTC and s.end.tzinfo is UTC for s in result.slots)
    assert result.all_required_free
    assert result.reason is None


@pytest.mark.parametrize(
    ("day", "not_before", "duration", "starts"),
    [
        pytest.param(DAY, at(15, 0), HOUR, [utc(2027, 6, 8, 13)], id="summer: ends at 16:00"),
        pytest.param(DAY, at(14, 31), HOUR, [utc(2027, 6, 8, 13)], id="summer: next step"),
        pytest.param(
            date(2027, 12, 7),
            at(15, 0, date(2027, 12, 7)),
            HOUR,
            [utc(2027, 12, 7, 14)],
            id="winter: ends at 16:00",
        ),
        pytest.param(
            date(2027, 3, 24),
            at(15, 30, date(2027, 3, 24)),
            HALF_HOUR,
            [utc(2027, 3, 24, 14, 30)],
            id="before spring-forward: 15:30 Oslo = 14:30 UTC",
        ),
        pytest.param(
            date(2027, 3, 30),
            at(15, 30, date(2027, 3, 30)),
            HALF_HOUR,
            [utc(2027, 3, 30, 13, 30)],
            id="after spring-forward: 15:30 Oslo = 13:30 UTC",
        ),
        pytest.param(
            DAY, at(10, 10), HOUR, [utc(2027, 6, 8, 8, 30)], id="not before now, on the step grid"
        ),
    ],
)
def test_the_meeting_ends_by_1600_and_starts_no_earlier_than_now(
    day: date, not_before: datetime, duration: timedelta, starts: list[datetime]
) -> None:
    result = find_slots(
        attendees=(),
        earliest=day,
        latest=day,
        duration=duration,
        not_before=not_before.astimezone(UTC),
        count=1,
    )
    assert [s.start for s in result.slots] == starts
    assert result.slots[0].end.astimezone(OSLO).time() <= time(16, 0)


@pytest.mark.parametrize(
    ("earliest", "latest", "duration", "not_before", "reason"),
    [
        pytest.param(
            date(2027, 6, 12),
            date(2027, 6, 13),
            HOUR,
            None,
            NoSlotReason.NO_WORKING_DAYS,
            id="a weekend",
        ),
        pytest.param(
            date(2027, 3, 25),
            date(2027, 3, 29),
            HOUR,
            None,
            NoSlotReason.NO_WORKING_DAYS,
            id="Maundy Thursday to Easter Monday",
        ),
        pytest.param(DAY, DAY, 9 * HOUR, None, NoSlotReason.TOO_LONG, id="nine hours"),
        pytest.param(
            DAY,
            DAY,
            8 * HOUR + timedelta(minutes=5),
            None,
            NoSlotReason.TOO_LONG,
            id="five minutes past the working day",
        ),
        pytest.param(
            DAY,
            DAY + timedelta(days=1),
            HOUR,
            at(8, 0, DAY + timedelta(days=2)),
            NoSlotReason.WINDOW_PASSED,
            id="window ended before now",
        ),
        pytest.param(
            DAY,
            DAY,
            HOUR,
            at(15, 1),
            NoSlotReason.WINDOW_PASSED,
            id="too late today for one hour",
        ),
    ],
)
def test_no_candidate_at_all_says_why(
    earliest: date,
    latest: date,
    duration: timedelta,
    not_before: datetime | None,
    reason: NoSlotReason,
) -> None:
    result = find_slots(
        attendees=(req("Kari"),),
        earliest=earliest,
        latest=latest,
        duration=duration,
        not_before=not_before,
    )
    assert result.slots == ()
    assert result.all_required_free is False
    assert result.reason is reason


def test_an_eight_hour_meeting_fills_the_day() -> None:
    result = find_slots(attendees=(), earliest=DAY, latest=DAY, duration=8 * HOUR)
    assert result.slots == (slot(at(8, 0), 8 * HOUR),)


# --- ranking and spreading -----------------------------------------------------------------------

NEXT = DAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("attendees", "latest", "expected", "all_required_free"),
    [
        pytest.param(
            (req("Kari"), req("Ola")),
            DAY,
            [slot(at(8, 0)), slot(at(9, 30)), slot(at(11, 0))],
            True,
            id="everyone free: spread over the day, no touching slots",
        ),
        pytest.param(
            (req("Kari"), req("Ola")),
            DAY + timedelta(days=3),
            [slot(at(8, 0, DAY + timedelta(days=d))) for d in range(3)],
            True,
            id="everyone free over several days: one slot a day",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "12:00")), req("Ola")),
            DAY,
            [slot(at(12, 0)), slot(at(13, 30)), slot(at(15, 0))],
            True,
            id="required person busy in the morning: afternoon first",
        ),
        pytest.param(
            (req("Kari", Busy(utc(2027, 6, 8, 6), utc(2027, 6, 8, 10), "busy")), req("Ola")),
            DAY,
            [slot(at(12, 0)), slot(at(13, 30)), slot(at(15, 0))],
            True,
            id="free/busy given in UTC",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "10:00"), busy("09:00", "11:30")), req("Ola")),
            DAY,
            [slot(at(11, 30)), slot(at(13, 0)), slot(at(14, 30))],
            True,
            id="overlapping busy items",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "15:00", "tentative")), req("Ola")),
            DAY,
            [
                slot(at(15, 0)),
                slot(at(8, 0), tentative=("Kari",)),
                slot(at(9, 30), tentative=("Kari",)),
            ],
            True,
            id="tentative ranks below free",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "10:00"), busy("10:00", "16:00", "tentative")),),
            DAY,
            [
                slot(at(10, 0), tentative=("Kari",)),
                slot(at(11, 30), tentative=("Kari",)),
                slot(at(13, 0), tentative=("Kari",)),
            ],
            True,
            id="tentative ranks above busy",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "16:00", "oof")), req("Ola")),
            NEXT,
            [slot(at(8, 0, NEXT)), slot(at(9, 30, NEXT)), slot(at(11, 0, NEXT))],
            True,
            id="out of office is unavailable",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "16:00", "workingElsewhere")), req("Ola")),
            DAY,
            [slot(at(8, 0)), slot(at(9, 30)), slot(at(11, 0))],
            True,
            id="working elsewhere is free",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "16:00", "free")), req("Ola", busy("10:00", "10:00"))),
            DAY,
            [slot(at(8, 0)), slot(at(9, 30)), slot(at(11, 0))],
            True,
            id="free items and zero-length items block nothing",
        ),
        pytest.param(
            (req("Kari"), opt("Per", busy("08:00", "10:00"))),
            DAY,
            [slot(at(10, 0)), slot(at(11, 30)), slot(at(13, 0))],
            True,
            id="optional people break ties",
        ),
        pytest.param(
            (
                req("Kari", busy("08:00", "12:00")),
                opt("Per", busy("12:00", "16:00")),
                opt("Liv", busy("12:00", "16:00")),
            ),
            DAY,
            [
                slot(at(12, 0), optional=("Per", "Liv")),
                slot(at(13, 30), optional=("Per", "Liv")),
                slot(at(15, 0), optional=("Per", "Liv")),
            ],
            True,
            id="one required person outweighs two optional",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "14:00"), busy("09:00", "10:00")), req("Ola")),
            DAY,
            [slot(at(14, 0)), slot(at(15, 0)), slot(at(14, 30))],
            True,
            id="few free slots: near-duplicates before a required person missing",
        ),
        pytest.param(
            (
                req("Kari", busy("08:00", "12:00")),
                req("Ola", busy("12:00", "16:00")),
                opt("Per", busy("08:00", "10:00")),
            ),
            DAY,
            [
                slot(at(10, 0), required=("Kari",)),
                slot(at(12, 0), required=("Ola",)),
                slot(at(13, 30), required=("Ola",)),
            ],
            False,
            id="nobody free: the least bad slots",
        ),
        pytest.param(
            (req("Kari", busy("08:00", "16:00")), req("Ola", busy("07:00", "17:00", "oof"))),
            DAY,
            [
                slot(at(8, 0), required=("Kari", "Ola")),
                slot(at(9, 30), required=("Kari", "Ola")),
                slot(at(11, 0), required=("Kari", "Ola")),
            ],
            False,
            id="everyone busy all day",
        ),
        pytest.param(
            (req("Kari"), req("Ukjent", busy("08:00", "16:00"), known=False), opt("Per")),
            DAY,
            [
                slot(at(8, 0), unknown=("Ukjent",)),
                slot(at(9, 30), unknown=("Ukjent",)),
                slot(at(11, 0), unknown=("Ukjent",)),
            ],
            True,
            id="unreadable calendars are unknown, neither free nor busy",
        ),
        pytest.param(
            (),
            DAY,
            [slot(at(8, 0)), slot(at(9, 30)), slot(at(11, 0))],
            True,
            id="no attendees",
        ),
    ],
)
def test_ranking(
    attendees: tuple[Attendee, ...],
    latest: date,
    expected: list[Slot],
    all_required_free: bool,
) -> None:
    result = find_slots(attendees=attendees, earliest=DAY, latest=latest, duration=HOUR)
    assert list(result.slots) == expected
    assert result.all_required_free is all_required_free
    assert result.reason is None


def test_overlapping_slots_only_when_nothing_else_is_left() -> None:
    result = find_slots(attendees=(req("Kari"),), earliest=DAY, latest=DAY, duration=7 * HOUR)
    assert list(result.slots) == [
        slot(at(8, 0), 7 * HOUR),
        slot(at(8, 30), 7 * HOUR),
        slot(at(9, 0), 7 * HOUR),
    ]


@pytest.mark.parametrize(
    ("chosen", "everyone_required_free", "everyone_free"),
    [
        (slot(at(8, 0)), True, True),
        (slot(at(8, 0), optional=("Per",)), True, False),
        (slot(at(8, 0), required=("Kari",)), False, False),
        (slot(at(8, 0), tentative=("Kari",), unknown=("Ola",)), True, True),
    ],
)
def test_slot_properties(chosen: Slot, everyone_required_free: bool, everyone_free: bool) -> None:
    assert chosen.everyone_required_free is everyone_required_free
    assert chosen.everyone_free is everyone_free


# --- a 40-person meeting over two weeks ----------------------------------------------------------

# Everyone required is free only in these three hours; optional people decide the order.
FREE_HOURS = {date(2027, 6, 10): 9, date(2027, 6, 15): 14, date(2027, 6, 18): 10}
OPTIONAL_BUSY = {date(2027, 6, 10): 2, date(2027, 6, 15): 5, date(2027, 6, 18): 0}


def _required_person(number: int) -> Attendee:
    """Busy all working hours of 7–18 June except the free hours, in items given out of order."""
    piece = timedelta(minutes=30 if number % 2 else 8 * 60)
    items: list[Busy] = []
    for offset in range(12):
        day = date(2027, 6, 7) + timedelta(days=offset)
        free = FREE_HOURS.get(day)
        blocks = [(8, 16)] if free is None else [(8, free), (free + 1, 16)]
        for first, last in blocks:
            start, stop = at(first, day=day), at(last, day=day)
            while start < stop:
                items.append(Busy(start, min(start + piece, stop), "busy"))
                start += piece
    random.Random(number).shuffle(items)
    return Attendee(f"p{number}@hf.no", f"Påkrevd {number}", True, tuple(items))


def _optional_person(number: int) -> Attendee:
    items = [
        Busy(at(hour, day=day), at(hour + 1, day=day), "busy")
        for day, hour in FREE_HOURS.items()
        if number < OPTIONAL_BUSY[day]
    ]
    if number % 3 == 0:
        items.append(
            Busy(at(8, day=date(2027, 6, 15)), at(16, day=date(2027, 6, 15)), "workingElsewhere")
        )
    if number % 7 == 0:
        items.append(Busy(at(8, day=date(2027, 6, 8)), at(16, day=date(2027, 6, 9)), "oof"))
    return Attendee(f"v{number}@hf.no", f"Valgfri {number}", False, tuple(items), number != 29)


def test_a_forty_person_meeting_over_two_weeks() -> None:
    attendees = [_required_person(n) for n in range(10)] + [_optional_person(n) for n in range(30)]
    result = find_slots(
        attendees=attendees,
        earliest=date(2027, 6, 7),
        latest=date(2027, 6, 20),
        duration=HOUR,
        step=timedelta(minutes=15),
    )
    unknown = ("Valgfri 29",)
    assert list(result.slots) == [
        slot(at(10, 0, date(2027, 6, 18)), unknown=unknown),
        slot(at(9, 0, date(2027, 6, 10)), optional=("Valgfri 0", "Valgfri 1"), unknown=unknown),
        slot(
            at(14, 0, date(2027, 6, 15)),
            optional=tuple(f"Valgfri {n}" for n in range(5)),
            unknown=unknown,
        ),
    ]
    assert result.all_required_free


# --- refused requests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "latest", "duration", "step", "count", "not_before"),
    [
        pytest.param(NEXT, DAY, HOUR, HALF_HOUR, 3, None, id="latest before earliest"),
        pytest.param(DAY, DAY, timedelta(0), HALF_HOUR, 3, None, id="zero duration"),
        pytest.param(DAY, DAY, -HOUR, HALF_HOUR, 3, None, id="negative duration"),
        pytest.param(DAY, DAY, timedelta(minutes=47), HALF_HOUR, 3, None, id="47 minutes"),
        pytest.param(DAY, DAY, HOUR, timedelta(0), 3, None, id="zero step"),
        pytest.param(DAY, DAY, HOUR, timedelta(minutes=7), 3, None, id="seven-minute step"),
        pytest.param(DAY, DAY, HOUR, HALF_HOUR, 0, None, id="no slots asked for"),
        pytest.param(
            DAY,
            DAY,
            HOUR,
            HALF_HOUR,
            3,
            NAIVE_MORNING,
            id="naive now",
        ),
    ],
)
def test_invalid_requests_are_refused(
    earliest: date,
    latest: date,
    duration: timedelta,
    step: timedelta,
    count: int,
    not_before: datetime | None,
) -> None:
    with pytest.raises(InvalidWindow):
        find_slots(
            attendees=(),
            earliest=earliest,
            latest=latest,
            duration=duration,
            step=step,
            count=count,
            not_before=not_before,
        )


def test_invalid_window_is_a_value_error() -> None:
    assert issubclass(InvalidWindow, ValueError)


def test_naive_free_busy_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Busy(NAIVE_MORNING, at(9, 0), "busy")
