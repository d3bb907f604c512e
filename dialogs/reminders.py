"""The reminders port: what capabilities ask of the nudges capability, inside their transaction.

`dialogs.nudges.service.NudgeService` implements it. Capabilities depend on this protocol only,
so a poll or a decision does not need to know how nudges are paced or delivered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession


class Reminders(Protocol):
    """The nudges capability, as polls use it (inside the poll's own transaction)."""

    async def schedule(
        self,
        session: AsyncSession,
        *,
        subject: str,
        kind: str,
        network_id: int | None,
        deadline: datetime,
        recipients: Sequence[str],
        action: dict[str, Any],
        params: dict[str, Any],
    ) -> int:
        """Replace the subject's pending reminders with the kind's plan before `deadline`."""
        ...

    async def cancel(
        self, session: AsyncSession, *, subject: str, recipient: str | None = None
    ) -> int:
        """Cancel the subject's pending reminders (for one recipient, or all)."""
        ...
