"""The outbox: everything the bot sends outside its answer to a turn, never lost, never doubled.

Capability services say *what*: inside the transaction of the change that causes a message they
call `Outbox.post`, `reply`, `update` or `personal`, which add a row to the `outbox` table. If
the change rolls back, so does the message; if it commits, the message will be delivered. This
module says *how*: a worker claims due rows in the database and delivers them through the
`Transport` (the Bot Connector, in `bot/`), paced to Teams' limits per tenant and conversation.

Life of a message (`outbox.state`):

    pending ──claim──▶ sending ──attempt accepted──▶ sent  (its `then` hook, same transaction)
       ▲                 │  └──attempt refused (429, 5xx, no connection)──▶ pending, later
       │                 │  └──refused for good (400/401/403/404), too many attempts──▶ failed
       └──released: SIGTERM, or lease expired before the attempt began──┘
                         └──lease expired while an attempt was in flight──▶ uncertain
    pending update ──a newer update of the same message──▶ superseded (the latest wins)
    pending ──withdraw (its cause went away before a worker claimed it)──▶ withdrawn

Exactly once. Claims are one short transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
workers of several instances skip each other's rows; SQLite serialises writers). Each HTTP
attempt is bracketed: `send_started_at` is committed just before it, and cleared again when the
connector refuses, so a refused attempt is simply retried later, honouring `Retry-After`. Only
an attempt actually in flight when the process dies leaves `send_started_at` behind; after the
lease that row becomes `uncertain` (a `MessageUncertain` event) and is not re-sent, because the
Bot Connector has no idempotency key and a duplicate is the worse failure. Updates are PUTs of a
whole card, idempotent, so they are re-sent instead. A worker that was merely slow, not dead,
still records `sent` over `uncertain` when its attempt succeeds, so a hook may hear `uncertain`
and then `sent` for one message.

Shutdown (SIGTERM): `stop` stops claiming, lets attempts in flight finish within a grace period,
and releases every row it claimed but did not start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from microsoft_teams.cards import AdaptiveCard
from sqlalchemy import event, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from dialogs.cardkit import as_json
from dialogs.turn import Reply
from dialogs.workdays import in_working_hours, next_working_moment
from storage.clock import Now, system_clock
from storage.db import Sessions, is_postgres
from storage.events import record
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

BACKGROUND_TASK = "fagnett-outbox"
"""The name of the task that delivers in the background after a commit."""

RETRYABLE_STATUS = frozenset({408, 412, 429, 500, 502, 503, 504})
GONE_STATUS = frozenset({403, 404})


@dataclass(frozen=True)
class ChannelAddress:
    """A team channel (a network's home)."""

    service_url: str
    tenant_id: str | None
    team_id: str
    channel_id: str


@dataclass(frozen=True)
class Posted:
    """Where a proactive message landed: its conversation (thread) and activity id."""

    service_url: str
    conversation_id: str
    activity_id: str


@dataclass(frozen=True)
class Message:
    """A message as stored and sent: markdown text, an Adaptive Card's JSON, @mentions."""

    text: str | None = None
    card: dict[str, Any] | None = None
    mentions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, reply: Reply) -> Message:
        """The stored form of a reply (its `extra` messages are not sent proactively)."""
        card: Any = reply.card
        return cls(
            reply.text,
            as_json(card) if isinstance(card, AdaptiveCard) else card,
            tuple((teams_id, name) for teams_id, name in reply.mentions),
        )

    def to_json(self) -> dict[str, Any]:
        """For the `outbox.message` column."""
        return {"text": self.text, "card": self.card, "mentions": [list(m) for m in self.mentions]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """Back from the column."""
        mentions = tuple((str(m[0]), str(m[1])) for m in data.get("mentions") or ())
        return cls(data.get("text"), data.get("card"), mentions)


class Unreachable(Exception):
    """The person has no personal conversation with the bot (the app is not installed for them)."""


class Transport(Protocol):
    """One HTTP attempt each, no retries: retrying is the outbox's job."""

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        """Start a new thread in a channel."""
        ...

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        """Answer in an existing thread (the conversation of an earlier post)."""
        ...

    async def update(self, posted: Posted, message: Message) -> None:
        """Replace an earlier message's card or text."""
        ...

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        """A 1:1 message.

        Raises:
            Unreachable: the person has not installed the app personally.
        """
        ...


@dataclass(frozen=True)
class Delivery:
    """What became of a message, as its `then` hook hears it."""

    message: OutboxMessage
    state: str
    """`sent`, `failed` or `uncertain`."""
    posted: Posted | None = None
    via: str | None = None
    """`personal` or `channel` for personal messages (the channel is the fallback)."""
    error: str | None = None
    """Why it failed: `HTTP 403`, or the error's name."""


Hook = Callable[[AsyncSession, Delivery], Awaitable[None]]


@dataclass
class DeliveryResult:
    """What one delivery run did."""

    claimed: int = 0
    sent: int = 0
    via_channel: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0
    released: int = 0
    requeued: int = 0
    uncertain: int = 0
    lost: int = 0

    def add(self, other: DeliveryResult) -> None:
        """Accumulate another batch's counts."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Pacer:
    """Sliding-window rate limits for Teams, per tenant and per conversation, in this process.

    Teams allows a bot 7 sends per 1 s, 8 per 2 s and 60 per 30 s in one conversation, and about
    30 per second per tenant (TEAMS_NOTES.md). `wait` returns when every window has room and
    takes a slot in each. Several instances pace independently; the connector's 429 (delayed,
    never dropped) is the backstop.
    """

    def __init__(
        self,
        *,
        per_tenant: Sequence[tuple[int, float]] = ((30, 1.0),),
        per_conversation: Sequence[tuple[int, float]] = ((7, 1.0), (8, 2.0), (60, 30.0)),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"tenant": tuple(per_tenant), "conversation": tuple(per_conversation)}
        self._clock = clock
        self._sent: dict[tuple[str, str], deque[float]] = {}

    def _delay(self, keys: Sequence[tuple[str, str]], now: float) -> float:
        delay = 0.0
        for key in keys:
            stamps = self._sent.setdefault(key, deque())
            longest = max(period for _, period in self._limits[key[0]])
            while stamps and stamps[0] <= now - longest:
                stamps.popleft()
            for count, period in self._limits[key[0]]:
                inside = [s for s in stamps if s > now - period]
                if len(inside) >= count:
                    delay = max(delay, inside[-count] + period - now)
        return delay

    async def wait(self, tenant: str, conversation: str) -> None:
        """Block until one more send to `conversation` in `tenant` is within every limit."""
        keys = (("tenant", tenant), ("conversation", conversation))
        while True:
            now = self._clock()
            delay = self._delay(keys, now)
            if delay <= 0:
                for key in keys:
                    self._sent[key].append(now)
                if len(self._sent) > 10_000:
                    self._sent = {k: v for k, v in self._sent.items() if v}
                return
            await asyncio.sleep(delay)


def status_of(error: BaseException) -> int | None:
    """The HTTP status of a failed connector call (duck-typed: no botbuilder import here)."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def retry_after(error: BaseException) -> float | None:
    """The seconds the connector's `Retry-After` asked for, if it gave a number."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


@dataclass
class _Attempt:
    """A claimed row on its way out."""

    row: OutboxMessage
    kind: str
    target: dict[str, Any]
    message: Message
    via: str | None = None


@dataclass
class _Runner:
    task: asyncio.Task[None] | None = None
    wanted: bool = False
    in_flight: set[int] = field(default_factory=set)
    quiet: asyncio.Event = field(default_factory=asyncio.Event)

    def begin(self, row_id: int) -> None:
        """An attempt is about to go out."""
        self.in_flight.add(row_id)
        self.quiet.clear()

    def end(self, row_id: int) -> None:
        """The attempt came back (or never left)."""
        self.in_flight.discard(row_id)
        if not self.in_flight:
            self.quiet.set()


class Outbox:
    """Enqueue inside the caller's transaction; deliver once, from any instance."""

    def __init__(
        self,
        sessions: Sessions,
        transport: Transport,
        *,
        now: Now = system_clock,
        pacer: Pacer | None = None,
        lease: timedelta = timedelta(minutes=10),
        attempt_timeout: float = 60.0,
        max_attempts: int = 12,
        concurrency: int = 8,
        batch: int = 16,
        budget: float = 45.0,
        instance: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._transport = transport
        self._now = now
        self._pacer = pacer or Pacer()
        self._lease = lease
        self._attempt_timeout = attempt_timeout
        self._max_attempts = max_attempts
        self._concurrency = concurrency
        self._batch = batch
        self._budget = budget
        self._hooks: dict[str, Hook] = {}
        self._runner = _Runner()
        self._running = asyncio.Lock()
        self._stopping = False
        self.instance = instance or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def on(self, name: str, hook: Hook) -> None:
        """Register the hook that messages enqueued with `then={"hook": name, ...}` report to.
        It runs inside the transaction that records the message's outcome."""
        self._hooks[name] = hook

    # -- what to send, inside the caller's transaction ------------------------------------------

    def post(
        self,
        session: AsyncSession,
        channel: ChannelAddress,
        reply: Reply,
        *,
        subject: str,
        network_id: int | None = None,
        then: dict[str, Any] | None = None,
    ) -> OutboxMessage:
        """A new thread in a channel."""
        target = asdict(channel)
        return self._add(
            session, "post", target, reply, subject, network_id, channel.tenant_id, then=then
        )

    def reply(
        self,
        session: AsyncSession,
        thread: Posted,
        reply: Reply,
        *,
        subject: str,
        network_id: int | None = None,
        tenant_id: str | None = None,
        then: dict[str, Any] | None = None,
    ) -> OutboxMessage:
        """A message in an existing thread (a conversation id, `...;messageid=...` for a thread)."""
        target = {"service_url": thread.service_url, "conversation_id": thread.conversation_id}
        return self._add(session, "reply", target, reply, subject, network_id, tenant_id, then=then)

    async def update(
        self,
        session: AsyncSession,
        of: Posted | OutboxMessage,
        reply: Reply,
        *,
        key: str,
        subject: str,
        network_id: int | None = None,
        tenant_id: str | None = None,
    ) -> OutboxMessage:
        """Replace a posted message (`of`: where it landed, or the outbox row that posts it).

        Updates with the same `key` coalesce: a pending older one is superseded, the latest wins.
        """
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.coalesce_key == key, OutboxMessage.state == "pending")
            .values(state="superseded")
            .execution_options(synchronize_session=False)
        )
        if isinstance(of, OutboxMessage):
            if of.id is None:
                await session.flush([of])
            target: dict[str, Any] = {}
            after_id: int | None = of.id
        else:
            target = asdict(of)
            after_id = None
        return self._add(
            session,
            "update",
            target,
            reply,
            subject,
            network_id,
            tenant_id,
            coalesce_key=key,
            after_id=after_id,
        )

    def personal(
        self,
        session: AsyncSession,
        aad_id: str,
        reply: Reply,
        *,
        subject: str,
        network_id: int | None = None,
        tenant_id: str | None = None,
        fallback: tuple[ChannelAddress, Reply] | None = None,
        working_hours: bool = False,
        then: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> OutboxMessage:
        """A 1:1 message; if the person cannot be reached personally, `fallback` is posted in a
        channel instead. With `working_hours`, attempts happen only in Oslo working hours.
        `key` names the message for `withdraw`."""
        spare = None
        if fallback is not None:
            channel, fallback_reply = fallback
            spare = {
                "target": asdict(channel),
                "message": Message.of(fallback_reply).to_json(),
            }
        return self._add(
            session,
            "personal",
            {"aad_id": aad_id},
            reply,
            subject,
            network_id,
            tenant_id,
            fallback=spare,
            working_hours=working_hours,
            then=then,
            coalesce_key=key,
        )

    async def withdraw(self, session: AsyncSession, *, subject: str, key: str) -> int:
        """Withdraw the messages of `subject` with `key` that no worker has claimed yet (in the
        caller's transaction). Returns how many; a claimed message is left to finish."""
        withdrawn = await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.subject == subject[:100],
                OutboxMessage.coalesce_key == key,
                OutboxMessage.state == "pending",
            )
            .values(state="withdrawn")
            .execution_options(synchronize_session=False)
        )
        return int(getattr(withdrawn, "rowcount", 0) or 0)

    def _add(
        self,
        session: AsyncSession,
        kind: str,
        target: dict[str, Any],
        reply: Reply,
        subject: str,
        network_id: int | None,
        tenant_id: str | None,
        *,
        then: dict[str, Any] | None = None,
        fallback: dict[str, Any] | None = None,
        coalesce_key: str | None = None,
        after_id: int | None = None,
        working_hours: bool = False,
    ) -> OutboxMessage:
        if then is not None and then.get("hook") not in self._hooks:
            raise ValueError(f"no outbox hook {then.get('hook')!r}")
        now = self._now()
        row = OutboxMessage(
            kind=kind,
            subject=subject[:100],
            network_id=network_id,
            tenant_id=tenant_id,
            target=target,
            message=Message.of(reply).to_json(),
            fallback=fallback,
            then=then,
            coalesce_key=coalesce_key,
            after_id=after_id,
            working_hours=working_hours,
            state="pending",
            attempts=0,
            next_attempt_at=next_working_moment(now) if working_hours else now,
            created_at=now,
        )
        session.add(row)
        flag = f"outbox.kick.{id(self)}"
        if not session.info.get(flag):
            session.info[flag] = True
            event.listen(session.sync_session, "after_commit", self._after_commit, once=True)
        return row

    def _after_commit(self, session: Any) -> None:
        session.info.pop(f"outbox.kick.{id(self)}", None)
        self.kick()

    # -- delivery -------------------------------------------------------------------------------

    def kick(self) -> None:
        """Deliver what is due now, in the background (called after a commit that enqueued)."""
        if self._stopping:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._runner.wanted = True
        if self._runner.task is None or self._runner.task.done():
            self._runner.task = loop.create_task(self._run(), name=BACKGROUND_TASK)

    async def _run(self) -> None:
        while self._runner.wanted and not self._stopping:
            self._runner.wanted = False
            try:
                await self.deliver_due(recover=False)
            except Exception:
                log.exception("outbox: background delivery failed; the job retries")

    async def flush(self) -> None:
        """Deliver what is due now and wait for it (jobs, which answer nobody, use this)."""
        self.kick()
        await self.idle()

    async def idle(self) -> None:
        """Wait until background deliveries started so far have finished."""
        while self._runner.task is not None and not self._runner.task.done():
            await asyncio.shield(self._runner.task)

    async def stop(self, grace: float = 10.0) -> int:
        """Stop claiming; let attempts in flight finish within `grace` seconds; release the rest.
        Returns how many claimed rows were released."""
        self._stopping = True
        if self._runner.in_flight:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._runner.quiet.wait(), grace)
        if self._runner.in_flight:
            log.warning(
                "outbox: %d attempts still in flight after %.0f s",
                len(self._runner.in_flight),
                grace,
            )
        async with self._sessions.begin() as session:
            released = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.state == "sending",
                    OutboxMessage.claimed_by == self.instance,
                    OutboxMessage.send_started_at.is_(None),
                )
                .values(state="pending", claimed_by=None, claimed_at=None)
                .execution_options(synchronize_session=False)
            )
        count = int(getattr(released, "rowcount", 0) or 0)
        log.info("outbox: stopped; released %d claimed messages", count)
        return count

    async def deliver_due(self, *, recover: bool = True) -> DeliveryResult:
        """Recover stale claims, then claim and send due messages in batches until nothing is
        due or the time budget is spent. The scheduler job calls this; `kick` skips recovery."""
        total = DeliveryResult()
        # One delivery run at a time in this process (the job, `kick`); other instances run
        # their own, and the database's claims keep them apart.
        async with self._running:
            if recover:
                total.requeued, total.uncertain = await self._recover()
            started = time.monotonic()
            while not self._stopping and time.monotonic() - started < self._budget:
                rows = await self._claim()
                if not rows:
                    break
                total.add(await self._send_batch(rows))
        return total

    async def _recover(self) -> tuple[int, int]:
        """Rows left in `sending` past the lease: re-queue if no attempt had begun (or it was an
        idempotent update), else `uncertain`."""
        expired = self._now() - self._lease
        uncertain: list[OutboxMessage] = []
        async with self._sessions.begin() as session:
            requeued = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.state == "sending",
                    OutboxMessage.claimed_at < expired,
                    (OutboxMessage.send_started_at.is_(None)) | (OutboxMessage.kind == "update"),
                )
                .values(state="pending", claimed_by=None, claimed_at=None, send_started_at=None)
                .execution_options(synchronize_session=False)
            )
            # Conditional, so of instances recovering at once exactly one marks each row.
            marked = list(
                await session.scalars(
                    update(OutboxMessage)
                    .where(
                        OutboxMessage.state == "sending",
                        OutboxMessage.claimed_at < expired,
                        OutboxMessage.send_started_at.is_not(None),
                    )
                    .values(state="uncertain", last_error="the process stopped during an attempt")
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)
                )
            )
            stale = list(
                await session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.id.in_(marked))
                    .execution_options(populate_existing=True)
                )
            )
            for row in stale:
                record(
                    session,
                    "MessageUncertain",
                    actor="system",
                    network_id=row.network_id,
                    subject=row.subject,
                    message_id=row.id,
                    kind=row.kind,
                    claimed_by=row.claimed_by,
                )
                await self._tell(session, Delivery(row, "uncertain", error=row.last_error))
                uncertain.append(row)
        count = int(getattr(requeued, "rowcount", 0) or 0)
        if count or uncertain:
            log.warning("outbox: re-queued %d stale claims, %d uncertain", count, len(uncertain))
        return count, len(uncertain)

    async def _claim(self) -> list[OutboxMessage]:
        """Mark up to a batch of due rows `sending` for this worker, and commit.

        An update waits while another update of the same message is in flight, so the newest
        card is the one that lands last, and while the message it updates is not yet posted.
        """
        now = self._now()
        busy = aliased(OutboxMessage)
        original = aliased(OutboxMessage)
        async with self._sessions.begin() as session:
            due = (
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.state == "pending",
                    OutboxMessage.next_attempt_at <= now,
                    ~exists().where(
                        busy.coalesce_key == OutboxMessage.coalesce_key,
                        busy.state == "sending",
                    ),
                    ~exists().where(
                        original.id == OutboxMessage.after_id,
                        original.state.in_(("pending", "sending")),
                    ),
                )
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(self._batch)
            )
            if is_postgres(session.bind):  # type: ignore[arg-type]
                due = due.with_for_update(skip_locked=True, of=OutboxMessage)
            ids = list(await session.scalars(due))
            if not ids:
                return []
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.state == "pending")
                .values(
                    state="sending",
                    claimed_by=self.instance,
                    claimed_at=now,
                    send_started_at=None,
                )
                .execution_options(synchronize_session=False)
            )
            return list(
                await session.scalars(
                    select(OutboxMessage)
                    .where(
                        OutboxMessage.id.in_(ids),
                        OutboxMessage.claimed_by == self.instance,
                        OutboxMessage.state == "sending",
                    )
                    .order_by(OutboxMessage.id)
                    .execution_options(populate_existing=True)
                )
            )

    async def _send_batch(self, rows: Sequence[OutboxMessage]) -> DeliveryResult:
        result = DeliveryResult(claimed=len(rows))
        gate = asyncio.Semaphore(self._concurrency)

        async def one(row: OutboxMessage) -> None:
            async with gate:
                try:
                    outcome = await self._deliver(row)
                except Exception:
                    log.exception("outbox: message %s could not be handled", row.id)
                    outcome = "lost"
            setattr(result, outcome, getattr(result, outcome) + 1)
            if outcome == "via_channel":
                result.sent += 1

        await asyncio.gather(*(one(row) for row in rows))
        return result

    async def _deliver(self, row: OutboxMessage) -> str:
        """One claimed row: resolve, pace, attempt, record. Returns a `DeliveryResult` field."""
        attempt = _Attempt(row, row.kind, dict(row.target), Message.from_json(row.message))
        if row.after_id is not None:
            waiting = await self._resolve_after(attempt)
            if waiting:
                return waiting
        if row.working_hours and not in_working_hours(self._now()):
            await self._release(row, next_working_moment(self._now()))
            return "waiting"
        while True:
            await self._pacer.wait(row.tenant_id or "-", _conversation_key(attempt))
            if self._stopping:
                await self._release(row, row.next_attempt_at)
                return "released"
            self._runner.begin(row.id)
            # Starting an attempt renews the lease: only a worker silent for a whole lease
            # since its attempt began is taken for dead.
            moment = self._now()
            if not await self._mark(row, ("sending",), send_started_at=moment, claimed_at=moment):
                self._runner.end(row.id)
                return "lost"
            try:
                posted = await asyncio.wait_for(self._attempt(attempt), self._attempt_timeout)
            except Exception as error:
                self._runner.end(row.id)
                if attempt.kind == "personal" and _gone(error) and row.fallback:
                    attempt = _Attempt(
                        row,
                        "post",
                        dict(row.fallback["target"]),
                        Message.from_json(row.fallback["message"]),
                        via="channel",
                    )
                    if not await self._mark(row, ("sending",), send_started_at=None):
                        return "lost"
                    continue
                return await self._refused(attempt, error)
            self._runner.end(row.id)
            via = attempt.via or row.delivered_via
            via = via or ("personal" if row.kind == "personal" else None)
            await self._finish(row, "sent", posted, via)
            return "via_channel" if via == "channel" else "sent"

    async def _resolve_after(self, attempt: _Attempt) -> str | None:
        """Where the message this update replaces landed; an update of one never posted fails."""
        async with self._sessions() as session:
            original = await session.get(OutboxMessage, attempt.row.after_id)
        if original is not None and original.state == "sent" and original.result:
            attempt.target = dict(original.result)
            return None
        await self._finish(attempt.row, "failed", None, None, error="the original was not sent")
        return "failed"

    async def _attempt(self, attempt: _Attempt) -> Posted | None:
        """Exactly one HTTP attempt through the transport."""
        target, message = attempt.target, attempt.message
        if attempt.kind == "post":
            return await self._transport.post_to_channel(ChannelAddress(**target), message)
        if attempt.kind == "reply":
            thread = Posted(target["service_url"], target["conversation_id"], "")
            return await self._transport.reply_in_thread(thread, message)
        if attempt.kind == "update":
            posted = Posted(**target)
            await self._transport.update(posted, message)
            return posted
        if attempt.kind == "personal":
            return await self._transport.send_personal(target["aad_id"], message)
        raise ValueError(f"unknown outbox kind {attempt.kind!r}")

    async def _refused(self, attempt: _Attempt, error: Exception) -> str:
        """The connector refused (or could not be reached): later, or never."""
        row = attempt.row
        status = status_of(error)
        text = f"HTTP {status}" if status is not None else type(error).__name__
        if isinstance(error, TimeoutError) and attempt.kind != "update":
            # The request may have reached Teams: as for a crash mid-attempt, never re-send.
            await self._finish(row, "uncertain", None, attempt.via, error="attempt timed out")
            return "uncertain"
        attempts = row.attempts + 1
        permanent = isinstance(error, Unreachable) or (
            status is not None and status not in RETRYABLE_STATUS
        )
        if permanent or (status != 429 and attempts >= self._max_attempts):
            await self._finish(row, "failed", None, attempt.via, error=text)
            log.warning(
                "outbox: message %s failed after %d attempts: %s %s", row.id, attempts, text, error
            )
            return "failed"
        asked = retry_after(error)
        delay = asked if asked is not None else min(2.0 ** (attempts - 1), 3600.0)
        when = self._now() + timedelta(seconds=delay)
        if row.working_hours:
            when = next_working_moment(when)
        await self._mark(
            row,
            ("sending",),
            state="pending",
            attempts=attempts,
            next_attempt_at=when,
            claimed_by=None,
            claimed_at=None,
            send_started_at=None,
            last_error=text,
            **(_switched(attempt) if attempt.via == "channel" else {}),
        )
        if delay <= 30:
            asyncio.get_running_loop().call_later(delay, self.kick)
        return "retrying"

    async def _release(self, row: OutboxMessage, when: datetime) -> None:
        await self._mark(
            row,
            ("sending",),
            state="pending",
            next_attempt_at=when,
            claimed_by=None,
            claimed_at=None,
            send_started_at=None,
        )

    async def _finish(
        self,
        row: OutboxMessage,
        state: str,
        posted: Posted | None,
        via: str | None,
        *,
        error: str | None = None,
    ) -> None:
        """Record the outcome and tell the message's hook, in one transaction."""
        result = asdict(posted) if posted else None
        async with self._sessions.begin() as session:
            changed = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row.id,
                    OutboxMessage.claimed_by == self.instance,
                    OutboxMessage.state.in_(("sending", "uncertain")),
                )
                .values(
                    state=state,
                    result=result,
                    delivered_via=via,
                    sent_at=self._now() if state == "sent" else None,
                    last_error=error,
                )
                .execution_options(synchronize_session=False)
            )
            if not getattr(changed, "rowcount", 0):
                return
            if state != "sent":
                record(
                    session,
                    "MessageFailed" if state == "failed" else "MessageUncertain",
                    actor="system",
                    network_id=row.network_id,
                    subject=row.subject,
                    message_id=row.id,
                    kind=row.kind,
                    error=error,
                )
            await self._tell(session, Delivery(row, state, posted, via, error))

    async def _tell(self, session: AsyncSession, delivery: Delivery) -> None:
        then = delivery.message.then
        if not then:
            return
        hook = self._hooks.get(str(then.get("hook")))
        if hook is None:
            log.error("outbox: no hook %r for message %s", then.get("hook"), delivery.message.id)
            return
        await hook(session, delivery)

    async def _mark(self, row: OutboxMessage, states: Sequence[str], **values: Any) -> bool:
        """A conditional update of a row this worker claimed; False if the claim was lost."""
        async with self._sessions.begin() as session:
            changed = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row.id,
                    OutboxMessage.claimed_by == self.instance,
                    OutboxMessage.state.in_(states),
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        return bool(getattr(changed, "rowcount", 0))


def _gone(error: BaseException) -> bool:
    """The personal chat cannot be used: not installed, or uninstalled/blocked (403/404)."""
    return isinstance(error, Unreachable) or status_of(error) in GONE_STATUS


def _switched(attempt: _Attempt) -> dict[str, Any]:
    """Persist a switch to the channel fallback, so a retry does not try the 1:1 chat again."""
    return {
        "kind": "post",
        "target": attempt.target,
        "message": attempt.message.to_json(),
        "fallback": None,
        "delivered_via": "channel",
    }


def _conversation_key(attempt: _Attempt) -> str:
    target = attempt.target
    if attempt.kind == "personal":
        return f"personal:{target.get('aad_id')}"
    if attempt.kind == "post":
        return f"channel:{target.get('channel_id')}"
    return str(target.get("conversation_id", "")).split(";")[0]
