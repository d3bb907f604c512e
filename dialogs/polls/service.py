"""Opening, voting on, closing and extending consensus polls.

Every change is one transaction with its event. Closing is claimed in the database
(`UPDATE … WHERE state = 'open'`), so the deadline job, the last vote and the secretary can race
and the poll still closes exactly once; a vote locks the poll's row before it reads the state, so
a vote and a close take turns (one lock order: poll, stances, reminders, decisions). What the
change makes the bot say — the poll's card, its updated tally, the outcome in the case's thread —
is written to the outbox in the same transaction (`dialogs/outbox.py` delivers it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import CaseState, case_label
from dialogs.decisions.rules import DecidedBy, anchoring_hfs_for
from dialogs.decisions.service import record_decision, schedule_anchoring
from dialogs.errors import DomainError, InvalidInput, NotFound
from dialogs.members.rules import can_vote
from dialogs.members.service import MemberService
from dialogs.outbox import Delivery, Outbox, Posted
from dialogs.polls import rules
from dialogs.polls.rules import Outcome, QuorumRule, StanceKind, Voter
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import (
    Case,
    Decision,
    Escalation,
    Membership,
    Network,
    OutboxMessage,
    Poll,
    PollVoter,
    Stance,
)
from storage.transactions import retrying
from storage.upsert import upsert

log = logging.getLogger(__name__)


class PollClosed(DomainError):
    """The poll has closed; votes are no longer taken."""

    key = "poll.closed"


class NotAVoter(DomainError):
    """The actor was not an eligible voter when the poll opened."""

    key = "poll.not_a_voter"


class ReasonRequired(DomainError):
    """Blocking needs a reason."""

    key = "poll.reason_required"


class PollRunning(DomainError):
    """The case already has an open poll."""

    key = "poll.already_open"


class Escalations(Protocol):
    """The escalation capability, as polls use it."""

    async def request(
        self,
        session: AsyncSession,
        *,
        network: Network,
        case: Case,
        poll: Poll | None,
        reason: str,
        actor: str,
        description: str = "",
    ) -> Escalation:
        """Record, inside the poll's transaction, that the case goes to the escalation target."""
        ...

    async def after_poll(self, poll_id: int) -> None:
        """After the commit: deliver what the settled poll escalated."""
        ...


@dataclass(frozen=True)
class PollView:
    """A poll with everything its cards show."""

    poll: Poll
    case: Case
    network: Network
    voters: Sequence[PollVoter]
    stances: dict[str, Stance]
    decision: Decision | None = None
    escalation: Escalation | None = None
    target_name: str | None = None

    @property
    def typed_voters(self) -> list[Voter]:
        """Voters as the rules take them."""
        return [Voter(v.aad_id, v.hf) for v in self.voters]

    @property
    def kinds(self) -> dict[str, StanceKind]:
        """Each voter's current stance."""
        return {voter: StanceKind(s.stance) for voter, s in self.stances.items()}

    @property
    def label(self) -> str:
        """The case number, `7/2026`."""
        return case_label(self.case.number, self.case.year)


@dataclass(frozen=True)
class VoteResult:
    """What a vote did."""

    view: PollView
    previous: str | None
    closed: bool


