"""Escalations: requested when a poll fails (or by the secretary), delivered once to the target
network, decided there, and the decision flowing back to the originating thread.

Exactly once. An escalation is created once per failed poll (`escalations.poll_id` is unique).
Delivery is *claimed* in the database: one conditional
`UPDATE … SET state='delivering' WHERE id=:id AND state IN ('requested','not_delivered')`, so the
poll's closer, the secretary and the job on several instances can race and exactly one claims;
in the same transaction the card goes into the outbox (`dialogs/outbox.py`), which delivers it
once, honouring Teams' throttling. The outbox tells the `escalation.posted` hook what became of
it: posted → `delivered`; refused for good → `not_delivered` (the job claims it again later);
lost in a crash mid-attempt → `uncertain`, never re-posted, because a duplicate card in the
director channel is worse than a visible "delivery uncertain". A decision is claimed the same way
(`delivered → decided`), so it is recorded once.

Targets. The director network gets an escalation card on which a director decides. A council's or
working group's target is its parent network: there the case becomes a new case of the parent's,
polled by the parent; if that poll fails too, it escalates on to the parent's own target, and the
final answer comes back to the council's thread through `parent_case_id`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import CaseState, case_label, numbering_year, parse_label
from dialogs.decisions.rules import DecidedBy, decision_label
from dialogs.decisions.service import record_decision
from dialogs.errors import DomainError, InvalidInput, NotAllowed, NotFound
from dialogs.escalation import messages as _messages  # noqa: F401  (registers texts)
from dialogs.escalation import rules
from dialogs.escalation.rules import Reason, State, Verdict
from dialogs.i18n import Lang, t, when
from dialogs.members.rules import HF, HF_NAMES, Role
from dialogs.members.service import MemberService
from dialogs.networks import messages as _network_messages  # noqa: F401  (network kinds)
from dialogs.networks.rules import Kind
from dialogs.outbox import ChannelAddress, Delivery, Outbox, Posted
from dialogs.polls import messages as _poll_messages  # noqa: F401  (stance names)
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Place, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import (
    Case,
    Decision,
    Escalation,
    Event,
    Membership,
    Network,
    Poll,
    PollVoter,
    Stance,
)
from storage.numbering import next_number

log = logging.getLogger(__name__)


class NotADirector(NotAllowed):
    """Only an active director of the director network records its decision."""

    key = "escalation.not_director"


class AlreadyDecided(DomainError):
    """The escalation has its decision already."""

    key = "escalation.already_decided"


class NotDeliveredYet(DomainError):
    """The escalation has not reached the directors, so there is nothing to decide yet."""

    key = "escalation.not_delivered_yet"


class AlreadyEscalated(DomainError):
    """The case has an escalation that is not decided yet."""

    key = "escalation.already_escalated"


@dataclass(frozen=True)
class StanceLine:
    """One voter's stance as the escalation shows it."""

    name: str
    hf: str | None
    stance: str
    reason: str | None


@dataclass(frozen=True)
class EscalationView:
    """An escalation with everything its cards and notes show."""

    escalation: Escalation
    network: Network
    target: Network | None
    case: Case | None
    stances: Sequence[StanceLine]
    parent_case: Case | None = None
    requested_in: Lang = "nb"
    """The language a composition dispute was raised in."""

    @property
    def lang(self) -> Lang:
        """The language of the originating case, or the one a composition dispute was raised in."""
        if self.case is None:
            return self.requested_in
        return "en" if self.case.lang == "en" else "nb"

    @property
    def label(self) -> str:
        """The case number, `7/2026`, or "" for a composition dispute."""
        return case_label(self.case.number, self.case.year) if self.case else ""

    @property
    def to_directors(self) -> bool:
        """Whether the target is the director network (a card to decide on)."""
        return self.target is not None and self.target.kind == Kind.DIRECTOR


class EscalationRenderer(Protocol):
    """What an escalation posts by itself (built in `dialogs.escalation.cards`)."""

    def shared(self, view: EscalationView) -> Any:
        """The card in the director channel (decision form, or the decision once recorded)."""
        ...

    def parent_case(self, view: EscalationView, case: Case) -> Reply:
        """The new case's first message in the parent network's channel."""
        ...


