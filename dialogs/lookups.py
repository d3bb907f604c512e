"""Small reads every capability makes the same way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dialogs.errors import NotFound
from storage.db import Sessions


async def network_of(sessions: Sessions, model: Any, row_id: int) -> int:
    """The network that row `row_id` of `model` (a table with `id` and `network_id`) belongs to.

    Raises:
        NotFound: there is no such row.
    """
    async with sessions() as session:
        network_id = await session.scalar(select(model.network_id).where(model.id == row_id))
    if network_id is None:
        raise NotFound(name=str(row_id))
    return int(network_id)
