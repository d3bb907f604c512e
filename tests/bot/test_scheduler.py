"""The clock starts with the app, runs jobs in UTC, and stops with it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import aiohttp
from aiohttp.test_utils import TestServer

from bot.app import CLOCK
from bot.scheduler import Clock


async def test_a_job_runs_on_its_interval_and_a_failing_job_keeps_its_schedule() -> None:
    clock = Clock()
    ran: list[datetime] = []
    failures = 0

    async def tick() -> None:
        ran.append(datetime.now(UTC))

    async def broken() -> None:
        nonlocal failures
        failures += 1
        raise RuntimeError("boom")

    clock.every("tick", 0.05, tick)
    clock.every("tick", 0.05, tick)  # same name replaces, never doubles
    clock.every("broken", 0.05, broken)
    clock.start()
    assert clock.job_names() == ["tick", "broken"]
    try:
        for _ in range(100):
            if len(ran) >= 2 and failures >= 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await clock.stop()
    assert len(ran) >= 2
    assert failures >= 2
    assert all(moment.tzinfo is UTC for moment in ran)
    assert not clock.running


async def test_the_app_starts_and_stops_the_clock(bot: TestServer) -> None:
    clock = bot.app[CLOCK]
    assert clock.running
    async with aiohttp.ClientSession() as http, http.get(bot.make_url("/healthz")) as response:
        body = await response.json()
    assert body == {"status": "ok", "database": "up", "scheduler": True}
    await bot.close()
    assert not clock.running
