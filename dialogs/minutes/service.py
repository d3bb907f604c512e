"""Recording a meeting's minutes, and the follow-up items they assign.

Recording is one transaction: the meeting is claimed (`UPDATE … WHERE state IN ('booked',
'planned')`, so of two secretaries submitting at once exactly one records), each agenda case gets
its minutes entry and, where the network reached consensus in the meeting, a decision in the log;
follow-up items are stored with their reminders; each case's thread gets its part and the channel
a summary, through the outbox in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import CaseState, case_label
from dialogs.decisions.rules import DecidedBy, anchoring_hfs_for, decision_label
from dialogs.decisions.service import record_decision, schedule_anchoring
from dialogs.errors import DomainError, InvalidInput, NotFound
from dialogs.i18n import OSLO, Lang
from dialogs.lookups import network_of
from dialogs.members.rules import can_vote
from dialogs.members.service import MemberService
from dialogs.minutes import rules
from dialogs.minutes.cards import case_note, summary_card
from dialogs.minutes.documents import FollowUpLine, MinutesDocument, MinutesItem
from dialogs.minutes.rules import (
    AgendaCase,
    Attendee,
    ItemOrder,
    MeetingSlot,
    MinutesDraft,
    MinutesForm,
    OpenItem,
)
from dialogs.outbox import ChannelAddress, Outbox, Posted
from dialogs.polls.rules import Outcome
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import Case, Decision, FollowUp, Meeting, Membership, MinutesEntry, Network
from storage.transactions import retrying


class NoMeetingToRecord(DomainError):
    """The network has no meeting that has started and still lacks minutes."""

    key = "minutes.no_meeting"


class AlreadyRecorded(DomainError):
    """The meeting's minutes are recorded already; corrections are not taken here."""

    key = "minutes.already_recorded"


class NotRecordable(DomainError):
    """The meeting was cancelled, removed, or has not started."""

    key = "minutes.not_recordable"


class AlreadyDone(DomainError):
    """The follow-up item is done already."""

    key = "followup.already_done"


@dataclass(frozen=True)
class Recorded:
    """What recording the minutes did."""

    network: Network
    document: MinutesDocument
    lang: Lang
    decisions: int
    followups: int


def _lang(value: str | None) -> Lang:
    return "en" if value == "en" else "nb"


