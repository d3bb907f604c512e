"""The migrations build exactly the tables the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from harness.db import BOTH
from storage.db import Sessions
from storage.models import Base


@BOTH
async def test_migrated_schema_equals_the_models(sessions: Sessions) -> None:
    async with sessions() as session:
        connection = await session.connection()
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert differences == []
