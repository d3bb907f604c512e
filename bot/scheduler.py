"""The clock: one APScheduler in UTC that runs the capabilities' periodic jobs.

Jobs are thin: each calls one service function, and that function asks the database (never
process memory) whether the work is already done, so several instances may run the same jobs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]


class Clock:
    """Starts and stops with the app; capabilities add named interval jobs."""

    def __init__(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone=UTC)

    def every(self, name: str, seconds: float, job: Job) -> None:
        """Run `job` every `seconds`; a job with the same name is replaced, never doubled."""

        async def run() -> None:
            try:
                await job()
            except asyncio.CancelledError:
                # The service is stopping: the job's transaction rolls back and the database,
                # not this process, says what is still to do.
                log.info("job %s stopped with the service", name)
            except Exception:
                log.exception("job %s failed; it runs again at its next interval", name)

        self._scheduler.add_job(
            run,
            "interval",
            seconds=seconds,
            id=name,
            name=name,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )

    def start(self) -> None:
        """Start ticking (inside the running event loop)."""
        self._scheduler.start()
        log.info("scheduler started with jobs %s", [job.id for job in self._scheduler.get_jobs()])

    async def stop(self) -> None:
        """Stop without waiting for jobs that have not begun."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            # AsyncIOScheduler shuts down on the loop's next turn.
            for _ in range(1000):
                if not self._scheduler.running:
                    break
                await asyncio.sleep(0)

    @property
    def running(self) -> bool:
        """Whether the clock ticks."""
        return bool(self._scheduler.running)

    def job_names(self) -> list[str]:
        """The names of the scheduled jobs."""
        return [job.id for job in self._scheduler.get_jobs()]
