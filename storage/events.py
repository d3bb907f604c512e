"""Writing the audit log. Every service calls `record` inside its transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event


def record(
    session: AsyncSession,
    kind: str,
    /,
    *,
    actor: str,
    network_id: int | None = None,
    subject: str | None = None,
    **data: Any,
) -> Event:
    """Add a past-tense event (`NetworkRegistered`, `RoleAssigned`) to the session's transaction."""
    event = Event(kind=kind, actor=actor, network_id=network_id, subject=subject, data=data)
    session.add(event)
    return event
