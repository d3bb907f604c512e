"""`NudgeService`: reminders as database rows, handed to the outbox once, in working hours.

The `reminders` table owns *when* and *to whom*: one row per person per planned moment. The
outbox (`dialogs/outbox.py`) owns delivery and its promises: pacing for Teams, 429/`Retry-After`,
the channel fallback, crash recovery and exactly-once. A sweep hands each due reminder to it in
the same transaction that marks the reminder `queued`; the outbox's `nudge.delivered` hook
writes the outcome back, in the transaction that records the message's.

Life of a reminder (`reminders.state`):

    pending ──sweep, in working hours: queued with its outbox message, one transaction──▶ queued
    queued ──hook: delivered, 1:1 or by an @mention in the channel (`delivered_via`)──▶ sent
    queued ──hook: refused for good (not reachable, 4xx, too many attempts)──▶ abandoned
    queued ──hook: the process died during the attempt──▶ uncertain (never re-sent)
    queued ──cancel / replaced before a worker claimed its message: withdrawn──▶ pending
    pending ──cancel / replaced──▶ cancelled

`failed` rows, written before the outbox existed, are swept like `pending`. The claim columns
(`claimed_by`, `claimed_at`, `send_started_at`, `attempts`) are no longer written: the outbox
row of the reminder (coalesce key `reminder:<id>`) has them.

Never twice: at most one non-cancelled reminder per (subject, recipient, moment), a unique
index; a reminder is queued by one conditional UPDATE (its candidates selected `FOR UPDATE SKIP
LOCKED` on PostgreSQL, so sweepers of several instances skip each other's rows; SQLite serialises
writers), and gets exactly one outbox message (coalesce key `reminder:<id>`), which the outbox
sends at most once: a process that dies during an attempt leaves it `uncertain`, not re-sent.
Never lost: the message is committed with the reminder's `queued`; throttling only delays it,
and a crash before the attempt re-queues it after the outbox's lease. Cancelling withdraws a
queued reminder's message only while no worker has claimed it; a claimed one is being sent and
is left to finish.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.errors import NotFound
from dialogs.i18n import Lang, lang_of, t, when
from dialogs.nudges.cards import NudgeView, nudge_card, view_of
from dialogs.nudges.rules import DEFAULT_PLANS, Plans, due_moments
from dialogs.outbox import ChannelAddress, Delivery, Outbox
from dialogs.turn import Actor, Reply
from dialogs.workdays import in_working_hours, next_working_moment
from storage.clock import system_clock
from storage.db import Sessions, is_postgres
from storage.events import record
from storage.models import ConversationRef, Membership, Network, OutboxMessage, Reminder

log = logging.getLogger(__name__)

WAITING = ("pending", "failed")
"""Not yet handed to the outbox."""
HOOK = "nudge.delivered"


def message_key(reminder_id: int) -> str:
    """The coalesce key of a reminder's outbox message."""
    return f"reminder:{reminder_id}"


@dataclass
class SweepResult:
    """What one sweep did, and what became of nudges in this process since the previous sweep.

    The outcomes are counted by the `nudge.delivered` hook, whichever delivery recorded them
    (this sweep's, the outbox's background delivery after a commit, or its own job), so the
    results of consecutive sweeps add up.
    """

    queued: int = 0
    """Due reminders this sweep claimed and handed to the outbox."""
    requeued: int = 0
    """Stale outbox claims this sweep's delivery put back (a crash before the attempt)."""
    sent: int = 0
    """Nudges delivered, personally or in the channel."""
    via_channel: int = 0
    """Of those, @mentions in the network's channel (no personal chat)."""
    retrying: int = 0
    """Queued nudges not delivered when the sweep ended: refused for now (429, 5xx) or held
    until working hours; the outbox tries them again. A snapshot, not a count of this sweep."""
    abandoned: int = 0
    """Nudges the outbox gave up on (not reachable at all, refused for good)."""
    uncertain: int = 0
    """Nudges whose attempt was cut off by a crash: perhaps sent, never re-sent."""

    def add(self, other: SweepResult) -> None:
        """Accumulate a later sweep's counts (`retrying` is its snapshot)."""
        for name in self.__dataclass_fields__:
            if name != "retrying":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.retrying = other.retrying


@dataclass(frozen=True)
class _Recipient:
    lang: Lang
    tenant_id: str | None


@dataclass
class _Addresses:
    """What a batch of reminders needs to be addressed: people's personal chats (language,
    tenant), the networks, and the recipients' memberships (for the channel @mention)."""

    people: dict[str, _Recipient] = field(default_factory=dict)
    networks: dict[int, Network] = field(default_factory=dict)
    members: dict[tuple[int, str], Membership] = field(default_factory=dict)


