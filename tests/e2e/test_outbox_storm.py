"""The outbox under a 429 storm, with SIGTERM and SIGKILL mid-delivery, on three worker
processes over one PostgreSQL: every message delivered exactly once, except at most one
`uncertain` per attempt killed in flight, and the audit log shows each of those."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from harness.connector import Connector
from storage.clock import system_clock
from storage.db import Sessions
from storage.models import Event, OutboxMessage

WORKER = Path(__file__).resolve().parents[1] / "harness" / "outbox_worker.py"
MESSAGES = 90
CONVERSATIONS = 9
LEASE = 3.0
GRACE = 5.0


def _start(url: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(WORKER), url, str(LEASE), str(GRACE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


async def _spawn(url: str) -> subprocess.Popen[str]:
    """A worker process, once it says it runs (waiting off the loop: the connector is on it)."""
    return await asyncio.to_thread(_start, url)


async def _seed(sessions: Sessions, service_url: str) -> None:
    now = system_clock()
    async with sessions.begin() as session:
        await session.execute(
            insert(OutboxMessage),
            [
                {
                    "kind": "reply",
                    "subject": f"storm:{i}",
                    "tenant_id": "tenant-hmn",
                    "target": {
                        "service_url": service_url,
                        "conversation_id": f"19:c{i % CONVERSATIONS}@thread.tacv2;messageid=1",
                    },
                    "message": {"text": f"melding {i}", "card": None, "mentions": []},
                    "working_hours": False,
                    "state": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for i in range(MESSAGES)
            ],
        )


async def _settled(sessions: Sessions) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        )
        return {state: count for state, count in rows.all()}


async def _wait(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_a_429_storm_with_sigterm_and_sigkill_delivers_each_message_once(
    sessions: Sessions, database_url: str, connector: Connector
) -> None:
    await _seed(sessions, connector.url)
    connector.storm = "1"
    workers = [await _spawn(database_url) for _ in range(3)]
    restarts = 0
    try:
        await _wait(lambda: _storm_seen(connector, 30), 20)
        # SIGTERM during the storm: the worker stops claiming, releases its claims, exits 0.
        workers[0].send_signal(signal.SIGTERM)
        out, _ = await asyncio.to_thread(workers[0].communicate, timeout=GRACE + 10)
        assert workers[0].returncode == 0
        terminated = json.loads(out.strip().splitlines()[-1])
        workers[0] = await _spawn(database_url)
        restarts += 1

        # The storm ends; sends now take a while, so some are in flight when a worker dies.
        connector.post_delay = 0.3
        connector.storm = None
        await _wait(lambda: _in_flight(connector), 20)
        workers[1].send_signal(signal.SIGKILL)
        await asyncio.to_thread(workers[1].communicate, timeout=10)
        in_flight_at_kill = await _attempts_begun(sessions, workers[1].pid)
        workers[1] = await _spawn(database_url)
        restarts += 1

        async def everything_settled() -> bool:
            states = await _settled(sessions)
            return states.get("pending", 0) + states.get("sending", 0) == 0

        await _wait(everything_settled, 60)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            await asyncio.to_thread(worker.communicate, timeout=GRACE + 10)
    assert all(w.returncode == 0 for w in workers[:1] + workers[2:])

    states = await _settled(sessions)
    landed = Counter(
        a.get("text")
        for a in connector.activities.values()
        if str(a.get("text", "")).startswith("melding ")
    )
    async with sessions() as session:
        rows = {r.subject: r for r in await session.scalars(select(OutboxMessage))}
        uncertain_events = await session.scalar(
            select(func.count()).select_from(Event).where(Event.kind == "MessageUncertain")
        )
    throttled = sum(1 for c in connector.calls if c.status == 429)
    duplicates = sum(n - 1 for n in landed.values() if n > 1)
    uncertain = states.get("uncertain", 0)
    print(
        f"\noutbox storm (PostgreSQL, 3 processes): messages {MESSAGES}, 429s {throttled}, "
        f"restarts {restarts} (SIGTERM 1, SIGKILL 1), delivered {states.get('sent', 0)}, "
        f"duplicates {duplicates}, uncertain {uncertain} (attempts in flight at SIGKILL: "
        f"{in_flight_at_kill}), released at SIGTERM {terminated['released']}"
    )
    assert throttled > 0
    assert duplicates == 0
    assert set(states) <= {"sent", "uncertain"}
    assert uncertain <= in_flight_at_kill
    assert uncertain_events == uncertain
    for i in range(MESSAGES):
        row = rows[f"storm:{i}"]
        if row.state == "sent":
            assert landed[f"melding {i}"] == 1, row.subject
        else:
            assert landed[f"melding {i}"] <= 1, row.subject


async def _attempts_begun(sessions: Sessions, pid: int) -> int:
    """Attempts the dead worker had begun (`send_started_at` committed) and never finished."""
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.state == "sending",
                OutboxMessage.claimed_by.like(f"%:{pid}:%"),
                OutboxMessage.send_started_at.is_not(None),
            )
        )
    return int(count or 0)


async def _storm_seen(connector: Connector, count: int) -> bool:
    return sum(1 for c in connector.calls if c.status == 429) >= count


async def _in_flight(connector: Connector) -> bool:
    return connector.in_flight > 0
