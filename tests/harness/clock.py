"""A controllable clock for services and jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """Returns a fixed aware UTC moment until moved."""

    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        """Move forward by `timedelta(**delta)`; returns the new moment."""
        self.moment += timedelta(**delta)
        return self.moment

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (aware)."""
        self.moment = moment
