"""Exactly once: concurrent sweepers over one PostgreSQL, throttling, and a killed sweeper.

Each sweeper is its own process (its own event loop, engine, adapter and outbox), as bot
instances would be, against the loopback Bot Connector in the test's process. The reminders say
who gets what when; each sweeper's outbox delivers, so exactly-once is checked at both: one
`sent` reminder, one `sent` outbox message and one delivered activity per person.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from aiohttp import web
from sqlalchemy import func, select
from sweeper import outstanding, running_clock, seed, spawn, sweep_until_done

from dialogs.i18n import OSLO
from dialogs.nudges.service import SweepResult
from harness.connector import Connector
from storage.db import create_engine, create_sessions, migrate
from storage.models import Event, OutboxMessage, Reminder

START = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)  # a Tuesday, in the working window
POSTGRES = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


class ThrottlingConnector(Connector):
    """Answers every third send with 429 and a short Retry-After."""

    def __init__(self) -> None:
        super().__init__()
        self.sends = 0

    def _fault_for(self, request: web.Request) -> web.Response | None:
        if request.method == "POST" and "/activities" in request.path:
            self.sends += 1
            if self.sends % 3 == 0:
                return web.json_response(
                    {"error": {"code": "Throttled", "message": "stand-in"}},
                    status=429,
                    headers={"Retry-After": "0.2"},
                )
        return super()._fault_for(request)


def deliveries(connector: Connector) -> Counter[str]:
    """Successful sends per personal conversation (one conversation per reminder)."""
    return Counter(c.path.split("/")[3] for c in connector.posts("/activities"))


async def prepared(url: str, connector: Connector, count: int) -> None:
    engine = create_engine(url)
    await migrate(engine)
    await seed(create_sessions(engine), connector.url, count, START - timedelta(minutes=1))
    await engine.dispose()


async def run_sweepers(url: str, sweepers: int, rate: int) -> tuple[list[SweepResult], float]:
    """`sweepers` processes sweeping the same database at once; their results and the time."""
    started = time.monotonic()
    processes = [spawn(url, START, "sweep", rate) for _ in range(sweepers)]
    outputs = await asyncio.gather(
        *(asyncio.to_thread(p.communicate, None, 200) for p in processes)
    )
    seconds = time.monotonic() - started
    assert [p.returncode for p in processes] == [0] * sweepers
    return [SweepResult(**json.loads(out.strip().splitlines()[-1])) for out, _ in outputs], seconds


async def final_states(url: str) -> dict[str, int]:
    """Reminders per state, outbox messages per state (`outbox <state>`), `NudgeSent` events."""
    engine = create_engine(url)
    async with create_sessions(engine)() as session:
        rows = await session.execute(select(Reminder.state, func.count()).group_by(Reminder.state))
        states = {state: int(n) for state, n in rows.all()}
        rows = await session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        )
        states |= {f"outbox {state}": int(n) for state, n in rows.all()}
        states["NudgeSent"] = int(
            await session.scalar(select(func.count()).where(Event.kind == "NudgeSent")) or 0
        )
    await engine.dispose()
    return states


async def exactly_once(url: str, connector: Connector, sweepers: int, count: int) -> None:
    await connector.start()
    try:
        await prepared(url, connector, count)
        results, seconds = await run_sweepers(url, sweepers, rate=200)
    finally:
        await connector.close()
    per_conversation = deliveries(connector)
    duplicates = sum(n - 1 for n in per_conversation.values() if n > 1)
    throttled = len([c for c in connector.calls if c.status == 429])
    print(
        f"\n{count} reminders x {sweepers} sweepers: delivered {len(per_conversation)}, "
        f"duplicates {duplicates}, 429s {throttled}, {seconds:.1f} s "
        f"({len(per_conversation) / seconds:.0f}/s); queued per sweeper "
        f"{[r.queued for r in results]}, sent per sweeper {[r.sent for r in results]}"
    )
    assert len(per_conversation) == count
    assert duplicates == 0
    assert sum(r.sent for r in results) == count
    assert await final_states(url) == {"sent": count, "outbox sent": count, "NudgeSent": count}


@POSTGRES
async def test_three_sweepers_deliver_1000_reminders_exactly_once_on_postgres(
    database_url: str,
) -> None:
    await exactly_once(database_url, Connector(), sweepers=3, count=1000)


@POSTGRES
async def test_three_sweepers_exactly_once_when_a_third_of_sends_are_throttled(
    database_url: str,
) -> None:
    connector = ThrottlingConnector()
    await exactly_once(database_url, connector, sweepers=3, count=1000)
    assert connector.sends >= 1000 + 333


async def test_one_sweeper_delivers_exactly_once_on_sqlite(database_url: str) -> None:
    await exactly_once(database_url, ThrottlingConnector(), sweepers=1, count=200)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
async def test_a_sweeper_killed_between_claim_and_send_loses_and_doubles_nothing(
    database_url: str,
) -> None:
    connector = Connector()
    await connector.start()
    try:
        await prepared(database_url, connector, 50)
        process = spawn(database_url, START, "hang-after-claim")
        assert process.stdout is not None
        claimed = 0
        while claimed < 50:  # its two deliveries may share the claim
            line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 30)
            assert line.startswith("claimed ")
            claimed += int(line.split()[1])
        assert claimed == 50
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stdout.close()
        assert await final_states(database_url) == {
            "queued": 50,
            "outbox sending": 50,
            "NudgeSent": 0,
        }

        # A restart within the lease leaves the claim alone; after it, everything goes once.
        within = running_clock(START + timedelta(minutes=1))
        quiet = await sweep_until_done(database_url, within, deadline=1.0)
        assert (quiet.queued, quiet.requeued, quiet.sent) == (0, 0, 0)
        after = running_clock(START + timedelta(minutes=11))
        result = await sweep_until_done(database_url, after, rate=200)
    finally:
        await connector.close()
    assert (result.requeued, result.sent) == (50, 50)
    assert set(deliveries(connector).values()) == {1}
    assert len(deliveries(connector)) == 50
    assert await final_states(database_url) == {"sent": 50, "outbox sent": 50, "NudgeSent": 50}
    engine = create_engine(database_url)
    assert await outstanding(create_sessions(engine)) == 0
    await engine.dispose()
