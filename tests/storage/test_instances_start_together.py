"""Bot instances started together on an empty database all come up: migrations take turns.

Every instance migrates on start-up. On PostgreSQL, concurrent `upgrade head` runs used to
collide (`UniqueViolation` on `pg_type_typname_nsp_index`) and the losers exited.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from harness.db import BOTH
from storage.db import MIGRATIONS, create_engine, migrate

INSTANCES = 3
ROOT = Path(__file__).resolve().parents[2]
POSTGRES = pytest.mark.parametrize("backend", ["postgres"], indirect=True)
MIGRATE = "import sys; from storage.db import migrate_blocking; migrate_blocking(sys.argv[1])"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def spawn(args: list[str], env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """This venv's Python with `args`; cwd is the test's folder, so no developer `.env` is read."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def healthy(
    http: aiohttp.ClientSession, process: asyncio.subprocess.Process, port: int
) -> None:
    """Returns once the instance answers /healthz with 200; raises if it exits first."""
    while True:
        if process.returncode is not None:
            raise RuntimeError(f"exited with {process.returncode}")
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.1)


async def head_version(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        await migrate(engine)  # at head already: nothing to do
        async with engine.connect() as connection:
            return list(await connection.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        await engine.dispose()


@POSTGRES
async def test_three_instances_started_at_once_on_an_empty_database_all_come_up(
    database_url: str, tmp_path: Path
) -> None:
    ports = [free_port() for _ in range(INSTANCES)]
    env = {"DATABASE_URL": database_url, "HOST": "127.0.0.1", "MicrosoftAppId": ""}
    processes = await asyncio.gather(
        *(spawn(["-m", "bot"], {**env, "PORT": str(port)}, tmp_path) for port in ports)
    )
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
            checks = [
                asyncio.wait_for(healthy(http, p, port), timeout=30)
                for p, port in zip(processes, ports, strict=True)
            ]
            problems = await asyncio.gather(*checks, return_exceptions=True)
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        outputs = [(await p.communicate())[0].decode(errors="replace") for p in processes]
    failed = [
        f"instance {n}: {problem!r}\n{outputs[n][-3000:]}"
        for n, problem in enumerate(problems)
        if problem is not None
    ]
    assert not failed, "\n\n".join(failed)
    assert await head_version(database_url) == [ScriptDirectory(str(MIGRATIONS)).get_current_head()]


@BOTH
async def test_three_processes_migrating_at_once_leave_one_schema_at_head(
    database_url: str, tmp_path: Path
) -> None:
    processes = await asyncio.gather(
        *(spawn(["-c", MIGRATE, database_url], {}, tmp_path) for _ in range(INSTANCES))
    )
    async with asyncio.timeout(30):
        outputs = [(await p.communicate())[0].decode(errors="replace") for p in processes]
    failed = [out[-3000:] for p, out in zip(processes, outputs, strict=True) if p.returncode]
    assert not failed, "\n\n".join(failed)
    assert await head_version(database_url) == [ScriptDirectory(str(MIGRATIONS)).get_current_head()]
