"""Engines, sessions and schema migration."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

MIGRATIONS = Path(__file__).parent / "migrations"

Sessions = async_sessionmaker[AsyncSession]


def create_engine(url: str) -> AsyncEngine:
    """An async engine for `url`; for SQLite the file's folder is created and WAL is on."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Concurrent writers wait for the lock instead of failing at once.
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 20
    engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_begin_immediate(connection: Connection) -> None:
    # A deferred SQLite transaction that reads, then writes, fails with SQLITE_BUSY when another
    # writer got in between; taking the write lock at BEGIN makes concurrent writers queue.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_sessions(engine: AsyncEngine) -> Sessions:
    """The session factory services use: `async with sessions.begin() as s: ...`."""
    return async_sessionmaker(engine, expire_on_commit=False)


def is_postgres(engine: AsyncEngine) -> bool:
    """True when the engine talks to PostgreSQL (row locks, SKIP LOCKED)."""
    return engine.dialect.name == "postgresql"


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision. The only way the schema changes."""

    def upgrade(connection: Connection) -> None:
        command.upgrade(_alembic_config(connection), "head")

    async with engine.begin() as connection:
        # Alembic's upgrade is synchronous; run_sync keeps it on the async connection.
        await connection.run_sync(upgrade)


def migrate_blocking(url: str) -> None:
    """Run `migrate` for `url` from synchronous code (the CLI and tests)."""

    async def run() -> None:
        engine = create_engine(url)
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
