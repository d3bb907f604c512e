"""MinutesService against a real database: recording minutes once, decisions taken in the
meeting, case threads and the channel through the outbox, follow-up items and their reminders."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from dialogs.errors import InvalidInput, NotAllowed
from dialogs.members.service import MemberService
from dialogs.minutes.service import (
    AlreadyDone,
    AlreadyRecorded,
    MinutesService,
    NoMeetingToRecord,
)
from dialogs.nudges.service import NudgeService
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.turn import Actor
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions
from storage.models import (
    Case,
    Decision,
    Event,
    FollowUp,
    Meeting,
    Membership,
    MinutesEntry,
    Network,
    OutboxMessage,
    Reminder,
)

PEOPLE = {
    "kari": ("Kari Nordmann", "leader", "st_olav"),
    "per": ("Per Olsen", "secretary", "st_olav"),
    "ola": ("Ola Hansen", "member", "hmr"),
    "ingrid": ("Ingrid Berg", "member", "hnt"),
    "siri": ("Siri Dahl", "rhf_adviser", "rhf"),
}


def actor(key: str) -> Actor:
    return Actor(f"aad-{key}", f"29:{key}", PEOPLE[key][0])


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


@dataclass
class World:
    sessions: Sessions
    minutes: MinutesService
    outbox: Outbox
    network_id: int
    meeting_id: int
    cases: tuple[int, int]
    memberships: dict[str, int]


@pytest.fixture
async def world(sessions: Sessions, clock: FakeClock) -> World:
    clock.set(clock().replace(year=2026, month=11, day=23, hour=13, minute=0, microsecond=0))
    outbox = Outbox(sessions, Recording(), now=clock, pacer=Pacer(per_tenant=((1000, 1.0),)))
    members = MemberService(sessions, admins=[])
    nudges = NudgeService(sessions, outbox, now=clock)
    minutes = MinutesService(sessions, members, outbox, nudges, now=clock)
    async with sessions.begin() as session:
        network = Network(
            name="Hjertenettverket",
            kind="professional_leader",
            tenant_id="tenant",
            team_id="team",
            channel_id="19:general",
            service_url="https://smba/",
            created_by="aad-kari",
        )
        session.add(network)
        await session.flush()
        rows = {
            key: Membership(
                network_id=network.id,
                aad_id=f"aad-{key}",
                teams_id=f"29:{key}",
                name=name,
                role=role,
                hf=hf,
            )
            for key, (name, role, hf) in PEOPLE.items()
        }
        session.add_all(rows.values())
        cases = [
            Case(
                network_id=network.id,
                year=2026,
                number=n,
                title=title,
                proposal=f"Forslag om {title}",
                case_type="other",
                needs_anchoring=anchoring,
                service_url="https://smba/",
                thread_id=f"19:general;messageid={n}",
                created_by="aad-per",
            )
            for n, title, anchoring in ((7, "Ny prosedyre", True), (8, "Utstyr", False))
        ]
        session.add_all(cases)
        await session.flush()
        meeting = Meeting(
            network_id=network.id,
            title="Nettverksmøte november",
            state="booked",
            window_from=date(2026, 11, 16),
            window_to=date(2026, 11, 27),
            duration_minutes=60,
            start_at=clock() - timedelta(hours=2),
            end_at=clock() - timedelta(hours=1),
            attendees=[
                {"aad_id": f"aad-{k}", "name": PEOPLE[k][0], "required": k != "siri"}
                for k in PEOPLE
            ],
            agenda=[c.id for c in cases],
            transaction_id="tx-1",
            service_url="https://smba/",
            conversation_id="19:general",
            created_by="aad-per",
        )
        session.add(meeting)
        await session.flush()
        ids = {key: m.id for key, m in rows.items()}
        return World(
            sessions, minutes, outbox, network.id, meeting.id, (cases[0].id, cases[1].id), ids
        )


def form(world: World, **extra: Any) -> dict[str, Any]:
    first, second = world.cases
    return {
        f"discussed_{first}": "Gikk gjennom utkastet.",
        f"decision_{first}": "Prosedyren vedtas slik den foreligger.",
        f"discussed_{second}": "Innkjøpet utsettes til neste møte.",
        "task_0": "Sende prosedyren til HF-ene",
        "case_0": str(first),
        "owner_0": str(world.memberships["ola"]),
        "due_0": "2026-12-10",
        **extra,
    }


PRESENT = "aad-kari,aad-per,aad-ola,aad-ingrid"


async def count(sessions: Sessions, model: Any, *where: Any) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_minutes_are_recorded_with_the_decision_threads_and_followups(world: World) -> None:
    opened = await world.minutes.form(actor("per"), await _network(world), None)
    assert opened.meeting_id == world.meeting_id
    assert [c.label for c in opened.cases] == ["7/2026", "8/2026"]

    recorded = await world.minutes.record(
        actor("per"), world.meeting_id, form(world), present=PRESENT
    )
    assert (recorded.decisions, recorded.followups) == (1, 1)
    first, second = world.cases
    async with world.sessions() as session:
        meeting = await session.get(Meeting, world.meeting_id)
        assert meeting is not None
        assert meeting.state == "held"
        assert meeting.held_at is not None
        assert meeting.present == PRESENT.split(",")
        entries = {e.case_id: e for e in await session.scalars(select(MinutesEntry))}
        decision = await session.scalar(select(Decision))
        assert decision is not None
        assert decision.meeting_id == world.meeting_id
        assert decision.poll_id is None
        assert (decision.outcome, decision.decided_by) == ("consensus", "network")
        assert decision.text == "Prosedyren vedtas slik den foreligger."
        assert decision.stance_summary == {
            "present": ["Kari Nordmann", "Per Olsen", "Ola Hansen", "Ingrid Berg"],
            "meeting": world.meeting_id,
        }
        assert decision.anchoring_hfs == ["hmr", "hnt", "st_olav"]
        assert entries[first].decision_id == decision.id
        assert entries[second].decision_id is None
        assert entries[second].discussed == "Innkjøpet utsettes til neste møte."
        states = {c.id: c.state for c in await session.scalars(select(Case))}
        assert states == {first: "decided", second: "open"}
        item = await session.scalar(select(FollowUp))
        assert item is not None
        assert (item.owner_aad_id, item.owner_name, item.due_on, item.case_id) == (
            "aad-ola",
            "Ola Hansen",
            date(2026, 12, 10),
            first,
        )
        reminders = {
            (r.subject, r.recipient_aad_id, r.kind)
            for r in await session.scalars(select(Reminder).where(Reminder.state == "pending"))
        }
        assert (f"followup:{item.id}", "aad-ola", "followup") in reminders
        anchoring = {r for r in reminders if r[0] == f"decision:{decision.id}:anchoring"}
        assert {r[1] for r in anchoring} == {
            "aad-kari",
            "aad-ola",
            "aad-ingrid",
        }, "the voting members (not the secretary) of the HFs that must confirm"
        kinds = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
        assert {"MinutesRecorded", "DecisionRecorded", "FollowUpAssigned"} <= set(kinds)
        posts = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    threads = {p.target.get("conversation_id") for p in posts if p.kind == "reply"}
    assert threads == {"19:general;messageid=7", "19:general;messageid=8"}
    assert [p.subject for p in posts if p.kind == "post"] == [f"meeting:{world.meeting_id}:minutes"]
    note = next(p for p in posts if p.target.get("conversation_id") == "19:general;messageid=7")
    assert "Prosedyren vedtas" in str(note.message)
    assert "Sende prosedyren til HF-ene" in str(note.message)
    await world.outbox.idle()

    document, lang = await world.minutes.document(world.meeting_id)
    assert lang == "nb"
    assert document.present == ("Kari Nordmann", "Per Olsen", "Ola Hansen", "Ingrid Berg")
    assert document.items[0].decision_label == f"V{decision.number}/2026"
    assert document.followups[0].case == "7/2026"


async def _network(world: World) -> Network:
    async with world.sessions() as session:
        network = await session.get(Network, world.network_id)
    assert network is not None
    return network


async def test_a_member_is_refused_before_the_form_and_on_submit(world: World) -> None:
    with pytest.raises(NotAllowed):
        await world.minutes.form(actor("ola"), await _network(world), None)
    with pytest.raises(NotAllowed):
        await world.minutes.record(actor("ola"), world.meeting_id, form(world), present=PRESENT)
    assert await count(world.sessions, MinutesEntry) == 0
    assert await count(world.sessions, Meeting, Meeting.state == "held") == 0


async def test_a_second_submit_is_refused_politely(world: World) -> None:
    await world.minutes.record(actor("per"), world.meeting_id, form(world), present=PRESENT)
    with pytest.raises(AlreadyRecorded):
        await world.minutes.record(actor("kari"), world.meeting_id, form(world), present=PRESENT)
    with pytest.raises(NoMeetingToRecord):
        await world.minutes.form(actor("per"), await _network(world), None)
    with pytest.raises(AlreadyRecorded):
        await world.minutes.form(actor("per"), await _network(world), world.meeting_id)
    assert await count(world.sessions, Decision) == 1
    await world.outbox.idle()


async def test_a_meeting_not_started_has_no_minutes_yet(world: World, clock: FakeClock) -> None:
    clock.advance(hours=-3)
    with pytest.raises(NoMeetingToRecord):
        await world.minutes.form(actor("per"), await _network(world), None)


async def test_a_wrong_form_stores_nothing(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        await world.minutes.record(
            actor("per"), world.meeting_id, form(world, owner_0="999999"), present=PRESENT
        )
    assert refused.value.key == "minutes.invalid.followup_owner"
    assert await count(world.sessions, Meeting, Meeting.state == "booked") == 1


@BOTH
async def test_two_secretaries_submitting_at_once_record_one_set_of_minutes(
    world: World,
) -> None:
    results = await asyncio.gather(
        world.minutes.record(actor("per"), world.meeting_id, form(world), present=PRESENT),
        world.minutes.record(actor("kari"), world.meeting_id, form(world), present=PRESENT),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, AlreadyRecorded)]
    assert len(refused) == 1, results
    assert await count(world.sessions, MinutesEntry) == 2
    assert await count(world.sessions, Decision) == 1
    assert await count(world.sessions, FollowUp) == 1
    assert await count(world.sessions, Event, Event.kind == "MinutesRecorded") == 1
    assert await count(world.sessions, OutboxMessage, OutboxMessage.kind == "post") == 1
    await world.outbox.idle()


async def test_followups_listed_and_closed_by_owner_or_manager(
    world: World, clock: FakeClock
) -> None:
    await world.minutes.record(
        actor("per"),
        world.meeting_id,
        form(
            world,
            task_1="Avklare budsjett",
            owner_1=str(world.memberships["ingrid"]),
            due_1="2026-11-24",
        ),
        present=PRESENT,
    )
    clock.advance(days=2)  # Ingrid's item is overdue now
    listed = await world.minutes.open_items(actor("per"), network_id=world.network_id)
    assert [(i.text, i.overdue, i.may_close) for i in listed] == [
        ("Avklare budsjett", True, True),
        ("Sende prosedyren til HF-ene", False, True),
    ]
    own = await world.minutes.open_items(actor("ola"), network_id=None)
    assert [(i.text, i.may_close, i.network, i.case) for i in own] == [
        ("Sende prosedyren til HF-ene", True, "Hjertenettverket", "7/2026")
    ]
    as_ingrid = await world.minutes.open_items(actor("ingrid"), network_id=world.network_id)
    assert [i.may_close for i in as_ingrid] == [True, False]

    olas = own[0].id
    with pytest.raises(NotAllowed):
        await world.minutes.mark_done(actor("ingrid"), olas)
    done = await world.minutes.mark_done(actor("ola"), olas)
    assert (done.state, done.done_by) == ("done", "aad-ola")
    with pytest.raises(AlreadyDone):
        await world.minutes.mark_done(actor("ola"), olas)
    assert (
        await count(
            world.sessions,
            Reminder,
            Reminder.subject == f"followup:{olas}",
            Reminder.state == "pending",
        )
        == 0
    )
    assert await count(world.sessions, Event, Event.kind == "FollowUpDone") == 1

    ingrids = listed[0].id
    await world.minutes.mark_done(actor("per"), ingrids)
    assert await world.minutes.open_items(actor("per"), network_id=world.network_id) == []
    await world.outbox.idle()
