"""NudgeService against a real database (SQLite and PostgreSQL), over the real outbox with a fake
transport and clock."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from dialogs.i18n import OSLO
from dialogs.nudges.service import NudgeService
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted, Unreachable
from dialogs.turn import Actor
from dialogs.workdays import in_working_hours
from harness.db import BOTH
from storage.db import Sessions
from storage.models import ConversationRef, Event, Membership, Network, OutboxMessage, Reminder


class Refused(Exception):
    """Looks like msrest's error for a refused request: `.response.status_code`, headers."""

    def __init__(self, status: int, retry_after: str | None) -> None:
        super().__init__(f"status {status}")
        headers = {"Retry-After": retry_after} if retry_after else {}
        self.response = type("R", (), {"status_code": status, "headers": headers})()


@dataclass
class FakeTransport:
    """Records sends; people in `installed` get 1:1 messages, unless they `blocked` the bot (403);
    `fail` queues errors."""

    installed: set[str] = field(default_factory=set)
    blocked: set[str] = field(default_factory=set)
    personal: list[tuple[str, Message]] = field(default_factory=list)
    channel: list[tuple[ChannelAddress, Message]] = field(default_factory=list)
    fail: list[Exception] = field(default_factory=list)

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        if self.fail:
            raise self.fail.pop(0)
        if aad_id not in self.installed:
            raise Unreachable(aad_id)
        if aad_id in self.blocked:
            raise Refused(403, None)
        self.personal.append((aad_id, message))
        return Posted("https://smba/", f"a:{aad_id}", f"act-{len(self.personal)}")

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        self.channel.append((channel, message))
        return Posted(channel.service_url, channel.channel_id, f"ch-{len(self.channel)}")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        raise NotImplementedError

    async def update(self, posted: Posted, message: Message) -> None:
        raise NotImplementedError


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def to(self, moment: datetime) -> None:
        self.now = moment.astimezone(UTC)


def oslo(m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(2026, m, d, hh, mm, tzinfo=OSLO)


DEADLINE = oslo(11, 30, 12)  # Monday noon: reminders Thursday 26 and Friday 27 at noon
ACTION = {"action": "poll.open_ballot", "poll_id": 12}
PARAMS = {"network": "Hjertenettverket", "title": "7/2026 Ny prosedyre"}


async def seed(sessions: Sessions, installed: list[str], members: list[str]) -> int:
    async with sessions.begin() as session:
        network = Network(
            name="Hjertenettverket",
            kind="professional_leader",
            tenant_id="tenant-hmn",
            team_id="19:team",
            channel_id="19:general",
            service_url="https://smba/",
            created_by="aad-admin",
        )
        session.add(network)
        await session.flush()
        for aad in members:
            session.add(
                Membership(
                    network_id=network.id, aad_id=aad, teams_id=f"29:{aad}", name=aad.title()
                )
            )
        for aad in installed:
            session.add(
                ConversationRef(
                    conversation_id=f"a:{aad}",
                    scope="personal",
                    tenant_id="tenant-hmn",
                    aad_id=aad,
                    teams_id=f"29:{aad}",
                    service_url="https://smba/",
                    reference={},
                    locale="en-GB" if aad == "ola" else "nb-NO",
                )
            )
        return network.id


def service(
    sessions: Sessions,
    transport: FakeTransport,
    clock: Clock,
    outbox: type[Outbox] = Outbox,
    **kwargs: Any,
) -> NudgeService:
    """A nudge service over its own outbox (one per simulated process), paced generously."""
    pacer = Pacer(per_tenant=((1000, 1.0),))
    return NudgeService(
        sessions, outbox(sessions, transport, now=clock, pacer=pacer, **kwargs), now=clock
    )


async def schedule(
    nudges: NudgeService, sessions: Sessions, network_id: int, people: list[str], **kw: Any
) -> int:
    async with sessions.begin() as session:
        return await nudges.schedule(
            session,
            subject=kw.pop("subject", "poll:12"),
            kind=kw.pop("kind", "poll_vote"),
            network_id=network_id,
            deadline=kw.pop("deadline", DEADLINE),
            recipients=people,
            action=ACTION,
            params=PARAMS,
        )


async def rows(sessions: Sessions) -> list[Reminder]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(Reminder).order_by(Reminder.due_at, Reminder.recipient_aad_id)
            )
        )


async def messages(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def killed_at(point: asyncio.Event, nudges: NudgeService) -> None:
    """Sweep until the process reaches `point`, and let it die there: nothing after it runs."""
    sweep = asyncio.create_task(nudges.sweep())
    await asyncio.wait_for(point.wait(), 10)
    sweep.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sweep


async def events(sessions: Sessions, kind: str) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).where(Event.kind == kind)) or 0)


