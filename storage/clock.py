"""The one clock. Product code never reads the wall clock anywhere else.

Services, jobs and the session factory take a `Now` (a function returning an aware UTC moment);
`system_clock` is the production one, and tests pass a clock they move. `tests/test_one_clock.py`
fails the build if `datetime.now()`, `utcnow()`, `date.today()` or `time.time()` appear in
product code outside this module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Now = Callable[[], datetime]


def system_clock() -> datetime:
    """The current moment, aware, in UTC: the wall clock, read here and nowhere else."""
    return datetime.now(UTC)
