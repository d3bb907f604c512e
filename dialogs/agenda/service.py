"""Agenda proposals and assignments: matters brought onto a network's agenda from outside it.

The RHF adviser proposes a national or regional matter to any network; the proposal is posted in
the network's channel, where its secretary accepts it (it becomes a case there, opened through
the cases service in the same transaction) or declines it with a reason. The adviser is told
either way, personally. The proposal's row is the claim: it moves from `pending` once, so two
secretaries accepting at the same moment make one case.

A director gives a network an assignment (oppdrag) from the director channel: it becomes a case
in the network with a deadline, is nudged through the reminder engine (kind `assignment`), and
the network's answer — a text, a decision, or both — is posted in the director thread it was
given in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.agenda import rules
from dialogs.agenda.cards import answer_card, assignment_card, proposal_card
from dialogs.agenda.rules import AssignmentState, ProposalState
from dialogs.cases.rules import case_label
from dialogs.cases.service import CaseService
from dialogs.errors import DomainError, InvalidInput, NotAllowed, NotFound
from dialogs.i18n import OSLO, Lang, day, t
from dialogs.lookups import network_of
from dialogs.members.service import MemberService
from dialogs.networks.rules import Kind
from dialogs.outbox import ChannelAddress, Outbox, Posted
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Place, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import AgendaProposal, Assignment, Case, Decision, Membership, Network
from storage.transactions import retrying


class NotAdviser(NotAllowed):
    """Only RHF advisers propose matters for a network's agenda."""

    key = "agenda.not_adviser"


class NotDirector(NotAllowed):
    """Only directors give assignments, from the director network's channel."""

    key = "assignment.not_director"


class AlreadyDecided(DomainError):
    """The proposal was accepted or declined already; nothing was changed."""

    key = "agenda.already_decided"


class AlreadyAnswered(DomainError):
    """The assignment was answered already; nothing was changed."""

    key = "assignment.already_answered"


@dataclass(frozen=True)
class ProposalForm:
    """The submitted proposal form."""

    network_id: int | None
    scope: str | None
    title: str | None
    description: str | None
    source: str | None


@dataclass(frozen=True)
class ProposalView:
    """A proposal as the adviser and the secretary read it."""

    id: int
    network: str
    scope: str
    title: str
    description: str
    source: str
    adviser: str
    state: str
    reason: str | None = None
    case: str | None = None
    """The case it became, e.g. `3/2026 Title`, once accepted."""


@dataclass(frozen=True)
class AssignmentForm:
    """The submitted assignment form."""

    network_id: int | None
    title: str | None
    description: str | None
    deadline: str | None


@dataclass(frozen=True)
class AssignmentView:
    """An assignment as the network and the director network read it."""

    id: int
    network: str
    case: str
    """`4/2026 Title`: the case it is in the network."""
    description: str
    deadline: datetime
    state: str
    answer: str | None = None
    overdue: bool = False
    """Open and past its deadline."""


@dataclass(frozen=True)
class Targets:
    """The networks a form may choose from."""

    networks: Sequence[tuple[int, str]]


def _lang(value: str | None) -> Lang:
    return "en" if value == "en" else "nb"


def _channel(network: Network) -> ChannelAddress:
    return ChannelAddress(
        network.service_url, network.tenant_id, network.team_id, network.channel_id
    )


def _proposal_view(proposal: AgendaProposal, network: str, case: Case | None) -> ProposalView:
    return ProposalView(
        id=proposal.id,
        network=network,
        scope=proposal.scope,
        title=proposal.title,
        description=proposal.description,
        source=proposal.source,
        adviser=proposal.proposed_by_name,
        state=proposal.state,
        reason=proposal.reason,
        case=f"{case_label(case.number, case.year)} {case.title}" if case else None,
    )


