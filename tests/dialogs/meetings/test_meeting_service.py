"""MeetingService against a real database and the Graph stand-in: proposing from free/busy,
booking exactly once under concurrent clicks, a failed booking put back, moving and cancelling
with their reminders, the `.ics` invitation."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select, update

from dialogs.errors import InvalidInput, NotAllowed
from dialogs.i18n import OSLO
from dialogs.meetings.cards import MeetingCards
from dialogs.meetings.rules import NoSlotReason
from dialogs.meetings.service import (
    BookingInProgress,
    CalendarBusy,
    MeetingService,
    invitation_ics,
)
from dialogs.members.service import MemberService
from dialogs.nudges.service import NudgeService
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.turn import Actor
from graph import Graph
from harness.clock import FakeClock
from harness.db import BOTH
from harness.graph import GraphStandIn
from storage.db import Sessions
from storage.models import Case, Event, Meeting, Membership, Network, OutboxMessage, Reminder

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)

PEOPLE = {
    "kari": ("Kari Nordmann", "leader", "st_olav", "kari@stolav.no"),
    "per": ("Per Olsen", "secretary", "st_olav", "per@stolav.no"),
    "ola": ("Ola Hansen", "member", "hmr", "ola@hmr.no"),
    "ingrid": ("Ingrid Berg", "member", "hnt", "ingrid@hnt.no"),
    "dag": ("Dag Direktør", "member", "st_olav", "dag@stolav.no"),
    "siri": ("Siri Dahl", "rhf_adviser", "rhf", "siri@helse-midt.no"),
    "nina": ("Nina Ny", "member", "hnt", "nina@unknown.example"),
}


def actor(key: str) -> Actor:
    return Actor(f"aad-{key}", f"29:{key}", PEOPLE[key][0])


@dataclass
class Recording:
    """A transport that accepts everything and remembers it."""

    sent: list[tuple[str, Message]] = field(default_factory=list)

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        self.sent.append((channel.channel_id, message))
        return Posted(channel.service_url, f"{channel.channel_id};messageid=1", "card-1")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        self.sent.append((thread.conversation_id, message))
        return Posted(thread.service_url, thread.conversation_id, f"a-{len(self.sent)}")

    async def update(self, posted: Posted, message: Message) -> None:
        self.sent.append((f"update:{posted.activity_id}", message))

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        self.sent.append((aad_id, message))
        return Posted("https://smba/", f"a:{aad_id}", f"a-{len(self.sent)}")


@dataclass
class World:
    sessions: Sessions
    outbox: Outbox
    transport: Recording
    network_id: int
    clock: FakeClock

    def service(self, graph: Graph | None) -> MeetingService:
        members = MemberService(self.sessions, admins=[])
        nudges = NudgeService(self.sessions, self.outbox, now=self.clock)
        return MeetingService(
            self.sessions,
            members,
            self.outbox,
            nudges,
            MeetingCards(),
            graph=graph,
            now=self.clock,
        )


@pytest.fixture
async def world(sessions: Sessions, clock: FakeClock) -> World:
    clock.set(MONDAY.astimezone(UTC))
    transport = Recording()
    outbox = Outbox(sessions, transport, now=clock, pacer=Pacer(per_tenant=((1000, 1.0),)))
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
        session.add_all(
            Membership(
                network_id=network.id,
                aad_id=f"aad-{key}",
                teams_id=f"29:{key}",
                name=name,
                role=role,
                hf=hf,
                email=email,
            )
            for key, (name, role, hf, email) in PEOPLE.items()
        )
        session.add_all(
            Case(
                network_id=network.id,
                year=2026,
                number=n,
                title=title,
                case_type="other",
                state=state,
                service_url="https://smba/",
                thread_id=f"19:general;messageid={n}",
                created_by="aad-per",
            )
            for n, title, state in ((7, "Ny prosedyre", "open"), (8, "Gammel sak", "decided"))
        )
        await session.flush()
        return World(sessions, outbox, transport, network.id, clock)


async def propose(service: MeetingService, **overrides: object) -> int:
    options: dict[str, object] = {
        "title": "Nettverksmøte",
        "earliest": date(2026, 11, 24),
        "latest": date(2026, 12, 8),
        "duration_minutes": 60,
        "include_adviser": True,
        "lang": "nb",
        **overrides,
    }
    proposal = await service.propose(actor("per"), 1, **options)  # type: ignore[arg-type]
    assert proposal.view is not None
    return proposal.view.meeting.id


async def test_propose_reads_free_busy_and_ranks_the_best_three(
    world: World, graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    service = world.service(graph)
    graph_stand_in.busy(
        "kari@stolav.no",
        datetime(2026, 11, 24, 8, 0, tzinfo=OSLO),
        datetime(2026, 11, 24, 16, 0, tzinfo=OSLO),
    )
    graph_stand_in.busy(
        "siri@helse-midt.no",
        datetime(2026, 11, 25, 8, 0, tzinfo=OSLO),
        datetime(2026, 11, 25, 9, 0, tzinfo=OSLO),
    )
    proposal = await service.propose(
        actor("per"),
        world.network_id,
        title="Nettverksmøte",
        earliest=date(2026, 11, 24),
        latest=date(2026, 12, 8),
        duration_minutes=60,
        include_adviser=True,
        lang="nb",
    )
    assert proposal.notice is None
    assert proposal.search.all_required_free
    starts = [s.start.astimezone(OSLO) for s in proposal.search.slots]
    assert starts == [
        datetime(2026, 11, 25, 9, 0, tzinfo=OSLO),
        datetime(2026, 11, 26, 8, 0, tzinfo=OSLO),
        datetime(2026, 11, 27, 8, 0, tzinfo=OSLO),
    ]
    # Nina's mailbox is not in the directory: listed as unknown, not as a conflict.
    assert proposal.search.slots[0].unknown == ("Nina Ny",)
    assert proposal.view is not None
    meeting = proposal.view.meeting
    assert meeting.state == "proposed"
    assert meeting.organiser == "per@stolav.no"
    assert [a["aad_id"] for a in meeting.attendees if a["required"]] == [
        "aad-dag",
        "aad-ingrid",
        "aad-kari",
        "aad-nina",
        "aad-ola",
    ]
    assert [a["aad_id"] for a in meeting.attendees if not a["required"]] == ["aad-siri"]
    assert [item.label for item in proposal.view.agenda] == ["7/2026"]
    assert len(meeting.proposals) == 3
    async with world.sessions() as session:
        kinds = list(await session.scalars(select(Event.kind)))
    assert kinds == ["MeetingProposed"]


async def test_nobody_free_still_offers_the_least_bad(
    world: World, graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.busy(
        "ola@hmr.no",
        datetime(2026, 11, 24, 0, 0, tzinfo=OSLO),
        datetime(2026, 11, 27, 0, 0, tzinfo=OSLO),
    )
    proposal = await world.service(graph).propose(
        actor("per"),
        world.network_id,
        title="Kort varsel",
        earliest=date(2026, 11, 24),
        latest=date(2026, 11, 26),
        duration_minutes=30,
        include_adviser=False,
        lang="nb",
    )
    assert not proposal.search.all_required_free
    assert len(proposal.search.slots) == 3
    assert all(s.unavailable_required == ("Ola Hansen",) for s in proposal.search.slots)


async def test_a_window_without_working_days_says_why_and_stores_nothing(world: World) -> None:
    proposal = await world.service(None).propose(
        actor("per"),
        world.network_id,
        title="Helgemøte",
        earliest=date(2026, 11, 28),
        latest=date(2026, 11, 29),
        duration_minutes=60,
        include_adviser=False,
        lang="nb",
    )
    assert proposal.view is None
    assert proposal.search.reason is NoSlotReason.NO_WORKING_DAYS
    async with world.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 0


async def test_a_member_is_refused_before_anything_is_read(
    world: World, graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    with pytest.raises(NotAllowed):
        await world.service(graph).propose(
            actor("ola"),
            world.network_id,
            title="Mitt møte",
            earliest=None,
            latest=None,
            duration_minutes=60,
            include_adviser=False,
            lang="nb",
        )
    assert graph_stand_in.calls == []


@pytest.mark.parametrize(
    ("earliest", "latest", "duration"),
    [
        (date(2026, 11, 30), date(2026, 11, 24), 60),
        (date(2026, 11, 20), date(2026, 11, 24), 60),
        (date(2026, 11, 24), date(2027, 2, 24), 60),
        (date(2026, 11, 24), date(2026, 11, 30), 45),
    ],
)
async def test_invalid_forms_are_refused(
    world: World, earliest: date, latest: date, duration: int
) -> None:
    with pytest.raises(InvalidInput):
        await world.service(None).propose(
            actor("per"),
            world.network_id,
            title="Møte",
            earliest=earliest,
            latest=latest,
            duration_minutes=duration,
            include_adviser=False,
            lang="nb",
        )


@BOTH
async def test_two_concurrent_clicks_book_one_event(
    world: World, graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    service = world.service(graph)
    # A week ahead, so the reminders the working day before are still to come.
    meeting_id = await propose(service, earliest=date(2026, 11, 30))
    graph_stand_in.latency = 0.05
    results = await asyncio.gather(
        service.book(actor("per"), meeting_id, 0),
        service.book(actor("kari"), meeting_id, 1),
        return_exceptions=True,
    )
    booked = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert booked
    assert all(isinstance(r, BookingInProgress) for r in refused), refused
    assert len(graph_stand_in.events_of("per@stolav.no")) == 1
    again = await service.book(actor("per"), meeting_id, 2)
    assert again.view.meeting.event_id == graph_stand_in.events_of("per@stolav.no")[0].id
    async with world.sessions() as session:
        kinds = list(await session.scalars(select(Event.kind).order_by(Event.id)))
        posts = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.subject == f"meeting:{meeting_id}:card")
        )
        reminders = list(
            await session.scalars(
                select(Reminder.recipient_aad_id).where(Reminder.subject == f"meeting:{meeting_id}")
            )
        )
    assert kinds.count("MeetingBooked") == 1
    assert posts == 1
    assert sorted(reminders) == sorted(
        f"aad-{k}" for k in ("kari", "ola", "ingrid", "dag", "nina", "siri")
    )


@BOTH
async def test_a_throttled_booking_is_put_back_and_can_be_retried(
    world: World, graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    service = world.service(graph)
    meeting_id = await propose(service)
    graph_stand_in.fail("POST", "/users/*/events", status=429, times=10)
    with pytest.raises(CalendarBusy):
        await service.book(actor("per"), meeting_id, 0)
    async with world.sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
        outbox_rows = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert meeting is not None
    assert meeting.state == "proposed"
    assert meeting.start_at is None
    assert outbox_rows == 0
    graph_stand_in.faults.clear()
    outcome = await service.book(actor("per"), meeting_id, 0)
    assert outcome.view.meeting.state == "booked"
    assert len(graph_stand_in.events_of("per@stolav.no")) == 1


async def test_a_claim_left_by_a_dead_process_is_taken_over(
    world: World, graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    service = world.service(graph)
    meeting_id = await propose(service)
    async with world.sessions.begin() as session:
        await session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id)
            .values(state="booking", updated_at=world.clock())
        )
    with pytest.raises(BookingInProgress):
        await service.book(actor("per"), meeting_id, 0)
    world.clock.advance(minutes=6)
    outcome = await service.book(actor("per"), meeting_id, 0)
    assert outcome.view.meeting.state == "booked"


@BOTH
async def test_without_graph_move_and_cancel_keep_reminders_in_step(world: World) -> None:
    service = world.service(None)
    meeting_id = await propose(service)
    outcome = await service.book(actor("per"), meeting_id, 0)
    assert outcome.view.meeting.state == "planned"
    assert outcome.notice is not None
    assert outcome.notice.permission is None
    await world.outbox.flush()

    new_start = datetime(2026, 12, 3, 13, 0, tzinfo=OSLO)
    moved = await service.move(actor("kari"), meeting_id, new_start, 90)
    assert moved.view.meeting.start_at == new_start
    assert moved.view.meeting.end_at == new_start + timedelta(minutes=90)
    async with world.sessions() as session:
        deadlines = set(
            await session.scalars(
                select(Reminder.deadline).where(
                    Reminder.subject == f"meeting:{meeting_id}", Reminder.state == "pending"
                )
            )
        )
    assert deadlines == {new_start}
    await world.outbox.flush()
    assert any(target == "update:card-1" for target, _ in world.transport.sent)

    cancelled = await service.cancel(actor("per"), meeting_id)
    assert cancelled.view.meeting.state == "cancelled"
    again = await service.cancel(actor("per"), meeting_id)
    assert again.view.meeting.state == "cancelled"
    async with world.sessions() as session:
        pending = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.subject == f"meeting:{meeting_id}", Reminder.state == "pending")
        )
        kinds = list(
            await session.scalars(
                select(Event.kind).where(Event.kind.like("Meeting%")).order_by(Event.id)
            )
        )
    assert pending == 0
    assert kinds == ["MeetingProposed", "MeetingPlanned", "MeetingMoved", "MeetingCancelled"]

    document = await service.invitation(meeting_id)
    calendar = Calendar.from_ical(document.body)
    assert str(calendar["method"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("sequence") == 1


async def test_the_invitation_names_everyone_with_their_role(world: World) -> None:
    service = world.service(None)
    meeting_id = await propose(service)
    outcome = await service.book(actor("per"), meeting_id, 0)
    body = invitation_ics(outcome.view, now=world.clock())
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    roles = {str(a).removeprefix("mailto:"): a.params["ROLE"] for a in event.get("attendee")}
    assert roles["siri@helse-midt.no"] == "OPT-PARTICIPANT"
    assert roles["kari@stolav.no"] == "REQ-PARTICIPANT"
    assert event.decoded("dtstart") == datetime(2026, 11, 24, 8, 0, tzinfo=OSLO)
    assert str(event["uid"]) == outcome.view.meeting.transaction_id


async def test_the_gathering_invites_every_networks_leaders_and_the_directors(
    world: World, sessions: Sessions
) -> None:
    async with sessions.begin() as session:
        lunge = Network(
            name="Lungenettverket",
            kind="professional_leader",
            tenant_id="tenant",
            team_id="team-2",
            channel_id="19:lunge",
            service_url="https://smba/",
            created_by="aad-lars",
        )
        session.add(lunge)
        await session.flush()
        session.add(
            Membership(
                network_id=lunge.id,
                aad_id="aad-lars",
                teams_id="29:lars",
                name="Lars Lunge",
                role="leader",
                email="lars@stolav.no",
            )
        )
    members = MemberService(sessions, admins=[])
    service = MeetingService(
        sessions,
        members,
        world.outbox,
        NudgeService(sessions, world.outbox, now=world.clock),
        MeetingCards(),
        graph=None,
        gathering_invitees=["direktor@helse-midt.no", "LARS@stolav.no"],
        now=world.clock,
    )
    with pytest.raises(NotAllowed):
        await service.gathering_defaults(actor("per"), None)
    defaults = await service.gathering_defaults(actor("siri"), None)
    assert defaults.network.id == world.network_id
    proposal = await service.propose(
        actor("siri"),
        world.network_id,
        title="Årlig samling",
        earliest=None,
        latest=None,
        duration_minutes=120,
        include_adviser=False,
        lang="nb",
        gathering=True,
    )
    assert proposal.view is not None
    meeting = proposal.view.meeting
    assert meeting.kind == "gathering"
    assert meeting.organiser == "siri@helse-midt.no"
    assert [(p["name"], p["required"]) for p in meeting.attendees] == [
        ("Kari Nordmann", True),
        ("Lars Lunge", True),
        ("direktor@helse-midt.no", True),
    ]
    assert meeting.agenda == []
    with pytest.raises(NotAllowed):
        await service.book(actor("per"), meeting.id, 0)
    booked = await service.book(actor("siri"), meeting.id, 0)
    assert booked.view.meeting.state == "planned"
