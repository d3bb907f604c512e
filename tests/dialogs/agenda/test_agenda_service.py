"""AgendaService against a real database: proposals posted, accepted as one case (even when two
secretaries accept at once) or declined with a reason, the adviser told each time; assignments
given as a case with reminders, answered once, the answer queued for the director thread, and
overdue ones counted by the summary."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from dialogs.agenda.service import (
    AgendaService,
    AlreadyAnswered,
    AlreadyDecided,
    AssignmentForm,
    NotAdviser,
    NotDirector,
    ProposalForm,
)
from dialogs.cases.service import CaseService
from dialogs.errors import InvalidInput, NotAllowed
from dialogs.members.service import MemberService
from dialogs.nudges.service import NudgeService
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.summary.rules import Filters
from dialogs.summary.service import SummaryService
from dialogs.turn import Actor, Place
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions
from storage.models import (
    AgendaProposal,
    Assignment,
    Case,
    Decision,
    Event,
    Membership,
    Network,
    OutboxMessage,
    Reminder,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""A Monday, 10:00 in Oslo."""

SIRI = Actor("aad-siri", "29:siri", "Siri Dahl")
PER = Actor("aad-per", "29:per", "Per Olsen")
KARI = Actor("aad-kari", "29:kari", "Kari Nordmann")
OLA = Actor("aad-ola", "29:ola", "Ola Hansen")
DAG = Actor("aad-dag", "29:dag", "Dag Direktør")

HJERTE_PLACE = Place(
    "channel", "19:hjerte;messageid=p1", "https://smba/", "tenant", "team-hjerte", "19:hjerte"
)
DIRECTOR_PLACE = Place(
    "channel", "19:direktor;messageid=d1", "https://smba/", "tenant", "team-direktor", "19:direktor"
)


@dataclass
class Recording:
    """A transport that accepts everything and remembers it."""

    sent: list[tuple[str, Message]] = field(default_factory=list)

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        self.sent.append((channel.channel_id, message))
        return Posted(channel.service_url, channel.channel_id, f"a-{len(self.sent)}")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        self.sent.append((thread.conversation_id, message))
        return Posted(thread.service_url, thread.conversation_id, f"a-{len(self.sent)}")

    async def update(self, posted: Posted, message: Message) -> None:
        self.sent.append((posted.conversation_id, message))

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        self.sent.append((aad_id, message))
        return Posted("https://smba/", f"a:{aad_id}", f"a-{len(self.sent)}")


class World:
    """Hjertenettverket (Per secretary, Kari leader, Ola member, Siri adviser) and the director
    network (Dag director), over one outbox and one clock."""

    def __init__(self, sessions: Sessions, clock: FakeClock) -> None:
        self.sessions = sessions
        self.clock = clock
        self.outbox = Outbox(
            sessions, Recording(), now=clock, pacer=Pacer(per_tenant=((1000, 1.0),))
        )
        self.hjerte = 0
        self.directors = 0

    def service(self) -> AgendaService:
        """An instance's agenda service over the shared database."""
        members = MemberService(self.sessions, admins=())
        return AgendaService(
            self.sessions,
            members,
            CaseService(self.sessions, members, now=self.clock),
            self.outbox,
            NudgeService(self.sessions, self.outbox, now=self.clock),
            now=self.clock,
        )

    async def network(self, network_id: int) -> Network:
        async with self.sessions() as session:
            network = await session.get(Network, network_id)
        assert network is not None
        return network


def _network(name: str, kind: str, channel: str) -> Network:
    return Network(
        name=name,
        kind=kind,
        tenant_id="tenant",
        team_id=f"team-{channel}",
        channel_id=f"19:{channel}",
        service_url="https://smba/",
        created_by="aad-admin",
    )


def _member(network: Network, actor: Actor, role: str, hf: str) -> Membership:
    return Membership(
        network_id=network.id,
        aad_id=actor.aad_id,
        teams_id=actor.teams_id,
        name=actor.name,
        role=role,
        hf=hf,
    )


@pytest.fixture
async def world(sessions: Sessions, clock: FakeClock) -> AsyncIterator[World]:
    """The two networks; the outbox's background deliveries are stopped afterwards."""
    clock.set(NOW)
    built = World(sessions, clock)
    async with sessions.begin() as session:
        hjerte = _network("Hjertenettverket", "professional_leader", "hjerte")
        directors = _network("Fagdirektørnettverket", "director", "direktor")
        session.add_all([hjerte, directors])
        await session.flush()
        session.add_all(
            [
                _member(hjerte, PER, "secretary", "st_olav"),
                _member(hjerte, KARI, "leader", "st_olav"),
                _member(hjerte, OLA, "member", "hmr"),
                _member(hjerte, SIRI, "rhf_adviser", "rhf"),
                _member(directors, DAG, "director", "st_olav"),
            ]
        )
        built.hjerte, built.directors = hjerte.id, directors.id
    yield built
    await built.outbox.stop()