def _assignment_view(
    assignment: Assignment, network: str, case: Case, now: datetime
) -> AssignmentView:
    return AssignmentView(
        id=assignment.id,
        network=network,
        case=f"{case_label(case.number, case.year)} {case.title}",
        description=case.description,
        deadline=assignment.deadline,
        state=assignment.state,
        answer=assignment.answer,
        overdue=rules.is_overdue(assignment.deadline, now, assignment.state),
    )


class AgendaService:
    """Proposals from the RHF adviser and assignments from the director network."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        cases: CaseService,
        outbox: Outbox,
        reminders: Reminders,
        *,
        admins: Collection[str] = (),
        now: Callable[[], datetime] = system_clock,
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._cases = cases
        self._outbox = outbox
        self._reminders = reminders
        self._admins = frozenset(admins)
        self._now = now

    async def now(self) -> datetime:
        """The service clock's current moment."""
        return self._now()

    # -- permissions ---------------------------------------------------------------------------

    async def _has_role(self, session: AsyncSession, aad_id: str, role: str) -> bool:
        found = await session.scalar(
            select(Membership.id)
            .join(Network, Network.id == Membership.network_id)
            .where(
                Membership.aad_id == aad_id,
                Membership.active.is_(True),
                Membership.role == role,
                *([Network.kind == Kind.DIRECTOR.value] if role == rules.DIRECTOR else []),
            )
            .limit(1)
        )
        return found is not None

    async def check_adviser(self, actor: Actor) -> None:
        """Raises NotAdviser unless the actor is an RHF adviser (in any network) or an admin."""
        if actor.aad_id in self._admins:
            return
        async with self._sessions() as session:
            if not await self._has_role(session, actor.aad_id, rules.ADVISER):
                raise NotAdviser()

    async def check_director(self, actor: Actor, network: Network) -> None:
        """Raises NotDirector unless `network` is the director network and the actor one of its
        directors (or an admin)."""
        if network.kind != Kind.DIRECTOR.value:
            raise NotDirector()
        if actor.aad_id in self._admins:
            return
        async with self._sessions() as session:
            if not await self._has_role(session, actor.aad_id, rules.DIRECTOR):
                raise NotDirector()

    # -- proposals -----------------------------------------------------------------------------

    async def proposal_targets(self, actor: Actor) -> Targets:
        """Every network, for the adviser's proposal form.

        Raises:
            NotAdviser: the actor is not an RHF adviser.
        """
        await self.check_adviser(actor)
        async with self._sessions() as session:
            rows = await session.execute(select(Network.id, Network.name).order_by(Network.name))
            return Targets([(i, n) for i, n in rows])

    async def propose(self, actor: Actor, form: ProposalForm, lang: Lang) -> ProposalView:
        """Propose a matter for a network's agenda; it is posted in the network's channel for its
        secretary to accept or decline.

        Raises:
            NotAdviser: the actor is not an RHF adviser.
            InvalidInput: the form is wrong. NotFound: no such network.
        """
        await self.check_adviser(actor)
        draft = rules.validate_proposal(
            network_id=form.network_id,
            scope=form.scope,
            title=form.title,
            description=form.description,
            source=form.source,
        )
        async with self._sessions.begin() as session:
            network = await session.get(Network, draft.network_id)
            if network is None:
                raise NotFound(name=str(draft.network_id))
            proposal = AgendaProposal(
                network_id=network.id,
                scope=draft.scope.value,
                title=draft.title,
                description=draft.description,
                source=draft.source,
                proposed_by=actor.aad_id,
                proposed_by_name=actor.name,
                proposed_at=self._now(),
                lang=lang,
                state=ProposalState.PENDING.value,
            )
            session.add(proposal)
            await session.flush()
            view = _proposal_view(proposal, network.name, None)
            self._outbox.post(
                session,
                _channel(network),
                Reply(card=proposal_card(view, lang, decidable=True)),
                subject=f"proposal:{proposal.id}",
                network_id=network.id,
            )
            record(
                session,
                "AgendaProposed",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"proposal:{proposal.id}",
                scope=proposal.scope,
                title=proposal.title,
            )
        return view

    async def _pending_proposal(self, actor: Actor, proposal_id: int) -> AgendaProposal:
        """The proposal, after checking the actor manages its network.

        Raises:
            NotFound: no such proposal. NotAllowed: not the network's secretary or leader.
        """
        async with self._sessions() as session:
            proposal = await session.get(AgendaProposal, proposal_id)
        if proposal is None:
            raise NotFound(name=str(proposal_id))
        await self._members.check_may_manage(actor, proposal.network_id)
        return proposal

    async def _claim(
        self, session: AsyncSession, proposal_id: int, state: ProposalState, **values: object
    ) -> AgendaProposal:
        """Move the proposal from `pending` to `state`, once; AlreadyDecided otherwise."""
        claimed = await session.execute(
            update(AgendaProposal)
            .where(
                AgendaProposal.id == proposal_id,
                AgendaProposal.state == ProposalState.PENDING.value,
            )
            .values(state=state.value, decided_at=self._now(), **values)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise AlreadyDecided()
        proposal = await session.get(AgendaProposal, proposal_id, populate_existing=True)
        assert proposal is not None
        return proposal

    async def accept(
        self, actor: Actor, place: Place, proposal_id: int
    ) -> tuple[ProposalView, Case]:
        """Accept a proposal onto the agenda: it becomes a case in the network, marked as brought
        by the RHF; the adviser is told personally.

        Raises:
            NotFound: no such proposal. NotAllowed: not the network's secretary or leader.
            AlreadyDecided: it was accepted or declined before.
        """
        await self._pending_proposal(actor, proposal_id)

        async def attempt() -> tuple[ProposalView, Case]:
            async with self._sessions.begin() as session:
                proposal = await self._claim(
                    session, proposal_id, ProposalState.ACCEPTED, decided_by=actor.aad_id
                )
                network = await session.get(Network, proposal.network_id)
                assert network is not None
                lang = _lang(proposal.lang)
                in_channel = place.channel_id == network.channel_id
                thread = place if in_channel else (network.service_url, network.channel_id)
                brought = t(
                    "agenda.case.brought",
                    lang,
                    scope=t(f"agenda.scope.{proposal.scope}", lang),
                    adviser=proposal.proposed_by_name,
                    source=proposal.source,
                )
                case = await self._cases.open_in(
                    session,
                    network_id=network.id,
                    thread=thread,
                    draft=rules.proposal_case(proposal.title, proposal.description, brought),
                    lang=lang,
                    created_by=actor.aad_id,
                    brought_by="rhf",
                    proposal_id=proposal.id,
                )
                proposal.case_id = case.id
                view = _proposal_view(proposal, network.name, case)
                self._outbox.personal(
                    session,
                    proposal.proposed_by,
                    Reply(
                        text=t(
                            "agenda.told.accepted",
                            lang,
                            title=proposal.title,
                            network=network.name,
                            case=case_label(case.number, case.year),
                            secretary=actor.name,
                        )
                    ),
                    subject=f"proposal:{proposal.id}",
                    network_id=network.id,
                    tenant_id=network.tenant_id,
                )
                record(
                    session,
                    "AgendaProposalAccepted",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"proposal:{proposal.id}",
                    case_id=case.id,
                )
                return view, case

        return await retrying(attempt, what=f"accept proposal {proposal_id}")

    async def decline(self, actor: Actor, proposal_id: int, reason: str | None) -> ProposalView:
        """Decline a proposal with a reason that goes back to the adviser personally.

        Raises:
            NotFound: no such proposal. NotAllowed: not the network's secretary or leader.
            InvalidInput: no reason. AlreadyDecided: it was accepted or declined before.
        """
        await self._pending_proposal(actor, proposal_id)
        why = rules.validate_reason(reason)

        async def attempt() -> ProposalView:
            async with self._sessions.begin() as session:
                proposal = await self._claim(
                    session,
                    proposal_id,
                    ProposalState.DECLINED,
                    decided_by=actor.aad_id,
                    reason=why,
                )
                network = await session.get(Network, proposal.network_id)
                assert network is not None
                lang = _lang(proposal.lang)
                self._outbox.personal(
                    session,
                    proposal.proposed_by,
                    Reply(
                        text=t(
                            "agenda.told.declined",
                            lang,
                            title=proposal.title,
                            network=network.name,
                            secretary=actor.name,
                            reason=why,
                        )
                    ),
                    subject=f"proposal:{proposal.id}",
                    network_id=network.id,
                    tenant_id=network.tenant_id,
                )
                record(
                    session,
                    "AgendaProposalDeclined",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"proposal:{proposal.id}",
                    reason=why,
                )
                return _proposal_view(proposal, network.name, None)

        return await retrying(attempt, what=f"decline proposal {proposal_id}")

    # -- assignments ---------------------------------------------------------------------------

    async def assignment_targets(self, actor: Actor, network: Network) -> Targets:
        """The networks a director may give an assignment to (every one but the director
        network).

        Raises:
            NotDirector: not a director, or not in the director network's channel.
        """
        await self.check_director(actor, network)
        async with self._sessions() as session:
            rows = await session.execute(
                select(Network.id, Network.name)
                .where(Network.kind != Kind.DIRECTOR.value)
                .order_by(Network.name)
            )
            return Targets([(i, n) for i, n in rows])

    async def give(
        self, actor: Actor, network: Network, place: Place, form: AssignmentForm, lang: Lang
    ) -> AssignmentView:
        """Give a network an assignment from the director channel: a case there with a deadline,
        posted in its channel and nudged to its secretary and leader; the answer will come back
        to this thread (`place`).

        Raises:
            NotDirector: not a director, or not in the director network's channel.
            InvalidInput: the form is wrong. NotFound: no such network.
        """
        await self.check_director(actor, network)
        now = self._now()
        draft = rules.validate_assignment(
            network_id=form.network_id,
            director_network_id=network.id,
            title=form.title,
            description=form.description,
            deadline=form.deadline,
            now=now,
        )

        async def attempt() -> AssignmentView:
            async with self._sessions.begin() as session:
                target = await session.get(Network, draft.network_id)
                if target is None:
                    raise NotFound(name=str(draft.network_id))
                if target.kind == Kind.DIRECTOR.value:
                    raise InvalidInput("assignment.invalid.network")
                given = t(
                    "assignment.case.given",
                    lang,
                    network=network.name,
                    deadline=day(draft.deadline.astimezone(OSLO).date(), lang),
                )
                case = await self._cases.open_in(
                    session,
                    network_id=target.id,
                    thread=(target.service_url, target.channel_id),
                    draft=rules.assignment_case(draft.title, draft.description, given),
                    lang=lang,
                    created_by=actor.aad_id,
                    given_by="director_network",
                )
                assignment = Assignment(
                    case_id=case.id,
                    network_id=target.id,
                    director_network_id=network.id,
                    deadline=draft.deadline,
                    state=AssignmentState.OPEN.value,
                    thread_service_url=place.service_url,
                    thread_id=place.conversation_id,
                    given_by=actor.aad_id,
                    given_at=now,
                )
                session.add(assignment)
                await session.flush()
                view = _assignment_view(assignment, target.name, case, self._now())
                self._outbox.post(
                    session,
                    _channel(target),
                    Reply(card=assignment_card(view, lang, answerable=True)),
                    subject=f"assignment:{assignment.id}",
                    network_id=target.id,
                )
                await self._reminders.schedule(
                    session,
                    subject=f"assignment:{assignment.id}",
                    kind="assignment",
                    network_id=target.id,
                    deadline=draft.deadline,
                    recipients=sorted(await self._members.managers(session, target.id)),
                    action={"action": "assignment.answer_form", "assignment_id": assignment.id},
                    params={"network": target.name, "title": view.case[:300]},
                )
                record(
                    session,
                    "AssignmentGiven",
                    actor=actor.aad_id,
                    network_id=target.id,
                    subject=f"assignment:{assignment.id}",
                    case_id=case.id,
                    deadline=draft.deadline.isoformat(),
                )
                return view

        return await retrying(attempt, what="give an assignment")

    async def assignment(self, actor: Actor, assignment_id: int) -> AssignmentView:
        """An assignment, for whoever may answer it (the network's secretary or leader).

        Raises:
            NotFound: no such assignment. NotAllowed: not the network's secretary or leader.
        """
        network_id = await network_of(self._sessions, Assignment, assignment_id)
        await self._members.check_may_manage(actor, network_id)
        async with self._sessions() as session:
            assignment = await session.get(Assignment, assignment_id)
            assert assignment is not None
            case = await session.get(Case, assignment.case_id)
            network = await session.get(Network, assignment.network_id)
            assert case is not None
            assert network is not None
            return _assignment_view(assignment, network.name, case, self._now())

    async def answer(
        self, actor: Actor, assignment_id: int, text: str | None, decision: str | None
    ) -> AssignmentView:
        """The network's answer — a text, one of its decisions (`3/2026`), or both — posted in
        the director thread the assignment was given in; its reminders are cancelled.

        Raises:
            NotFound: no such assignment or decision. NotAllowed: not the network's secretary
            or leader. InvalidInput: neither text nor decision. AlreadyAnswered: answered before.
        """
        await self.assignment(actor, assignment_id)
        draft = rules.validate_answer(text, decision)

        async def attempt() -> AssignmentView:
            async with self._sessions.begin() as session:
                assignment = await session.get(Assignment, assignment_id)
                assert assignment is not None
                case = await session.get(Case, assignment.case_id)
                assert case is not None
                lang = _lang(case.lang)
                answer = draft.text
                if draft.decision is not None:
                    number, year = draft.decision
                    found = await session.scalar(
                        select(Decision).where(
                            Decision.network_id == assignment.network_id,
                            Decision.number == number,
                            Decision.year == year,
                        )
                    )
                    if found is None:
                        raise NotFound(name=case_label(number, year))
                    line = t(
                        "assignment.answer.decision",
                        lang,
                        label=case_label(number, year),
                        text=found.text,
                    )
                    answer = f"{answer}\n\n{line}" if answer else line
                claimed = await session.execute(
                    update(Assignment)
                    .where(
                        Assignment.id == assignment_id,
                        Assignment.state == AssignmentState.OPEN.value,
                    )
                    .values(
                        state=AssignmentState.ANSWERED.value,
                        answer=answer[:4000],
                        answered_by=actor.aad_id,
                        answered_at=self._now(),
                    )
                )
                if claimed.rowcount != 1:  # type: ignore[attr-defined]
                    raise AlreadyAnswered()
                assignment = await session.get(Assignment, assignment_id, populate_existing=True)
                assert assignment is not None
                network = await session.get(Network, assignment.network_id)
                director = await session.get(Network, assignment.director_network_id)
                assert network is not None
                assert director is not None
                await self._reminders.cancel(session, subject=f"assignment:{assignment.id}")
                view = _assignment_view(assignment, network.name, case, self._now())
                self._outbox.reply(
                    session,
                    Posted(assignment.thread_service_url, assignment.thread_id, ""),
                    Reply(card=answer_card(view, lang, answered_by=actor.name)),
                    subject=f"assignment:{assignment.id}",
                    network_id=director.id,
                    tenant_id=director.tenant_id,
                )
                record(
                    session,
                    "AssignmentAnswered",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"assignment:{assignment.id}",
                    decision=case_label(*draft.decision) if draft.decision else None,
                )
                return view

        return await retrying(attempt, what=f"answer assignment {assignment_id}")
