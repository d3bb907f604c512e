"""The annual cycle: the priorities case, report inputs, the draft and the approved report.

Everything that must happen once is claimed in the database: one priorities case per network
and year (`uq_annual_priorities_year`), one report cycle per network and year
(`uq_report_cycles_year`), one input row — and so one personal card — per member and cycle
(`uq_report_inputs_member`, created in the transaction that opens the cycle), and the approval
(`UPDATE … WHERE state = 'collecting'`). Scheduled work is a thin job calling `open_due`.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.annual import rules
from dialogs.annual.documents import ReportDocument, file_name, to_docx
from dialogs.annual.rules import Answers, Goal, Section, Source, StartRequest, YearFacts
from dialogs.cases.rules import CaseState, CaseType, case_label
from dialogs.decisions.rules import decision_label
from dialogs.errors import DomainError, InvalidInput, NotFound
from dialogs.i18n import OSLO, Lang, t, when
from dialogs.lookups import network_of
from dialogs.members.rules import Role, can_vote
from dialogs.members.service import MemberService
from dialogs.outbox import ChannelAddress, Delivery, Outbox
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Reply
from storage.clock import Now, system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import (
    AnnualPriorities,
    Case,
    Decision,
    Escalation,
    FollowUp,
    Meeting,
    Membership,
    Network,
    ReportCycle,
    ReportInput,
)
from storage.numbering import next_number

log = logging.getLogger(__name__)

BOT = "fagnett"
"""The actor recorded for what the bot does on its own schedule."""


class CycleExists(DomainError):
    """The network's report for that year has started already."""

    key = "annual.cycle.exists"


class NoCycle(DomainError):
    """The network's report for that year has not started."""

    key = "annual.cycle.none"


class InputClosed(DomainError):
    """The input deadline has passed."""

    key = "annual.input.closed"


class NotAsked(DomainError):
    """The person gives no input to this report (not a voting member when it opened)."""

    key = "annual.input.not_asked"


class NotLeader(DomainError):
    """Only the network's leader edits and approves the report."""

    key = "annual.not_leader"


class AlreadySubmitted(DomainError):
    """The report is approved and sent already."""

    key = "annual.already_submitted"


class PrioritiesLocked(DomainError):
    """The priorities case is being polled or is decided; its goals are fixed."""

    key = "annual.priorities.locked"


class NoRecipient(DomainError):
    """Neither a parent network nor a director network to report to."""

    key = "annual.no_recipient"


class Files(Protocol):
    """Where approved reports are stored: the channel's Files tab (Graph)."""

    async def upload_channel_file(
        self, *, team_id: str, channel_id: str, name: str, content: bytes
    ) -> str:
        """Store `content` as `name` in the channel's files; returns its web URL."""
        ...


class Cards(Protocol):
    """The capability's card builders, as the service posts them."""

    def priorities(self, view: PrioritiesView, lang: Lang) -> Any:
        """The priorities case's card in the channel."""
        ...

    def input_invitation(self, view: InputForm, lang: Lang, *, channel: bool) -> Any:
        """The card asking for input (personal, or in the channel)."""
        ...

    def report(self, view: ReportView, lang: Lang) -> Any:
        """The approved report's card."""
        ...


@dataclass(frozen=True)
class PrioritiesView:
    """A network's priorities case for a year."""

    id: int
    network: str
    year: int
    case_label: str
    case_state: str
    goals: tuple[Goal, ...]
    sources: tuple[Source, ...]

    @property
    def decided(self) -> bool:
        """The case is decided: the goals are the year's goals."""
        return self.case_state == CaseState.DECIDED.value

    @property
    def editable(self) -> bool:
        """Goals change only while the case is open (not polled, decided or escalated)."""
        return self.case_state == CaseState.OPEN.value


@dataclass(frozen=True)
class InputForm:
    """What the input card asks one member, and what they said last."""

    cycle_id: int
    network: str
    year: int
    deadline: datetime
    goals: tuple[Goal, ...]
    answers: Answers | None
    version: int


@dataclass(frozen=True)
class StatusView:
    """Who has answered, per HF."""

    cycle_id: int
    network: str
    year: int
    state: str
    input_deadline: datetime
    report_deadline: datetime
    answered: Mapping[str, tuple[str, ...]]
    waiting: Mapping[str, tuple[str, ...]]
    approved_at: datetime | None


