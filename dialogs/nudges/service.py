"""`NudgeService`: reminders as database rows, swept and sent once, paced for Teams.

Life of a reminder (`reminders.state`):

    pending ──claim──▶ sending ──send ok──▶ sent
       ▲                  │  └──send error──▶ failed (next_attempt_at; claimable again)
       │                  │                     └──too many attempts──▶ abandoned
       └─lease expired, send never started──┘
                          └──lease expired, send started──▶ uncertain (never re-sent)
    pending/failed ──cancel / replaced──▶ cancelled

Exactly once. A sweep *claims* due rows in one short transaction — on PostgreSQL the candidate
rows are selected `FOR UPDATE SKIP LOCKED`, so concurrent sweepers in other instances skip them
instead of waiting; on SQLite (one instance) the conditional `UPDATE ... WHERE state IN
(pending, failed)` is atomic because SQLite serialises writers. The claim commits *before* any
HTTP call. Then, per reminder, `send_started_at` is committed immediately before the connector
call, and `sent` (with the activity id) immediately after it. Every transition after the claim is
conditional on `claimed_by` being this sweeper, so a sweeper that lost its claim can neither send
nor overwrite.

Crash recovery (the policy, and why). The Bot Connector has no idempotency key and a bot cannot
read back a 1:1 chat, so after a crash nobody can tell whether a started POST reached Teams.
Each sweep therefore first looks at rows left in `sending` for longer than the lease:
  * `send_started_at` is empty → the crash came between claim and send; nothing went out, so
    the row goes back to `pending` and is sent by the next sweep. This is the common case
    (a claimed batch waits for pacing), and it loses nothing.
  * `send_started_at` is set → the crash came during the HTTP call. The row becomes
    `uncertain`, a `NudgeUncertain` event is recorded, and it is *not* re-sent. We prefer a
    possibly missing reminder (visible in the audit log; the next planned reminder still comes)
    over a possible duplicate, because "never twice" is a promise a re-send cannot keep. The
    window is one HTTP round trip per in-flight reminder (at most `concurrency` per sweeper).
A sweeper that is merely slow (not dead) and outlives its lease finds its conditional updates
refused and skips the row; if its send had completed, it still records `sent` over `uncertain`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.errors import NotFound
from dialogs.i18n import Lang, lang_of, t, when
from dialogs.nudges.cards import NudgeView, nudge_card, view_of
from dialogs.nudges.rules import DEFAULT_PLANS, Plans, due_moments
from dialogs.outbox import ChannelAddress, Outbox, Posted, Unreachable
from dialogs.turn import Actor, Reply
from dialogs.workdays import in_working_hours, next_working_moment
from storage.db import Sessions, is_postgres
from storage.events import record
from storage.models import ConversationRef, Membership, Network, Reminder
from storage.types import utcnow

log = logging.getLogger(__name__)

QUEUED = ("pending", "failed")
PERMANENT_STATUS = frozenset({400, 401, 403, 404})
GONE_STATUS = frozenset({403, 404})


@dataclass
class SweepResult:
    """What one sweep did."""

    claimed: int = 0
    sent: int = 0
    via_channel: int = 0
    retrying: int = 0
    abandoned: int = 0
    requeued: int = 0
    uncertain: int = 0
    lost: int = 0

    def add(self, other: SweepResult) -> None:
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


@dataclass(frozen=True)
class _Recipient:
    lang: Lang
    tenant_id: str | None


@dataclass
class _Batch:
    reminders: list[Reminder]
    recipients: dict[str, _Recipient] = field(default_factory=dict)
    networks: dict[int, Network] = field(default_factory=dict)


def _status(error: BaseException) -> int | None:
    """The HTTP status of a failed connector call (duck-typed: no botbuilder import here)."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after(error: BaseException) -> float | None:
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class NudgeService:
    """Schedules reminders inside the callers' transactions; sweeps and sends them once."""

    def __init__(
        self,
        sessions: Sessions,
        outbox: Outbox,
        *,
        plans: Plans | None = None,
        now: Callable[[], datetime] = utcnow,
        pacer: Pacer | None = None,
        lease: timedelta = timedelta(minutes=10),
        max_attempts: int = 8,
        concurrency: int = 8,
        sweep_budget: float = 45.0,
        instance: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._plans = dict(DEFAULT_PLANS if plans is None else plans)
        self._now = now
        self._pacer = pacer or Pacer()
        self._lease = lease
        self._max_attempts = max_attempts
        self._concurrency = concurrency
        self._budget = sweep_budget
        self.instance = instance or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    # -- scheduling, inside the caller's transaction ------------------------------------------

    async def schedule(
        self,
        session: AsyncSession,
        *,
        subject: str,
        kind: str,
        network_id: int | None,
        deadline: datetime,
        recipients: Sequence[str],
        action: dict[str, Any],
        params: dict[str, Any],
    ) -> int:
        """Replace the pending reminders of `subject` with the plan for `kind` before `deadline`,
        one per recipient per due moment. Returns how many are pending now.

        Pending rows that the new plan keeps are updated in place (new deadline, texts, action);
        rows already due but not yet swept are kept for recipients still listed; a moment that
        was already sent (or is being sent) to a person is never created again.
        """
        if kind not in self._plans:
            raise ValueError(f"no reminder plan for kind {kind!r}")
        if not isinstance(action.get("action"), str):
            raise ValueError("the action payload needs an 'action' name")
        missing = {"network", "title"} - set(params)
        if missing:
            raise ValueError(f"reminder params lack {sorted(missing)}")
        now = self._now()
        people = list(dict.fromkeys(recipients))
        wanted = {
            (person, moment)
            for person in people
            for moment in due_moments(self._plans[kind], deadline, now)
        }
        rows = (
            await session.execute(
                select(
                    Reminder.id, Reminder.recipient_aad_id, Reminder.due_at, Reminder.state
                ).where(Reminder.subject == subject, Reminder.state != "cancelled")
            )
        ).all()
        taken = {(r.recipient_aad_id, r.due_at) for r in rows}
        keep: list[int] = []
        drop: list[int] = []
        for row in rows:
            if row.state not in QUEUED:
                continue
            key = (row.recipient_aad_id, row.due_at)
            still_due = row.due_at <= now and row.recipient_aad_id in people
            (keep if key in wanted or still_due else drop).append(row.id)
        changes = {
            "kind": kind,
            "network_id": network_id,
            "deadline": deadline,
            "action": action,
            "params": params,
        }
        if keep:
            await session.execute(
                update(Reminder)
                .where(Reminder.id.in_(keep), Reminder.state.in_(QUEUED))
                .values(**changes)
                .execution_options(synchronize_session=False)
            )
        cancelled = await self._cancel_ids(session, drop)
        new = sorted(wanted - taken)
        session.add_all(
            Reminder(
                subject=subject,
                recipient_aad_id=person,
                due_at=moment,
                next_attempt_at=moment,
                state="pending",
                attempts=0,
                created_at=now,
                **changes,
            )
            for person, moment in new
        )
        await session.flush()
        pending = await self._pending_count(session, subject)
        record(
            session,
            "RemindersScheduled",
            actor="system",
            network_id=network_id,
            subject=subject,
            kind=kind,
            deadline=deadline.isoformat(),
            recipients=len(people),
            added=len(new),
            cancelled=cancelled,
            pending=pending,
        )
        return pending

    async def cancel(
        self, session: AsyncSession, *, subject: str, recipient: str | None = None
    ) -> int:
        """Cancel pending reminders of `subject` (for one recipient, or all). Returns how many."""
        query = select(Reminder.id, Reminder.network_id).where(
            Reminder.subject == subject, Reminder.state.in_(QUEUED)
        )
        if recipient is not None:
            query = query.where(Reminder.recipient_aad_id == recipient)
        rows = (await session.execute(query)).all()
        count = await self._cancel_ids(session, [r.id for r in rows])
        if count:
            record(
                session,
                "RemindersCancelled",
                actor="system",
                network_id=rows[0].network_id,
                subject=subject,
                recipient=recipient,
                cancelled=count,
            )
        return count

    @staticmethod
    async def _cancel_ids(session: AsyncSession, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        # Conditional: a row a sweeper claimed meanwhile is left alone (it is being sent).
        result = await session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.state.in_(QUEUED))
            .values(state="cancelled")
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    @staticmethod
    async def _pending_count(session: AsyncSession, subject: str) -> int:
        count = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.subject == subject, Reminder.state.in_(QUEUED))
        )
        return int(count or 0)

    # -- what people see ----------------------------------------------------------------------

    async def upcoming(self, aad_id: str, *, limit: int = 20) -> list[NudgeView]:
        """The person's reminders still to come, soonest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Reminder)
                .where(Reminder.recipient_aad_id == aad_id, Reminder.state.in_(QUEUED))
                .order_by(Reminder.next_attempt_at, Reminder.id)
                .limit(limit)
            )
            return [view_of(r) for r in rows]

    async def unreachable(self, network_id: int) -> set[str]:
        """People of the network whose nudges had to go to the channel: they have no personal
        chat with the bot (the app is not installed for them). For the secretary's view."""
        async with self._sessions() as session:
            via_channel = set(
                await session.scalars(
                    select(Reminder.recipient_aad_id)
                    .where(Reminder.network_id == network_id, Reminder.delivered_via == "channel")
                    .distinct()
                )
            )
            if not via_channel:
                return set()
            installed = set(
                await session.scalars(
                    select(ConversationRef.aad_id).where(
                        ConversationRef.aad_id.in_(via_channel),
                        ConversationRef.scope == "personal",
                        ConversationRef.active.is_(True),
                    )
                )
            )
        return {a for a in via_channel if a not in installed}

    async def snooze(self, actor: Actor, reminder_id: int, lang: Lang) -> Reply:
        """*Remind me tomorrow*: the same reminder again at the first working moment after 24 h.

        If a reminder of the same item is already coming before then (or within the working day
        after), that one is the reminder and nothing is added: never two close together.
        """
        now = self._now()
        target = next_working_moment(now + timedelta(hours=24))
        async with self._sessions.begin() as session:
            reminder = await session.get(Reminder, reminder_id)
            if reminder is None or reminder.recipient_aad_id != actor.aad_id:
                raise NotFound("nudge.not_found")
            coming = await session.scalar(
                select(Reminder.due_at)
                .where(
                    Reminder.subject == reminder.subject,
                    Reminder.recipient_aad_id == actor.aad_id,
                    Reminder.state.in_(QUEUED),
                    Reminder.due_at <= target + timedelta(hours=8),
                )
                .order_by(Reminder.due_at)
                .limit(1)
            )
            if coming is None:
                taken = await session.scalar(
                    select(Reminder.id).where(
                        Reminder.subject == reminder.subject,
                        Reminder.recipient_aad_id == actor.aad_id,
                        Reminder.due_at == target,
                        Reminder.state != "cancelled",
                    )
                )
                if taken is None:
                    session.add(
                        Reminder(
                            subject=reminder.subject,
                            kind=reminder.kind,
                            network_id=reminder.network_id,
                            recipient_aad_id=actor.aad_id,
                            deadline=reminder.deadline,
                            due_at=target,
                            next_attempt_at=target,
                            state="pending",
                            attempts=0,
                            action=reminder.action,
                            params=reminder.params,
                            created_at=now,
                        )
                    )
                coming = target
            record(
                session,
                "NudgeSnoozed",
                actor=actor.aad_id,
                network_id=reminder.network_id,
                subject=reminder.subject,
                reminder_id=reminder.id,
                until=coming.isoformat(),
            )
            view = view_of(reminder)
        note = t("nudge.snoozed", lang, when=when(coming, lang))
        return Reply(card=nudge_card(view, lang, now=now, note=note))

    # -- the sweep ----------------------------------------------------------------------------

    async def sweep(self, *, limit: int = 100) -> SweepResult:
        """Claim due reminders, send them, mark sent / failed (with next attempt, honouring
        Retry-After). Called by the scheduler job.

        Works in batches of `limit` until nothing is due or the time budget (shorter than the
        job's interval) is spent. Outside working hours it only recovers abandoned claims.
        """
        total = SweepResult()
        total.requeued, total.uncertain = await self._recover()
        started = time.monotonic()
        while in_working_hours(self._now()) and time.monotonic() - started < self._budget:
            ids = await self._claim(limit)
            if not ids:
                break
            batch = await self._load(ids)
            total.add(await self._send_batch(batch))
        return total

    async def _recover(self) -> tuple[int, int]:
        """Rows left in `sending` past the lease: re-queue if never started, else `uncertain`."""
        expired = self._now() - self._lease
        async with self._sessions.begin() as session:
            requeued = await session.execute(
                update(Reminder)
                .where(
                    Reminder.state == "sending",
                    Reminder.claimed_at < expired,
                    Reminder.send_started_at.is_(None),
                )
                .values(state="pending", claimed_by=None, claimed_at=None)
                .execution_options(synchronize_session=False)
            )
            uncertain = (
                await session.execute(
                    update(Reminder)
                    .where(
                        Reminder.state == "sending",
                        Reminder.claimed_at < expired,
                        Reminder.send_started_at.is_not(None),
                    )
                    .values(state="uncertain", last_error="crashed while sending")
                    .returning(
                        Reminder.id, Reminder.subject, Reminder.network_id, Reminder.claimed_by
                    )
                    .execution_options(synchronize_session=False)
                )
            ).all()
            for row in uncertain:
                record(
                    session,
                    "NudgeUncertain",
                    actor="system",
                    network_id=row.network_id,
                    subject=row.subject,
                    reminder_id=row.id,
                    claimed_by=row.claimed_by,
                )
        count = int(getattr(requeued, "rowcount", 0) or 0)
        if count or uncertain:
            log.warning(
                "nudges: re-queued %d unstarted claims, %d uncertain", count, len(uncertain)
            )
        return count, len(uncertain)

    async def _claim(self, limit: int) -> list[int]:
        """Mark up to `limit` due rows `sending` for this sweeper, and commit."""
        now = self._now()
        async with self._sessions.begin() as session:
            due = (
                select(Reminder.id)
                .where(Reminder.state.in_(QUEUED), Reminder.next_attempt_at <= now)
                .order_by(Reminder.next_attempt_at, Reminder.id)
                .limit(limit)
            )
            if is_postgres(session.bind):  # type: ignore[arg-type]
                due = due.with_for_update(skip_locked=True)
            claimed = await session.scalars(
                update(Reminder)
                .where(Reminder.id.in_(due.scalar_subquery()), Reminder.state.in_(QUEUED))
                .values(
                    state="sending",
                    claimed_by=self.instance,
                    claimed_at=now,
                    send_started_at=None,
                    attempts=Reminder.attempts + 1,
                )
                .returning(Reminder.id)
                .execution_options(synchronize_session=False)
            )
            return sorted(claimed)

    async def _load(self, ids: Iterable[int]) -> _Batch:
        async with self._sessions() as session:
            reminders = list(
                await session.scalars(
                    select(Reminder).where(Reminder.id.in_(list(ids))).order_by(Reminder.id)
                )
            )
            people = {r.recipient_aad_id for r in reminders}
            refs = await session.scalars(
                select(ConversationRef).where(
                    ConversationRef.aad_id.in_(people),
                    ConversationRef.scope == "personal",
                    ConversationRef.active.is_(True),
                )
            )
            network_ids = {r.network_id for r in reminders if r.network_id is not None}
            networks = await session.scalars(select(Network).where(Network.id.in_(network_ids)))
            batch = _Batch(reminders, networks={n.id: n for n in networks})
            for ref in refs:
                if ref.aad_id:
                    batch.recipients[ref.aad_id] = _Recipient(lang_of(ref.locale), ref.tenant_id)
        return batch

    async def _send_batch(self, batch: _Batch) -> SweepResult:
        result = SweepResult(claimed=len(batch.reminders))
        gate = asyncio.Semaphore(self._concurrency)

        async def one(reminder: Reminder) -> None:
            async with gate:
                outcome = await self._deliver(reminder, batch)
            setattr(result, outcome, getattr(result, outcome) + 1)
            if outcome == "via_channel":
                result.sent += 1

        await asyncio.gather(*(one(r) for r in batch.reminders))
        return result

    async def _mark(
        self,
        reminder: Reminder,
        states: Sequence[str],
        *,
        event: str | None = None,
        data: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> bool:
        """A conditional update of a row this sweeper claimed (and its event); False if the
        claim was lost to recovery."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(Reminder)
                .where(
                    Reminder.id == reminder.id,
                    Reminder.claimed_by == self.instance,
                    Reminder.state.in_(states),
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            done = bool(getattr(result, "rowcount", 0))
            if done and event:
                record(
                    session,
                    event,
                    actor="system",
                    network_id=reminder.network_id,
                    subject=reminder.subject,
                    reminder_id=reminder.id,
                    recipient=reminder.recipient_aad_id,
                    **(data or {}),
                )
        return done

    async def _deliver(self, reminder: Reminder, batch: _Batch) -> str:
        """Send one claimed reminder; returns the `SweepResult` field it counts towards."""
        person = batch.recipients.get(reminder.recipient_aad_id)
        network = batch.networks.get(reminder.network_id) if reminder.network_id else None
        lang: Lang = person.lang if person else "nb"
        tenant = (person.tenant_id if person else None) or (network.tenant_id if network else None)
        view = view_of(reminder)
        await self._pacer.wait(tenant or "-", f"personal:{reminder.recipient_aad_id}")
        if not await self._mark(reminder, ("sending",), send_started_at=self._now()):
            return "lost"
        via = "personal"
        try:
            try:
                if person is None:
                    raise Unreachable(reminder.recipient_aad_id)
                card = nudge_card(view, lang, now=self._now())
                posted = await self._outbox.send_personal(
                    reminder.recipient_aad_id, Reply(card=card)
                )
            except Unreachable:
                posted = await self._to_channel(reminder, view, network, lang)
                via = "channel"
            except Exception as error:
                if _status(error) not in GONE_STATUS:
                    raise
                # The personal chat is gone (uninstalled, blocked): the channel still works.
                posted = await self._to_channel(reminder, view, network, lang)
                via = "channel"
        except Exception as error:
            return await self._failed(reminder, error)
        now = self._now()
        await self._mark(
            reminder,
            ("sending", "uncertain"),
            state="sent",
            sent_at=now,
            activity_id=posted.activity_id[:200],
            delivered_via=via,
            last_error=None,
            event="NudgeSent",
            data={"kind": reminder.kind, "via": via, "activity_id": posted.activity_id},
        )
        return "sent" if via == "personal" else "via_channel"

    async def _to_channel(
        self, reminder: Reminder, view: NudgeView, network: Network | None, lang: Lang
    ) -> Posted:
        """The fallback: a new thread in the network's channel @mentioning the person."""
        if network is None:
            raise Unreachable(reminder.recipient_aad_id)
        async with self._sessions() as session:
            member = await session.scalar(
                select(Membership).where(
                    Membership.network_id == network.id,
                    Membership.aad_id == reminder.recipient_aad_id,
                )
            )
        if member is None:
            raise Unreachable(reminder.recipient_aad_id)
        await self._pacer.wait(network.tenant_id or "-", f"channel:{network.channel_id}")
        text = t("nudge.mention", lang, name=f"<at>{member.name}</at>")
        reply = Reply(
            text=text,
            card=nudge_card(view, lang, now=self._now()),
            mentions=((member.teams_id, member.name),),
        )
        address = ChannelAddress(
            network.service_url, network.tenant_id, network.team_id, network.channel_id
        )
        return await self._outbox.post_to_channel(address, reply)

    async def _failed(self, reminder: Reminder, error: Exception) -> str:
        """After the transport's own retries: try again later, or give up."""
        status = _status(error)
        message = f"{type(error).__name__}: {status or ''} {error}"[:500]
        attempts = reminder.attempts
        if (
            isinstance(error, Unreachable)
            or status in PERMANENT_STATUS
            or attempts >= self._max_attempts
        ):
            await self._mark(
                reminder,
                ("sending", "uncertain"),
                state="abandoned",
                last_error=message,
                event="NudgeAbandoned",
                data={"error": message, "attempts": attempts},
            )
            log.warning("nudge %s abandoned after %d attempts: %s", reminder.id, attempts, message)
            return "abandoned"
        asked = _retry_after(error)
        delay = asked if asked is not None else min(60.0 * 2 ** (attempts - 1), 3600.0)
        next_attempt = next_working_moment(self._now() + timedelta(seconds=delay))
        await self._mark(
            reminder,
            ("sending", "uncertain"),
            state="failed",
            next_attempt_at=next_attempt,
            claimed_by=None,
            last_error=message,
            event="NudgeFailed",
            data={
                "error": message,
                "attempts": attempts,
                "next_attempt_at": next_attempt.isoformat(),
            },
        )
        return "retrying"
