"""Working days and the working window in Europe/Oslo: holidays, weekends, DST. Table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogs.i18n import OSLO
from dialogs.workdays import (
    add_working_days,
    in_working_hours,
    is_working_day,
    next_working_day,
    next_working_moment,
    on_working_day,
)


def oslo(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2026, 4, 1), True, "Wednesday before Easter"),
        (date(2026, 4, 2), False, "Maundy Thursday"),
        (date(2026, 4, 3), False, "Good Friday"),
        (date(2026, 4, 6), False, "Easter Monday"),
        (date(2026, 4, 7), True, "Tuesday after Easter"),
        (date(2026, 5, 1), False, "Labour Day"),
        (date(2026, 5, 14), False, "Ascension Day"),
        (date(2026, 5, 25), False, "Whit Monday"),
        (date(2027, 5, 17), False, "Constitution Day on a Monday"),
        (date(2026, 5, 18), True, "Monday after 17 May on a Sunday"),
        (date(2026, 12, 24), True, "Christmas Eve is not a public holiday"),
        (date(2026, 12, 25), False, "Christmas Day"),
        (date(2027, 12, 27), True, "Monday after a weekend Christmas"),
        (date(2026, 12, 28), True, "between Christmas and New Year"),
        (date(2027, 1, 1), False, "New Year's Day"),
        (date(2026, 11, 28), False, "Saturday"),
        (date(2026, 11, 29), False, "Sunday"),
        (date(2026, 11, 27), True, "Friday"),
    ],
)
def test_working_day(day: date, working: bool, why: str) -> None:
    assert is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("moment", "inside", "why"),
    [
        (oslo(2026, 11, 27, 15, 59), True, "Friday 15:59"),
        (oslo(2026, 11, 27, 16, 0), False, "Friday 16:00 (window end is exclusive)"),
        (oslo(2026, 11, 27, 8, 0), True, "Friday 08:00"),
        (oslo(2026, 11, 27, 7, 59), False, "Friday 07:59"),
        (oslo(2026, 11, 28, 10, 0), False, "Saturday 10:00"),
        (oslo(2026, 4, 2, 10, 0), False, "Maundy Thursday 10:00"),
        (datetime(2026, 11, 27, 14, 59, tzinfo=UTC), True, "Friday 14:59 UTC = 15:59 Oslo"),
        (datetime(2026, 6, 5, 14, 0, tzinfo=UTC), False, "summer: 14:00 UTC = 16:00 Oslo"),
        (datetime(2026, 6, 5, 6, 0, tzinfo=UTC), True, "summer: 06:00 UTC = 08:00 Oslo"),
        (datetime(2026, 12, 4, 6, 30, tzinfo=UTC), False, "winter: 06:30 UTC = 07:30 Oslo"),
    ],
)
def test_in_working_hours(moment: datetime, inside: bool, why: str) -> None:
    assert in_working_hours(moment) is inside, why


@pytest.mark.parametrize(
    ("moment", "expected", "why"),
    [
        (oslo(2026, 11, 27, 15, 59), oslo(2026, 11, 27, 15, 59), "inside stays"),
        (oslo(2026, 11, 27, 16, 0), oslo(2026, 11, 30, 8, 0), "Friday 16:00 → Monday 08:00"),
        (oslo(2026, 11, 28, 12, 0), oslo(2026, 11, 30, 8, 0), "Saturday → Monday"),
        (oslo(2026, 11, 30, 6, 0), oslo(2026, 11, 30, 8, 0), "early Monday → same day 08:00"),
        (oslo(2026, 4, 1, 17, 0), oslo(2026, 4, 7, 8, 0), "before Easter → Tuesday after"),
        (oslo(2026, 5, 13, 16, 30), oslo(2026, 5, 15, 8, 0), "eve of Ascension → Friday"),
        (oslo(2026, 5, 22, 16, 0), oslo(2026, 5, 26, 8, 0), "before Whitsun → Tuesday"),
        (oslo(2026, 12, 24, 16, 0), oslo(2026, 12, 28, 8, 0), "Christmas Eve evening → 28th"),
        (oslo(2026, 12, 31, 18, 0), oslo(2027, 1, 4, 8, 0), "New Year's Eve → 4 Jan"),
        (oslo(2026, 3, 28, 9, 0), oslo(2026, 3, 30, 8, 0), "DST starts (29 Mar) → Monday CEST"),
        (oslo(2026, 10, 24, 9, 0), oslo(2026, 10, 26, 8, 0), "DST ends (25 Oct) → Monday CET"),
        (oslo(2026, 3, 29, 2, 30), oslo(2026, 3, 30, 8, 0), "the skipped hour itself"),
    ],
)
def test_next_working_moment(moment: datetime, expected: datetime, why: str) -> None:
    moved = next_working_moment(moment.astimezone(UTC))
    assert moved == expected, why
    assert moved.utcoffset() == UTC.utcoffset(None), "keeps the input's zone"
    assert in_working_hours(moved)


def test_dst_offsets_of_the_window() -> None:
    assert next_working_moment(oslo(2026, 3, 28, 9)).astimezone(UTC).hour == 6
    assert next_working_moment(oslo(2026, 10, 24, 9)).astimezone(UTC).hour == 7


@pytest.mark.parametrize(
    ("day", "count", "expected", "why"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30), "Friday + 1 → Monday"),
        (date(2026, 11, 30), -1, date(2026, 11, 27), "Monday - 1 → Friday"),
        (date(2026, 4, 1), 1, date(2026, 4, 7), "over Easter"),
        (date(2026, 4, 7), -1, date(2026, 4, 1), "back over Easter"),
        (date(2026, 5, 12), 2, date(2026, 5, 15), "over Ascension"),
        (date(2026, 5, 18), -2, date(2026, 5, 13), "back over 17 May (Sunday) and Ascension"),
        (date(2026, 12, 23), 2, date(2026, 12, 28), "over Christmas"),
        (date(2027, 1, 4), -3, date(2026, 12, 29), "back over New Year"),
        (date(2026, 11, 25), 0, date(2026, 11, 25), "zero is the day itself"),
        (date(2026, 11, 28), 1, date(2026, 11, 30), "from a Saturday"),
        (date(2026, 11, 28), -1, date(2026, 11, 27), "back from a Saturday"),
    ],
)
def test_add_working_days(day: date, count: int, expected: date, why: str) -> None:
    assert add_working_days(day, count) == expected, why


@pytest.mark.parametrize(
    ("moment", "expected", "moved"),
    [
        (oslo(2026, 11, 28, 12), oslo(2026, 11, 30, 12), True),
        (oslo(2026, 4, 2, 23, 59), oslo(2026, 4, 7, 23, 59), True),
        (oslo(2026, 11, 27, 23, 59), oslo(2026, 11, 27, 23, 59), False),
        (oslo(2026, 3, 28, 12), oslo(2026, 3, 30, 12), True),
    ],
)
def test_deadline_on_working_day(moment: datetime, expected: datetime, moved: bool) -> None:
    result, did_move = on_working_day(moment.astimezone(UTC))
    assert (result, did_move) == (expected, moved)


def test_next_working_day_skips_long_weekends() -> None:
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)
    assert next_working_day(date(2026, 4, 7)) == date(2026, 4, 7)