@dataclass(frozen=True)
class DraftView:
    """The draft the leader edits: sections in template order, and what was cut."""

    cycle_id: int
    network: str
    year: int
    recipient: str
    sections: tuple[tuple[Section, tuple[str, ...]], ...]
    cuts: Mapping[Section, rules.Cut]

    def document(self) -> ReportDocument:
        """The draft as the document it becomes."""
        return ReportDocument(self.cycle_id, self.network, self.year, self.recipient, self.sections)


@dataclass(frozen=True)
class ReportView:
    """The approved report, as posted."""

    document: ReportDocument
    approved_by: str
    approved_at: datetime
    inputs: int
    decisions: int
    file_url: str | None


@dataclass(frozen=True)
class Approved:
    """What approving did."""

    view: ReportView
    recipient: str


def _lang(value: str | None) -> Lang:
    return "en" if value == "en" else "nb"


def _channel(network: Network) -> ChannelAddress:
    return ChannelAddress(
        network.service_url, network.tenant_id, network.team_id, network.channel_id
    )


def _oslo_year(moment: datetime) -> int:
    return moment.astimezone(OSLO).year


class AnnualService:
    """Priorities, report inputs and the annual report."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        outbox: Outbox,
        reminders: Reminders,
        cards: Cards,
        *,
        files: Files | None = None,
        admins: Collection[str] = (),
        priorities_date: str | None = None,
        report_date: str | None = None,
        now: Now = system_clock,
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._outbox = outbox
        self._reminders = reminders
        self._cards = cards
        self._files = files
        self._admins = frozenset(admins)
        self._priorities_date = priorities_date or None
        self._report_date = report_date or None
        self._now = now
        outbox.on("annual.priorities_posted", self._priorities_posted)

    def now(self) -> datetime:
        """The service's clock."""
        return self._now()

    async def network_of_priorities(self, priorities_id: int) -> int:
        """The network a priorities case belongs to.

        Raises:
            NotFound.
        """
        return await network_of(self._sessions, AnnualPriorities, priorities_id)

    # -- priorities ------------------------------------------------------------------------------

    async def open_due(self) -> int:
        """The scheduled job: open this year's priorities case in every network that has none
        once the configured day has come, and, when a report date is configured, the report
        cycles. Returns how many it opened; safe to run on every instance at once."""
        now = self._now()
        opened = 0
        async with self._sessions() as session:
            networks = (
                await session.scalars(
                    select(Network).where(Network.kind != "director").order_by(Network.id)
                )
            ).all()
        for network in networks:
            year = rules.due_year(now, self._priorities_date, network.created_at)
            if year is not None and await self.open_priorities(network.id, year):
                opened += 1
            if not self._report_date:
                continue
            report_year = rules.due_year(now, self._report_date, network.created_at)
            if report_year is None:
                continue
            try:
                await self._start(BOT, network.id, StartRequest(report_year), "nb", explicit=False)
                opened += 1
            except (CycleExists, InvalidInput):
                continue
        return opened

    async def open_priorities(self, network_id: int, year: int) -> bool:
        """Open the network's priorities case for `year`, with last year's goals carried in,
        unless it exists. Returns whether this call opened it."""
        try:
            async with self._sessions.begin() as session:
                exists = await session.scalar(
                    select(AnnualPriorities.id).where(
                        AnnualPriorities.network_id == network_id, AnnualPriorities.year == year
                    )
                )
                if exists is not None:
                    return False
                network = await session.get(Network, network_id)
                assert network is not None
                previous = await session.scalar(
                    select(AnnualPriorities).where(
                        AnnualPriorities.network_id == network_id,
                        AnnualPriorities.year == year - 1,
                    )
                )
                lang: Lang = "nb"
                case = Case(
                    network_id=network.id,
                    year=year,
                    number=await next_number(session, Case, network.id, year),
                    title=t("annual.priorities.title", lang, year=year),
                    description=t(
                        "annual.priorities.description", lang, year=year, previous=year - 1
                    ),
                    proposal=t("annual.priorities.proposal", lang),
                    case_type=CaseType.OTHER.value,
                    service_url=network.service_url,
                    thread_id=network.channel_id,
                    lang=lang,
                    created_by=BOT,
                )
                session.add(case)
                await session.flush()
                priorities = AnnualPriorities(
                    network_id=network.id,
                    year=year,
                    case_id=case.id,
                    goals=list(previous.goals) if previous else [],
                    sources=list(previous.sources) if previous else [],
                )
                session.add(priorities)
                await session.flush()
                record(
                    session,
                    "CaseOpened",
                    actor=BOT,
                    network_id=network.id,
                    subject=f"case:{case.id}",
                    number=case_label(case.number, year),
                    title=case.title,
                    type=case.case_type,
                    needs_anchoring=False,
                )
                record(
                    session,
                    "PrioritiesCaseOpened",
                    actor=BOT,
                    network_id=network.id,
                    subject=f"priorities:{priorities.id}",
                    year=year,
                    case_id=case.id,
                    carried_goals=len(priorities.goals),
                )
                self._outbox.post(
                    session,
                    _channel(network),
                    Reply(
                        card=self._cards.priorities(
                            _priorities_view(priorities, case, network), lang
                        )
                    ),
                    subject=f"priorities:{priorities.id}",
                    network_id=network.id,
                    then={"hook": "annual.priorities_posted", "case_id": case.id},
                )
        except IntegrityError:
            # Another instance opened it between our check and our insert.
            return False
        return True

    async def _priorities_posted(self, session: AsyncSession, delivery: Delivery) -> None:
        """The priorities card is posted: its thread is the case's thread from now on."""
        then = delivery.message.then or {}
        if delivery.state != "sent" or delivery.posted is None:
            log.warning("the priorities card of case %s was not posted", then.get("case_id"))
            return
        await session.execute(
            update(Case)
            .where(Case.id == int(then["case_id"]))
            .values(
                service_url=delivery.posted.service_url,
                thread_id=delivery.posted.conversation_id,
            )
        )

    async def priorities(self, priorities_id: int) -> PrioritiesView:
        """A priorities case.

        Raises:
            NotFound.
        """
        async with self._sessions() as session:
            priorities = await session.get(AnnualPriorities, priorities_id)
            if priorities is None:
                raise NotFound(name=str(priorities_id))
            case = await session.get(Case, priorities.case_id)
            network = await session.get(Network, priorities.network_id)
            assert case is not None
            assert network is not None
            return _priorities_view(priorities, case, network)

    async def save_goals(
        self,
        actor: Actor,
        priorities_id: int,
        goals: Sequence[Goal],
        sources: Sequence[Source],
    ) -> PrioritiesView:
        """The secretary or leader sets the goals and sources while the case is open.

        Raises:
            NotFound, NotAllowed, PrioritiesLocked.
        """
        async with self._sessions() as session:
            priorities = await session.get(AnnualPriorities, priorities_id)
            if priorities is None:
                raise NotFound(name=str(priorities_id))
            network_id = priorities.network_id
        await self._members.check_may_manage(actor, network_id)
        async with self._sessions.begin() as session:
            priorities = await session.get(AnnualPriorities, priorities_id)
            assert priorities is not None
            case = await session.get(Case, priorities.case_id, with_for_update=True)
            assert case is not None
            if case.state != CaseState.OPEN.value:
                raise PrioritiesLocked()
            before = {"goals": priorities.goals, "sources": priorities.sources}
            priorities.goals = [g.to_json() for g in goals]
            priorities.sources = [s.value for s in sources]
            record(
                session,
                "PrioritiesEdited",
                actor=actor.aad_id,
                network_id=network_id,
                subject=f"priorities:{priorities_id}",
                before=before,
                after={"goals": priorities.goals, "sources": priorities.sources},
            )
        return await self.priorities(priorities_id)

    async def priorities_of(self, network_id: int, year: int) -> PrioritiesView | None:
        """The network's priorities case for `year`, if opened."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(AnnualPriorities.id).where(
                    AnnualPriorities.network_id == network_id, AnnualPriorities.year == year
                )
            )
        return await self.priorities(found) if found is not None else None

    # -- the report cycle ------------------------------------------------------------------------

    async def start(
        self, actor: Actor, network: Network, request: StartRequest, lang: Lang
    ) -> ReportCycle:
        """`report start 2026`: open the cycle, send each voting member an input card and the
        channel one, and schedule the reminders.

        Raises:
            NotAllowed, CycleExists, InvalidInput.
        """
        await self._members.check_may_manage(actor, network.id)
        return await self._start(actor.aad_id, network.id, request, lang, explicit=True)

    async def _start(
        self, who: str, network_id: int, request: StartRequest, lang: Lang, *, explicit: bool
    ) -> ReportCycle:
        now = self._now()
        default_inputs, default_report = rules.default_deadlines(now)
        inputs = request.input_deadline or default_inputs
        report = request.report_deadline or max(default_report, inputs)
        rules.check_deadlines(inputs, report, now)
        try:
            async with self._sessions.begin() as session:
                network = await session.get(Network, network_id)
                assert network is not None
                exists = await session.scalar(
                    select(ReportCycle.id).where(
                        ReportCycle.network_id == network_id, ReportCycle.year == request.year
                    )
                )
                if exists is not None:
                    raise CycleExists(year=request.year)
                cycle = ReportCycle(
                    network_id=network_id,
                    year=request.year,
                    input_deadline=inputs.astimezone(UTC),
                    report_deadline=report.astimezone(UTC),
                    lang=lang,
                    opened_by=who,
                    edits={},
                    report={},
                    drew_on={},
                )
                session.add(cycle)
                await session.flush()
                members = (
                    await session.scalars(
                        select(Membership)
                        .where(Membership.network_id == network_id, Membership.active.is_(True))
                        .order_by(Membership.name)
                    )
                ).all()
                voters = [
                    m
                    for m in members
                    if can_vote(m.role, user_representatives_vote=network.user_representatives_vote)
                ]
                leaders = [m.aad_id for m in members if m.role == Role.LEADER.value]
                goals = await _decided_goals(session, network_id, request.year)
                for member in voters:
                    session.add(
                        ReportInput(
                            cycle_id=cycle.id, aad_id=member.aad_id, name=member.name, hf=member.hf
                        )
                    )
                await session.flush()
                record(
                    session,
                    "ReportCycleOpened",
                    actor=who,
                    network_id=network_id,
                    subject=f"report:{cycle.id}",
                    year=request.year,
                    input_deadline=cycle.input_deadline.isoformat(),
                    report_deadline=cycle.report_deadline.isoformat(),
                    members=[m.aad_id for m in voters],
                    scheduled=not explicit,
                )
                form = InputForm(
                    cycle.id, network.name, request.year, cycle.input_deadline, goals, None, 0
                )
                for member in voters:
                    self._outbox.personal(
                        session,
                        member.aad_id,
                        Reply(card=self._cards.input_invitation(form, lang, channel=False)),
                        subject=f"report:{cycle.id}:input:{member.aad_id}"[:100],
                        network_id=network_id,
                        tenant_id=network.tenant_id,
                    )
                self._outbox.post(
                    session,
                    _channel(network),
                    Reply(card=self._cards.input_invitation(form, lang, channel=True)),
                    subject=f"report:{cycle.id}",
                    network_id=network_id,
                )
                params = {"network": network.name, "title": str(request.year)}
                if voters:
                    await self._reminders.schedule(
                        session,
                        subject=f"report:{cycle.id}:inputs",
                        kind="report_input",
                        network_id=network_id,
                        deadline=cycle.input_deadline,
                        recipients=[m.aad_id for m in voters],
                        action={"action": "annual.input_form", "cycle_id": cycle.id},
                        params=params,
                    )
                if leaders:
                    await self._reminders.schedule(
                        session,
                        subject=f"report:{cycle.id}",
                        kind="report",
                        network_id=network_id,
                        deadline=cycle.report_deadline,
                        recipients=leaders,
                        action={"action": "annual.draft", "cycle_id": cycle.id},
                        params=params,
                    )
                return cycle
        except IntegrityError:
            raise CycleExists(year=request.year) from None

    async def cycle_of(self, network_id: int, year: int | None) -> ReportCycle:
        """The network's cycle for `year`, or its latest.

        Raises:
            NoCycle.
        """
        async with self._sessions() as session:
            query = select(ReportCycle).where(ReportCycle.network_id == network_id)
            if year is not None:
                query = query.where(ReportCycle.year == year)
            cycle = await session.scalar(query.order_by(ReportCycle.year.desc()).limit(1))
        if cycle is None:
            raise NoCycle(year=year or _oslo_year(self._now()))
        return cycle

    async def _cycle(self, cycle_id: int) -> tuple[ReportCycle, Network]:
        async with self._sessions() as session:
            cycle = await session.get(ReportCycle, cycle_id)
            if cycle is None:
                raise NotFound(name=str(cycle_id))
            network = await session.get(Network, cycle.network_id)
            assert network is not None
            return cycle, network

    async def input_form(self, actor: Actor, cycle_id: int) -> InputForm:
        """The input card for the actor, with their last answers.

        Raises:
            NotFound, NotAsked.
        """
        cycle, network = await self._cycle(cycle_id)
        async with self._sessions() as session:
            row = await session.scalar(
                select(ReportInput).where(
                    ReportInput.cycle_id == cycle_id, ReportInput.aad_id == actor.aad_id
                )
            )
            if row is None:
                raise NotAsked()
            goals = await _decided_goals(session, network.id, cycle.year)
        return InputForm(
            cycle.id,
            network.name,
            cycle.year,
            cycle.input_deadline,
            goals,
            Answers.from_json(row.answers) if row.answers else None,
            row.version,
        )

    async def give_input(
        self, actor: Actor, cycle_id: int, fields: Mapping[str, object], lang: Lang
    ) -> InputForm:
        """Save (or replace) the actor's input until the input deadline; each version is kept
        in the events.

        Raises:
            NotFound, NotAsked, InputClosed, InvalidInput.
        """
        form = await self.input_form(actor, cycle_id)
        now = self._now()
        if not rules.input_open(form.deadline, now):
            raise InputClosed(year=form.year, deadline=when(form.deadline, lang))
        answers = rules.parse_answers(fields, len(form.goals))
        async with self._sessions.begin() as session:
            cycle = await session.get(ReportCycle, cycle_id, with_for_update=True)
            assert cycle is not None
            if not rules.input_open(cycle.input_deadline, now):
                raise InputClosed(year=form.year, deadline=when(cycle.input_deadline, lang))
            row = await session.scalar(
                select(ReportInput).where(
                    ReportInput.cycle_id == cycle_id, ReportInput.aad_id == actor.aad_id
                )
            )
            assert row is not None
            row.answers = answers.to_json()
            row.version += 1
            row.answered_at = now
            record(
                session,
                "ReportInputGiven",
                actor=actor.aad_id,
                network_id=cycle.network_id,
                subject=f"report:{cycle_id}",
                version=row.version,
                answers=row.answers,
            )
            await self._reminders.cancel(
                session, subject=f"report:{cycle_id}:inputs", recipient=actor.aad_id
            )
            version = row.version
        return InputForm(
            form.cycle_id, form.network, form.year, form.deadline, form.goals, answers, version
        )

    async def reopen(self, actor: Actor, cycle_id: int, deadline: datetime) -> ReportCycle:
        """The leader (or secretary) takes inputs again until a new deadline; those who have not
        answered are reminded again.

        Raises:
            NotFound, NotAllowed, AlreadySubmitted, InvalidInput.
        """
        cycle, network = await self._cycle(cycle_id)
        await self._members.check_may_manage(actor, network.id)
        rules.check_deadlines(deadline, None, self._now())
        async with self._sessions.begin() as session:
            attached = await session.get(ReportCycle, cycle_id, with_for_update=True)
            assert attached is not None
            if attached.state != "collecting":
                raise AlreadySubmitted(year=attached.year)
            before = attached.input_deadline
            attached.input_deadline = deadline.astimezone(UTC)
            waiting = (
                await session.scalars(
                    select(ReportInput.aad_id).where(
                        ReportInput.cycle_id == cycle_id, ReportInput.answers.is_(None)
                    )
                )
            ).all()
            if waiting:
                await self._reminders.schedule(
                    session,
                    subject=f"report:{cycle_id}:inputs",
                    kind="report_input",
                    network_id=network.id,
                    deadline=attached.input_deadline,
                    recipients=list(waiting),
                    action={"action": "annual.input_form", "cycle_id": cycle_id},
                    params={"network": network.name, "title": str(attached.year)},
                )
            record(
                session,
                "ReportInputsReopened",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"report:{cycle_id}",
                before=before.isoformat(),
                after=attached.input_deadline.isoformat(),
            )
            return attached

    async def status(self, network: Network, year: int | None) -> StatusView:
        """Who has answered and who is awaited, per HF.

        Raises:
            NoCycle.
        """
        cycle = await self.cycle_of(network.id, year)
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(ReportInput)
                    .where(ReportInput.cycle_id == cycle.id)
                    .order_by(ReportInput.name)
                )
            ).all()
        answered: dict[str, list[str]] = {}
        waiting: dict[str, list[str]] = {}
        for row in rows:
            (answered if row.answers else waiting).setdefault(row.hf or "", []).append(row.name)
        return StatusView(
            cycle.id,
            network.name,
            cycle.year,
            cycle.state,
            cycle.input_deadline,
            cycle.report_deadline,
            {hf: tuple(names) for hf, names in sorted(answered.items())},
            {hf: tuple(names) for hf, names in sorted(waiting.items())},
            cycle.approved_at,
        )

    # -- the draft and the approval ---------------------------------------------------------------

    async def _check_leader(self, actor: Actor, network_id: int) -> None:
        if actor.aad_id in self._admins:
            return
        async with self._sessions() as session:
            role = await session.scalar(
                select(Membership.role).where(
                    Membership.network_id == network_id,
                    Membership.aad_id == actor.aad_id,
                    Membership.active.is_(True),
                )
            )
        if role != Role.LEADER.value:
            raise NotLeader()

    async def draft(self, actor: Actor, cycle_id: int) -> DraftView:
        """The draft: the year's facts and the members' inputs under the template's headings,
        with the leader's edits, fitted to one page. Managers may read it.

        Raises:
            NotFound, NotAllowed.
        """
        cycle, network = await self._cycle(cycle_id)
        await self._members.check_may_manage(actor, network.id)
        async with self._sessions() as session:
            view, _drew_on = await _compose(session, cycle, network)
        return view

    async def save_draft(
        self, actor: Actor, cycle_id: int, sections: Mapping[Section, str | None]
    ) -> DraftView:
        """The leader's edits, section by section (one bullet per line); the limits apply to
        them too, and the draft says what they cut.

        Raises:
            NotFound, NotLeader, AlreadySubmitted.
        """
        cycle, network = await self._cycle(cycle_id)
        await self._check_leader(actor, network.id)
        async with self._sessions.begin() as session:
            attached = await session.get(ReportCycle, cycle_id, with_for_update=True)
            assert attached is not None
            if attached.state != "collecting":
                raise AlreadySubmitted(year=attached.year)
            edits = dict(attached.edits or {})
            for section, text in sections.items():
                if text is not None:
                    edits[section.value] = rules.bullets_of(text)
            before = attached.edits
            attached.edits = edits
            record(
                session,
                "ReportDraftEdited",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"report:{cycle_id}",
                before=before,
                after=edits,
            )
            await session.flush()
            view, _drew_on = await _compose(session, attached, network)
        return view

    async def approve(self, actor: Actor, cycle_id: int) -> Approved:
        """The leader approves: the report is frozen, stored in the channel's files (through
        Graph when configured), posted to the recipient's channel (the director network, or a
        council's parent), and marked submitted with what it drew on.

        Raises:
            NotFound, NotLeader, AlreadySubmitted, NoRecipient.
        """
        cycle, network = await self._cycle(cycle_id)
        await self._check_leader(actor, network.id)
        if cycle.state != "collecting":
            raise AlreadySubmitted(year=cycle.year)
        async with self._sessions() as session:
            draft, drew_on = await _compose(session, cycle, network)
            recipient = await _recipient(session, network)
        if recipient is None:
            raise NoRecipient()
        lang = _lang(cycle.lang)
        document = draft.document()
        file_url = await self._upload(network, document, lang)
        now = self._now()
        async with self._sessions.begin() as session:
            claimed = await session.execute(
                update(ReportCycle)
                .where(ReportCycle.id == cycle_id, ReportCycle.state == "collecting")
                .values(
                    state="submitted",
                    approved_at=now,
                    approved_by=actor.aad_id,
                    report={
                        "sections": [[s.value, list(b)] for s, b in document.sections],
                        "recipient": document.recipient,
                        "approved_by_name": actor.name,
                    },
                    drew_on=drew_on,
                    file_url=file_url,
                )
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise AlreadySubmitted(year=cycle.year)
            await self._reminders.cancel(session, subject=f"report:{cycle_id}")
            await self._reminders.cancel(session, subject=f"report:{cycle_id}:inputs")
            view = ReportView(
                document,
                actor.name,
                now,
                len(drew_on["inputs"]),
                len(drew_on["decisions"]),
                file_url,
            )
            for target in (recipient, network):
                self._outbox.post(
                    session,
                    _channel(target),
                    Reply(card=self._cards.report(view, lang)),
                    subject=f"report:{cycle_id}:to:{target.id}",
                    network_id=target.id,
                )
            record(
                session,
                "ReportApproved",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"report:{cycle_id}",
                recipient_network_id=recipient.id,
                drew_on=drew_on,
                file_url=file_url,
            )
            record(
                session,
                "ReportSubmitted",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"report:{cycle_id}",
                recipient_network_id=recipient.id,
            )
        return Approved(view, recipient.name)

    async def _upload(self, network: Network, document: ReportDocument, lang: Lang) -> str | None:
        """Store the DOCX in the network's channel files; None without Graph or when Graph
        refuses (the signed links still serve it)."""
        if self._files is None:
            return None
        try:
            return await self._files.upload_channel_file(
                team_id=network.team_id,
                channel_id=network.channel_id,
                name=file_name(document, "docx"),
                content=to_docx(document, lang),
            )
        except Exception:
            log.warning(
                "could not store the %s report of network %s in its files",
                document.year,
                network.id,
                exc_info=True,
            )
            return None

    async def report(self, cycle_id: int) -> tuple[ReportView, Lang]:
        """An approved report.

        Raises:
            NotFound: no such cycle, or not approved.
        """
        cycle, network = await self._cycle(cycle_id)
        if cycle.state != "submitted" or cycle.approved_at is None:
            raise NotFound(name=str(cycle_id))
        saved = cycle.report
        document = ReportDocument(
            cycle.id,
            network.name,
            cycle.year,
            str(saved.get("recipient", "")),
            tuple((Section(s), tuple(b)) for s, b in saved.get("sections", [])),
        )
        drew_on = cycle.drew_on or {}
        return (
            ReportView(
                document,
                str(saved.get("approved_by_name", "")),
                cycle.approved_at,
                len(drew_on.get("inputs", [])),
                len(drew_on.get("decisions", [])),
                cycle.file_url,
            ),
            _lang(cycle.lang),
        )

    async def network_of_cycle(self, cycle_id: int) -> int:
        """The network a cycle belongs to.

        Raises:
            NotFound.
        """
        _cycle, network = await self._cycle(cycle_id)
        return network.id


def _priorities_view(priorities: AnnualPriorities, case: Case, network: Network) -> PrioritiesView:
    return PrioritiesView(
        priorities.id,
        network.name,
        priorities.year,
        case_label(case.number, case.year),
        case.state,
        tuple(Goal.from_json(g) for g in priorities.goals or []),
        tuple(Source(s) for s in priorities.sources or [] if s in Source.__members__.values()),
    )


async def _decided_goals(session: AsyncSession, network_id: int, year: int) -> tuple[Goal, ...]:
    """The year's goals: those of the year's priorities case once the network has decided it."""
    row = (
        await session.execute(
            select(AnnualPriorities.goals, Case.state)
            .join(Case, Case.id == AnnualPriorities.case_id)
            .where(AnnualPriorities.network_id == network_id, AnnualPriorities.year == year)
        )
    ).first()
    if row is None or row.state != CaseState.DECIDED.value:
        return ()
    return tuple(Goal.from_json(g) for g in row.goals or [])


async def _recipient(session: AsyncSession, network: Network) -> Network | None:
    """Councils and working groups report to their parent; others to the director network."""
    if rules.reports_to_parent(network.kind) and network.parent_id is not None:
        return await session.get(Network, network.parent_id)
    return await session.scalar(select(Network).where(Network.kind == "director"))


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=OSLO).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=OSLO).astimezone(UTC)
    return start, end


async def _facts(
    session: AsyncSession, network: Network, year: int, lang: Lang
) -> tuple[YearFacts, list[int]]:
    """The year's record, and the ids of the decisions it cites."""
    start, end = _year_bounds(year)
    decisions = (
        await session.scalars(
            select(Decision)
            .where(Decision.network_id == network.id, Decision.year == year)
            .order_by(Decision.number)
        )
    ).all()
    cases = {
        c.id: c
        for c in await session.scalars(
            select(Case).where(Case.id.in_({d.case_id for d in decisions if d.case_id}))
        )
    }

    def titled(decision: Decision) -> str:
        case = cases.get(decision.case_id) if decision.case_id else None
        return f"{decision_label(decision.number, decision.year)} {case.title if case else decision.text}"

    approved = tuple(
        titled(d)
        for d in decisions
        if d.outcome == "consensus"
        and d.case_id in cases
        and cases[d.case_id].case_type
        in (CaseType.REGIONAL_PROCEDURE.value, CaseType.PATIENT_PATHWAY.value)
    )
    meetings = len(
        (
            await session.scalars(
                select(Meeting.id).where(
                    Meeting.network_id == network.id,
                    Meeting.state == "held",
                    Meeting.start_at >= start,
                    Meeting.start_at < end,
                )
            )
        ).all()
    )
    closed = len(
        (
            await session.scalars(
                select(FollowUp.id).where(
                    FollowUp.network_id == network.id,
                    FollowUp.state == "done",
                    FollowUp.done_at >= start,
                    FollowUp.done_at < end,
                )
            )
        ).all()
    )
    escalations = (
        await session.scalars(
            select(Escalation)
            .where(
                Escalation.network_id == network.id,
                Escalation.requested_at >= start,
                Escalation.requested_at < end,
            )
            .order_by(Escalation.id)
        )
    ).all()
    escalated_cases = {
        c.id: c
        for c in await session.scalars(
            select(Case).where(Case.id.in_({e.case_id for e in escalations if e.case_id}))
        )
    }
    escalated = []
    for escalation in escalations:
        case = escalated_cases.get(escalation.case_id) if escalation.case_id else None
        label = f"{case_label(case.number, case.year)} {case.title}" if case else escalation.reason
        outcome = t(f"annual.fact.escalation.{escalation.decision or 'pending'}", lang)
        escalated.append((label, outcome))
    councils = (
        (
            await session.execute(
                select(Network.name)
                .join(ReportCycle, ReportCycle.network_id == Network.id)
                .where(
                    Network.parent_id == network.id,
                    ReportCycle.year == year,
                    ReportCycle.state == "submitted",
                )
                .order_by(Network.name)
            )
        )
        .scalars()
        .all()
    )
    return (
        YearFacts(
            meetings=meetings,
            followups_closed=closed,
            decisions=tuple(titled(d) for d in decisions),
            approved=approved,
            escalations=tuple(escalated),
            councils=tuple(councils),
        ),
        [d.id for d in decisions],
    )


