"""Working days and working hours in Europe/Oslo: weekends and Norwegian public holidays.

Pure functions over aware datetimes; holidays come from the maintained `holidays` library.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from dialogs.i18n import OSLO

WINDOW_START = time(8, 0)
WINDOW_END = time(16, 0)


@lru_cache(maxsize=32)
def _norwegian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NO", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Norwegian public holiday."""
    return day.weekday() < 5 and day not in _norwegian_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (before it, when negative)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def on_working_day(moment: datetime) -> tuple[datetime, bool]:
    """A deadline moved, if it falls on a weekend or holiday, to the same Oslo time on the next
    working day. Returns the deadline in UTC and whether it moved."""
    local = moment.astimezone(OSLO)
    day = next_working_day(local.date())
    if day == local.date():
        return moment, False
    moved = datetime.combine(day, local.timetz().replace(tzinfo=None), OSLO)
    return moved.astimezone(moment.tzinfo), True


def in_working_hours(moment: datetime) -> bool:
    """Whether `moment` falls Monday–Friday 08:00–16:00 Oslo time on a working day."""
    local = moment.astimezone(OSLO)
    return is_working_day(local.date()) and WINDOW_START <= local.time() < WINDOW_END


def next_working_moment(moment: datetime) -> datetime:
    """`moment` if it is in working hours, else the start of the next working window."""
    if in_working_hours(moment):
        return moment
    local = moment.astimezone(OSLO)
    day = local.date()
    if is_working_day(day) and local.time() < WINDOW_START:
        start = day
    else:
        start = next_working_day(day + timedelta(days=1))
    return datetime.combine(start, WINDOW_START, OSLO).astimezone(moment.tzinfo)