class PollService:
    """The consensus poll's life: open, vote, close, extend."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        outbox: Outbox,
        reminders: Reminders,
        render: PollRenderer,
        *,
        now: Callable[[], datetime] = system_clock,
        escalations: Escalations | None = None,
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._outbox = outbox
        self._reminders = reminders
        self._render = render
        self._now = now
        self._escalations = escalations
        outbox.on("poll.card_posted", self._card_posted)

    async def check_may_open(self, actor: Actor, network_id: int) -> None:
        """Refuse, before any form or prompt, whoever may not open polls in the network.

        Raises:
            NotAllowed: the actor does not manage the network.
        """
        await self._members.check_may_manage(actor, network_id)

    async def proposed_deadline(self, actor: Actor, case: Case) -> datetime:
        """The deadline the poll form proposes (seven days ahead, on a working day), for those
        who may open a poll on the case: others are refused before they fill in the form.

        Raises:
            NotAllowed.
        """
        await self.check_may_open(actor, case.network_id)
        return rules.default_deadline(self._now())

    async def open(
        self, actor: Actor, case: Case, deadline: datetime | None
    ) -> tuple[PollView, bool]:
        """Open a poll on `case` and post its card in the case's thread.

        Returns the view and whether the deadline moved off a weekend or holiday.

        Raises:
            NotAllowed, InvalidInput (deadline in the past, nobody can vote), PollRunning.
        """
        await self._members.check_may_manage(actor, case.network_id)
        now = self._now()
        try:
            when, moved = rules.effective_deadline(deadline or rules.default_deadline(now), now)
        except ValueError:
            raise InvalidInput("poll.invalid.deadline_past") from None
        async with self._sessions.begin() as session:
            network = await session.get(Network, case.network_id)
            attached = await session.get(Case, case.id)
            assert network is not None
            assert attached is not None
            running = await session.scalar(
                select(Poll.id).where(Poll.case_id == case.id, Poll.state == "open")
            )
            if running is not None:
                raise PollRunning(case=case_label(case.number, case.year))
            members = await session.scalars(
                select(Membership).where(
                    Membership.network_id == network.id, Membership.active.is_(True)
                )
            )
            eligible = [
                m
                for m in members
                if can_vote(m.role, user_representatives_vote=network.user_representatives_vote)
            ]
            if not eligible:
                raise InvalidInput("poll.invalid.no_voters")
            poll = Poll(
                case_id=case.id,
                network_id=network.id,
                quorum_rule=network.quorum_rule,
                deadline=when,
                deadline_moved=moved,
                opened_at=now,
                opened_by=actor.aad_id,
            )
            session.add(poll)
            await session.flush()
            for member in eligible:
                session.add(
                    PollVoter(
                        poll_id=poll.id,
                        aad_id=member.aad_id,
                        teams_id=member.teams_id,
                        name=member.name,
                        hf=member.hf,
                    )
                )
            attached.state = CaseState.POLLING.value
            record(
                session,
                "PollOpened",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"poll:{poll.id}",
                case_id=case.id,
                deadline=when.isoformat(),
                deadline_moved=moved,
                voters=[m.aad_id for m in eligible],
                quorum_rule=poll.quorum_rule,
            )
            await self._schedule_reminders(
                session, poll, attached, network, [m.aad_id for m in eligible]
            )
            view = await _view(session, poll.id)
            self._outbox.reply(
                session,
                Posted(case.service_url, case.thread_id, ""),
                Reply(card=self._render.shared(view)),
                subject=_card_subject(poll.id),
                network_id=network.id,
                tenant_id=network.tenant_id,
                then={"hook": "poll.card_posted", "poll_id": poll.id},
            )
        return view, moved

    async def vote(
        self, actor: Actor, poll_id: int, stance: StanceKind, reason: str | None
    ) -> VoteResult:
        """Record the actor's stance (the last one counts) and update the channel's tally; the
        last eligible vote closes the poll in the same transaction.

        A vote answered as accepted is counted in the outcome; a vote that comes after the close
        is refused with nothing stored: the vote locks the poll's row before it reads the state,
        and every closer changes that row first, so votes and closes take turns.

        Raises:
            NotFound, PollClosed, NotAVoter, ReasonRequired, InvalidInput (reason too long).
        """
        # Whoever may not vote hears so first, not after being asked to write a reason.
        await self._check_may_vote(actor, poll_id)
        reason = (reason or "").strip() or None
        if stance in rules.REASON_REQUIRED and not reason:
            raise ReasonRequired()
        if reason and len(reason) > 2000:
            raise InvalidInput("poll.invalid.reason")
        previous, closed = await retrying(
            lambda: self._vote(actor, poll_id, stance, reason), what=f"vote on poll {poll_id}"
        )
        if closed:
            await self._followup(poll_id)
        return VoteResult(await self.view(poll_id), previous, closed)

    async def _check_may_vote(self, actor: Actor, poll_id: int) -> None:
        """Raises NotFound, PollClosed or NotAVoter, as the vote's transaction would again."""
        async with self._sessions() as session:
            state = await session.scalar(select(Poll.state).where(Poll.id == poll_id))
            if state is None:
                raise NotFound(name=str(poll_id))
            if state != "open":
                raise PollClosed()
            voter = await session.scalar(
                select(PollVoter.id).where(
                    PollVoter.poll_id == poll_id, PollVoter.aad_id == actor.aad_id
                )
            )
        if voter is None:
            raise NotAVoter()

    async def _vote(
        self, actor: Actor, poll_id: int, stance: StanceKind, reason: str | None
    ) -> tuple[str | None, bool]:
        """One vote's transaction; returns the previous stance and whether it closed the poll."""
        now = self._now()
        async with self._sessions.begin() as session:
            poll = await session.scalar(
                select(Poll)
                .where(Poll.id == poll_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if poll is None:
                raise NotFound(name=str(poll_id))
            if poll.state != "open":
                raise PollClosed()
            voter = await session.scalar(
                select(PollVoter).where(
                    PollVoter.poll_id == poll_id, PollVoter.aad_id == actor.aad_id
                )
            )
            if voter is None:
                raise NotAVoter()
            previous = await session.scalar(
                select(Stance.stance).where(
                    Stance.poll_id == poll_id, Stance.aad_id == actor.aad_id
                )
            )
            await upsert(
                session,
                Stance,
                {
                    "poll_id": poll_id,
                    "aad_id": actor.aad_id,
                    "stance": stance.value,
                    "reason": reason,
                    "cast_at": now,
                },
                keys=("poll_id", "aad_id"),
                update=("stance", "reason", "cast_at"),
            )
            record(
                session,
                "StanceCast",
                actor=actor.aad_id,
                network_id=poll.network_id,
                subject=f"poll:{poll_id}",
                before={"stance": previous},
                after={"stance": stance.value, "reason": reason},
            )
            await self._reminders.cancel(session, subject=f"poll:{poll_id}", recipient=actor.aad_id)
            voters = set(
                await session.scalars(select(PollVoter.aad_id).where(PollVoter.poll_id == poll_id))
            )
            voted = set(
                await session.scalars(select(Stance.aad_id).where(Stance.poll_id == poll_id))
            )
            if not rules.everyone_voted([Voter(v, None) for v in voters], voted):
                await self._update_card(session, poll_id)
                return previous, False
            closed = await self._claim_close(session, poll_id, "all_voted", "system", now)
            return previous, closed

    async def close(
        self, actor: Actor | None, poll_id: int, reason: str, *, expected_round: int | None = None
    ) -> bool:
        """Close the poll if it is still open; returns whether this call closed it.

        The claim is one conditional UPDATE: of racing closers exactly one sees a row change.

        Raises:
            NotFound; NotAllowed when a person closes a poll of a network they do not manage.
        """
        if actor is not None:
            poll = await self._poll(poll_id)
            await self._members.check_may_manage(actor, poll.network_id)
        who = actor.aad_id if actor else "system"

        async def attempt() -> bool:
            async with self._sessions.begin() as session:
                return await self._claim_close(
                    session, poll_id, reason, who, self._now(), expected_round
                )

        if not await retrying(attempt, what=f"close poll {poll_id}"):
            return False
        await self._followup(poll_id)
        return True

    async def _claim_close(
        self,
        session: AsyncSession,
        poll_id: int,
        reason: str,
        who: str,
        now: datetime,
        expected_round: int | None = None,
    ) -> bool:
        """Inside a transaction: close the poll if it is open, and settle its outcome.

        The conditional UPDATE is the transaction's first write to the poll's row (a vote locks
        the same row first), so one lock order holds: poll, then stances, reminders, decisions.
        """
        claim = update(Poll).where(Poll.id == poll_id, Poll.state == "open")
        if expected_round is not None:
            claim = claim.where(Poll.round == expected_round)
        claimed = await session.execute(
            claim.values(state="closed", closed_at=now, closed_by=who, close_reason=reason)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self._settle(session, poll_id, who, now)
        await self._update_card(session, poll_id)
        view = await _view(session, poll_id)
        await self._thread_note(session, view, self._render.outcome(view), "outcome")
        await session.execute(update(Poll).where(Poll.id == poll_id).values(announced_at=now))
        return True

    async def close_due(self) -> int:
        """The deadline job: close polls past their deadline, and deliver what that says."""
        now = self._now()
        async with self._sessions() as session:
            due = (
                await session.scalars(
                    select(Poll.id).where(Poll.state == "open", Poll.deadline <= now)
                )
            ).all()
        closed = 0
        for poll_id in due:
            closed += await self.close(None, poll_id, "deadline")
        if closed:
            await self._outbox.flush()
        return closed

    async def extend(
        self, actor: Actor, poll_id: int, deadline: datetime | None
    ) -> tuple[PollView, bool]:
        """Reopen an inconclusive poll with a new deadline; stances cast so far stand.

        Raises:
            NotAllowed, InvalidInput (not inconclusive, deadline in the past).
        """
        poll = await self._poll(poll_id)
        await self._members.check_may_manage(actor, poll.network_id)
        now = self._now()
        try:
            when, moved = rules.effective_deadline(deadline or rules.default_deadline(now), now)
        except ValueError:
            raise InvalidInput("poll.invalid.deadline_past") from None
        async with self._sessions.begin() as session:
            reopened = await session.execute(
                update(Poll)
                .where(
                    Poll.id == poll_id,
                    Poll.state == "closed",
                    Poll.outcome == Outcome.INCONCLUSIVE.value,
                )
                .values(
                    state="open",
                    round=Poll.round + 1,
                    deadline=when,
                    deadline_moved=moved,
                    closed_at=None,
                    closed_by=None,
                    close_reason=None,
                    outcome=None,
                )
            )
            if reopened.rowcount != 1:  # type: ignore[attr-defined]
                raise InvalidInput("poll.invalid.not_inconclusive")
            reopened_poll = await session.get(Poll, poll_id)
            assert reopened_poll is not None
            poll = reopened_poll
            case = await session.get(Case, poll.case_id)
            network = await session.get(Network, poll.network_id)
            assert case is not None
            assert network is not None
            case.state = CaseState.POLLING.value
            voted = set(
                await session.scalars(select(Stance.aad_id).where(Stance.poll_id == poll_id))
            )
            voters = [
                v
                for v in await session.scalars(
                    select(PollVoter.aad_id).where(PollVoter.poll_id == poll_id)
                )
                if v not in voted
            ]
            record(
                session,
                "PollExtended",
                actor=actor.aad_id,
                network_id=poll.network_id,
                subject=f"poll:{poll_id}",
                deadline=when.isoformat(),
                round=poll.round,
            )
            await self._schedule_reminders(session, poll, case, network, voters)
            await self._update_card(session, poll_id)
            view = await _view(session, poll_id)
            await self._thread_note(session, view, self._render.extended(view), "extended")
        return view, moved

    async def escalate_inconclusive(self, actor: Actor, poll_id: int) -> PollView:
        """The secretary sends an inconclusive poll's case to the escalation target.

        Raises:
            NotAllowed, InvalidInput (not inconclusive).
        """
        poll = await self._poll(poll_id)
        await self._members.check_may_manage(actor, poll.network_id)
        if poll.outcome != Outcome.INCONCLUSIVE.value:
            raise InvalidInput("poll.invalid.not_inconclusive")
        async with self._sessions.begin() as session:
            network = await session.get(Network, poll.network_id)
            case = await session.get(Case, poll.case_id)
            attached = await session.get(Poll, poll_id)
            assert network is not None
            assert case is not None
            assert attached is not None
            await self._escalations_port().request(
                session,
                network=network,
                case=case,
                poll=attached,
                reason="inconclusive",
                actor=actor.aad_id,
            )
            view = await _view(session, poll_id)
            await self._thread_note(session, view, self._render.escalated(view), "escalated")
        await self._followup(poll_id)
        return await self.view(poll_id)

    async def view(self, poll_id: int) -> PollView:
        """Everything the poll's cards show.

        Raises:
            NotFound.
        """
        async with self._sessions() as session:
            return await _view(session, poll_id)

    async def _update_card(self, session: AsyncSession, poll_id: int) -> None:
        """Inside the change's transaction: the channel's card, as the change leaves it.

        Updates coalesce in the outbox (the latest wins); before the card itself is posted the
        update waits for it.
        """
        poll = await session.get(Poll, poll_id)
        assert poll is not None
        of: Posted | OutboxMessage | None
        if poll.card_activity_id and poll.card_conversation_id:
            case = await session.get(Case, poll.case_id)
            assert case is not None
            of = Posted(case.service_url, poll.card_conversation_id, poll.card_activity_id)
        else:
            of = await session.scalar(
                select(OutboxMessage)
                .where(
                    OutboxMessage.subject == _card_subject(poll_id),
                    OutboxMessage.kind == "reply",
                )
                .order_by(OutboxMessage.id.desc())
                .limit(1)
            )
        if of is None:
            return
        view = await _view(session, poll_id)
        await self._outbox.update(
            session,
            of,
            Reply(card=self._render.shared(view)),
            key=_card_subject(poll_id),
            subject=_card_subject(poll_id),
            network_id=view.network.id,
            tenant_id=view.network.tenant_id,
        )

    async def _card_posted(self, session: AsyncSession, delivery: Delivery) -> None:
        """The outbox posted a poll's card: remember where, for later updates."""
        then = delivery.message.then or {}
        if delivery.state != "sent" or delivery.posted is None:
            log.warning(
                "the card of poll %s was not posted (%s)", then.get("poll_id"), delivery.state
            )
            return
        await session.execute(
            update(Poll)
            .where(Poll.id == int(then["poll_id"]))
            .values(
                card_conversation_id=delivery.posted.conversation_id,
                card_activity_id=delivery.posted.activity_id,
            )
        )

    async def _settle(self, session: AsyncSession, poll_id: int, who: str, now: datetime) -> None:
        """Inside the closing transaction: compute the outcome and record what follows from it."""
        poll = await session.get(Poll, poll_id)
        assert poll is not None
        case = await session.get(Case, poll.case_id)
        network = await session.get(Network, poll.network_id)
        assert case is not None
        assert network is not None
        voters = [
            Voter(v.aad_id, v.hf)
            for v in await session.scalars(select(PollVoter).where(PollVoter.poll_id == poll_id))
        ]
        stances = {
            s.aad_id: s
            for s in await session.scalars(select(Stance).where(Stance.poll_id == poll_id))
        }
        kinds = {aad: StanceKind(s.stance) for aad, s in stances.items()}
        result = rules.outcome(kinds, voters, QuorumRule(poll.quorum_rule))
        poll.outcome = result.value
        summary = {
            "tally": {k.value: n for k, n in rules.tally(kinds).items()},
            "voters": len(voters),
            "stances": {
                aad: {"stance": s.stance, "reason": s.reason} for aad, s in stances.items()
            },
        }
        record(
            session,
            "PollClosed",
            actor=who,
            network_id=network.id,
            subject=f"poll:{poll_id}",
            outcome=result.value,
            reason=poll.close_reason,
            round=poll.round,
            tally=summary["tally"],
        )
        await self._reminders.cancel(session, subject=f"poll:{poll_id}")
        text = case.proposal or case.title
        if result is Outcome.CONSENSUS:
            hfs = anchoring_hfs_for(case.needs_anchoring, (v.hf for v in voters))
            decision = await record_decision(
                session,
                network=network,
                case=case,
                text=text,
                outcome=result.value,
                decided_by=DecidedBy.NETWORK,
                actor=who,
                poll_id=poll_id,
                stance_summary=summary,
                anchoring_hfs=hfs,
                now=now,
            )
            case.state = CaseState.DECIDED.value
            if hfs:
                await schedule_anchoring(
                    session,
                    self._reminders,
                    decision=decision,
                    network=network,
                    case=case,
                    representatives=[v.aad_id for v in voters if v.hf in hfs],
                    now=now,
                )
        elif result is Outcome.NO_CONSENSUS:
            escalated = await self._escalations_port().request(
                session,
                network=network,
                case=case,
                poll=poll,
                reason="no_consensus",
                actor=who,
            )
            await record_decision(
                session,
                network=network,
                case=case,
                text=text,
                outcome=result.value,
                decided_by=DecidedBy.NETWORK,
                actor=who,
                poll_id=poll_id,
                stance_summary=summary,
                escalation_id=escalated.id,
                now=now,
            )
        else:
            case.state = CaseState.OPEN.value

    async def _schedule_reminders(
        self,
        session: AsyncSession,
        poll: Poll,
        case: Case,
        network: Network,
        recipients: Sequence[str],
    ) -> None:
        await self._reminders.schedule(
            session,
            subject=f"poll:{poll.id}",
            kind="poll_vote",
            network_id=network.id,
            deadline=poll.deadline,
            recipients=recipients,
            action={"action": "poll.refresh", "poll_id": poll.id},
            params={
                "network": network.name,
                "title": f"{case_label(case.number, case.year)} {case.title}",
            },
        )

    def _escalations_port(self) -> Escalations:
        if self._escalations is None:
            raise RuntimeError("PollService was built without an escalation service")
        return self._escalations

    async def _followup(self, poll_id: int) -> None:
        """Hand a settled poll to the escalation service (delivery). A failure there is logged:
        the poll stays closed, and the escalation job retries the delivery."""
        if self._escalations is None:
            return
        try:
            await self._escalations.after_poll(poll_id)
        except Exception:
            log.exception("follow-up of poll %s failed; the job will retry", poll_id)

    async def _thread_note(
        self, session: AsyncSession, view: PollView, reply: Reply, what: str
    ) -> None:
        self._outbox.reply(
            session,
            Posted(view.case.service_url, view.case.thread_id, ""),
            reply,
            subject=f"poll:{view.poll.id}:{what}",
            network_id=view.network.id,
            tenant_id=view.network.tenant_id,
        )

    async def _poll(self, poll_id: int) -> Poll:
        async with self._sessions() as session:
            poll = await session.get(Poll, poll_id)
        if poll is None:
            raise NotFound(name=str(poll_id))
        return poll


class PollRenderer(Protocol):
    """The cards and notes a poll posts by itself (built in `dialogs.polls.cards`)."""

    def shared(self, view: PollView) -> Any:
        """The channel's card: tally, who said what, the stance buttons."""
        ...

    def outcome(self, view: PollView) -> Reply:
        """The note in the case's thread when the poll closes."""
        ...

    def extended(self, view: PollView) -> Reply:
        """The note when an inconclusive poll is extended."""
        ...

    def escalated(self, view: PollView) -> Reply:
        """The note when the secretary escalates an inconclusive poll."""
        ...


def _card_subject(poll_id: int) -> str:
    return f"poll:{poll_id}:card"


async def _view(session: AsyncSession, poll_id: int) -> PollView:
    """Everything the poll's cards show, as `session` sees it (inside a change, the change too).

    Raises:
        NotFound.
    """
    poll = await session.get(Poll, poll_id, populate_existing=True)
    if poll is None:
        raise NotFound(name=str(poll_id))
    case = await session.get(Case, poll.case_id)
    network = await session.get(Network, poll.network_id)
    assert case is not None
    assert network is not None
    voters = (
        await session.scalars(
            select(PollVoter).where(PollVoter.poll_id == poll_id).order_by(PollVoter.name)
        )
    ).all()
    stances = {
        s.aad_id: s
        for s in await session.scalars(
            select(Stance)
            .where(Stance.poll_id == poll_id)
            .execution_options(populate_existing=True)
        )
    }
    decision = await session.scalar(select(Decision).where(Decision.poll_id == poll_id))
    escalated = await session.scalar(select(Escalation).where(Escalation.poll_id == poll_id))
    target = (
        await session.get(Network, escalated.target_network_id)
        if escalated and escalated.target_network_id
        else None
    )
    return PollView(
        poll, case, network, voters, stances, decision, escalated, target.name if target else None
    )