async def _compose(
    session: AsyncSession, cycle: ReportCycle, network: Network
) -> tuple[DraftView, dict[str, Any]]:
    """The draft of `cycle`, and what it draws on (input, decision and council report ids)."""
    lang = _lang(cycle.lang)
    facts, decision_ids = await _facts(session, network, cycle.year, lang)
    goals = await _decided_goals(session, network.id, cycle.year)
    inputs = (
        await session.scalars(
            select(ReportInput)
            .where(ReportInput.cycle_id == cycle.id, ReportInput.answers.is_not(None))
            .order_by(ReportInput.answered_at, ReportInput.id)
        )
    ).all()
    answers = [Answers.from_json(i.answers) for i in inputs if i.answers]
    sections = rules.sections_of_kind(network.kind)
    composed = rules.compose(facts, goals, answers, sections, lang)
    edits = {
        Section(k): v for k, v in (cycle.edits or {}).items() if k in Section.__members__.values()
    }
    edited = rules.fit({s: edits[s] for s in sections if s in edits})
    merged = {**composed.sections, **edited.sections}
    cuts = {**{s: c for s, c in composed.cuts.items() if s not in edits}, **edited.cuts}
    recipient = await _recipient(session, network)
    council_reports = (
        await session.scalars(
            select(ReportCycle.id)
            .join(Network, Network.id == ReportCycle.network_id)
            .where(
                Network.parent_id == network.id,
                ReportCycle.year == cycle.year,
                ReportCycle.state == "submitted",
            )
        )
    ).all()
    view = DraftView(
        cycle.id,
        network.name,
        cycle.year,
        recipient.name if recipient else "",
        tuple((s, merged.get(s, ())) for s in sections),
        cuts,
    )
    return view, {
        "inputs": [i.id for i in inputs],
        "decisions": decision_ids,
        "councils": list(council_reports),
    }
