"""SummaryService against a real database: the rows' figures from a world of several networks,
the weekly digest once per person and ISO week (even with two instances' jobs racing), opting
out and back in, and a related pair told once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dialogs.errors import NotAllowed
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.summary.rules import Filters, NetworkRow
from dialogs.summary.service import AlreadyTold, SummaryService
from dialogs.turn import Actor
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions
from storage.models import (
    AnchoringConfirmation,
    Case,
    Decision,
    DigestSent,
    Escalation,
    Event,
    FollowUp,
    Meeting,
    Membership,
    Network,
    OutboxMessage,
    Poll,
    PollVoter,
    Stance,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""A Monday, 13:00 in Oslo: after this week's digest moment."""

SIRI = Actor("aad-siri", "29:siri", "Siri Dahl")
DAG = Actor("aad-dag", "29:dag", "Dag Fagdirektør")
OLA = Actor("aad-ola", "29:ola", "Ola Hansen")


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
    clock: FakeClock
    outbox: Outbox
    summary: SummaryService
    networks: dict[str, int]
    cases: dict[str, int]

    def service(self) -> SummaryService:
        """Another instance's service over the same database."""
        return SummaryService(self.sessions, self.outbox, now=self.clock)


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


def _member(network: Network, key: str, name: str, role: str, hf: str) -> Membership:
    return Membership(
        network_id=network.id,
        aad_id=f"aad-{key}",
        teams_id=f"29:{key}",
        name=name,
        role=role,
        hf=hf,
    )


def _case(network: Network, number: int, title: str, description: str = "", **kw: object) -> Case:
    return Case(
        network_id=network.id,
        year=2026,
        number=number,
        title=title,
        description=description,
        case_type="other",
        service_url="https://smba/",
        thread_id=f"{network.channel_id};messageid={network.id}{number}",
        created_by="aad-per",
        **kw,
    )


def _decision(
    network: Network, number: int, case: Case | None, at: datetime, **kw: object
) -> Decision:
    return Decision(
        network_id=network.id,
        year=2026,
        number=number,
        case_id=None if case is None else case.id,
        text=f"Vedtak {number}",
        outcome="consensus",
        decided_at=at,
        decided_by="network",
        recorded_by="aad-per",
        **kw,
    )


def _meeting(network: Network, key: str, state: str, start: datetime) -> Meeting:
    return Meeting(
        network_id=network.id,
        title=f"Møte {key}",
        state=state,
        window_from=start.date(),
        window_to=start.date(),
        duration_minutes=60,
        start_at=start,
        end_at=start + timedelta(hours=1),
        transaction_id=f"tx-{key}",
        service_url="https://smba/",
        conversation_id=network.channel_id,
        created_by="aad-per",
    )


def _followup(network: Network, due: date, state: str = "open") -> FollowUp:
    return FollowUp(
        network_id=network.id,
        text="Oppfølging",
        owner_aad_id="aad-kari",
        owner_name="Kari Nordmann",
        due_on=due,
        state=state,
        created_by="aad-per",
    )


