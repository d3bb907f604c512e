"""Engines, sessions and schema migration."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession
from sqlalchemy.orm import Session

from storage.clock import Now, system_clock

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
    # Database errors must not carry people's names, e-mails or typed text into the log.
    engine = create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)
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


class ClockedSession(Session):
    """A session that stamps `stamped()` columns from the clock it was made with."""


@event.listens_for(ClockedSession, "before_flush")
def _stamp(session: Session, _context: Any, _instances: Any) -> None:
    now: Now = session.info["now"]
    moment = now()
    for instance in session.new:
        for column in inspect(instance).mapper.columns:
            if column.info.get("stamp") and getattr(instance, column.key) is None:
                setattr(instance, column.key, moment)
    for instance in session.dirty:
        if not session.is_modified(instance):
            continue
        for column in inspect(instance).mapper.columns:
            if column.info.get("stamp") == "update":
                setattr(instance, column.key, moment)


def create_sessions(engine: AsyncEngine, *, now: Now = system_clock) -> Sessions:
    """The session factory services use: `async with sessions.begin() as s: ...`.

    `now` is the one clock: rows' timestamps left empty are stamped from it.
    """
    return async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=ClockedSession, info={"now": now}
    )


def is_postgres(engine: AsyncEngine) -> bool:
    """True when the engine talks to PostgreSQL (row locks, SKIP LOCKED)."""
    return engine.dialect.name == "postgresql"


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


# The PostgreSQL advisory lock key that serialises migrations: "fagnett" in ASCII.
MIGRATION_LOCK_KEY = 0x6661676E657474


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision. The only way the schema changes.

    Safe when several instances start at once: on PostgreSQL they take turns on an advisory
    lock, and those after the first find the schema at head and change nothing. On SQLite the
    transaction's BEGIN IMMEDIATE (see `create_engine`) already makes them take turns.
    """

    def upgrade(connection: Connection) -> None:
        command.upgrade(_alembic_config(connection), "head")

    async with engine.begin() as connection:
        if is_postgres(engine):
            # Every instance migrates on start-up; two concurrent upgrades on an empty database
            # both create the same tables and types, and the loser fails (UniqueViolation on
            # pg_type). The lock is held until this transaction, Alembic's too, commits or
            # rolls back; the next instance then reads the committed version and does nothing.
            await connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
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