class MinutesService:
    """Minutes of meetings, and their follow-up items."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        outbox: Outbox,
        reminders: Reminders,
        *,
        now: Callable[[], datetime] = system_clock,
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._outbox = outbox
        self._reminders = reminders
        self._now = now

    async def form(self, actor: Actor, network: Network, meeting_id: int | None) -> MinutesForm:
        """The minutes form for `meeting_id`, or for the network's most recent meeting that has
        started and has no minutes yet. Whoever may not record minutes is refused first.

        Raises:
            NotAllowed, NoMeetingToRecord, NotFound, AlreadyRecorded, NotRecordable.
        """
        await self._members.check_may_manage(actor, network.id)
        now = self._now()
        async with self._sessions() as session:
            if meeting_id is None:
                slots = [
                    MeetingSlot(m.id, m.state, m.start_at)
                    for m in await session.scalars(
                        select(Meeting).where(
                            Meeting.network_id == network.id,
                            Meeting.state.in_(rules.RECORDABLE),
                            Meeting.start_at <= now,
                        )
                    )
                ]
                meeting_id = rules.meeting_to_record(slots, now)
                if meeting_id is None:
                    raise NoMeetingToRecord()
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.network_id != network.id:
                raise NotFound(name=str(meeting_id))
            _check_recordable(meeting, now)
            memberships = await _active_members(session, network.id)
            cases = await _agenda(session, meeting)
        return MinutesForm(
            meeting_id=meeting.id,
            title=meeting.title,
            start_at=meeting.start_at,
            attendees=tuple(_attendees(meeting, memberships)),
            cases=tuple(
                AgendaCase(c.id, case_label(c.number, c.year), c.title, c.proposal) for c in cases
            ),
            owners=tuple((m.id, m.name) for m in memberships),
        )

    async def record(
        self,
        actor: Actor,
        meeting_id: int,
        fields: Mapping[str, object],
        *,
        present: str | None,
    ) -> Recorded:
        """Record the minutes from the form's inputs, once per meeting.

        Raises:
            NotFound, NotAllowed, AlreadyRecorded, NotRecordable, InvalidInput.
        """
        async with self._sessions() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFound(name=str(meeting_id))
        await self._members.check_may_manage(actor, meeting.network_id)
        now = self._now()
        _check_recordable(meeting, now)
        async with self._sessions() as session:
            memberships = await _active_members(session, meeting.network_id)
        draft = rules.parse_minutes(
            fields,
            present=present,
            attendees=[a.aad_id for a in _attendees(meeting, memberships)],
            agenda=meeting.agenda,
            members=[m.id for m in memberships],
            today=now.astimezone(OSLO).date(),
        )
        return await retrying(
            lambda: self._record(actor, meeting_id, draft), what=f"minutes of meeting {meeting_id}"
        )

    async def _record(self, actor: Actor, meeting_id: int, draft: MinutesDraft) -> Recorded:
        now = self._now()
        async with self._sessions.begin() as session:
            claimed = await session.execute(
                update(Meeting)
                .where(Meeting.id == meeting_id, Meeting.state.in_(rules.RECORDABLE))
                .values(state="held", held_at=now, present=list(draft.present))
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise AlreadyRecorded()
            meeting = await session.get(Meeting, meeting_id, populate_existing=True)
            assert meeting is not None
            network = await session.get(Network, meeting.network_id)
            assert network is not None
            memberships = await _active_members(session, network.id)
            names = {a.aad_id: a.name for a in _attendees(meeting, memberships)}
            present = [names[aad_id] for aad_id in draft.present]
            voting = [
                m
                for m in memberships
                if can_vote(m.role, user_representatives_vote=network.user_representatives_vote)
            ]
            cases = {c.id: c for c in await _agenda(session, meeting)}
            decisions = 0
            for minutes in draft.cases:
                case = cases.get(minutes.case_id)
                if case is None:
                    continue
                decision_id = None
                if minutes.decision:
                    if case.state == CaseState.POLLING.value:
                        raise InvalidInput(
                            "minutes.invalid.polling", label=case_label(case.number, case.year)
                        )
                    hfs = anchoring_hfs_for(case.needs_anchoring, (m.hf for m in voting))
                    decision = await record_decision(
                        session,
                        network=network,
                        case=case,
                        text=minutes.decision,
                        outcome=Outcome.CONSENSUS.value,
                        decided_by=DecidedBy.NETWORK,
                        actor=actor.aad_id,
                        stance_summary={"present": present, "meeting": meeting.id},
                        anchoring_hfs=hfs,
                        meeting_id=meeting.id,
                        now=now,
                    )
                    case.state = CaseState.DECIDED.value
                    decision_id = decision.id
                    decisions += 1
                    if hfs:
                        await schedule_anchoring(
                            session,
                            self._reminders,
                            decision=decision,
                            network=network,
                            case=case,
                            representatives=[m.aad_id for m in voting if m.hf in hfs],
                            now=now,
                        )
                session.add(
                    MinutesEntry(
                        meeting_id=meeting.id,
                        case_id=case.id,
                        discussed=minutes.discussed,
                        decision_id=decision_id,
                        recorded_by=actor.aad_id,
                    )
                )
            owners = {m.id: m for m in memberships}
            for draft_item in draft.followups:
                owner = owners[draft_item.owner]
                item = FollowUp(
                    network_id=network.id,
                    meeting_id=meeting.id,
                    case_id=draft_item.case_id,
                    text=draft_item.text,
                    owner_aad_id=owner.aad_id,
                    owner_name=owner.name,
                    due_on=draft_item.due_on,
                    created_by=actor.aad_id,
                )
                session.add(item)
                await session.flush()
                record(
                    session,
                    "FollowUpAssigned",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"followup:{item.id}",
                    meeting_id=meeting.id,
                    case_id=item.case_id,
                    owner=owner.aad_id,
                    due_on=item.due_on.isoformat(),
                )
                case = cases.get(draft_item.case_id) if draft_item.case_id else None
                await self._reminders.schedule(
                    session,
                    subject=f"followup:{item.id}",
                    kind="followup",
                    network_id=network.id,
                    deadline=rules.due_moment(item.due_on),
                    recipients=[owner.aad_id],
                    action={"action": "followup.done", "followup_id": item.id},
                    params={
                        "network": network.name,
                        "title": (
                            f"{case_label(case.number, case.year)}: {item.text}"
                            if case
                            else item.text
                        )[:300],
                    },
                )
            await session.flush()
            record(
                session,
                "MinutesRecorded",
                actor=actor.aad_id,
                network_id=network.id,
                subject=f"meeting:{meeting.id}",
                cases=[c.case_id for c in draft.cases],
                present=list(draft.present),
                decisions=decisions,
                followups=len(draft.followups),
            )
            document = await _document(session, meeting, network)
            self._post(session, document, meeting, network, cases)
        return Recorded(network, document, _lang(meeting.lang), decisions, len(draft.followups))

    def _post(
        self,
        session: AsyncSession,
        document: MinutesDocument,
        meeting: Meeting,
        network: Network,
        cases: Mapping[int, Case],
    ) -> None:
        """Inside the recording transaction: each case's part into its thread, and the summary
        into the channel."""
        by_label = {case_label(c.number, c.year): c for c in cases.values()}
        for item in document.items:
            case = by_label.get(item.label)
            if case is None:
                continue
            followups = [f for f in document.followups if f.case == item.label]
            self._outbox.reply(
                session,
                Posted(case.service_url, case.thread_id, ""),
                Reply(text=case_note(document, item, followups, _lang(case.lang))),
                subject=f"meeting:{meeting.id}:minutes:{case.id}",
                network_id=network.id,
                tenant_id=network.tenant_id,
            )
        self._outbox.post(
            session,
            ChannelAddress(
                network.service_url, network.tenant_id, network.team_id, network.channel_id
            ),
            Reply(card=summary_card(document, _lang(meeting.lang))),
            subject=f"meeting:{meeting.id}:minutes",
            network_id=network.id,
        )

    async def document(self, meeting_id: int) -> tuple[MinutesDocument, Lang]:
        """A held meeting's minutes and the meeting's language.

        Raises:
            NotFound: no such meeting, or no minutes recorded for it.
        """
        async with self._sessions() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.state != "held":
                raise NotFound(name=str(meeting_id))
            network = await session.get(Network, meeting.network_id)
            assert network is not None
            return await _document(session, meeting, network), _lang(meeting.lang)

    async def open_items(self, actor: Actor, *, network_id: int | None) -> list[OpenItem]:
        """Open follow-up items, overdue first: the network's (with `network_id`), else the
        actor's own across networks. Each says whether the actor may mark it done."""
        now = self._now()
        async with self._sessions() as session:
            query = select(FollowUp).where(FollowUp.state == "open")
            if network_id is None:
                query = query.where(FollowUp.owner_aad_id == actor.aad_id)
            else:
                query = query.where(FollowUp.network_id == network_id)
            items = (await session.scalars(query)).all()
            networks = {
                n.id: n
                for n in await session.scalars(
                    select(Network).where(Network.id.in_({i.network_id for i in items}))
                )
            }
            cases = {
                c.id: c
                for c in await session.scalars(
                    select(Case).where(Case.id.in_({i.case_id for i in items if i.case_id}))
                )
            }
        managed = {
            n: await self._members.is_manager(actor, n) for n in {i.network_id for i in items}
        }
        by_id = {i.id: i for i in items}
        result = []
        for item_id in rules.ordered((ItemOrder(i.id, i.due_on) for i in items), now):
            item = by_id[item_id]
            case = cases.get(item.case_id) if item.case_id else None
            result.append(
                OpenItem(
                    id=item.id,
                    network=networks[item.network_id].name,
                    case=case_label(case.number, case.year) if case else "",
                    text=item.text,
                    owner_name=item.owner_name,
                    due_on=item.due_on,
                    overdue=rules.is_overdue(item.due_on, now),
                    may_close=item.owner_aad_id == actor.aad_id or managed[item.network_id],
                )
            )
        return result

    async def mark_done(self, actor: Actor, followup_id: int) -> FollowUp:
        """The owner (or the network's secretary or leader) marks an item done; its reminders
        are cancelled.

        Raises:
            NotFound, NotAllowed, AlreadyDone.
        """
        async with self._sessions() as session:
            item = await session.get(FollowUp, followup_id)
        if item is None:
            raise NotFound(name=str(followup_id))
        if item.owner_aad_id != actor.aad_id:
            await self._members.check_may_manage(actor, item.network_id)
        now = self._now()

        async def attempt() -> FollowUp:
            async with self._sessions.begin() as session:
                done = await session.execute(
                    update(FollowUp)
                    .where(FollowUp.id == followup_id, FollowUp.state == "open")
                    .values(state="done", done_at=now, done_by=actor.aad_id)
                )
                if done.rowcount != 1:  # type: ignore[attr-defined]
                    raise AlreadyDone()
                await self._reminders.cancel(session, subject=f"followup:{followup_id}")
                record(
                    session,
                    "FollowUpDone",
                    actor=actor.aad_id,
                    network_id=item.network_id,
                    subject=f"followup:{followup_id}",
                )
                closed = await session.get(FollowUp, followup_id, populate_existing=True)
                assert closed is not None
                return closed

        return await retrying(attempt, what=f"follow-up {followup_id} done")

    async def network_of(self, followup_id: int) -> int:
        """The network a follow-up item belongs to.

        Raises:
            NotFound.
        """
        return await network_of(self._sessions, FollowUp, followup_id)


