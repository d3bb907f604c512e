"""A controllable clock for services and jobs.

Tests start at the real time, or at `FAGNETT_TEST_NOW` (ISO 8601, e.g. `2026-12-31T23:30:00Z`)
when it is set: CI runs the date-sensitive tests again at fixed "todays" (year end, Christmas,
Easter, Ascension) through this clock, the one the bot reads.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta


def start_moment() -> datetime:
    """The moment tests start at: `FAGNETT_TEST_NOW`, else the real time."""
    pinned = os.environ.get("FAGNETT_TEST_NOW")
    if pinned:
        moment = datetime.fromisoformat(pinned)
        if moment.tzinfo is None:
            raise ValueError("FAGNETT_TEST_NOW needs a time zone, e.g. 2026-12-18T09:00:00Z")
        return moment.astimezone(UTC)
    return datetime.now(UTC)


class FakeClock:
    """Returns a fixed aware UTC moment until moved."""

    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or start_moment()

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        """Move forward by `timedelta(**delta)`; returns the new moment."""
        self.moment += timedelta(**delta)
        return self.moment

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (aware)."""
        self.moment = moment