def _form(world: World, title: str = "Nasjonal retningslinje for hjertesvikt") -> ProposalForm:
    return ProposalForm(
        network_id=world.hjerte,
        scope="national",
        title=title,
        description="Helsedirektoratet har sendt ut en ny nasjonal faglig retningslinje.",
        source="Helsedirektoratet, brev 12. november 2026",
    )


async def _outbox(world: World, subject: str) -> list[OutboxMessage]:
    async with world.sessions() as session:
        return list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.subject == subject)
                .order_by(OutboxMessage.id)
            )
        )


async def _events(world: World, kind: str) -> list[Event]:
    async with world.sessions() as session:
        return list(await session.scalars(select(Event).where(Event.kind == kind)))


@BOTH
async def test_a_proposal_is_posted_then_accepted_as_a_case_brought_by_the_rhf(
    world: World,
) -> None:
    agenda = world.service()
    view = await agenda.propose(SIRI, _form(world), "nb")
    assert (view.network, view.state, view.adviser) == ("Hjertenettverket", "pending", "Siri Dahl")

    posted = await _outbox(world, f"proposal:{view.id}")
    assert [(m.kind, m.target["channel_id"]) for m in posted] == [("post", "19:hjerte")]
    buttons = [a["data"] for a in posted[0].message["card"]["actions"]]
    assert buttons == [
        {"action": "agenda.accept", "proposal_id": view.id},
        {"action": "agenda.decline", "proposal_id": view.id},
    ]

    accepted, case = await agenda.accept(PER, HJERTE_PLACE, view.id)
    assert accepted.state == "accepted"
    assert accepted.case == f"1/2026 {view.title}"
    assert (case.network_id, case.number, case.year, case.state) == (world.hjerte, 1, 2026, "open")
    assert case.thread_id == HJERTE_PLACE.conversation_id
    assert case.description.endswith(
        "Meldt inn av RHF (Siri Dahl): Nasjonal sak. Kilde: Helsedirektoratet, brev 12. november 2026"
    )
    async with world.sessions() as session:
        stored = await session.get(AgendaProposal, view.id)
    assert stored is not None
    assert (stored.state, stored.case_id, stored.decided_by) == ("accepted", case.id, PER.aad_id)

    told = [m for m in await _outbox(world, f"proposal:{view.id}") if m.kind == "personal"]
    assert [m.target for m in told] == [{"aad_id": SIRI.aad_id}]
    assert told[0].message["text"] == (
        f"Per Olsen har tatt forslaget ditt «{view.title}» opp på sakskartet i "
        "Hjertenettverket som sak 1/2026."
    )
    opened = await _events(world, "CaseOpened")
    assert [(e.data["brought_by"], e.data["proposal_id"]) for e in opened] == [("rhf", view.id)]
    assert len(await _events(world, "AgendaProposed")) == 1
    assert len(await _events(world, "AgendaProposalAccepted")) == 1

    with pytest.raises(AlreadyDecided):
        await agenda.decline(KARI, view.id, "For sent")


