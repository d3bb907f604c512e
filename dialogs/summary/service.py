"""The RHF adviser's view across networks, the weekly digest, and related cases.

The summary is computed with a fixed number of grouped queries, whatever the number of networks
(no per-network loop). The digest job asks the database "already sent?": a `digests_sent` row per
person and ISO week is the claim, inserted in the transaction that queues the message, so
instances whose jobs race send each digest once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.errors import DomainError, NotAllowed, NotFound
from dialogs.escalation.rules import PENDING, is_overdue
from dialogs.i18n import OSLO, Lang
from dialogs.outbox import Outbox, Posted
from dialogs.quality.rules import FINAL_STATES as MILESTONE_FINAL_STATES
from dialogs.summary import rules
from dialogs.summary.cards import digest_card, related_note
from dialogs.summary.rules import Filters, NetworkRow
from dialogs.summary.similarity import Document, Related, related_pairs
from dialogs.turn import Actor, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import (
    AnchoringConfirmation,
    Assignment,
    Case,
    ConversationRef,
    Decision,
    DigestOptOut,
    DigestSent,
    Escalation,
    FollowUp,
    Meeting,
    Membership,
    Network,
    Poll,
    PollVoter,
    QualityMilestone,
    RelatedPairTold,
    Stance,
)

UPCOMING_MEETING_STATES = ("booked", "planned")


class AlreadyTold(DomainError):
    """The adviser has told these two secretaries of each other before."""

    key = "summary.related.already_told"


@dataclass(frozen=True)
class RelatedCase:
    """One side of a related pair, as the adviser reads it."""

    case_id: int
    label: str
    title: str
    network: str


@dataclass(frozen=True)
class RelatedView:
    """A flagged pair, and whether the secretaries were told."""

    first: RelatedCase
    second: RelatedCase
    score: float
    told: bool


@dataclass(frozen=True)
class Summary:
    """What the summary card shows."""

    rows: list[NetworkRow]
    total: int
    everything: bool
    """True for advisers and directors (every network); False: the reader's own networks."""
    filters: Filters
    related: list[RelatedView]
    digest: bool
    now: datetime


