"""An outbox worker process over a shared database: delivers through the real transport until
SIGTERM, then stops as the service does (no new claims, in-flight attempts finish within the
grace period, the rest released). Used by the outbox storm test; not a test module.

    python tests/harness/outbox_worker.py <database url> <lease seconds> <grace seconds>

Prints `ready` once running and, after a clean stop, a JSON line with what it did.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.adapter import FagnettAdapter  # noqa: E402
from bot.outbox import TeamsTransport  # noqa: E402
from bot.retry import ConnectorRetry  # noqa: E402
from bot.settings import Settings  # noqa: E402
from dialogs.outbox import DeliveryResult, Outbox, Pacer  # noqa: E402
from storage.db import create_engine, create_sessions  # noqa: E402


async def work(url: str, lease: float, grace: float) -> None:
    """Deliver until SIGTERM; then stop gracefully and report."""
    engine = create_engine(url)
    sessions = create_sessions(engine)
    adapter = FagnettAdapter(Settings(database_url=url), ConnectorRetry())
    outbox = Outbox(
        sessions,
        TeamsTransport(adapter, sessions),
        lease=timedelta(seconds=lease),
        pacer=Pacer(per_tenant=((1000, 1.0),), per_conversation=((1000, 1.0),)),
        budget=1.0,
    )
    stopping: list[asyncio.Task[int]] = []
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(
        signal.SIGTERM, lambda: stopping.append(loop.create_task(outbox.stop(grace)))
    )
    total = DeliveryResult()
    print("ready", flush=True)
    while not stopping:
        total.add(await outbox.deliver_due())
        await asyncio.sleep(0.1)
    released = await stopping[0]
    await engine.dispose()
    print(json.dumps({"released": released, **total.__dict__}), flush=True)


if __name__ == "__main__":
    asyncio.run(work(sys.argv[1], float(sys.argv[2]), float(sys.argv[3])))