@pytest.fixture
async def world(sessions: Sessions, clock: FakeClock) -> World:
    """Three networks in different states, a director network, an adviser and a director.

    Hjertenettverket: 3 open cases (and one decided), a running poll with 3 of 4 votes and
    a closed one, an overdue escalation requested 10 days ago and a fresh one, 2 decisions in
    the last 30 days (and one older), one decision awaiting anchoring from Helse Møre og
    Romsdal, the next meeting in 3 days, 2 overdue follow-ups.
    Barnenettverket: 1 open case, a meeting that has passed, a follow-up not yet due.
    Anestesinettverket: 1 open case, nothing else.
    """
    clock.set(NOW)
    outbox = Outbox(sessions, Recording(), now=clock, pacer=Pacer(per_tenant=((1000, 1.0),)))
    summary = SummaryService(sessions, outbox, now=clock)
    cases: dict[str, int] = {}
    async with sessions.begin() as session:
        heart = _network("Hjertenettverket", "professional_leader", "hjerte")
        children = _network("Barnenettverket", "council", "barn")
        anaesthesia = _network("Anestesinettverket", "professional_leader", "anestesi")
        directors = _network("Fagdirektørnettverket", "director", "direktor")
        session.add_all([heart, children, anaesthesia, directors])
        await session.flush()
        session.add_all(
            [
                _member(heart, "kari", "Kari Nordmann", "leader", "st_olav"),
                _member(heart, "ola", "Ola Hansen", "member", "hmr"),
                _member(heart, "siri", "Siri Dahl", "rhf_adviser", "rhf"),
                _member(children, "ingrid", "Ingrid Berg", "member", "hnt"),
                _member(children, "siri", "Siri Dahl", "rhf_adviser", "rhf"),
                _member(anaesthesia, "per", "Per Olsen", "secretary", "st_olav"),
                _member(directors, "dag", "Dag Fagdirektør", "director", "st_olav"),
            ]
        )
        heart_cases = [
            _case(heart, n, t) for n, t in ((1, "Hjertesvikt"), (2, "Troponin"), (3, "Ekko"))
        ]
        heart_decided = _case(heart, 4, "Hjerterehabilitering", state="decided")
        fasting_children = _case(
            children,
            1,
            "Faste før narkose hos barn",
            "Hvor lenge skal barn faste før anestesi ved dagkirurgi?",
        )
        fasting = _case(
            anaesthesia,
            1,
            "Preoperativ faste",
            "Felles retningslinje for faste og klare væsker før operasjon.",
        )
        session.add_all([*heart_cases, heart_decided, fasting_children, fasting])
        await session.flush()
        cases.update(children=fasting_children.id, anaesthesia=fasting.id)

        running = Poll(
            case_id=heart_cases[0].id,
            network_id=heart.id,
            quorum_rule="every_hf",
            deadline=NOW + timedelta(days=3),
            opened_by="aad-kari",
        )
        closed = Poll(
            case_id=heart_decided.id,
            network_id=heart.id,
            state="closed",
            quorum_rule="every_hf",
            deadline=NOW - timedelta(days=3),
            opened_by="aad-kari",
        )
        session.add_all([running, closed])
        await session.flush()
        session.add_all(
            PollVoter(poll_id=poll.id, aad_id=f"aad-v{i}", teams_id=f"29:v{i}", name=f"V{i}")
            for poll in (running, closed)
            for i in range(4)
        )
        session.add_all(
            Stance(poll_id=poll.id, aad_id=f"aad-v{i}", stance="agree")
            for poll, votes in ((running, 3), (closed, 4))
            for i in range(votes)
        )
        session.add_all(
            [
                Escalation(
                    case_id=heart_cases[1].id,
                    network_id=heart.id,
                    target_network_id=directors.id,
                    reason="no_consensus",
                    state="delivered",
                    requested_at=NOW - timedelta(days=10),
                    requested_by="aad-kari",
                    deadline=NOW - timedelta(days=1),
                ),
                Escalation(
                    case_id=heart_cases[2].id,
                    network_id=heart.id,
                    target_network_id=directors.id,
                    reason="no_consensus",
                    state="requested",
                    requested_at=NOW - timedelta(days=2),
                    requested_by="aad-kari",
                ),
                Escalation(
                    case_id=heart_decided.id,
                    network_id=heart.id,
                    target_network_id=directors.id,
                    reason="no_consensus",
                    state="decided",
                    requested_at=NOW - timedelta(days=40),
                    requested_by="aad-kari",
                ),
            ]
        )
        anchored = _decision(
            heart,
            1,
            heart_decided,
            NOW - timedelta(days=5),
            anchoring_hfs=["st_olav", "hmr"],
        )
        session.add_all(
            [
                anchored,
                _decision(heart, 2, None, NOW - timedelta(days=20)),
                _decision(heart, 3, None, NOW - timedelta(days=60)),
            ]
        )
        await session.flush()
        session.add(AnchoringConfirmation(decision_id=anchored.id, hf="st_olav", confirmed_by="x"))
        session.add_all(
            [
                _meeting(heart, "next", "booked", NOW + timedelta(days=3)),
                _meeting(heart, "later", "planned", NOW + timedelta(days=20)),
                _meeting(heart, "cancelled", "cancelled", NOW + timedelta(days=1)),
                _meeting(children, "past", "held", NOW - timedelta(days=2)),
                _followup(heart, date(2026, 11, 20)),
                _followup(heart, date(2026, 11, 1)),
                _followup(heart, date(2026, 11, 2), state="done"),
                _followup(heart, date(2026, 12, 1)),
                _followup(children, date(2026, 11, 23)),
            ]
        )
    networks = {
        "heart": heart.id,
        "children": children.id,
        "anaesthesia": anaesthesia.id,
        "directors": directors.id,
    }
    return World(sessions, clock, outbox, summary, networks, cases)


