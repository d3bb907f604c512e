"""The decision log: recording outcomes, anchoring confirmations, corrections, reading, export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import case_label, numbering_year
from dialogs.decisions.rules import (
    Anchoring,
    DecidedBy,
    LogEntry,
    anchoring_state,
    decision_label,
    matches,
    pending_hfs,
)
from dialogs.errors import DomainError, InvalidInput, NotAllowed, NotFound
from dialogs.i18n import OSLO, Lang, t
from dialogs.members.rules import HF, HF_NAMES, can_vote
from dialogs.members.service import MemberService
from dialogs.outbox import Outbox, Posted
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import AnchoringConfirmation, Case, Decision, Membership, Network
from storage.numbering import next_number


class AlreadyConfirmed(DomainError):
    """This HF has confirmed anchoring already."""

    key = "decision.anchoring.already"


@dataclass(frozen=True)
class AnchoringResult:
    """What a confirmation changed."""

    decision: Decision
    hf: str
    became_final: bool
    pending: list[str]


async def record_decision(
    session: AsyncSession,
    *,
    network: Network,
    case: Case | None,
    text: str,
    outcome: str,
    decided_by: DecidedBy,
    actor: str,
    poll_id: int | None = None,
    stance_summary: dict[str, Any] | None = None,
    anchoring_hfs: Sequence[str] = (),
    escalation_id: int | None = None,
    amends_id: int | None = None,
    meeting_id: int | None = None,
    now: datetime,
) -> Decision:
    """Append a decision to the log inside the caller's transaction, with the next number.

    `meeting_id` names the meeting the decision was taken in (by consensus, from its minutes).
    """
    moment = now
    year = numbering_year(moment)
    decision = Decision(
        network_id=network.id,
        year=year,
        number=await next_number(session, Decision, network.id, year),
        case_id=case.id if case else None,
        poll_id=poll_id,
        text=text,
        outcome=outcome,
        decided_at=moment,
        decided_by=decided_by.value,
        recorded_by=actor,
        stance_summary=stance_summary or {},
        anchoring_hfs=list(anchoring_hfs),
        escalation_id=escalation_id,
        amends_id=amends_id,
        meeting_id=meeting_id,
    )
    session.add(decision)
    await session.flush()
    record(
        session,
        "DecisionRecorded",
        actor=actor,
        network_id=network.id,
        subject=f"decision:{decision.id}",
        number=decision_label(decision.number, decision.year),
        case_id=decision.case_id,
        outcome=outcome,
        decided_by=decided_by.value,
        anchoring=anchoring_state(anchoring_hfs, ()).value,
        amends_id=amends_id,
        meeting_id=meeting_id,
    )
    return decision


ANCHORING_DAYS = 30
"""How long the HFs have to confirm anchoring; the reminders count down to it."""


async def schedule_anchoring(
    session: AsyncSession,
    reminders: Reminders,
    *,
    decision: Decision,
    network: Network,
    case: Case,
    representatives: Sequence[str],
    now: datetime,
) -> None:
    """Inside the decision's transaction: remind the pending HFs' representatives to confirm."""
    await reminders.schedule(
        session,
        subject=f"decision:{decision.id}:anchoring",
        kind="anchoring",
        network_id=network.id,
        deadline=now + timedelta(days=ANCHORING_DAYS),
        recipients=representatives,
        action={"action": "anchoring.confirm", "decision_id": decision.id},
        params={
            "network": network.name,
            "title": f"{case_label(case.number, case.year)} {case.title}",
        },
    )


class DecisionService:
    """Reads the log, takes anchoring confirmations and corrections."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        outbox: Outbox,
        reminders: Reminders,
        *,
        now: Callable[[], datetime] = system_clock,
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._outbox = outbox
        self._reminders = reminders
        self._now = now

    async def get(self, decision_id: int) -> Decision:
        """A decision by id.

        Raises:
            NotFound: no such decision.
        """
        async with self._sessions() as session:
            decision = await session.get(Decision, decision_id)
        if decision is None:
            raise NotFound(name=str(decision_id))
        return decision

    async def confirm_anchoring(
        self, actor: Actor, decision_id: int, hf_clicked: str | None = None
    ) -> AnchoringResult:
        """The actor confirms anchoring for the HF they represent in the decision's network.

        The HF is the actor's own (from their membership), never the card's; a button for
        another HF is refused. When the last HF confirms, the case's thread is told.

        Raises:
            NotFound: no such decision. NotAllowed: the actor represents no pending HF.
            AlreadyConfirmed: their HF confirmed already.
        """
        try:
            async with self._sessions.begin() as session:
                decision = await session.get(Decision, decision_id)
                if decision is None:
                    raise NotFound(name=str(decision_id))
                network = await session.get(Network, decision.network_id)
                assert network is not None
                membership = await session.scalar(
                    select(Membership).where(
                        Membership.network_id == decision.network_id,
                        Membership.aad_id == actor.aad_id,
                        Membership.active.is_(True),
                    )
                )
                hf = membership.hf if membership else None
                represents = membership is not None and can_vote(
                    membership.role, user_representatives_vote=network.user_representatives_vote
                )
                if not represents or hf is None or hf not in decision.anchoring_hfs:
                    raise NotAllowed("decision.anchoring.not_representative")
                if hf_clicked is not None and hf_clicked != hf:
                    raise NotAllowed("decision.anchoring.not_representative")
                confirmed = set(
                    await session.scalars(
                        select(AnchoringConfirmation.hf).where(
                            AnchoringConfirmation.decision_id == decision.id
                        )
                    )
                )
                if hf in confirmed:
                    raise AlreadyConfirmed(hf=HF_NAMES[HF(hf)])
                session.add(
                    AnchoringConfirmation(
                        decision_id=decision.id,
                        hf=hf,
                        confirmed_by=actor.aad_id,
                        confirmed_at=self._now(),
                    )
                )
                confirmed.add(hf)
                record(
                    session,
                    "AnchoringConfirmed",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"decision:{decision.id}",
                    hf=hf,
                )
                representatives = await session.scalars(
                    select(Membership.aad_id).where(
                        Membership.network_id == network.id, Membership.hf == hf
                    )
                )
                for representative in representatives:
                    await self._reminders.cancel(
                        session,
                        subject=f"decision:{decision.id}:anchoring",
                        recipient=representative,
                    )
                final = anchoring_state(decision.anchoring_hfs, confirmed) is Anchoring.FINAL
                case = await session.get(Case, decision.case_id) if decision.case_id else None
                if final:
                    record(
                        session,
                        "DecisionFinalised",
                        actor=actor.aad_id,
                        network_id=network.id,
                        subject=f"decision:{decision.id}",
                    )
                if final and case is not None:
                    lang: Lang = "en" if case.lang == "en" else "nb"
                    label = decision_label(decision.number, decision.year)
                    self._outbox.reply(
                        session,
                        Posted(case.service_url, case.thread_id, ""),
                        Reply(text=t("anchoring.final", lang, decision=label)),
                        subject=f"decision:{decision.id}:final",
                        network_id=network.id,
                        tenant_id=network.tenant_id,
                    )
        except IntegrityError:
            # Two representatives of one HF confirmed at once; the first one counts.
            raise AlreadyConfirmed(hf=HF_NAMES[HF(hf)] if hf else "") from None
        return AnchoringResult(decision, hf, final, pending_hfs(decision.anchoring_hfs, confirmed))

    async def amend(self, actor: Actor, decision_id: int, text: str | None) -> Decision:
        """Record a correction: a new decision that amends `decision_id`. Nothing is edited.

        Raises:
            NotFound, NotAllowed, InvalidInput.
        """
        original = await self.get(decision_id)
        await self._members.check_may_manage(actor, original.network_id)
        if not text or not text.strip() or len(text) > 4000:
            raise InvalidInput("decision.invalid.text")
        async with self._sessions.begin() as session:
            network = await session.get(Network, original.network_id)
            case = await session.get(Case, original.case_id) if original.case_id else None
            assert network is not None
            correction = await record_decision(
                session,
                network=network,
                case=case,
                text=text.strip(),
                outcome=original.outcome,
                decided_by=DecidedBy(original.decided_by),
                actor=actor.aad_id,
                stance_summary=original.stance_summary,
                anchoring_hfs=original.anchoring_hfs,
                amends_id=original.id,
                now=self._now(),
            )
            record(
                session,
                "DecisionAmended",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"decision:{original.id}",
                correction_id=correction.id,
                before={"text": original.text},
                after={"text": correction.text},
            )
        return correction

    async def entries(
        self,
        network_ids: Sequence[int] | None,
        *,
        year: int | None = None,
        outcome: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> list[LogEntry]:
        """The log, newest first, for some networks (None: all), filtered."""
        async with self._sessions() as session:
            query = select(Decision).order_by(Decision.decided_at.desc(), Decision.id.desc())
            if network_ids is not None:
                query = query.where(Decision.network_id.in_(list(network_ids)))
            decisions = (await session.scalars(query)).all()
            networks = {n.id: n for n in await session.scalars(select(Network))}
            case_ids = {d.case_id for d in decisions if d.case_id}
            cases = {
                c.id: c for c in await session.scalars(select(Case).where(Case.id.in_(case_ids)))
            }
            confirmations: dict[int, set[str]] = {}
            for confirmation in await session.scalars(
                select(AnchoringConfirmation).where(
                    AnchoringConfirmation.decision_id.in_([d.id for d in decisions])
                )
            ):
                confirmations.setdefault(confirmation.decision_id, set()).add(confirmation.hf)
        labels = {d.id: decision_label(d.number, d.year) for d in decisions}
        amended_by: dict[int, list[str]] = {}
        for d in decisions:
            if d.amends_id:
                amended_by.setdefault(d.amends_id, []).append(labels[d.id])
        result = []
        for d in decisions:
            case = cases.get(d.case_id) if d.case_id else None
            done = confirmations.get(d.id, set())
            entry = LogEntry(
                id=d.id,
                label=labels[d.id],
                decided_on=d.decided_at.astimezone(OSLO).date(),
                network=networks[d.network_id].name,
                case=f"{case_label(case.number, case.year)} {case.title}" if case else "",
                outcome=d.outcome,
                text=d.text,
                decided_by=d.decided_by,
                anchoring=anchoring_state(d.anchoring_hfs, done),
                pending=tuple(pending_hfs(d.anchoring_hfs, done)),
                amends=labels.get(d.amends_id) if d.amends_id else None,
                amended_by=tuple(sorted(amended_by.get(d.id, []))),
                in_meeting=d.meeting_id is not None,
            )
            if matches(entry, year=year, outcome=outcome, text=text):
                result.append(entry)
        return result[:limit] if limit else result