def _check_recordable(meeting: Meeting, now: datetime) -> None:
    if meeting.state == "held":
        raise AlreadyRecorded()
    if meeting.state not in rules.RECORDABLE or meeting.start_at is None or meeting.start_at > now:
        raise NotRecordable()


async def _active_members(session: AsyncSession, network_id: int) -> Sequence[Membership]:
    return (
        await session.scalars(
            select(Membership)
            .where(Membership.network_id == network_id, Membership.active.is_(True))
            .order_by(Membership.name)
        )
    ).all()


def _attendees(meeting: Meeting, memberships: Sequence[Membership]) -> list[Attendee]:
    """The meeting's invited attendees; for a meeting without a list, the network's members
    (those who vote required)."""
    invited = rules.attendees_of(meeting.attendees or [])
    if invited:
        return invited
    return [
        Attendee(m.aad_id, m.name, can_vote(m.role, user_representatives_vote=False))
        for m in memberships
    ]


async def _agenda(session: AsyncSession, meeting: Meeting) -> list[Case]:
    """The meeting's agenda cases of its own network, in agenda order."""
    found = {
        c.id: c
        for c in await session.scalars(
            select(Case).where(
                Case.id.in_(list(meeting.agenda or [])), Case.network_id == meeting.network_id
            )
        )
    }
    return [found[i] for i in meeting.agenda or [] if i in found]