@BOTH
async def test_schedule_replace_and_cancel(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 24, 10))
    network_id = await seed(sessions, ["kari", "ola"], ["kari", "ola"])
    nudges = service(sessions, FakeTransport(), clock)

    assert await schedule(nudges, sessions, network_id, ["kari", "ola"]) == 4
    assert await schedule(nudges, sessions, network_id, ["kari", "ola"]) == 4, "idempotent"
    stored = await rows(sessions)
    assert {(r.recipient_aad_id, r.due_at) for r in stored} == {
        (p, m.astimezone(UTC))
        for p in ("kari", "ola")
        for m in (oslo(11, 26, 12), oslo(11, 27, 12))
    }

    # The poll is extended by a week: the old reminders are replaced.
    later = DEADLINE + timedelta(days=7)
    assert await schedule(nudges, sessions, network_id, ["kari", "ola"], deadline=later) == 4
    pending = [r for r in await rows(sessions) if r.state == "pending"]
    assert {r.due_at for r in pending} == {
        oslo(12, 3, 12).astimezone(UTC),
        oslo(12, 4, 12).astimezone(UTC),
    }
    assert all(r.deadline == later for r in pending)

    # Ola votes: his are cancelled; the poll closes: the rest are.
    async with sessions.begin() as session:
        assert await nudges.cancel(session, subject="poll:12", recipient="ola") == 2
    async with sessions.begin() as session:
        assert await nudges.cancel(session, subject="poll:12") == 2
        assert await nudges.cancel(session, subject="poll:12") == 0
    assert {r.state for r in await rows(sessions)} == {"cancelled"}
    assert await events(sessions, "RemindersScheduled") == 3
    assert await events(sessions, "RemindersCancelled") == 2


@BOTH
async def test_sweep_sends_each_once_in_working_hours(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 24, 10))
    network_id = await seed(sessions, ["kari", "ola"], ["kari", "ola", "ingrid"])
    transport = FakeTransport(installed={"kari", "ola"})
    nudges = service(sessions, transport, clock)
    await schedule(nudges, sessions, network_id, ["kari", "ola", "ingrid"])

    sent_at: list[datetime] = []
    moment = clock.now
    while moment < DEADLINE.astimezone(UTC):
        clock.to(moment)
        before = len(transport.personal) + len(transport.channel)
        await nudges.sweep()
        sent_at += [moment] * (len(transport.personal) + len(transport.channel) - before)
        moment += timedelta(minutes=30)

    assert sorted(a for a, _ in transport.personal) == ["kari", "kari", "ola", "ola"]
    assert len(transport.channel) == 2, "Ingrid has no personal chat: an @mention in the channel"
    address, mention = transport.channel[0]
    assert address.channel_id == "19:general"
    assert mention.mentions == (("29:ingrid", "Ingrid"),)
    assert "<at>Ingrid</at>" in (mention.text or "")
    assert all(in_working_hours(m) for m in sent_at)
    assert sorted(set(sent_at)) == [
        oslo(11, 26, 12).astimezone(UTC),
        oslo(11, 27, 12).astimezone(UTC),
    ]
    ola_card = next(m.card for a, m in transport.personal if a == "ola")
    assert ola_card is not None
    assert "poll is waiting" in str(ola_card["body"][0])
    assert await nudges.unreachable(network_id) == {"ingrid"}
    stored = await rows(sessions)
    assert {r.state for r in stored} == {"sent"}
    assert all(r.activity_id for r in stored)
    assert {r.delivered_via for r in stored if r.recipient_aad_id == "ingrid"} == {"channel"}
    assert await events(sessions, "NudgeSent") == 6
    assert {m.state for m in await messages(sessions)} == {"sent"}
    assert len(await messages(sessions)) == 6, "one outbox message per reminder"


