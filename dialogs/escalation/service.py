"""Recording escalation requests. Delivery to the target network comes with its own capability."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import CaseState
from storage.events import record
from storage.models import Case, Escalation, Network, Poll


async def request(
    session: AsyncSession,
    *,
    network: Network,
    case: Case,
    poll: Poll | None,
    reason: str,
    actor: str,
    description: str = "",
) -> Escalation:
    """Record that `case` goes to the network's escalation target; once per failed poll.

    Runs inside the caller's transaction; the unique poll id makes a retried close harmless.
    """
    if poll is not None:
        existing = await session.scalar(select(Escalation).where(Escalation.poll_id == poll.id))
        if existing is not None:
            return existing
    escalation = Escalation(
        case_id=case.id,
        poll_id=poll.id if poll else None,
        network_id=network.id,
        target_network_id=network.escalation_target_id,
        reason=reason,
        description=description,
        requested_by=actor,
    )
    session.add(escalation)
    case.state = CaseState.ESCALATED.value
    await session.flush()
    record(
        session,
        "CaseEscalated",
        actor=actor,
        network_id=network.id,
        subject=f"case:{case.id}",
        escalation_id=escalation.id,
        poll_id=poll.id if poll else None,
        target_network_id=network.escalation_target_id,
        reason=reason,
    )
    return escalation