class EscalationService:
    """Delivery, the director decision, the council → parent hand-over, and the listing."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        outbox: Outbox,
        reminders: Reminders,
        render: EscalationRenderer,
        *,
        now: Callable[[], datetime] = system_clock,
        retry_interval: timedelta = timedelta(minutes=2),
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._outbox = outbox
        self._reminders = reminders
        self._render = render
        self._now = now
        self._retry_interval = retry_interval
        outbox.on("escalation.posted", self._posted)

    # -- requests ---------------------------------------------------------------------------

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
        """Record that `case` goes to the network's escalation target; once per failed poll.

        Runs inside the caller's transaction; the unique poll id makes a retried close harmless.
        Delivery follows after the commit (`EscalationService.deliver`).
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
            state=State.REQUESTED.value,
            thread_service_url=case.service_url,
            thread_id=case.thread_id,
            attempts=0,
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

    async def check_may_escalate(self, actor: Actor, network: Network) -> None:
        """Refuse, before any prompt, whoever may not escalate from the network.

        Raises:
            NotAllowed: the actor does not manage the network.
        """
        await self._members.check_may_manage(actor, network.id)

    async def escalate_case(self, actor: Actor, network: Network, label: str) -> EscalationView:
        """`escalate 7/2026`: the secretary sends an open case to the escalation target.

        Raises:
            NotAllowed, InvalidInput (not a case number; the director network; a case that is
            being polled or decided), NotFound, AlreadyEscalated.
        """
        await self.check_may_escalate(actor, network)
        if network.kind == Kind.DIRECTOR:
            raise InvalidInput("escalation.director_network")
        number, year = parse_label(label)
        async with self._sessions.begin() as session:
            attached = await session.get(Network, network.id)
            assert attached is not None
            case = await session.scalar(
                select(Case).where(
                    Case.network_id == network.id, Case.year == year, Case.number == number
                )
            )
            if case is None:
                raise NotFound(name=label.strip())
            shown = case_label(case.number, case.year)
            pending = await session.scalar(
                select(Escalation.id).where(
                    Escalation.case_id == case.id, Escalation.state.in_(rules.PENDING)
                )
            )
            if pending is not None or case.state == CaseState.ESCALATED:
                raise AlreadyEscalated(label=shown)
            if case.state != CaseState.OPEN:
                raise InvalidInput(
                    "escalation.case_not_open",
                    label=shown,
                    state=t(f"case_state.{case.state}", _lang_of(case)),
                )
            escalation = await self.request(
                session,
                network=attached,
                case=case,
                poll=None,
                reason=Reason.SECRETARY.value,
                actor=actor.aad_id,
            )
        await self.deliver(escalation.id)
        return await self.view(escalation.id)

    async def escalate_composition(
        self,
        actor: Actor,
        network: Network,
        place: Place,
        description: str | None,
        *,
        lang: Lang = "nb",
    ) -> EscalationView:
        """`escalate composition <description>`: a composition dispute goes to the director
        network (which settles composition for every network), answered in this thread.

        Raises:
            NotAllowed, InvalidInput (description; the director network itself).
        """
        await self.check_may_escalate(actor, network)
        if network.kind == Kind.DIRECTOR:
            raise InvalidInput("escalation.director_network")
        text = rules.validate_description(description)
        async with self._sessions.begin() as session:
            director = await session.scalar(
                select(Network.id).where(Network.kind == Kind.DIRECTOR.value)
            )
            escalation = Escalation(
                case_id=None,
                poll_id=None,
                network_id=network.id,
                target_network_id=director,
                reason=Reason.COMPOSITION.value,
                description=text,
                requested_by=actor.aad_id,
                requested_at=self._now(),
                state=State.REQUESTED.value,
                thread_service_url=place.service_url,
                thread_id=place.conversation_id,
                attempts=0,
            )
            session.add(escalation)
            await session.flush()
            record(
                session,
                "CompositionEscalated",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"escalation:{escalation.id}",
                target_network_id=director,
                description=text,
                lang=lang,
            )
        await self.deliver(escalation.id)
        return await self.view(escalation.id)

    async def after_poll(self, poll_id: int) -> None:
        """Called by the polls capability after a poll closed or was escalated: deliver its
        escalation, and if it settled a case a council escalated here, answer the council."""
        async with self._sessions() as session:
            poll = await session.get(Poll, poll_id)
            if poll is None:
                return
            escalation_id = await session.scalar(
                select(Escalation.id).where(Escalation.poll_id == poll_id)
            )
            decision = await session.scalar(
                select(Decision).where(Decision.poll_id == poll_id, Decision.outcome == "consensus")
            )
            linked = (
                (
                    await session.scalars(
                        select(Escalation.id).where(
                            Escalation.parent_case_id == poll.case_id,
                            Escalation.state == State.DELIVERED.value,
                        )
                    )
                ).all()
                if decision is not None
                else []
            )
        if escalation_id is not None:
            await self.deliver(escalation_id)
        if decision is not None:
            for council_escalation in linked:
                await self._answer_council(council_escalation, decision)

    # -- delivery ---------------------------------------------------------------------------

    async def deliver(self, escalation_id: int) -> bool:
        """Claim the escalation for delivery and put its card in the outbox, once; returns
        whether this call claimed it.

        Without a target (no director network yet) it stays `requested` and the originating
        thread is told so; the job delivers it once a director network is registered.
        """
        now = self._now()
        async with self._sessions.begin() as session:
            escalation = await session.get(Escalation, escalation_id)
            if escalation is None:
                raise NotFound(name=str(escalation_id))
            target = (
                await session.get(Network, escalation.target_network_id)
                if escalation.target_network_id
                else None
            )
            if target is None:
                if escalation.state == State.REQUESTED:
                    view = await _view(session, escalation)
                    if await self._first_wait(session, view):
                        secretaries = await _secretaries(session, view.network.id)
                        self._note(
                            session,
                            view,
                            _addressed(secretaries, "escalation.thread.no_director", view.lang),
                            mentions=secretaries,
                        )
                return False
            to_directors = target.kind == Kind.DIRECTOR
            deadline, moved = rules.decision_deadline(now)
            claimed = await session.execute(
                update(Escalation)
                .where(
                    Escalation.id == escalation_id,
                    Escalation.state.in_(rules.CLAIMABLE),
                    Escalation.target_network_id.is_not(None),
                )
                .values(
                    state=State.DELIVERING.value,
                    claimed_at=now,
                    attempts=Escalation.attempts + 1,
                    deadline=deadline,
                    deadline_moved=moved,
                )
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return False
            await session.refresh(escalation)
            view = await _view(session, escalation)
            if to_directors:
                reply = Reply(card=self._render.shared(view))
            else:
                reply = self._render.parent_case(
                    view, await self._parent_case(session, view, target)
                )
            self._outbox.post(
                session,
                _address(target),
                reply,
                subject=f"escalation:{escalation_id}",
                network_id=target.id,
                then={"hook": "escalation.posted", "escalation_id": escalation_id},
            )
        return True

    async def _first_wait(self, session: AsyncSession, view: EscalationView) -> bool:
        """Record that the escalation waits for a target; False if that was recorded before."""
        subject = f"escalation:{view.escalation.id}"
        told = await session.scalar(
            select(Event.id).where(
                Event.subject == subject, Event.kind == "EscalationAwaitingTarget"
            )
        )
        if told is not None:
            return False
        record(
            session,
            "EscalationAwaitingTarget",
            actor="system",
            network_id=view.network.id,
            subject=subject,
            reason=view.escalation.reason,
        )
        return True

    async def deliver_due(self) -> int:
        """The job: re-target escalations that were waiting for a director network, and hand
        what is due to the outbox. Returns how many were handed over."""
        now = self._now()
        async with self._sessions.begin() as session:
            director = await session.scalar(
                select(Network.id).where(Network.kind == Kind.DIRECTOR.value)
            )
            waiting = (
                await session.scalars(
                    select(Escalation).where(
                        Escalation.target_network_id.is_(None),
                        Escalation.state == State.REQUESTED.value,
                    )
                )
            ).all()
            for escalation in waiting:
                network = await session.get(Network, escalation.network_id)
                assert network is not None
                target = (
                    director
                    if escalation.reason == Reason.COMPOSITION
                    else network.escalation_target_id
                )
                if target is not None:
                    escalation.target_network_id = target
                    record(
                        session,
                        "EscalationRetargeted",
                        actor="system",
                        network_id=network.id,
                        subject=f"escalation:{escalation.id}",
                        target_network_id=target,
                    )
        async with self._sessions() as session:
            due = (
                await session.scalars(
                    select(Escalation.id)
                    .where(
                        Escalation.target_network_id.is_not(None),
                        or_(
                            Escalation.state == State.REQUESTED.value,
                            (Escalation.state == State.NOT_DELIVERED.value)
                            & (Escalation.next_attempt_at <= now),
                        ),
                    )
                    .order_by(Escalation.id)
                )
            ).all()
        delivered = 0
        for escalation_id in due:
            delivered += await self.deliver(escalation_id)
        if delivered:
            await self._outbox.flush()
        return delivered

    async def director_network_registered(self, network: Network, lang: Lang) -> int:
        """Called once the director network is registered: deliver at once what waited for it
        (the job would, within its interval), and if escalations now wait there while nobody
        has the director role, ask its secretary, once, to name the directors.

        Safe to call again: delivery is claimed and the request is recorded as an event.
        Returns how many escalations were handed over.
        """
        delivered = await self.deliver_due()
        if network.kind != Kind.DIRECTOR:
            return delivered
        subject = f"network:{network.id}:directors"
        async with self._sessions.begin() as session:
            waiting = (
                await session.scalars(
                    select(Escalation.id).where(
                        Escalation.target_network_id == network.id,
                        Escalation.state.in_(rules.PENDING),
                    )
                )
            ).all()
            if not waiting or await _directors(session, network.id):
                return delivered
            asked = await session.scalar(
                select(Event.id).where(Event.subject == subject, Event.kind == "DirectorsRequested")
            )
            if asked is not None:
                return delivered
            secretaries = await _secretaries(session, network.id)
            record(
                session,
                "DirectorsRequested",
                actor="system",
                network_id=network.id,
                subject=subject,
                waiting=len(waiting),
            )
            self._outbox.post(
                session,
                _address(network),
                Reply(
                    text=_addressed(
                        secretaries, "escalation.directors_missing", lang, count=len(waiting)
                    ),
                    mentions=secretaries,
                ),
                subject=subject,
                network_id=network.id,
            )
        await self._outbox.flush()
        return delivered

    async def _parent_case(
        self, session: AsyncSession, view: EscalationView, target: Network
    ) -> Case:
        """The council's case as a case of the parent's (created once, remembered in
        `parent_case_id`, so a failed post is retried with the same case and number)."""
        case = view.case
        assert case is not None
        escalation = view.escalation
        parent = (
            await session.get(Case, escalation.parent_case_id)
            if escalation.parent_case_id
            else None
        )
        if parent is not None:
            return parent
        year = numbering_year(self._now())
        parent = Case(
            network_id=target.id,
            year=year,
            number=await next_number(session, Case, target.id, year),
            title=case.title,
            description=_parent_description(view)[:4000],
            proposal=case.proposal,
            case_type=case.case_type,
            user_participation=case.user_participation,
            needs_anchoring=case.needs_anchoring,
            state=CaseState.OPEN.value,
            service_url=target.service_url,
            thread_id="",
            lang=case.lang,
            created_at=self._now(),
            created_by=escalation.requested_by,
        )
        session.add(parent)
        await session.flush()
        escalation.parent_case_id = parent.id
        record(
            session,
            "CaseOpened",
            actor="system",
            network_id=target.id,
            subject=f"case:{parent.id}",
            number=case_label(parent.number, parent.year),
            title=parent.title,
            type=parent.case_type,
            needs_anchoring=parent.needs_anchoring,
            escalation_id=escalation.id,
            escalated_from_case_id=case.id,
        )
        return parent

    async def _posted(self, session: AsyncSession, delivery: Delivery) -> None:
        """The outbox's word on an escalation card, inside its transaction."""
        escalation_id = int((delivery.message.then or {})["escalation_id"])
        escalation = await session.get(Escalation, escalation_id, populate_existing=True)
        assert escalation is not None
        if delivery.state == "sent" and delivery.posted is not None:
            await self._delivered(session, escalation, delivery.posted)
        elif delivery.state == "uncertain":
            escalation.state = State.UNCERTAIN.value
            record(
                session,
                "EscalationDeliveryUncertain",
                actor="system",
                network_id=escalation.network_id,
                subject=f"escalation:{escalation.id}",
                message_id=delivery.message.id,
            )
        else:
            await self._failed(session, escalation, delivery.error or "refused")

    async def _delivered(
        self, session: AsyncSession, escalation: Escalation, posted: Posted
    ) -> None:
        now = self._now()
        if escalation.state not in (State.DELIVERING.value, State.UNCERTAIN.value):
            log.warning("escalation %s was delivered but its claim changed", escalation.id)
            return
        escalation.state = State.DELIVERED.value
        escalation.conversation_id = posted.conversation_id
        escalation.activity_id = posted.activity_id
        escalation.delivered_at = now
        escalation.last_error = None
        escalation.next_attempt_at = None
        view = await _view(session, escalation)
        target = view.target
        assert target is not None
        record(
            session,
            "EscalationDelivered",
            actor="system",
            network_id=view.network.id,
            subject=f"escalation:{escalation.id}",
            target_network_id=target.id,
            conversation_id=posted.conversation_id,
            activity_id=posted.activity_id,
            attempts=escalation.attempts,
        )
        lang = view.lang
        if view.to_directors:
            if escalation.deadline is not None:
                directors = await _directors(session, target.id)
                if directors:
                    await self._reminders.schedule(
                        session,
                        subject=f"escalation:{escalation.id}",
                        kind="director_decision",
                        network_id=target.id,
                        deadline=escalation.deadline,
                        recipients=directors,
                        action={"action": "escalation.view", "escalation_id": escalation.id},
                        params={"network": view.network.name, "title": _title(view)},
                    )
            key = (
                "escalation.thread.delivered"
                if view.case is not None
                else "escalation.thread.delivered.composition"
            )
            deadline = _deadline_text(escalation, lang)
            text = t(key, lang, label=view.label, target=target.name, deadline=deadline)
        else:
            parent = view.parent_case
            assert parent is not None
            parent.service_url = posted.service_url
            parent.thread_id = posted.conversation_id
            text = t(
                "escalation.thread.to_parent",
                lang,
                label=view.label,
                target=target.name,
                parent_label=case_label(parent.number, parent.year),
                deadline=_deadline_text(escalation, lang),
            )
        self._note(session, view, text)

    async def _failed(self, session: AsyncSession, escalation: Escalation, error: str) -> None:
        now = self._now()
        attempts = escalation.attempts
        retry_at = rules.next_attempt(now, attempts, self._retry_interval)
        log.warning(
            "escalation %s not delivered (%s); retrying at %s",
            escalation.id,
            error,
            retry_at.isoformat(),
        )
        if escalation.state != State.DELIVERING.value:
            return
        escalation.state = State.NOT_DELIVERED.value
        escalation.last_error = error[:500]
        escalation.next_attempt_at = retry_at
        record(
            session,
            "EscalationDeliveryFailed",
            actor="system",
            network_id=escalation.network_id,
            subject=f"escalation:{escalation.id}",
            error=error[:500],
            attempts=attempts,
            next_attempt_at=retry_at.isoformat(),
        )
        if attempts == 1:
            # The thread hears of the first failure only; later ones change nothing for it.
            view = await _view(session, escalation)
            self._note(session, view, retry_text(view, view.lang))

    # -- decisions --------------------------------------------------------------------------

    async def decide(
        self, actor: Actor, escalation_id: int, verdict: str, text: str | None
    ) -> EscalationView:
        """A director records the director network's decision, once.

        The card in the director channel updates for everyone; the decision goes to the
        originating thread and the decision log; a returned case reopens for a new poll.

        Raises:
            InvalidInput, NotFound, NotADirector, NotDeliveredYet, AlreadyDecided.
        """
        now = self._now()
        async with self._sessions.begin() as session:
            escalation = await session.get(Escalation, escalation_id)
            if escalation is None:
                raise NotFound(name=str(escalation_id))
            target = (
                await session.get(Network, escalation.target_network_id)
                if escalation.target_network_id
                else None
            )
            if target is None or target.kind != Kind.DIRECTOR:
                raise NotDeliveredYet()
            director = await session.scalar(
                select(Membership.id).where(
                    Membership.network_id == target.id,
                    Membership.aad_id == actor.aad_id,
                    Membership.active.is_(True),
                    Membership.role == Role.DIRECTOR.value,
                )
            )
            if director is None:
                raise NotADirector()
            # Checked after who may decide: a non-director is not asked to fix the text first.
            typed, cleaned = rules.validate_decision(verdict, text)
            if not await _claim_decision(session, escalation_id, typed, cleaned, actor, now):
                current = await session.scalar(
                    select(Escalation.state).where(Escalation.id == escalation_id)
                )
                if current == State.DECIDED:
                    raise AlreadyDecided()
                raise NotDeliveredYet()
            network = await session.get(Network, escalation.network_id)
            assert network is not None
            case = await session.get(Case, escalation.case_id) if escalation.case_id else None
            decision = await record_decision(
                session,
                network=network,
                case=case,
                text=cleaned,
                outcome=typed.value,
                decided_by=DecidedBy.DIRECTOR_NETWORK,
                actor=actor.aad_id,
                escalation_id=escalation_id,
                now=now,
            )
            if case is not None:
                returned = typed is Verdict.RETURNED
                case.state = (CaseState.OPEN if returned else CaseState.DECIDED).value
            record(
                session,
                "DirectorDecisionRecorded",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"escalation:{escalation_id}",
                decision_id=decision.id,
                case_id=escalation.case_id,
                verdict=typed.value,
                text=cleaned,
            )
            await self._reminders.cancel(session, subject=f"escalation:{escalation_id}")
            if case is not None and typed is not Verdict.RETURNED:
                linked_rows = await session.scalars(
                    select(Escalation).where(
                        Escalation.parent_case_id == case.id,
                        Escalation.state == State.DELIVERED.value,
                    )
                )
                for linked in linked_rows.all():
                    answered = await self._settle_council(
                        session, linked, typed, cleaned, DecidedBy.DIRECTOR_NETWORK, actor, now
                    )
                    if answered is not None:
                        council = await session.get(Escalation, linked.id, populate_existing=True)
                        assert council is not None
                        council_view = await _view(session, council)
                        self._note(
                            session,
                            council_view,
                            _decided_text(council_view, target.name, answered),
                        )
            decided = await session.get(Escalation, escalation_id, populate_existing=True)
            assert decided is not None
            view = await _view(session, decided)
            if decided.conversation_id and decided.activity_id:
                await self._outbox.update(
                    session,
                    Posted(target.service_url, decided.conversation_id, decided.activity_id),
                    Reply(card=self._render.shared(view)),
                    key=f"escalation:{escalation_id}:card",
                    subject=f"escalation:{escalation_id}:card",
                    network_id=target.id,
                    tenant_id=target.tenant_id,
                )
            self._note(session, view, _decided_text(view, target.name, decision))
        return view

    async def _answer_council(self, escalation_id: int, parent_decision: Decision) -> None:
        """The parent reached consensus on a council's escalated case: answer the council."""
        now = self._now()
        async with self._sessions.begin() as session:
            escalation = await session.get(Escalation, escalation_id)
            assert escalation is not None
            parent = await session.get(Network, parent_decision.network_id)
            assert parent is not None
            actor = Actor(aad_id="system", teams_id="", name=parent.name)
            decision = await self._settle_council(
                session,
                escalation,
                Verdict.APPROVED,
                parent_decision.text,
                DecidedBy.PARENT_NETWORK,
                actor,
                now,
            )
            if decision is not None:
                settled = await session.get(Escalation, escalation_id, populate_existing=True)
                assert settled is not None
                view = await _view(session, settled)
                self._note(session, view, _decided_text(view, parent.name, decision))

    async def _settle_council(
        self,
        session: AsyncSession,
        escalation: Escalation,
        verdict: Verdict,
        text: str,
        decided_by: DecidedBy,
        actor: Actor,
        now: datetime,
    ) -> Decision | None:
        """Inside the caller's transaction: claim the council's escalation as decided and log the
        answer in the council's decision log. None when someone else settled it first."""
        if not await _claim_decision(session, escalation.id, verdict, text, actor, now):
            return None
        network = await session.get(Network, escalation.network_id)
        case = await session.get(Case, escalation.case_id) if escalation.case_id else None
        assert network is not None
        decision = await record_decision(
            session,
            network=network,
            case=case,
            text=text,
            outcome=verdict.value,
            decided_by=decided_by,
            actor=actor.aad_id,
            escalation_id=escalation.id,
            now=now,
        )
        if case is not None:
            case.state = CaseState.DECIDED.value
        record(
            session,
            "EscalationAnswered",
            actor=actor.aad_id,
            network_id=network.id,
            subject=f"escalation:{escalation.id}",
            decision_id=decision.id,
            verdict=verdict.value,
            decided_by=decided_by.value,
        )
        return decision

    # -- reading ----------------------------------------------------------------------------

    async def view(self, escalation_id: int) -> EscalationView:
        """Everything an escalation's cards and notes show.

        Raises:
            NotFound.
        """
        async with self._sessions() as session:
            escalation = await session.get(Escalation, escalation_id)
            if escalation is None:
                raise NotFound(name=str(escalation_id))
            return await _view(session, escalation)

    async def listing(self, network: Network) -> list[EscalationView]:
        """The network's own escalations (raised by it or sent to it); in the director network,
        all of them. Pending first, newest first."""
        async with self._sessions() as session:
            query = select(Escalation).order_by(
                Escalation.requested_at.desc(), Escalation.id.desc()
            )
            if network.kind != Kind.DIRECTOR:
                query = query.where(
                    or_(
                        Escalation.network_id == network.id,
                        Escalation.target_network_id == network.id,
                    )
                )
            rows = (await session.scalars(query.limit(50))).all()
            views = [await _view(session, row) for row in rows]
        return sorted(views, key=lambda v: v.escalation.state == State.DECIDED)

    def now(self) -> datetime:
        """The service's clock (for listing ages and overdue marks)."""
        return self._now()

    def _note(
        self,
        session: AsyncSession,
        view: EscalationView,
        text: str,
        *,
        mentions: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Inside the change's transaction: a message in the originating thread."""
        escalation = view.escalation
        if not escalation.thread_service_url or not escalation.thread_id:
            return
        self._outbox.reply(
            session,
            Posted(escalation.thread_service_url, escalation.thread_id, ""),
            Reply(text=text, mentions=tuple(mentions)),
            subject=f"escalation:{escalation.id}:note",
            network_id=escalation.network_id,
            tenant_id=view.network.tenant_id,
        )


async def _claim_decision(
    session: AsyncSession,
    escalation_id: int,
    verdict: Verdict,
    text: str | None,
    actor: Actor,
    now: datetime,
) -> bool:
    """Mark a delivered escalation decided; False when someone else decided it first."""
    claimed = await session.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id, Escalation.state == State.DELIVERED.value)
        .values(
            state=State.DECIDED.value,
            decided_at=now,
            decided_by=actor.aad_id,
            decided_by_name=actor.name,
            decision=verdict.value,
            guidance=text,
        )
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1  # type: ignore[attr-defined,no-any-return]


async def _view(session: AsyncSession, escalation: Escalation) -> EscalationView:
    network = await session.get(Network, escalation.network_id)
    assert network is not None
    target = (
        await session.get(Network, escalation.target_network_id)
        if escalation.target_network_id
        else None
    )
    case = await session.get(Case, escalation.case_id) if escalation.case_id else None
    parent = (
        await session.get(Case, escalation.parent_case_id) if escalation.parent_case_id else None
    )
    requested_in: Lang = "nb"
    if case is None:
        raised = await session.scalar(
            select(Event.data).where(
                Event.subject == f"escalation:{escalation.id}",
                Event.kind == "CompositionEscalated",
            )
        )
        requested_in = "en" if (raised or {}).get("lang") == "en" else "nb"
    lines: list[StanceLine] = []
    if escalation.poll_id is not None:
        voters = {
            v.aad_id: v
            for v in await session.scalars(
                select(PollVoter).where(PollVoter.poll_id == escalation.poll_id)
            )
        }
        for stance in await session.scalars(
            select(Stance).where(Stance.poll_id == escalation.poll_id)
        ):
            voter = voters.get(stance.aad_id)
            lines.append(
                StanceLine(
                    voter.name if voter else stance.aad_id,
                    voter.hf if voter else None,
                    stance.stance,
                    stance.reason,
                )
            )
        lines.sort(key=lambda line: line.name.casefold())
    return EscalationView(escalation, network, target, case, lines, parent, requested_in)


async def _directors(session: AsyncSession, network_id: int) -> list[str]:
    rows = await session.scalars(
        select(Membership.aad_id).where(
            Membership.network_id == network_id,
            Membership.active.is_(True),
            Membership.role == Role.DIRECTOR.value,
        )
    )
    return list(rows)


async def _secretaries(session: AsyncSession, network_id: int) -> list[tuple[str, str]]:
    """The network's active secretaries as `(teams_id, name)`, for an @mention."""
    rows = await session.scalars(
        select(Membership)
        .where(
            Membership.network_id == network_id,
            Membership.active.is_(True),
            Membership.role == Role.SECRETARY.value,
        )
        .order_by(Membership.id)
    )
    return [(m.teams_id, m.name) for m in rows if m.teams_id]


def _addressed(people: Sequence[tuple[str, str]], key: str, lang: Lang, **values: object) -> str:
    """The message `key`, opened with an @mention of each of `people` when there are any."""
    if not people:
        return t(key, lang, **values)
    names = ", ".join(f"<at>{name}</at>" for _, name in people)
    return t(f"{key}.addressed", lang, names=names, **values)


def _address(network: Network) -> ChannelAddress:
    return ChannelAddress(
        network.service_url, network.tenant_id, network.team_id, network.channel_id
    )


def _lang_of(case: Case) -> Lang:
    return "en" if case.lang == "en" else "nb"


def _title(view: EscalationView) -> str:
    if view.case is None:
        return t("escalation.card.title.composition", view.lang, network=view.network.name)
    return f"{view.label} {view.case.title}"


def hf_label(hf: str | None) -> str:
    """An HF code as its name (unknown codes as they are)."""
    if hf is None:
        return ""
    try:
        return HF_NAMES[HF(hf)]
    except ValueError:
        return hf


def stance_text(line: StanceLine, lang: Lang) -> tuple[str, str]:
    """`("Ola Hansen (Helse Møre og Romsdal HF)", "Uenig – blokkerer: reason")`."""
    who = f"{line.name} ({hf_label(line.hf)})" if line.hf else line.name
    said = t(f"stance.{line.stance}", lang)
    if line.reason:
        said = f"{said}: {line.reason}"
    return who, said


def _parent_description(view: EscalationView) -> str:
    case = view.case
    assert case is not None
    lang = view.lang
    header = t("escalation.parent.description", lang, network=view.network.name, label=view.label)
    stances = [f"- {who}: {said}" for who, said in (stance_text(s, lang) for s in view.stances)]
    parts = [case.description] if case.description else []
    parts.append("\n".join([header, *stances]))
    return "\n\n".join(parts)


def _deadline_text(escalation: Escalation, lang: Lang) -> str:
    if escalation.deadline is None:
        return t("escalations.no_deadline", lang)
    moment = when(escalation.deadline, lang)
    return t("escalation.card.moved", lang, when=moment) if escalation.deadline_moved else moment


def deadline_text(escalation: Escalation, lang: Lang) -> str:
    """The decision deadline as users read it (Oslo time; noted when moved)."""
    return _deadline_text(escalation, lang)


def target_name(view: EscalationView, lang: Lang) -> str:
    """Where the escalation goes: its target, or the director network while none is
    registered (the only target that can be missing)."""
    return view.target.name if view.target is not None else t("network.kind.director", lang)


def retry_text(view: EscalationView, lang: Lang) -> str:
    """For an escalation that did not get through: that it is tried again, and when (Oslo
    time)."""
    retry = view.escalation.next_attempt_at
    if retry is None:
        return t("escalation.retry.later", lang, target=target_name(view, lang))
    return t("escalation.retry", lang, target=target_name(view, lang), when=when(retry, lang))


def _decided_text(view: EscalationView, target: str, decision: Decision) -> str:
    lang = view.lang
    verdict = t(f"escalation.verdict.{view.escalation.decision}", lang)
    key = (
        "escalation.thread.decided"
        if view.case is not None
        else "escalation.thread.decided.composition"
    )
    text = t(
        key,
        lang,
        target=target,
        label=view.label,
        verdict=verdict,
        text=view.escalation.guidance or "",
        decision=decision_label(decision.number, decision.year),
    )
    if view.case is not None and view.escalation.decision == Verdict.RETURNED:
        text = f"{text} {t('escalation.thread.returned', lang)}"
    return text