@BOTH
async def test_two_secretaries_accepting_the_same_proposal_at_once_make_one_case(
    world: World,
) -> None:
    view = await world.service().propose(SIRI, _form(world), "nb")
    results = await asyncio.gather(
        world.service().accept(PER, HJERTE_PLACE, view.id),
        world.service().accept(KARI, HJERTE_PLACE, view.id),
        return_exceptions=True,
    )
    won = [r for r in results if isinstance(r, tuple)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1, results
    assert len(lost) == 1, results
    assert isinstance(lost[0], AlreadyDecided), results
    async with world.sessions() as session:
        cases = await session.scalar(select(func.count()).select_from(Case))
    assert cases == 1
    told = [m for m in await _outbox(world, f"proposal:{view.id}") if m.kind == "personal"]
    assert len(told) == 1
    assert len(await _events(world, "AgendaProposalAccepted")) == 1


@BOTH
async def test_accepting_and_declining_at_once_do_one_of_the_two(world: World) -> None:
    view = await world.service().propose(SIRI, _form(world), "nb")
    results = await asyncio.gather(
        world.service().accept(PER, HJERTE_PLACE, view.id),
        world.service().decline(KARI, view.id, "Hører hjemme i et annet nettverk"),
        return_exceptions=True,
    )
    assert sum(isinstance(r, AlreadyDecided) for r in results) == 1, results
    async with world.sessions() as session:
        stored = await session.get(AgendaProposal, view.id)
        cases = await session.scalar(select(func.count()).select_from(Case))
    assert stored is not None
    assert cases == (1 if stored.state == "accepted" else 0)
    assert (
        len([m for m in await _outbox(world, f"proposal:{view.id}") if m.kind == "personal"]) == 1
    )


async def test_a_declined_proposal_sends_its_reason_to_the_adviser(world: World) -> None:
    agenda = world.service()
    view = await agenda.propose(SIRI, _form(world), "en")
    with pytest.raises(InvalidInput) as missing:
        await agenda.decline(PER, view.id, "  ")
    assert missing.value.key == "agenda.invalid.reason"

    declined = await agenda.decline(PER, view.id, "Already covered by case 4/2026")
    assert (declined.state, declined.reason) == ("declined", "Already covered by case 4/2026")
    told = [m for m in await _outbox(world, f"proposal:{view.id}") if m.kind == "personal"]
    assert [m.message["text"] for m in told] == [
        f"Per Olsen declined your proposal “{view.title}” to Hjertenettverket. "
        "Reason: Already covered by case 4/2026"
    ]
    async with world.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0
    with pytest.raises(AlreadyDecided):
        await agenda.accept(PER, HJERTE_PLACE, view.id)


async def test_only_advisers_propose_and_only_the_networks_managers_decide(world: World) -> None:
    agenda = world.service()
    for outsider in (OLA, PER, DAG):
        with pytest.raises(NotAdviser):
            await agenda.propose(outsider, _form(world), "nb")
        with pytest.raises(NotAdviser):
            await agenda.proposal_targets(outsider)
    with pytest.raises(InvalidInput) as wrong:
        await agenda.propose(
            SIRI, ProposalForm(world.hjerte, "national", "Tittel", "Hva", None), "nb"
        )
    assert wrong.value.key == "agenda.invalid.source"

    view = await agenda.propose(SIRI, _form(world), "nb")
    for outsider in (OLA, SIRI, DAG):
        with pytest.raises(NotAllowed):
            await agenda.accept(outsider, HJERTE_PLACE, view.id)
        with pytest.raises(NotAllowed):
            await agenda.decline(outsider, view.id, None)
    async with world.sessions() as session:
        stored = await session.get(AgendaProposal, view.id)
    assert stored is not None
    assert stored.state == "pending"


def _assignment(world: World, deadline: str = "2026-12-10") -> AssignmentForm:
    return AssignmentForm(
        network_id=world.hjerte,
        title="Kartlegg ventetider for hjertesviktpoliklinikk",
        description="Fagdirektørene ber om en oversikt per helseforetak.",
        deadline=deadline,
    )


@BOTH
async def test_an_assignment_becomes_a_nudged_case_and_its_answer_goes_to_the_director_thread(
    world: World,
) -> None:
    agenda = world.service()
    directors = await world.network(world.directors)
    view = await agenda.give(DAG, directors, DIRECTOR_PLACE, _assignment(world), "nb")
    assert view.case == "1/2026 Kartlegg ventetider for hjertesviktpoliklinikk"
    assert view.deadline == datetime(2026, 12, 10, 15, 0, tzinfo=UTC), "16:00 in Oslo"
    async with world.sessions() as session:
        stored = await session.scalar(select(Assignment))
        assert stored is not None
        case = await session.get(Case, stored.case_id)
        reminders = (
            await session.execute(
                select(Reminder.recipient_aad_id, Reminder.kind, Reminder.due_at).where(
                    Reminder.subject == f"assignment:{stored.id}"
                )
            )
        ).all()
    assert case is not None
    assert (case.network_id, case.state) == (world.hjerte, "open")
    assert "Oppdrag fra Fagdirektørnettverket med frist 10. des. 2026." in case.description
    assert (stored.thread_id, stored.director_network_id, stored.state) == (
        DIRECTOR_PLACE.conversation_id,
        world.directors,
        "open",
    )
    assert {r.recipient_aad_id for r in reminders} == {PER.aad_id, KARI.aad_id}
    assert {r.kind for r in reminders} == {"assignment"}
    # 5 and 1 working days before (3 and 9 December) and the day after (11 December), at the
    # working window's start since the deadline's 16:00 lies outside it.
    assert sorted({r.due_at for r in reminders}) == [
        datetime(2026, 12, 3, 7, 0, tzinfo=UTC),
        datetime(2026, 12, 9, 7, 0, tzinfo=UTC),
        datetime(2026, 12, 11, 7, 0, tzinfo=UTC),
    ]
    posted = await _outbox(world, f"assignment:{stored.id}")
    assert [(m.kind, m.target.get("channel_id")) for m in posted] == [("post", "19:hjerte")]

    async with world.sessions.begin() as session:
        session.add(
            Decision(
                network_id=world.hjerte,
                year=2026,
                number=3,
                case_id=case.id,
                text="Ventetidene kartlegges kvartalsvis fra 2027.",
                outcome="consensus",
                decided_by="network",
                recorded_by=PER.aad_id,
            )
        )
    with pytest.raises(NotAllowed):
        await agenda.answer(OLA, stored.id, "Svar", None)
    with pytest.raises(InvalidInput):
        await agenda.answer(PER, stored.id, None, None)

    answered = await agenda.answer(PER, stored.id, "Se vedlagt vedtak.", "3/2026")
    assert answered.state == "answered"
    assert answered.answer == (
        "Se vedlagt vedtak.\n\nVedtak 3/2026: Ventetidene kartlegges kvartalsvis fra 2027."
    )
    replies = [m for m in await _outbox(world, f"assignment:{stored.id}") if m.kind == "reply"]
    assert [m.target["conversation_id"] for m in replies] == [DIRECTOR_PLACE.conversation_id]
    assert "Ventetidene kartlegges kvartalsvis" in str(replies[0].message["card"])
    async with world.sessions() as session:
        pending = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.subject == f"assignment:{stored.id}", Reminder.state == "pending")
        )
    assert pending == 0
    with pytest.raises(AlreadyAnswered):
        await agenda.answer(KARI, stored.id, "Et svar til", None)
    assert len(await _events(world, "AssignmentAnswered")) == 1


