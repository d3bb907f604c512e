"""Per-network, per-year numbers (`7/2026`) for cases and decisions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, Decision, Network


async def next_number(
    session: AsyncSession, model: type[Case] | type[Decision], network_id: int, year: int
) -> int:
    """The next free number in the network's series for `year`.

    The network's row is locked first (PostgreSQL), so two transactions numbering in the same
    network queue instead of racing; SQLite's write lock serialises them anyway. The unique
    constraint on (network, year, number) is the final guard.
    """
    await session.execute(select(Network.id).where(Network.id == network_id).with_for_update())
    current = await session.scalar(
        select(func.max(model.number)).where(model.network_id == network_id, model.year == year)
    )
    return (current or 0) + 1