def _by_name(rows: list[NetworkRow]) -> dict[str, NetworkRow]:
    return {r.name: r for r in rows}


async def _count(sessions: Sessions, query: object) -> int:
    async with sessions() as session:
        return int(await session.scalar(query) or 0)  # type: ignore[call-overload]


@BOTH
async def test_rows_match_the_record(world: World) -> None:
    summary = await world.summary.summary(SIRI, Filters())
    assert summary.everything
    rows = _by_name(summary.rows)
    assert set(rows) == {
        "Hjertenettverket",
        "Barnenettverket",
        "Anestesinettverket",
        "Fagdirektørnettverket",
    }
    heart = rows["Hjertenettverket"]
    assert heart.open_cases == 3
    assert (heart.running_polls, heart.votes_cast, heart.votes_possible) == (1, 3, 4)
    assert heart.turnout == 75
    assert heart.pending_escalations == 2
    assert heart.overdue_escalations == 1
    assert heart.oldest_escalation == NOW - timedelta(days=10)
    assert heart.decisions == 2
    assert heart.anchoring_pending == 1
    assert heart.next_meeting == NOW + timedelta(days=3)
    assert heart.overdue_followups == 2
    assert heart.hfs == frozenset({"st_olav", "hmr", "rhf"})

    children = rows["Barnenettverket"]
    assert (children.open_cases, children.running_polls, children.turnout) == (1, 0, None)
    assert (children.pending_escalations, children.decisions, children.anchoring_pending) == (
        0,
        0,
        0,
    )
    assert children.next_meeting is None
    assert children.overdue_followups == 0

    assert summary.rows[0].name == "Hjertenettverket", "the overdue escalation comes first"

    wider = await world.summary.summary(SIRI, Filters(period=90))
    assert _by_name(wider.rows)["Hjertenettverket"].decisions == 3


@BOTH
async def test_filters_by_kind_and_hf(world: World) -> None:
    councils = await world.summary.summary(SIRI, Filters(kind="council"))
    assert [r.name for r in councils.rows] == ["Barnenettverket"]
    hnt = await world.summary.summary(SIRI, Filters(hf="hnt"))
    assert [r.name for r in hnt.rows] == ["Barnenettverket"]


@BOTH
async def test_a_member_sees_only_their_own_networks(world: World) -> None:
    summary = await world.summary.summary(OLA, Filters())
    assert not summary.everything
    assert [r.name for r in summary.rows] == ["Hjertenettverket"]
    assert summary.related == []
    with pytest.raises(NotAllowed):
        await world.summary.details(OLA, world.networks["children"])
    assert (await world.summary.details(OLA, world.networks["heart"])).open_cases == 3
    csv_text = await world.summary.csv(OLA.aad_id)
    assert "Barnenettverket" not in csv_text
    assert "Hjertenettverket" in csv_text


@BOTH
async def test_the_director_sees_every_network(world: World) -> None:
    summary = await world.summary.summary(DAG, Filters())
    assert summary.everything
    assert summary.total == 4