@BOTH
async def test_nothing_goes_out_at_night_or_at_weekends(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari"], ["kari"])
    transport = FakeTransport(installed={"kari"})
    nudges = service(sessions, transport, clock)
    await schedule(nudges, sessions, network_id, ["kari"])
    for late in (oslo(11, 28, 12), oslo(11, 26, 16, 0), oslo(11, 27, 3)):
        clock.to(late)
        result = await nudges.sweep()
        assert (result.queued, result.sent) == (0, 0)
    assert transport.personal == []
    clock.to(oslo(11, 30, 8))
    assert (await nudges.sweep()).sent == 2, "both overdue reminders go at Monday 08:00"


@BOTH
async def test_throttled_send_is_delayed_never_dropped(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari"], ["kari"])
    transport = FakeTransport(installed={"kari"}, fail=[Refused(429, "30"), Refused(502, None)])
    nudges = service(sessions, transport, clock)
    await schedule(nudges, sessions, network_id, ["kari"])

    first = await nudges.sweep()
    assert (first.queued, first.retrying, first.sent) == (1, 1, 0)
    (reminder,) = [r for r in await rows(sessions) if r.state == "queued"]
    (message,) = await messages(sessions)
    assert message.state == "pending"
    assert message.next_attempt_at == clock.now + timedelta(seconds=30), "honours Retry-After"
    assert "429" in (message.last_error or "")
    clock.to(clock.now + timedelta(seconds=29))
    assert (await nudges.sweep()).sent == 0
    assert transport.personal == []
    clock.to(clock.now + timedelta(seconds=1))
    assert (await nudges.sweep()).retrying == 1, "502: backoff"
    clock.to(clock.now + timedelta(minutes=2))
    last = await nudges.sweep()
    assert (last.queued, last.sent, last.retrying) == (0, 1, 0)
    assert len(transport.personal) == 1
    (message,) = await messages(sessions)
    assert (message.state, message.attempts) == ("sent", 2)
    assert [r.state for r in await rows(sessions) if r.id == reminder.id] == ["sent"]


@BOTH
async def test_a_blocked_personal_chat_falls_back_and_nobody_to_reach_is_abandoned(
    sessions: Sessions,
) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari"], ["kari"])
    transport = FakeTransport(installed={"kari"}, blocked={"kari"})
    nudges = service(sessions, transport, clock)
    # Kari blocked the bot (403 on her 1:1 chat); Eva is no member and has no personal chat.
    await schedule(nudges, sessions, network_id, ["kari"])
    await schedule(nudges, sessions, network_id, ["eva"], subject="poll:13")
    clock.to(oslo(11, 26, 12, 1))

    result = await nudges.sweep()
    assert (result.queued, result.sent, result.via_channel, result.abandoned) == (2, 1, 1, 1)
    assert [m.mentions for _, m in transport.channel] == [(("29:kari", "Kari"),)]
    due = [r for r in await rows(sessions) if r.due_at <= clock.now]
    states = {r.recipient_aad_id: (r.state, r.delivered_via) for r in due}
    assert states["kari"] == ("sent", "channel")
    assert states["eva"] == ("abandoned", None)
    assert await events(sessions, "NudgeAbandoned") == 1
    assert await nudges.unreachable(network_id) == set(), "Kari has a chat, just not a usable one"


@BOTH
async def test_crash_between_claim_and_send_is_sent_once_after_the_lease(
    sessions: Sessions,
) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari", "ola"], ["kari", "ola"])
    transport = FakeTransport(installed={"kari", "ola"})

    claimed = asyncio.Event()

    class FreezesAfterClaim(Outbox):
        async def _claim(self) -> list[OutboxMessage]:
            if await super()._claim():
                claimed.set()
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

    crashed = service(
        sessions, transport, clock, outbox=FreezesAfterClaim, lease=timedelta(minutes=5)
    )
    await schedule(crashed, sessions, network_id, ["kari", "ola"])
    await killed_at(claimed, crashed)
    assert {r.state for r in await rows(sessions) if r.due_at <= clock.now} == {"queued"}
    assert {m.state for m in await messages(sessions)} == {"sending"}

    restarted = service(sessions, transport, clock, lease=timedelta(minutes=5))
    quiet = await restarted.sweep()
    assert (quiet.queued, quiet.sent) == (0, 0), "within the lease nobody touches the claim"
    clock.to(clock.now + timedelta(minutes=6))
    result = await restarted.sweep()
    assert (result.requeued, result.sent) == (2, 2)
    await restarted.sweep()
    assert sorted(a for a, _ in transport.personal) == ["kari", "ola"]
    assert await events(sessions, "NudgeSent") == 2


@BOTH
async def test_crash_during_send_is_uncertain_and_not_resent(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari"], ["kari"])

    posting = asyncio.Event()

    class DiesInHttp(FakeTransport):
        async def send_personal(self, aad_id: str, message: Message) -> Posted:
            posting.set()
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

    nudges = service(sessions, DiesInHttp(installed={"kari"}), clock)
    await schedule(nudges, sessions, network_id, ["kari"])
    await killed_at(posting, nudges)
    assert [m.send_started_at is not None for m in await messages(sessions)] == [True]
    transport = FakeTransport(installed={"kari"})
    restarted = service(sessions, transport, clock)
    clock.to(clock.now + timedelta(minutes=11))
    assert (await restarted.sweep()).uncertain == 1
    await restarted.sweep()
    assert transport.personal == []
    assert [(r.state, r.due_at <= clock.now) for r in await rows(sessions)][0] == (
        "uncertain",
        True,
    )
    assert await events(sessions, "NudgeUncertain") == 1
    assert await events(sessions, "MessageUncertain") == 1


@BOTH
async def test_cancel_withdraws_a_queued_nudge_the_outbox_has_not_claimed(
    sessions: Sessions,
) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari", "ola"], ["kari", "ola"])
    transport = FakeTransport(
        installed={"kari", "ola"}, fail=[Refused(429, "30"), Refused(429, "30")]
    )
    nudges = service(sessions, transport, clock)
    await schedule(nudges, sessions, network_id, ["kari", "ola"])
    assert (await nudges.sweep()).retrying == 2, "both throttled, waiting in the outbox"

    # Ola votes while his nudge waits out the throttling: it is withdrawn, never sent.
    async with sessions.begin() as session:
        assert await nudges.cancel(session, subject="poll:12", recipient="ola") == 2
    # The poll is extended: Kari's queued nudge is taken back and goes with the new deadline.
    later = DEADLINE + timedelta(days=7)
    assert await schedule(nudges, sessions, network_id, ["kari"], deadline=later) == 3
    clock.to(clock.now + timedelta(seconds=30))
    result = await nudges.sweep()
    assert (result.queued, result.sent, result.retrying) == (1, 1, 0)

    assert [a for a, _ in transport.personal] == ["kari"]
    assert "7. des." in str(transport.personal[0][1].card)
    assert sorted(m.state for m in await messages(sessions)) == ["sent", "withdrawn", "withdrawn"]
    ola = [r.state for r in await rows(sessions) if r.recipient_aad_id == "ola"]
    assert ola == ["cancelled", "cancelled"]


@BOTH
async def test_cancel_leaves_a_nudge_in_flight_alone(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari"], ["kari"])
    entered, release = asyncio.Event(), asyncio.Event()

    class Slow(FakeTransport):
        async def send_personal(self, aad_id: str, message: Message) -> Posted:
            entered.set()
            await release.wait()
            return await super().send_personal(aad_id, message)

    transport = Slow(installed={"kari"})
    nudges = service(sessions, transport, clock)
    await schedule(nudges, sessions, network_id, ["kari"])
    sweep = asyncio.create_task(nudges.sweep())
    await asyncio.wait_for(entered.wait(), 10)
    async with sessions.begin() as session:
        assert await nudges.cancel(session, subject="poll:12") == 1, "only Friday's"
    release.set()
    assert (await sweep).sent == 1
    assert [r.state for r in await rows(sessions)] == ["sent", "cancelled"]
    assert len(transport.personal) == 1


@BOTH
async def test_snooze_repeats_tomorrow_and_lists_upcoming(sessions: Sessions) -> None:
    clock = Clock(oslo(11, 26, 12))
    network_id = await seed(sessions, ["kari"], ["kari"])
    transport = FakeTransport(installed={"kari"})
    nudges = service(sessions, transport, clock)
    await schedule(
        nudges, sessions, network_id, ["kari"], kind="director_decision", deadline=oslo(12, 7, 12)
    )
    await nudges.sweep()
    assert transport.personal == [], "the first is due 30 Nov"
    clock.to(oslo(11, 30, 12, 0))
    await nudges.sweep()
    assert len(transport.personal) == 1
    sent = next(r for r in await rows(sessions) if r.state == "sent")
    kari = Actor("kari", "29:kari", "Kari")

    clock.to(oslo(11, 30, 14, 0))
    reply = await nudges.snooze(kari, sent.id, "nb")
    assert reply.card is not None
    upcoming = await nudges.upcoming("kari")
    assert [v.due_at for v in upcoming] == [
        oslo(12, 1, 14).astimezone(UTC),
        oslo(12, 4, 12).astimezone(UTC),
        oslo(12, 8, 12).astimezone(UTC),
    ]
    reply = await nudges.snooze(kari, sent.id, "nb")
    assert len(await nudges.upcoming("kari")) == 3, "snoozing twice adds nothing"
    assert await events(sessions, "NudgeSnoozed") == 2
    with pytest.raises(Exception, match="nudge.not_found"):
        await nudges.snooze(Actor("ola", "29:ola", "Ola"), sent.id, "nb")


@BOTH
async def test_schedule_refuses_unknown_kinds_and_missing_params(sessions: Sessions) -> None:
    nudges = service(sessions, FakeTransport(), Clock(oslo(11, 24, 10)))
    async with sessions.begin() as session:
        with pytest.raises(ValueError, match="plan"):
            await nudges.schedule(
                session,
                subject="x:1",
                kind="nope",
                network_id=None,
                deadline=DEADLINE,
                recipients=["kari"],
                action=ACTION,
                params=PARAMS,
            )
        with pytest.raises(ValueError, match="params"):
            await nudges.schedule(
                session,
                subject="x:1",
                kind="poll_vote",
                network_id=None,
                deadline=DEADLINE,
                recipients=["kari"],
                action=ACTION,
                params={"title": "t"},
            )