class NudgeService:
    """Schedules reminders inside the callers' transactions; sweeps due ones into the outbox."""

    def __init__(
        self,
        sessions: Sessions,
        outbox: Outbox,
        *,
        plans: Plans | None = None,
        now: Callable[[], datetime] = system_clock,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._plans = dict(DEFAULT_PLANS if plans is None else plans)
        self._now = now
        self._outcomes: Counter[str] = Counter()
        outbox.on(HOOK, self._delivered)

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
        was already sent (or is being sent) to a person is never created again. A queued row
        whose message no worker has claimed yet is taken back from the outbox first, so it is
        dropped, or sent again with the new texts; one already claimed is left to finish.
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
        recalled = await self._recall(session, subject, [r.id for r in rows if r.state == "queued"])
        keep: list[int] = []
        drop: list[int] = []
        for row in rows:
            if row.state not in WAITING and row.id not in recalled:
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
                .where(Reminder.id.in_(keep), Reminder.state.in_(WAITING))
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
        """Cancel pending reminders of `subject` (for one recipient, or all), and queued ones whose
        message no worker has claimed yet (it is withdrawn). Returns how many."""
        query = select(Reminder.id, Reminder.network_id, Reminder.state).where(
            Reminder.subject == subject, Reminder.state.in_((*WAITING, "queued"))
        )
        if recipient is not None:
            query = query.where(Reminder.recipient_aad_id == recipient)
        rows = (await session.execute(query)).all()
        recalled = await self._recall(session, subject, [r.id for r in rows if r.state == "queued"])
        count = await self._cancel_ids(
            session, [r.id for r in rows if r.state in WAITING or r.id in recalled]
        )
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

    async def _recall(self, session: AsyncSession, subject: str, ids: Sequence[int]) -> set[int]:
        """Take queued reminders back from the outbox: where no worker has claimed a reminder's
        message yet, the message is withdrawn and the reminder is `pending` again, for the
        caller to cancel or re-plan. Returns those ids; the others are being sent."""
        recalled = {
            reminder_id
            for reminder_id in ids
            if await self._outbox.withdraw(session, subject=subject, key=message_key(reminder_id))
        }
        if recalled:
            await session.execute(
                update(Reminder)
                .where(Reminder.id.in_(recalled), Reminder.state == "queued")
                .values(state="pending")
                .execution_options(synchronize_session=False)
            )
        return recalled

    @staticmethod
    async def _cancel_ids(session: AsyncSession, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        # Conditional: a row a sweeper queued meanwhile is left alone (it is being sent).
        result = await session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.state.in_(WAITING))
            .values(state="cancelled")
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    @staticmethod
    async def _pending_count(session: AsyncSession, subject: str) -> int:
        count = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.subject == subject, Reminder.state.in_(WAITING))
        )
        return int(count or 0)

    # -- what people see ----------------------------------------------------------------------

    async def upcoming(self, aad_id: str, *, limit: int = 20) -> list[NudgeView]:
        """The person's reminders still to come, soonest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Reminder)
                .where(Reminder.recipient_aad_id == aad_id, Reminder.state.in_(WAITING))
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
                    Reminder.state.in_(WAITING),
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
        """In working hours, hand every due reminder to the outbox (in transactions of `limit`);
        then run the outbox's delivery, with its crash recovery, and wait for it. Called by the
        scheduler job."""
        result = SweepResult()
        while in_working_hours(self._now()):
            queued = await self._queue_due(limit)
            result.queued += queued
            if queued < limit:
                break
        delivered = await self._outbox.deliver_due()
        await self._outbox.idle()
        result.requeued = delivered.requeued
        outcomes, self._outcomes = self._outcomes, Counter()
        result.sent = outcomes["sent"] + outcomes["via_channel"]
        result.via_channel = outcomes["via_channel"]
        result.abandoned = outcomes["abandoned"]
        result.uncertain = outcomes["uncertain"]
        async with self._sessions() as session:
            result.retrying = int(
                await session.scalar(
                    select(func.count()).select_from(Reminder).where(Reminder.state == "queued")
                )
                or 0
            )
        return result

    async def _queue_due(self, limit: int) -> int:
        """Claim up to `limit` due reminders and enqueue their messages, in one transaction."""
        now = self._now()
        async with self._sessions.begin() as session:
            due = (
                select(Reminder.id)
                .where(Reminder.state.in_(WAITING), Reminder.next_attempt_at <= now)
                .order_by(Reminder.next_attempt_at, Reminder.id)
                .limit(limit)
            )
            if is_postgres(session.bind):  # type: ignore[arg-type]
                due = due.with_for_update(skip_locked=True)
            claimed = await session.scalars(
                update(Reminder)
                .where(Reminder.id.in_(due.scalar_subquery()), Reminder.state.in_(WAITING))
                .values(state="queued")
                .returning(Reminder.id)
                .execution_options(synchronize_session=False)
            )
            ids = sorted(claimed)
            if not ids:
                return 0
            reminders = list(
                await session.scalars(
                    select(Reminder)
                    .where(Reminder.id.in_(ids))
                    .order_by(Reminder.id)
                    .execution_options(populate_existing=True)
                )
            )
            addresses = await self._addresses(session, reminders)
            for reminder in reminders:
                self._enqueue(session, reminder, addresses, now)
        return len(ids)

    @staticmethod
    async def _addresses(session: AsyncSession, reminders: Sequence[Reminder]) -> _Addresses:
        people = {r.recipient_aad_id for r in reminders}
        network_ids = {r.network_id for r in reminders if r.network_id is not None}
        addresses = _Addresses()
        refs = await session.scalars(
            select(ConversationRef).where(
                ConversationRef.aad_id.in_(people),
                ConversationRef.scope == "personal",
                ConversationRef.active.is_(True),
            )
        )
        for ref in refs:
            if ref.aad_id:
                addresses.people[ref.aad_id] = _Recipient(lang_of(ref.locale), ref.tenant_id)
        if network_ids:
            networks = await session.scalars(select(Network).where(Network.id.in_(network_ids)))
            addresses.networks = {n.id: n for n in networks}
            members = await session.scalars(
                select(Membership).where(
                    Membership.network_id.in_(network_ids), Membership.aad_id.in_(people)
                )
            )
            addresses.members = {(m.network_id, m.aad_id): m for m in members}
        return addresses

    def _enqueue(
        self, session: AsyncSession, reminder: Reminder, addresses: _Addresses, now: datetime
    ) -> None:
        """The reminder's one outbox message: 1:1, or else an @mention in the network's channel
        when the person is one of its members."""
        aad_id = reminder.recipient_aad_id
        person = addresses.people.get(aad_id)
        network = addresses.networks.get(reminder.network_id or 0)
        lang: Lang = person.lang if person else "nb"
        view = view_of(reminder)
        fallback: tuple[ChannelAddress, Reply] | None = None
        member = addresses.members.get((network.id, aad_id)) if network else None
        if network is not None and member is not None:
            channel = ChannelAddress(
                network.service_url, network.tenant_id, network.team_id, network.channel_id
            )
            fallback = (
                channel,
                Reply(
                    text=t("nudge.mention", lang, name=f"<at>{member.name}</at>"),
                    card=nudge_card(view, lang, now=now),
                    mentions=((member.teams_id, member.name),),
                ),
            )
        tenant = (person.tenant_id if person else None) or (network.tenant_id if network else None)
        self._outbox.personal(
            session,
            aad_id,
            Reply(card=nudge_card(view, lang, now=now)),
            subject=reminder.subject,
            network_id=reminder.network_id,
            tenant_id=tenant,
            fallback=fallback,
            working_hours=True,
            then={"hook": HOOK, "reminder_id": reminder.id},
            key=message_key(reminder.id),
        )

    async def _delivered(self, session: AsyncSession, delivery: Delivery) -> None:
        """The outbox's hook: record what became of a reminder's message, in its transaction."""
        reminder_id = int((delivery.message.then or {})["reminder_id"])
        now = self._now()
        data: dict[str, Any]
        if delivery.state == "sent":
            activity_id = delivery.posted.activity_id if delivery.posted else ""
            via = delivery.via or "personal"
            values: dict[str, Any] = {
                "state": "sent",
                "sent_at": now,
                "activity_id": activity_id[:200],
                "delivered_via": via,
                "last_error": None,
            }
            event, outcome = "NudgeSent", "via_channel" if via == "channel" else "sent"
            data = {"via": via, "activity_id": activity_id}
            before: tuple[str, ...] = ("queued", "uncertain")
        else:
            error = await session.scalar(
                select(OutboxMessage.last_error).where(OutboxMessage.id == delivery.message.id)
            )
            data = {"error": error, "message_id": delivery.message.id}
            if delivery.state == "failed":
                values = {"state": "abandoned", "last_error": error}
                event, outcome, before = "NudgeAbandoned", "abandoned", ("queued", "uncertain")
            else:
                values = {"state": "uncertain", "last_error": error}
                event, outcome, before = "NudgeUncertain", "uncertain", ("queued",)
        changed = (
            await session.execute(
                update(Reminder)
                .where(Reminder.id == reminder_id, Reminder.state.in_(before))
                .values(**values)
                .returning(
                    Reminder.subject,
                    Reminder.kind,
                    Reminder.network_id,
                    Reminder.recipient_aad_id,
                )
                .execution_options(synchronize_session=False)
            )
        ).first()
        if changed is None:
            log.info("nudge %s: %s not recorded over its current state", reminder_id, outcome)
            return
        record(
            session,
            event,
            actor="system",
            network_id=changed.network_id,
            subject=changed.subject,
            reminder_id=reminder_id,
            recipient=changed.recipient_aad_id,
            kind=changed.kind,
            **data,
        )
        if outcome != "sent" and outcome != "via_channel":
            log.warning("nudge %s %s: %s", reminder_id, outcome, data.get("error"))
        self._outcomes[outcome] += 1
