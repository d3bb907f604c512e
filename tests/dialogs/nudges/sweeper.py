"""Sweeping reminders outside the HTTP app: one sweeper per event loop (thread or process),
each with its own engine, adapter and outbox, as bot instances have.

Used by the exactly-once and crash tests and by `tests/bench_nudges.py`; not a test module.
Run as a script it is a sweeper process (see `spawn`): `sweep` sweeps until nothing is left and
prints its result as JSON; `hang-after-claim` stops dead once its outbox has claimed messages
(committed, nothing sent), to be killed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from bot.adapter import FagnettAdapter
from bot.outbox import TeamsTransport
from bot.retry import ConnectorRetry
from bot.settings import Settings
from dialogs.nudges.service import NudgeService, SweepResult
from dialogs.outbox import Outbox, Pacer
from storage.db import Sessions, create_engine, create_sessions
from storage.models import ConversationRef, OutboxMessage, Reminder

TENANT = "tenant-hmn"


def running_clock(start: datetime) -> Callable[[], datetime]:
    """A clock that starts at `start` (a working moment) and runs at real speed."""
    origin = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - origin)


async def seed(sessions: Sessions, service_url: str, count: int, due: datetime) -> None:
    """`count` people with a personal chat each, and one due reminder for each."""
    async with sessions.begin() as session:
        await session.execute(
            insert(ConversationRef),
            [
                {
                    "conversation_id": f"a:personal-{i}",
                    "scope": "personal",
                    "tenant_id": TENANT,
                    "aad_id": f"aad-{i}",
                    "teams_id": f"29:p{i}",
                    "service_url": service_url,
                    "reference": {
                        "user": {"id": f"29:p{i}", "aadObjectId": f"aad-{i}"},
                        "bot": {"id": "28:fagnett-bot"},
                        "conversation": {"conversationType": "personal", "id": f"a:personal-{i}"},
                        "channelId": "msteams",
                        "serviceUrl": service_url,
                    },
                    "active": True,
                    "updated_at": due,
                    "locale": "nb-NO",
                }
                for i in range(count)
            ],
        )
        await session.execute(
            insert(Reminder),
            [
                {
                    "subject": f"bench:{i}",
                    "kind": "poll_vote",
                    "network_id": None,
                    "recipient_aad_id": f"aad-{i}",
                    "deadline": due + timedelta(days=2),
                    "due_at": due,
                    "state": "pending",
                    "attempts": 0,
                    "next_attempt_at": due,
                    "action": {"action": "poll.open_ballot", "poll_id": i},
                    "params": {"network": "Hjertenettverket", "title": f"{i}/2026 Sak"},
                    "created_at": due,
                }
                for i in range(count)
            ],
        )


async def outstanding(sessions: Sessions) -> int:
    """Reminders not yet in a final state (waiting, or with the outbox)."""
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).where(Reminder.state.in_(("pending", "failed", "queued")))
        )
    return int(count or 0)


def build(
    url: str,
    now: Callable[[], datetime],
    *,
    rate: int = 30,
    outbox: type[Outbox] = Outbox,
    **kwargs: Any,
) -> tuple[NudgeService, Outbox, Any]:
    """A sweeper over its own engine, adapter, transport and outbox (no HTTP app); `kwargs` go
    to the outbox."""
    engine = create_engine(url)
    sessions = create_sessions(engine, now=now)
    adapter = FagnettAdapter(Settings(database_url=url), ConnectorRetry())
    delivery = outbox(
        sessions,
        TeamsTransport(adapter, sessions),
        now=now,
        pacer=Pacer(per_tenant=((rate, 1.0),)),
        **kwargs,
    )
    return NudgeService(sessions, delivery, now=now), delivery, engine


async def sweep_until_done(
    url: str, now: Callable[[], datetime], *, deadline: float = 150.0, **kwargs: Any
) -> SweepResult:
    """Sweep until nothing is outstanding (or `deadline` seconds pass); the summed result.

    Between sweeps the outbox retries throttled messages by itself; on the way out it stops as
    on SIGTERM, releasing what it claimed but did not start.
    """
    nudges, outbox, engine = build(url, now, **kwargs)
    sessions = create_sessions(engine)
    total = SweepResult()
    started = time.monotonic()
    try:
        while time.monotonic() - started < deadline:
            result = await nudges.sweep(limit=50)
            total.add(result)
            if result.queued == 0:
                if await outstanding(sessions) == 0:
                    break
                await asyncio.sleep(0.2)
    finally:
        await outbox.stop(grace=5.0)
        await engine.dispose()
    return total


class HangsAfterClaim(Outbox):
    """Says `claimed` on stdout once a claim of messages is committed, then waits to be killed.

    Both of its deliveries (the one its sweep runs, and the one the sweep's commit kicks off)
    stop here, so nothing is sent, whichever of them claims the messages.
    """

    async def _claim(self) -> list[OutboxMessage]:
        rows = await super()._claim()
        if rows:
            print(f"claimed {len(rows)}", flush=True)
        await asyncio.sleep(3600)
        return rows


async def _main(url: str, start: str, mode: str, rate: int) -> None:
    now = running_clock(datetime.fromisoformat(start))
    if mode == "sweep":
        result = await sweep_until_done(url, now, rate=rate)
        print(json.dumps(dataclasses.asdict(result)), flush=True)
        return
    nudges, _, engine = build(url, now, outbox=HangsAfterClaim, batch=1000)
    try:
        await nudges.sweep(limit=1000)
    finally:
        await engine.dispose()


def spawn(url: str, start: datetime, mode: str, rate: int = 30) -> subprocess.Popen[str]:
    """This file as a sweeper process (`mode` is `sweep` or `hang-after-claim`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, __file__, url, start.isoformat(), mode, str(rate)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)  # the transport's retry warnings are expected here
    asyncio.run(_main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