@BOTH
async def test_digest_once_per_person_and_week_with_two_instances_racing(world: World) -> None:
    first, second = world.summary, world.service()
    counts = await asyncio.gather(first.send_digests(), second.send_digests())
    print(f"\ndigests queued by the two racing instances: {counts}")
    assert sum(counts) == 2, counts
    again = await asyncio.gather(first.send_digests(), second.send_digests())
    assert list(again) == [0, 0]
    digests = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.subject.like("digest:%"))
    )
    assert await _count(world.sessions, digests) == 2
    async with world.sessions() as session:
        sent = set(await session.scalars(select(DigestSent.aad_id)))
        assert sent == {"aad-siri", "aad-dag"}
        rows = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.subject == "digest:aad-dag")
            )
        )
    assert len(rows) == 1
    assert rows[0].working_hours
    body = str(rows[0].message)
    assert "Hjertenettverket" in body
    assert "Troponin" in body, "the director's digest lists the escalations awaiting them"

    world.clock.set(NOW + timedelta(days=7))
    assert sum(await asyncio.gather(first.send_digests(), second.send_digests())) == 2
    assert await _count(world.sessions, digests) == 4


@BOTH
async def test_no_digest_before_monday_eight_oslo(world: World) -> None:
    world.clock.set(datetime(2026, 11, 23, 6, 59, tzinfo=UTC))
    assert await world.summary.send_digests() == 0
    world.clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    assert await world.summary.send_digests() == 2


@BOTH
async def test_opt_out_and_back_in(world: World) -> None:
    assert await world.summary.set_digest(SIRI, on=False)
    assert not await world.summary.set_digest(SIRI, on=False)
    assert not (await world.summary.summary(SIRI, Filters())).digest
    assert await world.summary.send_digests() == 1, "only the director's"

    world.clock.set(NOW + timedelta(days=7))
    assert await world.summary.set_digest(SIRI, on=True)
    assert (await world.summary.summary(SIRI, Filters())).digest
    assert await world.summary.send_digests() == 2

    with pytest.raises(NotAllowed):
        await world.summary.set_digest(OLA, on=False)
    kinds = select(func.count()).select_from(Event).where(Event.kind.like("DigestOpted%"))
    assert await _count(world.sessions, kinds) == 2


@BOTH
async def test_a_related_pair_is_flagged_and_told_once(world: World) -> None:
    summary = await world.summary.summary(SIRI, Filters())
    pairs = {(v.first.case_id, v.second.case_id): v for v in summary.related}
    first, second = sorted((world.cases["children"], world.cases["anaesthesia"]))
    key = (first, second)
    assert set(pairs) == {key}
    assert not pairs[key].told

    with pytest.raises(NotAllowed):
        await world.summary.tell(OLA, first, second, "nb")
    told = await world.summary.tell(SIRI, second, first, "nb")
    assert told.told
    with pytest.raises(AlreadyTold):
        await world.summary.tell(SIRI, first, second, "nb")
    assert (await world.summary.summary(SIRI, Filters())).related[0].told

    async with world.sessions() as session:
        notes = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like("case:%")))
        )
        threads = {n.target["conversation_id"] for n in notes}
        expected = set(await session.scalars(select(Case.thread_id).where(Case.id.in_(key))))
    assert threads == expected
    assert len(notes) == 2
    assert any("Preoperativ faste" in str(n.message) for n in notes)
    assert any("Faste før narkose hos barn" in str(n.message) for n in notes)
    told_events = select(func.count()).select_from(Event).where(Event.kind == "RelatedCasesTold")
    assert await _count(world.sessions, told_events) == 1


@BOTH
async def test_two_advisers_clicking_at_once_tell_once(world: World) -> None:
    first, second = sorted((world.cases["children"], world.cases["anaesthesia"]))
    results = await asyncio.gather(
        world.summary.tell(SIRI, first, second, "nb"),
        world.service().tell(DAG, first, second, "nb"),
        return_exceptions=True,
    )
    assert sum(isinstance(r, AlreadyTold) for r in results) == 1, results
    notes = (
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.subject.like("case:%"))
    )
    assert await _count(world.sessions, notes) == 2