class SummaryService:
    """The cross-network summary, its weekly digest and related cases."""

    def __init__(
        self,
        sessions: Sessions,
        outbox: Outbox,
        *,
        admins: Collection[str] = (),
        now: Callable[[], datetime] = system_clock,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._admins = frozenset(admins)
        self._now = now

    async def now(self) -> datetime:
        """The service clock's current moment."""
        return self._now()

    async def sees_everything(self, session: AsyncSession, aad_id: str) -> bool:
        """Advisers, directors and administrators see every network."""
        if aad_id in self._admins:
            return True
        found = await session.scalar(
            select(Membership.id)
            .where(
                Membership.aad_id == aad_id,
                Membership.active.is_(True),
                Membership.role.in_(rules.VIEWERS),
            )
            .limit(1)
        )
        return found is not None

    async def summary(self, actor: Actor, filters: Filters) -> Summary:
        """The rows the actor may see, filtered and sorted by attention; related pairs for
        advisers and directors."""
        now = self._now()
        async with self._sessions() as session:
            everything = await self.sees_everything(session, actor.aad_id)
            rows = await self._rows(session, None if everything else actor.aad_id, filters, now)
            related = await self._related(session, now) if everything else []
            opted_out = await session.scalar(
                select(DigestOptOut.id).where(DigestOptOut.aad_id == actor.aad_id)
            )
        shown = rules.by_attention([r for r in rows if rules.matches(r, filters)], now)
        return Summary(shown, len(shown), everything, filters, related, opted_out is None, now)

    async def details(self, actor: Actor, network_id: int) -> NetworkRow:
        """One network's row, for whoever may see it.

        Raises:
            NotFound: no such network, or not one the actor sees.
        """
        now = self._now()
        async with self._sessions() as session:
            everything = await self.sees_everything(session, actor.aad_id)
            rows = await self._rows(
                session, None if everything else actor.aad_id, Filters(), now, only=network_id
            )
        if not rows:
            raise NotAllowed()
        return rows[0]

    async def csv(self, aad_id: str) -> str:
        """The summary as CSV for the person a signed link was made for."""
        now = self._now()
        async with self._sessions() as session:
            everything = await self.sees_everything(session, aad_id)
            rows = await self._rows(session, None if everything else aad_id, Filters(), now)
        return rules.to_csv(rules.by_attention(rows, now), now)

    async def _rows(
        self,
        session: AsyncSession,
        member: str | None,
        filters: Filters,
        now: datetime,
        *,
        only: int | None = None,
    ) -> list[NetworkRow]:
        """Every visible network's row, from one grouped query per figure."""
        networks_q = select(Network)
        if member is not None:
            networks_q = networks_q.where(
                Network.id.in_(
                    select(Membership.network_id).where(
                        Membership.aad_id == member, Membership.active.is_(True)
                    )
                )
            )
        if only is not None:
            networks_q = networks_q.where(Network.id == only)
        networks = list(await session.scalars(networks_q))
        if not networks:
            return []
        since = now - timedelta(days=filters.period)
        today = now.astimezone(OSLO).date()

        async def counted(query: object) -> dict[int, int]:
            return {n: int(c) for n, c in (await session.execute(query)).all()}  # type: ignore[call-overload]

        hfs: dict[int, set[str]] = defaultdict(set)
        for network_id, hf in await session.execute(
            select(Membership.network_id, Membership.hf)
            .where(Membership.active.is_(True), Membership.hf.is_not(None))
            .distinct()
        ):
            if hf is not None:
                hfs[network_id].add(hf)
        open_cases = await counted(
            select(Case.network_id, func.count())
            .where(Case.state.in_(rules.OPEN_CASE_STATES))
            .group_by(Case.network_id)
        )
        polls = await counted(
            select(Poll.network_id, func.count())
            .where(Poll.state == "open")
            .group_by(Poll.network_id)
        )
        possible = await counted(
            select(Poll.network_id, func.count())
            .join(PollVoter, PollVoter.poll_id == Poll.id)
            .where(Poll.state == "open")
            .group_by(Poll.network_id)
        )
        cast = await counted(
            select(Poll.network_id, func.count())
            .join(Stance, Stance.poll_id == Poll.id)
            .where(Poll.state == "open")
            .group_by(Poll.network_id)
        )
        escalations: dict[int, tuple[int, datetime | None, int]] = {}
        for network_id, state, deadline, requested in await session.execute(
            select(
                Escalation.network_id,
                Escalation.state,
                Escalation.deadline,
                Escalation.requested_at,
            ).where(Escalation.state.in_(PENDING))
        ):
            count, oldest, overdue = escalations.get(network_id, (0, None, 0))
            escalations[network_id] = (
                count + 1,
                requested if oldest is None or requested < oldest else oldest,
                overdue + int(is_overdue(state, deadline, now)),
            )
        decisions = await counted(
            select(Decision.network_id, func.count())
            .where(Decision.decided_at >= since)
            .group_by(Decision.network_id)
        )
        confirmed: dict[int, set[str]] = defaultdict(set)
        for decision_id, hf in await session.execute(
            select(AnchoringConfirmation.decision_id, AnchoringConfirmation.hf)
        ):
            confirmed[decision_id].add(hf)
        anchoring: dict[int, int] = defaultdict(int)
        for decision_id, network_id, required in await session.execute(
            select(Decision.id, Decision.network_id, Decision.anchoring_hfs).where(
                Decision.decided_at >= now - timedelta(days=365)
            )
        ):
            if required and not set(required) <= confirmed[decision_id]:
                anchoring[network_id] += 1
        meetings = {
            n: m
            for n, m in (
                await session.execute(
                    select(Meeting.network_id, func.min(Meeting.start_at))
                    .where(Meeting.state.in_(UPCOMING_MEETING_STATES), Meeting.start_at >= now)
                    .group_by(Meeting.network_id)
                )
            ).all()
        }
        followups = await counted(
            select(FollowUp.network_id, func.count())
            .where(FollowUp.state == "open", FollowUp.due_on < today)
            .group_by(FollowUp.network_id)
        )
        assignments_overdue = await counted(
            select(Assignment.network_id, func.count())
            .where(Assignment.state == "open", Assignment.deadline < now)
            .group_by(Assignment.network_id)
        )
        assignments_open = await counted(
            select(Assignment.network_id, func.count())
            .where(Assignment.state == "open")
            .group_by(Assignment.network_id)
        )
        milestones_overdue = await counted(
            select(QualityMilestone.network_id, func.count())
            .where(
                QualityMilestone.state.not_in([s.value for s in MILESTONE_FINAL_STATES]),
                QualityMilestone.due_on < today,
            )
            .group_by(QualityMilestone.network_id)
        )
        rows = []
        for n in networks:
            count, oldest, overdue = escalations.get(n.id, (0, None, 0))
            rows.append(
                NetworkRow(
                    network_id=n.id,
                    name=n.name,
                    kind=n.kind,
                    team_id=n.team_id,
                    channel_id=n.channel_id,
                    tenant_id=n.tenant_id,
                    hfs=frozenset(hfs[n.id]),
                    open_cases=open_cases.get(n.id, 0),
                    running_polls=polls.get(n.id, 0),
                    votes_cast=cast.get(n.id, 0),
                    votes_possible=possible.get(n.id, 0),
                    pending_escalations=count,
                    oldest_escalation=oldest,
                    overdue_escalations=overdue,
                    decisions=decisions.get(n.id, 0),
                    anchoring_pending=anchoring.get(n.id, 0),
                    next_meeting=meetings.get(n.id),
                    overdue_followups=followups.get(n.id, 0),
                    overdue_assignments=assignments_overdue.get(n.id, 0),
                    open_assignments=assignments_open.get(n.id, 0),
                    annual_report=annual_report_state(n.id),
                    overdue_milestones=milestones_overdue.get(n.id, 0),
                )
            )
        return rows

    async def _related(self, session: AsyncSession, now: datetime) -> list[RelatedView]:
        """Related pairs among open cases and cases decided in the last `RECENT_DAYS`."""
        recent = now - timedelta(days=rules.RECENT_DAYS)
        decided_recently = select(Decision.case_id).where(
            Decision.decided_at >= recent, Decision.case_id.is_not(None)
        )
        cases = list(
            (
                await session.execute(
                    select(Case, Network.name)
                    .join(Network, Network.id == Case.network_id)
                    .where(Case.state.in_(rules.OPEN_CASE_STATES) | Case.id.in_(decided_recently))
                )
            ).all()
        )
        documents = [
            Document(c.id, c.network_id, f"{c.title}. {c.description}") for c, _name in cases
        ]
        pairs: list[Related] = related_pairs(documents)
        told = {
            (a, b)
            for a, b in await session.execute(
                select(RelatedPairTold.first_case_id, RelatedPairTold.second_case_id)
            )
        }
        shown = {
            c.id: RelatedCase(c.id, f"{c.number}/{c.year}", c.title, name) for c, name in cases
        }
        return [
            RelatedView(shown[p.first], shown[p.second], p.score, (p.first, p.second) in told)
            for p in pairs
        ]

    async def tell(self, actor: Actor, first: int, second: int, lang: Lang) -> RelatedView:
        """Tell both cases' secretaries (in each case's thread) of the other case, once.

        Raises:
            NotAllowed: only advisers and directors see related cases.
            NotFound: the pair is not (or no longer) flagged as related.
            AlreadyTold: they were told before.
        """
        first, second = rules.pair_key(first, second)
        now = self._now()
        async with self._sessions() as session:
            if not await self.sees_everything(session, actor.aad_id):
                raise NotAllowed()
            flagged = {
                (v.first.case_id, v.second.case_id): v for v in await self._related(session, now)
            }
        view = flagged.get((first, second))
        if view is None:
            raise NotFound(name=f"{first}/{second}")
        if view.told:
            raise AlreadyTold()
        try:
            async with self._sessions.begin() as session:
                session.add(
                    RelatedPairTold(
                        first_case_id=first, second_case_id=second, told_by=actor.aad_id
                    )
                )
                await session.flush()
                a = await session.get(Case, first)
                b = await session.get(Case, second)
                assert a is not None
                assert b is not None
                for case, other in ((a, view.second), (b, view.first)):
                    self._outbox.reply(
                        session,
                        Posted(case.service_url, case.thread_id, ""),
                        Reply(text=related_note(other, actor.name, _lang(case.lang))),
                        subject=f"case:{case.id}",
                        network_id=case.network_id,
                    )
                record(
                    session,
                    "RelatedCasesTold",
                    actor=actor.aad_id,
                    subject=f"related:{first}:{second}",
                    first_case=first,
                    second_case=second,
                    score=round(view.score, 3),
                )
        except IntegrityError:
            raise AlreadyTold() from None
        return replace(view, told=True)

    async def set_digest(self, actor: Actor, *, on: bool) -> bool:
        """Opt in to (on) or out of the weekly digest. Returns whether anything changed.

        Raises:
            NotAllowed: only advisers and directors get the digest.
        """
        async with self._sessions.begin() as session:
            if not await self.sees_everything(session, actor.aad_id):
                raise NotAllowed()
            existing = await session.scalar(
                select(DigestOptOut).where(DigestOptOut.aad_id == actor.aad_id)
            )
            if on and existing is not None:
                await session.execute(delete(DigestOptOut).where(DigestOptOut.id == existing.id))
            elif not on and existing is None:
                session.add(DigestOptOut(aad_id=actor.aad_id))
            else:
                return False
            record(
                session,
                "DigestOptedIn" if on else "DigestOptedOut",
                actor=actor.aad_id,
                subject=f"digest:{actor.aad_id}",
            )
        return True

    async def send_digests(self) -> int:
        """The job: from this week's digest moment on, queue each adviser's and director's
        digest once per ISO week (the `digests_sent` row is the claim). Returns how many were
        queued by this call."""
        now = self._now()
        if not rules.digest_due(now):
            return 0
        week = rules.digest_week(now)
        async with self._sessions() as session:
            people = {
                aad_id: role
                for aad_id, role in await session.execute(
                    select(Membership.aad_id, Membership.role).where(
                        Membership.active.is_(True), Membership.role.in_(rules.VIEWERS)
                    )
                )
            }
            done = set(
                await session.scalars(select(DigestSent.aad_id).where(DigestSent.week == week))
            )
            out = set(await session.scalars(select(DigestOptOut.aad_id)))
            langs = {
                aad_id: locale
                for aad_id, locale in await session.execute(
                    select(ConversationRef.aad_id, ConversationRef.locale).where(
                        ConversationRef.scope == "personal"
                    )
                )
            }
        queued = 0
        for aad_id in sorted(set(people) - done - out):
            lang: Lang = "en" if (langs.get(aad_id) or "").startswith("en") else "nb"
            try:
                async with self._sessions.begin() as session:
                    session.add(DigestSent(aad_id=aad_id, week=week))
                    await session.flush()
                    reply = await self._digest(session, aad_id, now, lang)
                    self._outbox.personal(
                        session,
                        aad_id,
                        reply,
                        subject=f"digest:{aad_id}",
                        working_hours=True,
                        key=f"digest:{aad_id}:{week}",
                    )
                    record(
                        session,
                        "DigestSent",
                        actor="system",
                        subject=f"digest:{aad_id}",
                        week=week,
                    )
                queued += 1
            except IntegrityError:
                continue  # another instance claimed this person's digest for the week
        return queued

    async def _digest(self, session: AsyncSession, aad_id: str, now: datetime, lang: Lang) -> Reply:
        rows = rules.by_attention(await self._rows(session, None, Filters(), now), now)
        waiting = await self._awaiting_directors(session, aad_id)
        return Reply(card=digest_card(rows, waiting, now, lang))

    async def _awaiting_directors(self, session: AsyncSession, aad_id: str) -> list[str]:
        """For a director: the escalations awaiting the director network, as lines."""
        is_director = await session.scalar(
            select(Membership.id)
            .where(Membership.aad_id == aad_id, Membership.role == "director")
            .limit(1)
        )
        if is_director is None:
            return []
        result = await session.execute(
            select(Network.name, Case.number, Case.year, Case.title, Escalation.deadline)
            .join(Network, Network.id == Escalation.network_id)
            .outerjoin(Case, Case.id == Escalation.case_id)
            .where(Escalation.state.in_(PENDING))
            .order_by(Escalation.requested_at)
        )
        return [
            f"{name}: {number}/{year} {title}" if number else name
            for name, number, year, title, _deadline in result
        ]


def annual_report_state(network_id: int) -> str | None:
    """The hook for the annual report column: None (shown as "—") until the annual cycle
    capability provides each network's report state."""
    del network_id
    return None


def _lang(value: str | None) -> Lang:
    return "en" if value == "en" else "nb"
