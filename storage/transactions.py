"""Running a whole transaction again when the database asks for it.

PostgreSQL may abort a transaction with a deadlock (40P01) or a serialization failure (40001);
SQLite may report the database locked after its busy timeout. Both mean "nothing of this
transaction happened, try again". Services that write under contention run their transaction
through `retrying`, so no user ever sees such an error; anything else is raised at once.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def is_transient(error: BaseException) -> bool:
    """Whether `error` aborted the transaction only because of contention."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    cause = getattr(original, "__cause__", None)
    state = state or getattr(cause, "sqlstate", None)
    if state in RETRY_SQLSTATES:
        return True
    return "database is locked" in str(original)


async def retrying(work: Callable[[], Awaitable[T]], *, what: str, attempts: int = 5) -> T:
    """Run `work` (one whole transaction); run it again, after a short random pause, when the
    database aborted it for contention. The last error is raised after `attempts` tries."""
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except DBAPIError as error:
            if attempt == attempts or not is_transient(error):
                raise
            log.info("%s: transaction aborted by contention (%s); retry %d", what, error, attempt)
            await asyncio.sleep(random.uniform(0.005, 0.05) * attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")