async def _document(session: AsyncSession, meeting: Meeting, network: Network) -> MinutesDocument:
    cases = {c.id: c for c in await _agenda(session, meeting)}
    entries = (
        await session.scalars(select(MinutesEntry).where(MinutesEntry.meeting_id == meeting.id))
    ).all()
    by_case = {e.case_id: e for e in entries}
    decisions = {
        d.id: d
        for d in await session.scalars(
            select(Decision).where(
                Decision.id.in_([e.decision_id for e in entries if e.decision_id])
            )
        )
    }
    items = []
    for case_id, case in cases.items():
        entry = by_case.get(case_id)
        decision = decisions.get(entry.decision_id) if entry and entry.decision_id else None
        items.append(
            MinutesItem(
                label=case_label(case.number, case.year),
                title=case.title,
                discussed=entry.discussed if entry else "",
                decision=decision.text if decision else None,
                decision_label=decision_label(decision.number, decision.year) if decision else None,
            )
        )
    followups = (
        await session.scalars(
            select(FollowUp)
            .where(FollowUp.meeting_id == meeting.id)
            .order_by(FollowUp.due_on, FollowUp.id)
        )
    ).all()
    names = {a.aad_id: a.name for a in rules.attendees_of(meeting.attendees or [])}
    if not names:
        names = {m.aad_id: m.name for m in await _active_members(session, network.id)}
    return MinutesDocument(
        meeting_id=meeting.id,
        network=network.name,
        title=meeting.title,
        start_at=meeting.start_at,
        present=tuple(names.get(aad_id, aad_id) for aad_id in meeting.present or []),
        items=tuple(items),
        followups=tuple(
            FollowUpLine(
                case=_label_of(cases.get(f.case_id) if f.case_id else None),
                owner=f.owner_name,
                due_on=f.due_on,
                text=f.text,
            )
            for f in followups
        ),
    )


def _label_of(case: Case | None) -> str:
    return case_label(case.number, case.year) if case else ""
