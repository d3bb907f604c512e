"""AnnualService against a real database: one priorities case per network and year, one cycle
and one input card per member even when instances race, inputs refused after the deadline and
reopened, a member of two networks answering each, and a council reporting to its parent."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from dialogs.annual.cards import AnnualCards
from dialogs.annual.rules import Goal, MandateTask, Section, Source, StartRequest
from dialogs.annual.service import (
    AnnualService,
    CycleExists,
    InputClosed,
    NotLeader,
    PrioritiesLocked,
)
from dialogs.i18n import OSLO
from dialogs.members.service import MemberService
from dialogs.nudges.service import NudgeService
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.turn import Actor
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions
from storage.models import (
    AnnualPriorities,
    Case,
    Event,
    Membership,
    Network,
    OutboxMessage,
    ReportCycle,
    ReportInput,
)

PEOPLE = {
    "kari": ("Kari Nordmann", "leader", "st_olav"),
    "per": ("Per Olsen", "secretary", "st_olav"),
    "ola": ("Ola Hansen", "member", "hmr"),
    "ingrid": ("Ingrid Berg", "member", "hnt"),
}


def actor(key: str) -> Actor:
    return Actor(f"aad-{key}", f"29:{key}", PEOPLE[key][0])


@dataclass
class Recording:
    """A transport that accepts everything and remembers it."""

    sent: list[tuple[str, Message]] = field(default_factory=list)

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        self.sent.append((channel.channel_id, message))
        return Posted(channel.service_url, f"{channel.channel_id};messageid=1", "a-1")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        self.sent.append((thread.conversation_id, message))
        return Posted(thread.service_url, thread.conversation_id, "a-2")

    async def update(self, posted: Posted, message: Message) -> None:
        self.sent.append((posted.conversation_id, message))

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        self.sent.append((aad_id, message))
        return Posted("https://smba/", f"a:{aad_id}", "a-3")


@dataclass
class World:
    sessions: Sessions
    clock: FakeClock
    outbox: Outbox
    transport: Recording
    networks: dict[str, int]

    def service(self, **options: object) -> AnnualService:
        members = MemberService(self.sessions, admins=[])
        nudges = NudgeService(self.sessions, self.outbox, now=self.clock)
        return AnnualService(
            self.sessions,
            members,
            self.outbox,
            nudges,
            AnnualCards(),
            now=self.clock,
            **options,  # type: ignore[arg-type]
        )


async def _network(
    sessions: Sessions, name: str, kind: str, *, parent: int | None = None, people: tuple[str, ...]
) -> int:
    async with sessions.begin() as session:
        network = Network(
            name=name,
            kind=kind,
            tenant_id="tenant",
            team_id=f"team-{name}",
            channel_id=f"19:{name}",
            service_url="https://smba/",
            parent_id=parent,
            created_by="aad-kari",
        )
        session.add(network)
        await session.flush()
        for key in people:
            person, role, hf = PEOPLE[key]
            session.add(
                Membership(
                    network_id=network.id,
                    aad_id=f"aad-{key}",
                    teams_id=f"29:{key}",
                    name=person,
                    role=role,
                    hf=hf,
                )
            )
        return network.id


@pytest.fixture
async def world(sessions: Sessions, clock: FakeClock) -> World:
    clock.set(datetime(2025, 11, 3, 9, 0, tzinfo=UTC))
    transport = Recording()
    outbox = Outbox(sessions, transport, now=clock, pacer=Pacer(per_tenant=((1000, 1.0),)))
    everyone = tuple(PEOPLE)
    networks = {
        "director": await _network(sessions, "Direktorer", "director", people=("per",)),
        "hjerte": await _network(sessions, "Hjerte", "professional_leader", people=everyone),
        "lunge": await _network(sessions, "Lunge", "professional_leader", people=("kari", "ola")),
    }
    networks["rad"] = await _network(
        sessions, "Hjerterad", "council", parent=networks["hjerte"], people=("kari", "ola")
    )
    return World(sessions, clock, outbox, transport, networks)


async def _count(sessions: Sessions, model: type[object], **where: object) -> int:
    async with sessions() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(await session.scalar(query) or 0)


@BOTH
async def test_one_priorities_case_per_network_and_year_when_instances_race(world: World) -> None:
    world.clock.set(datetime(2026, 1, 2, 6, 0, tzinfo=UTC))
    first, second = world.service(), world.service()
    opened = await asyncio.gather(first.open_due(), second.open_due(), first.open_due())
    assert sum(opened) == 3, "Hjerte, Lunge and the council, once each; never the directors"
    assert await _count(world.sessions, AnnualPriorities) == 3
    assert await _count(world.sessions, Case) == 3
    assert await _count(world.sessions, OutboxMessage) == 3


async def test_last_years_goals_are_carried_in_and_become_the_years_goals_once_decided(
    world: World,
) -> None:
    service = world.service()
    hjerte = world.networks["hjerte"]
    assert await service.open_priorities(hjerte, 2025)
    last = await service.priorities_of(hjerte, 2025)
    assert last is not None
    goal = Goal("Felles prosedyre", "Høring", "Kari", MandateTask.STANDARDISATION)
    await service.save_goals(actor("per"), last.id, [goal], [Source.HEALTH_ATLAS])
    assert await service.open_priorities(hjerte, 2026)
    this = await service.priorities_of(hjerte, 2026)
    assert this is not None
    assert this.goals == (goal,)
    assert this.sources == (Source.HEALTH_ATLAS,)
    assert not this.decided
    await service.start(actor("per"), await _get(world, hjerte), StartRequest(2026), "nb")
    form = await service.input_form(actor("ola"), 1)
    assert form.goals == (), "undecided goals are not the year's goals yet"
    async with world.sessions.begin() as session:
        priorities = await session.get(AnnualPriorities, this.id)
        assert priorities is not None
        case = await session.get(Case, priorities.case_id)
        assert case is not None
        case.state = "decided"  # as the consensus poll leaves it (the e2e test decides by poll)
    form = await service.input_form(actor("ola"), 1)
    assert form.goals == (goal,)
    with pytest.raises(PrioritiesLocked):
        await service.save_goals(actor("per"), this.id, [], [])


async def _get(world: World, network_id: int) -> Network:
    async with world.sessions() as session:
        network = await session.get(Network, network_id)
        assert network is not None
        return network


@BOTH
async def test_one_cycle_and_one_input_card_per_member_when_two_secretaries_start_at_once(
    world: World,
) -> None:
    hjerte = await _get(world, world.networks["hjerte"])
    first, second = world.service(), world.service()
    results = await asyncio.gather(
        first.start(actor("per"), hjerte, StartRequest(2025), "nb"),
        second.start(actor("kari"), hjerte, StartRequest(2025), "nb"),
        return_exceptions=True,
    )
    assert sum(isinstance(r, ReportCycle) for r in results) == 1
    assert sum(isinstance(r, CycleExists) for r in results) == 1
    assert await _count(world.sessions, ReportCycle) == 1
    assert await _count(world.sessions, ReportInput) == 3, "Kari, Ola, Ingrid vote; Per does not"
    await world.outbox.deliver_due()
    personal = sorted(to for to, _m in world.transport.sent if to.startswith("aad-"))
    assert personal == ["aad-ingrid", "aad-kari", "aad-ola"]


async def test_inputs_are_refused_after_the_deadline_until_the_leader_reopens(
    world: World,
) -> None:
    service = world.service()
    hjerte = await _get(world, world.networks["hjerte"])
    cycle = await service.start(actor("per"), hjerte, StartRequest(2025), "nb")
    first = await service.give_input(actor("ola"), cycle.id, {"activity": "Første."}, "nb")
    second = await service.give_input(actor("ola"), cycle.id, {"activity": "Andre."}, "nb")
    assert (first.version, second.version) == (1, 2)
    world.clock.set(cycle.input_deadline.replace(minute=1))
    with pytest.raises(InputClosed):
        await service.give_input(actor("ola"), cycle.id, {"activity": "For sent."}, "nb")
    await service.reopen(actor("kari"), cycle.id, datetime(2025, 12, 12, 16, 0, tzinfo=OSLO))
    third = await service.give_input(actor("ola"), cycle.id, {"activity": "Tredje."}, "nb")
    assert third.version == 3
    async with world.sessions() as session:
        history: list[dict[str, Any]] = list(
            await session.scalars(
                select(Event.data).where(Event.kind == "ReportInputGiven").order_by(Event.id)
            )
        )
    assert [h["answers"]["texts"]["activity"] for h in history] == ["Første.", "Andre.", "Tredje."]


async def test_a_member_of_two_networks_answers_each_separately(world: World) -> None:
    service = world.service()
    hjerte = await _get(world, world.networks["hjerte"])
    lunge = await _get(world, world.networks["lunge"])
    a = await service.start(actor("per"), hjerte, StartRequest(2025), "nb")
    b = await service.start(actor("kari"), lunge, StartRequest(2025), "nb")
    await service.give_input(actor("ola"), a.id, {"activity": "Hjerte."}, "nb")
    assert (await service.input_form(actor("ola"), b.id)).answers is None
    await service.give_input(actor("ola"), b.id, {"activity": "Lunge."}, "nb")
    assert (await service.status(hjerte, 2025)).answered == {"hmr": ("Ola Hansen",)}
    assert (await service.status(lunge, 2025)).answered == {"hmr": ("Ola Hansen",)}


async def test_a_councils_report_goes_to_its_parent_and_the_parent_cites_it(
    world: World,
) -> None:
    service = world.service()
    rad = await _get(world, world.networks["rad"])
    hjerte = await _get(world, world.networks["hjerte"])
    council = await service.start(actor("kari"), rad, StartRequest(2025), "nb")
    await service.give_input(
        actor("ola"), council.id, {"activity": "Rådet møttes fire ganger."}, "nb"
    )
    with pytest.raises(NotLeader):
        await service.approve(actor("ola"), council.id)
    approved = await service.approve(actor("kari"), council.id)
    assert approved.recipient == "Hjerte"
    await world.outbox.deliver_due()
    assert any(to == hjerte.channel_id for to, _m in world.transport.sent)
    assert not any(to == "19:Direktorer" for to, _m in world.transport.sent)
    parent = await service.start(actor("per"), hjerte, StartRequest(2025), "nb")
    draft = await service.draft(actor("per"), parent.id)
    councils = dict(draft.sections)[Section.COUNCILS]
    assert any("Hjerterad" in line for line in councils)
    assert draft.recipient == "Direktorer"
