"""EscalationService and the outbox against a real database (SQLite and PostgreSQL): racing
deliveries post once, racing decisions are recorded once, a crashed delivery is never re-posted."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.escalation.cards import EscalationCards
from dialogs.escalation.service import AlreadyDecided, EscalationService, NotADirector
from dialogs.members.service import MemberService
from dialogs.outbox import ChannelAddress, Message, Outbox, Posted
from dialogs.turn import Actor
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions
from storage.models import Case, Decision, Escalation, Event, Membership, Network, OutboxMessage


@dataclass
class SlowTransport:
    """Records channel posts, slowly enough that racing callers overlap."""

    posts: list[tuple[ChannelAddress, Message]] = field(default_factory=list)
    notes: list[tuple[Posted, Message]] = field(default_factory=list)
    updates: list[Posted] = field(default_factory=list)

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        await asyncio.sleep(0.05)
        self.posts.append((channel, message))
        n = len(self.posts)
        return Posted(channel.service_url, f"{channel.channel_id};messageid={n}", str(n))

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        self.notes.append((thread, message))
        return Posted(thread.service_url, thread.conversation_id, f"note-{len(self.notes)}")

    async def update(self, posted: Posted, message: Message) -> None:
        self.updates.append(posted)

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        raise NotImplementedError


@dataclass
class NoReminders:
    """Counts what would be scheduled and cancelled."""

    scheduled: list[Sequence[str]] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)

    async def schedule(self, session: AsyncSession, *, recipients: Sequence[str], **_: Any) -> int:
        self.scheduled.append(list(recipients))
        return len(recipients)

    async def cancel(
        self, session: AsyncSession, *, subject: str, recipient: str | None = None
    ) -> int:
        self.cancelled.append(subject)
        return 0


DAG = Actor("aad-dag", "29:dag", "Dag Direktør")
INGRID = Actor("aad-ingrid", "29:ingrid", "Ingrid Berg")
SIRI = Actor("aad-siri", "29:siri", "Siri Dahl")


async def _world(sessions: Sessions) -> int:
    """A director network with two directors, a network with an escalated case."""
    async with sessions.begin() as session:
        director = Network(
            name="Fagdirektørnettverket",
            kind="director",
            team_id="t-dir",
            channel_id="c-dir",
            service_url="https://smba/",
            created_by="admin",
        )
        session.add(director)
        await session.flush()
        network = Network(
            name="Hjertenettverket",
            kind="professional_leader",
            team_id="t-hjerte",
            channel_id="c-hjerte",
            service_url="https://smba/",
            escalation_target_id=director.id,
            created_by="admin",
        )
        session.add(network)
        await session.flush()
        for actor, role in ((DAG, "director"), (INGRID, "director"), (SIRI, "secretary")):
            session.add(
                Membership(
                    network_id=director.id,
                    aad_id=actor.aad_id,
                    teams_id=actor.teams_id,
                    name=actor.name,
                    role=role,
                )
            )
        case = Case(
            network_id=network.id,
            year=2026,
            number=7,
            title="Felles innkjøp",
            case_type="procurement",
            state="escalated",
            service_url="https://smba/",
            thread_id="c-hjerte;messageid=1",
            created_by="aad-per",
        )
        session.add(case)
        await session.flush()
        escalation = Escalation(
            case_id=case.id,
            network_id=network.id,
            target_network_id=director.id,
            reason="secretary",
            requested_by="aad-per",
            thread_service_url=case.service_url,
            thread_id=case.thread_id,
        )
        session.add(escalation)
        await session.flush()
        return escalation.id


@dataclass
class HangingTransport(SlowTransport):
    """A connector that accepts the request and never answers (the process dies meanwhile)."""

    started: asyncio.Event = field(default_factory=asyncio.Event)

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        self.started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def _outbox(sessions: Sessions, transport: SlowTransport, clock: FakeClock) -> Outbox:
    return Outbox(sessions, transport, now=clock, lease=timedelta(minutes=10))


def _service(
    sessions: Sessions, outbox: Outbox, reminders: NoReminders, clock: FakeClock
) -> EscalationService:
    """One instance over the shared database."""
    return EscalationService(
        sessions,
        MemberService(sessions, admins=[]),
        outbox,
        reminders,
        EscalationCards(),
        now=clock,
        retry_interval=timedelta(minutes=2),
    )


@BOTH
async def test_racing_deliveries_post_exactly_once(sessions: Sessions) -> None:
    escalation_id = await _world(sessions)
    transport, reminders = SlowTransport(), NoReminders()
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    outboxes = [_outbox(sessions, transport, clock) for _ in range(3)]
    services = [_service(sessions, outbox, reminders, clock) for outbox in outboxes]

    delivered = await asyncio.gather(
        *(s.deliver(escalation_id) for s in services for _ in range(3)),
        services[0].deliver_due(),
    )
    await asyncio.gather(*(outbox.flush() for outbox in outboxes))

    assert len(transport.posts) == 1
    assert sum(delivered) == 1
    assert reminders.scheduled == [["aad-dag", "aad-ingrid"]]
    async with sessions() as session:
        escalation = await session.get(Escalation, escalation_id)
        delivered_events = (
            await session.scalars(select(Event).where(Event.kind == "EscalationDelivered"))
        ).all()
    assert escalation is not None
    assert (escalation.state, escalation.attempts) == ("delivered", 1)
    assert escalation.deadline == datetime(2026, 12, 7, 14, tzinfo=UTC), "15:00 in Oslo"
    assert len(delivered_events) == 1


@BOTH
async def test_racing_directors_record_one_decision(sessions: Sessions) -> None:
    escalation_id = await _world(sessions)
    transport, reminders, clock = SlowTransport(), NoReminders(), FakeClock()
    outbox = _outbox(sessions, transport, clock)
    service = _service(sessions, outbox, reminders, clock)
    await service.deliver(escalation_id)
    await outbox.flush()

    with pytest.raises(NotADirector):
        await service.decide(SIRI, escalation_id, "approved", "Ja")
    results = await asyncio.gather(
        service.decide(DAG, escalation_id, "approved", "Godkjent."),
        service.decide(INGRID, escalation_id, "rejected", "Avvist."),
        return_exceptions=True,
    )

    refused = [r for r in results if isinstance(r, AlreadyDecided)]
    assert len(refused) == 1, results
    async with sessions() as session:
        decisions = (await session.scalars(select(Decision))).all()
        case = (await session.scalars(select(Case))).one()
    assert len(decisions) == 1
    assert decisions[0].decided_by == "director_network"
    assert decisions[0].escalation_id == escalation_id
    assert case.state == "decided"
    assert reminders.cancelled == [f"escalation:{escalation_id}"]
    await outbox.flush()
    assert len(transport.updates) == 1


@BOTH
async def test_a_delivery_cut_off_mid_post_is_marked_uncertain_not_reposted(
    sessions: Sessions,
) -> None:
    escalation_id = await _world(sessions)
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    hanging, transport = HangingTransport(), SlowTransport()
    dying = _outbox(sessions, hanging, clock)
    assert await _service(sessions, dying, NoReminders(), clock).deliver(escalation_id) is True
    # The card's POST is in flight when the instance dies: its worker never hears back.
    attempt = asyncio.create_task(dying.deliver_due())
    await asyncio.wait_for(hanging.started.wait(), 5)
    attempt.cancel()

    outbox = _outbox(sessions, transport, clock)
    service = _service(sessions, outbox, NoReminders(), clock)
    assert await service.deliver_due() == 0
    assert (await outbox.deliver_due()).uncertain == 0, "within the lease nobody touches it"
    clock.advance(minutes=11)
    assert (await outbox.deliver_due()).uncertain == 1
    assert await service.deliver_due() == 0
    assert await service.deliver(escalation_id) is False

    assert transport.posts == []
    async with sessions() as session:
        message = (await session.scalars(select(OutboxMessage))).one()
    assert message.state == "uncertain"
    async with sessions() as session:
        escalation = await session.get(Escalation, escalation_id)
        uncertain = (
            await session.scalars(select(Event).where(Event.kind == "EscalationDeliveryUncertain"))
        ).all()
    assert escalation is not None
    assert escalation.state == "uncertain"
    assert len(uncertain) == 1
