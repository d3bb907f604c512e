"""INSERT … ON CONFLICT DO UPDATE on both backends (SQLite and PostgreSQL speak the same SQL,
but SQLAlchemy builds it per dialect)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


async def upsert(
    session: AsyncSession,
    model: type[Base],
    values: Mapping[str, Any],
    *,
    keys: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert `values`, or update the `update` columns of the row that has the same `keys`."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={column: statement.excluded[column] for column in update}
    )
    await session.execute(statement)
