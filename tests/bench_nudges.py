"""Fan-out benchmark: how fast one sweeper sends due nudges through the connector stand-in.

Not collected by pytest (no `test_` prefix). Run from the repository root:

    .venv/bin/python tests/bench_nudges.py [COUNT] [DATABASE_URL]

It prints the rate with Teams pacing (30 sends/s per tenant) and without it (the bot's own
ceiling: database transitions plus botbuilder's per-send overhead). With a PostgreSQL URL it
uses that database (it must be empty: the schema is created in it).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
# The repository root first: `tests/dialogs` must not shadow the `dialogs` package.
sys.path[:0] = [str(HERE.parent), str(HERE), str(HERE / "dialogs" / "nudges")]

from sweeper import running_clock, seed, sweep_until_done  # noqa: E402

from dialogs.i18n import OSLO  # noqa: E402
from harness.connector import Connector  # noqa: E402
from storage.db import create_engine, create_sessions, migrate  # noqa: E402

START = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)


async def run(url: str, count: int, rate: int) -> float:
    connector = Connector()
    await connector.start()
    try:
        engine = create_engine(url)
        await migrate(engine)
        await seed(create_sessions(engine), connector.url, count, START - timedelta(minutes=1))
        await engine.dispose()
        started = time.monotonic()
        result = await sweep_until_done(url, running_clock(START), rate=rate, deadline=600)
        seconds = time.monotonic() - started
    finally:
        await connector.close()
    assert result.sent == count, result
    return count / seconds


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    for label, rate in (("paced at 30/s per tenant", 30), ("unpaced", 1_000_000)):
        if len(sys.argv) > 2:
            url = sys.argv[2]
            asyncio.run(_reset(url))
        else:
            url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
        per_second = asyncio.run(run(url, count, rate))
        print(f"{count} nudges, one sweeper, {label}: {per_second:.0f} sends/s")


async def _reset(url: str) -> None:
    from harness.db import reset_schema

    await reset_schema(url)


if __name__ == "__main__":
    main()
