"""Test databases: a SQLite file per test, and a PostgreSQL database per test process.

PostgreSQL comes from `FAGNETT_TEST_POSTGRES_URL` (default: the local server's `test`
database). Each pytest process creates its own database beside it, so concurrent runs do not
collide, and each test starts from an empty schema.
"""

from __future__ import annotations

import asyncio
import os

import asyncpg
import pytest
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BOTH = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)


def in_ci() -> bool:
    """CI sets FAGNETT_CI=1: there a missing PostgreSQL (or Node, Chromium) is a failure."""
    return os.environ.get("FAGNETT_CI") == "1"


def postgres_base_url() -> str:
    """The server URL the tests may create databases on."""
    return os.environ.get("FAGNETT_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(sql: str) -> None:
    """Run `sql` on the server: through the configured database, or through `postgres` when
    the configured one does not exist (a fresh server has no `test` database)."""
    try:
        connection = await asyncpg.connect(_dsn(postgres_base_url()), timeout=5)
    except asyncpg.InvalidCatalogNameError:
        fallback = make_url(postgres_base_url()).set(database="postgres")
        connection = await asyncpg.connect(_dsn(str(fallback)), timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


UNAVAILABLE: list[str] = []
"""Why PostgreSQL tests cannot run in this process, once `create_process_database` failed."""


def create_process_database(suffix: str = "") -> str | None:
    """Create this process's PostgreSQL database (`suffix` names another one); None (with the
    reason kept in `UNAVAILABLE`) if the server cannot be used."""
    name = f"fagnett_test_{os.getpid()}{suffix}"
    try:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}"'))
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError) as error:
        UNAVAILABLE.append(f"PostgreSQL at {postgres_base_url()} is not reachable: {error}")
        return None
    except asyncpg.PostgresError as error:
        UNAVAILABLE.append(
            f"PostgreSQL at {postgres_base_url()} answered but refused to create a test "
            f"database ({type(error).__name__}: {error}); the tests need a role that may "
            "CREATE DATABASE"
        )
        return None
    return make_url(postgres_base_url()).set(database=name).render_as_string(hide_password=False)


def drop_process_database(url: str) -> None:
    """Drop the database `create_process_database` made."""
    name = make_url(url).database
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def reset_schema(url: str) -> None:
    """Empty the database: every test starts before the first migration."""
    connection = await asyncpg.connect(_dsn(url), timeout=5)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