@BOTH
async def test_two_answers_at_once_reach_the_director_thread_once(world: World) -> None:
    directors = await world.network(world.directors)
    view = await world.service().give(DAG, directors, DIRECTOR_PLACE, _assignment(world), "nb")
    results = await asyncio.gather(
        world.service().answer(PER, view.id, "Svar fra Per", None),
        world.service().answer(KARI, view.id, "Svar fra Kari", None),
        return_exceptions=True,
    )
    assert sum(isinstance(r, AlreadyAnswered) for r in results) == 1, results
    replies = [m for m in await _outbox(world, f"assignment:{view.id}") if m.kind == "reply"]
    assert len(replies) == 1


async def test_only_directors_give_assignments_from_the_director_channel(world: World) -> None:
    agenda = world.service()
    directors = await world.network(world.directors)
    hjerte = await world.network(world.hjerte)
    for outsider in (PER, SIRI, OLA):
        with pytest.raises(NotDirector):
            await agenda.give(outsider, directors, DIRECTOR_PLACE, _assignment(world), "nb")
    with pytest.raises(NotDirector):
        await agenda.assignment_targets(DAG, hjerte)
    targets = await agenda.assignment_targets(DAG, directors)
    assert targets.networks == [(world.hjerte, "Hjertenettverket")]
    for deadline in ("2026-11-23", "i morgen", "2029-01-01"):
        with pytest.raises(InvalidInput) as wrong:
            await agenda.give(DAG, directors, DIRECTOR_PLACE, _assignment(world, deadline), "nb")
        assert wrong.value.key == "assignment.invalid.deadline"
    own = AssignmentForm(world.directors, "Til oss selv", None, "2026-12-10")
    with pytest.raises(InvalidInput):
        await agenda.give(DAG, directors, DIRECTOR_PLACE, own, "nb")
    async with world.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Assignment)) == 0


async def test_an_overdue_assignment_shows_in_the_summary(world: World) -> None:
    directors = await world.network(world.directors)
    await world.service().give(DAG, directors, DIRECTOR_PLACE, _assignment(world), "nb")
    summary = SummaryService(world.sessions, world.outbox, now=world.clock)

    async def hjerte_row() -> tuple[int, int]:
        rows = (await summary.summary(SIRI, Filters())).rows
        row = next(r for r in rows if r.network_id == world.hjerte)
        return row.open_assignments, row.overdue_assignments

    assert await hjerte_row() == (1, 0)
    world.clock.set(datetime(2026, 12, 10, 15, 1, tzinfo=UTC))
    assert await hjerte_row() == (1, 1)
