"""Quality and competence networks: their registration, part-time agreements (versioned,
append-only), the budget frame, the progress plan, progress reports and the evaluation case.

Every change checks permission (the network's secretary or leader — the coordinator — or an
administrator; a milestone's owner may move its own milestone), validates, runs in one
transaction and records a past-tense event.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import CaseState, case_label, numbering_year
from dialogs.decisions.rules import decision_label
from dialogs.errors import DomainError, InvalidInput, NotFound
from dialogs.i18n import OSLO, t
from dialogs.lookups import network_of
from dialogs.members.rules import Role
from dialogs.members.service import MemberService
from dialogs.networks.rules import Kind
from dialogs.outbox import ChannelAddress, Delivery, Outbox
from dialogs.quality import messages as _messages  # noqa: F401  (registers texts)
from dialogs.quality import rules
from dialogs.quality.rules import Budget, Checklist, CostLine, Region, Terms, Warning
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Reply
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import (
    Case,
    Decision,
    Membership,
    Network,
    QualityAgreement,
    QualityAgreementVersion,
    QualityCost,
    QualityMilestone,
    QualityNetwork,
    QualityReport,
)
from storage.numbering import next_number
from storage.transactions import retrying

log = logging.getLogger(__name__)

DUE_AT = time(12, 0)
"""A dated item (milestone, agreement end, the term's end) falls due at noon, Oslo time."""
POSTED_HOOK = "quality.evaluation_posted"


class NotQualityNetwork(DomainError):
    """The network is not a kvalitets- og kompetansenettverk."""

    key = "quality.not_quality"


class NotSetUp(DomainError):
    """The quality network's coordinating HF, start date and English name are not recorded."""

    key = "quality.not_set_up"


class AgreementEnded(DomainError):
    """The agreement is ended; it can no longer be changed."""

    key = "quality.agreement.ended"


class AlreadyApproved(DomainError):
    """The report for this period is approved already."""

    key = "quality.report.already_approved"


@dataclass(frozen=True)
class SetupForm:
    """The registration details of a quality network, as typed."""

    coordinating_hf: str | None
    coordinating_region: str | None
    clinic: str | None
    start_on: date | None
    english_name: str | None
    frame: str | None = None
    logo_assigned: bool = False
    website: str | None = None


@dataclass(frozen=True)
class AgreementForm:
    """An agreement's terms, as typed."""

    host_hf: str | None
    region: str | None
    person: str | None
    content: str | None
    percent: str | None
    start_on: date | None
    end_on: date | None
    yearly_cost: str | None
    anchored_by: str | None


@dataclass(frozen=True)
class AgreementView:
    """One agreement as it stands (or stood), with what it is warned about."""

    id: int
    version: int
    host_hf: str
    region: Region
    person: str
    content: str
    percent: int
    start_on: date
    end_on: date
    yearly_cost: int
    anchored_by: str
    ended: bool
    recorded_at: datetime
    warnings: tuple[Warning, ...]


@dataclass(frozen=True)
class MilestoneView:
    """A milestone as people see it."""

    id: int
    title: str
    due_on: date
    owner_name: str
    state: rules.MilestoneState
    may_change: bool


@dataclass(frozen=True)
class Overview:
    """A quality network at a glance."""

    network: str
    coordinating_hf: str
    coordinating_region: Region
    clinic: str
    start_on: date
    end_on: date
    english_name: str
    english_suggestion: str | None
    checklist: Checklist
    evaluation_opens_on: date
    evaluation_case: str | None


@dataclass(frozen=True)
class ReportDocument:
    """A progress report (the basis for invoicing) for a period."""

    network_id: int
    network: str
    english_name: str
    coordinating_hf: str
    period_from: date
    period_to: date
    milestones: tuple[MilestoneView, ...]
    agreements: tuple[AgreementView, ...]
    agreement_costs: tuple[tuple[str, int], ...]
    """(person, cost in the period, øre) per agreement running in the period."""
    other_costs: tuple[tuple[date, str, str, int], ...]
    """(day, region, text, øre)."""
    decisions: tuple[str, ...]
    total: int
    approved_by: str | None


@dataclass(frozen=True)
class YearMilestone:
    """A milestone as it stood at the end of a reporting year."""

    title: str
    owner_name: str
    due_on: date
    done_on: date | None
    state: rules.MilestoneState


@dataclass(frozen=True)
class YearReport:
    """The year's progress for eRapport, the yearly reporting to own HF and RHF: milestones
    reached and overdue, agreements and their cost, budget use against the frame, and the
    progress reports approved."""

    network_id: int
    network: str
    english_name: str
    coordinating_hf: str
    clinic: str
    year: int
    as_of: date
    start_on: date
    end_on: date
    reached: tuple[YearMilestone, ...]
    overdue: tuple[YearMilestone, ...]
    coming: tuple[YearMilestone, ...]
    """Unfinished, due later in the year."""
    agreements: tuple[tuple[AgreementView, int], ...]
    """Each agreement running in the year, with its cost in the year (øre)."""
    budget: Budget
    reports: tuple[tuple[date, date, date], ...]
    """(period from, period to, approved on) of each progress report approved for the year."""


def due_moment(day: date) -> datetime:
    """The moment an item dated `day` falls due, in UTC."""
    return datetime.combine(day, DUE_AT, OSLO).astimezone(UTC)


def _region(value: str | None) -> Region:
    try:
        return Region(value or "")
    except ValueError:
        raise InvalidInput("quality.invalid.region") from None


def _text(value: str | None, limit: int, key: str, *, required: bool = True) -> str:
    cleaned = (value or "").strip()
    if (required and not cleaned) or len(cleaned) > limit:
        raise InvalidInput(key)
    return cleaned


def _terms(version: QualityAgreementVersion) -> Terms:
    return Terms(
        id=version.agreement_id,
        person=version.person,
        region=Region(version.region),
        percent=version.percent,
        start_on=version.start_on,
        end_on=version.end_on,
        yearly_cost=version.yearly_cost_ore,
        anchored_by=version.anchored_by,
        active=version.state == "active",
    )


def _view(version: QualityAgreementVersion, warnings: Sequence[Warning]) -> AgreementView:
    return AgreementView(
        id=version.agreement_id,
        version=version.version,
        host_hf=version.host_hf,
        region=Region(version.region),
        person=version.person,
        content=version.content,
        percent=version.percent,
        start_on=version.start_on,
        end_on=version.end_on,
        yearly_cost=version.yearly_cost_ore,
        anchored_by=version.anchored_by,
        ended=version.state == "ended",
        recorded_at=version.recorded_at,
        warnings=tuple(warnings),
    )


class QualityService:
    """Quality networks' agreements, budget, milestones, reports and evaluation."""

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
        outbox.on(POSTED_HOOK, self._evaluation_posted)

    def _today(self) -> date:
        return self._now().astimezone(OSLO).date()

    # -- registration ----------------------------------------------------------------------

    @staticmethod
    def check_kind(network: Network) -> None:
        """Refuse networks of other kinds.

        Raises:
            NotQualityNetwork.
        """
        if network.kind != Kind.QUALITY_COMPETENCE.value:
            raise NotQualityNetwork()

    async def details(self, network: Network) -> QualityNetwork | None:
        """The network's quality registration, if recorded."""
        self.check_kind(network)
        async with self._sessions() as session:
            return await session.get(QualityNetwork, network.id)

    async def _require(self, session: AsyncSession, network: Network) -> QualityNetwork:
        self.check_kind(network)
        details = await session.get(QualityNetwork, network.id)
        if details is None:
            raise NotSetUp()
        return details

    async def is_manager(self, actor: Actor, network: Network) -> bool:
        """Whether the actor coordinates the network (its secretary or leader, or an admin)."""
        return await self._members.is_manager(actor, network.id)

    async def check_may_manage(self, actor: Actor, network: Network) -> None:
        """Refuse, before any form, whoever does not coordinate the network.

        Raises:
            NotQualityNetwork, NotAllowed.
        """
        self.check_kind(network)
        await self._members.check_may_manage(actor, network.id)

    async def setup(self, actor: Actor, network: Network, form: SetupForm) -> QualityNetwork:
        """Record (or change) the coordinating HF and clinic, the start date — the term ends five
        years on — the English name, an RHF-set frame, the logo and the website.

        Raises:
            NotQualityNetwork, NotAllowed, InvalidInput.
        """
        await self.check_may_manage(actor, network)
        hf = _text(form.coordinating_hf, 200, "quality.invalid.coordinating_hf")
        clinic = _text(form.clinic, 200, "quality.invalid.clinic")
        region = _region(form.coordinating_region or Region.MIDT.value)
        if form.start_on is None:
            raise InvalidInput("quality.invalid.start")
        start_on: date = form.start_on
        english = " ".join((form.english_name or "").split())
        if len(english) > 300:
            raise InvalidInput("quality.invalid.english_name")
        frame = rules.parse_amount(form.frame) if (form.frame or "").strip() else None
        website = _text(form.website, 500, "quality.invalid.website", required=False)
        end_on = rules.term_end(start_on)

        async def attempt() -> QualityNetwork:
            async with self._sessions.begin() as session:
                details = await session.get(QualityNetwork, network.id)
                before = None
                if details is None:
                    details = QualityNetwork(network_id=network.id, created_by=actor.aad_id)
                    session.add(details)
                else:
                    before = {
                        "start_on": details.start_on.isoformat(),
                        "hf": details.coordinating_hf,
                    }
                details.coordinating_hf = hf
                details.coordinating_region = region.value
                details.clinic = clinic
                details.start_on = start_on
                details.end_on = end_on
                details.english_name = english
                details.frame_ore = frame
                details.logo_assigned = form.logo_assigned
                details.website = website
                await session.flush()
                record(
                    session,
                    "QualityNetworkSetUp" if before is None else "QualityNetworkChanged",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"network:{network.id}",
                    before=before,
                    coordinating_hf=hf,
                    clinic=clinic,
                    start_on=start_on.isoformat(),
                    end_on=end_on.isoformat(),
                    english_name=english,
                    frame_ore=frame,
                )
                return details

        return await retrying(attempt, what=f"quality set-up of network {network.id}")

    async def overview(self, network: Network) -> Overview:
        """The network's term, names, checklist and evaluation.

        Raises:
            NotQualityNetwork, NotSetUp.
        """
        async with self._sessions() as session:
            details = await self._require(session, network)
            agreements = await session.scalar(
                select(func.count(QualityAgreement.id)).where(
                    QualityAgreement.network_id == network.id
                )
            )
            milestones = await session.scalar(
                select(func.count(QualityMilestone.id)).where(
                    QualityMilestone.network_id == network.id
                )
            )
            case = (
                await session.get(Case, details.evaluation_case_id)
                if details.evaluation_case_id
                else None
            )
        return Overview(
            network=network.name,
            coordinating_hf=details.coordinating_hf,
            coordinating_region=Region(details.coordinating_region),
            clinic=details.clinic,
            start_on=details.start_on,
            end_on=details.end_on,
            english_name=details.english_name,
            english_suggestion=rules.english_name_suggestion(details.english_name or network.name),
            checklist=Checklist(
                agreements=bool(agreements),
                progress_plan=bool(milestones),
                logo=details.logo_assigned,
                website=bool(details.website),
                english_name=rules.english_name_fits(details.english_name),
            ),
            evaluation_opens_on=rules.evaluation_opens_on(details.start_on),
            evaluation_case=case_label(case.number, case.year) if case else None,
        )

    # -- agreements ------------------------------------------------------------------------

    async def _versions(
        self, session: AsyncSession, network_id: int, *, until: datetime | None = None
    ) -> list[QualityAgreementVersion]:
        """Each agreement's latest version (recorded before `until`)."""
        query = (
            select(QualityAgreementVersion)
            .join(QualityAgreement, QualityAgreement.id == QualityAgreementVersion.agreement_id)
            .where(QualityAgreement.network_id == network_id)
            .order_by(QualityAgreementVersion.agreement_id, QualityAgreementVersion.version)
        )
        if until is not None:
            query = query.where(QualityAgreementVersion.recorded_at < until)
        latest: dict[int, QualityAgreementVersion] = {}
        for version in await session.scalars(query):
            latest[version.agreement_id] = version
        return list(latest.values())

    async def agreements(
        self, network: Network, *, as_of: date | None = None
    ) -> list[AgreementView]:
        """The network's agreements as they stand, or as they stood at the end of `as_of`, each
        with its warnings.

        Raises:
            NotQualityNetwork, NotSetUp.
        """
        until = (
            datetime.combine(as_of + timedelta(days=1), time(0), OSLO).astimezone(UTC)
            if as_of
            else None
        )
        async with self._sessions() as session:
            details = await self._require(session, network)
            versions = await self._versions(session, network.id, until=until)
        terms = [_terms(v) for v in versions]
        return [
            _view(v, rules.warnings_for(_terms(v), terms, last_day=details.end_on))
            for v in sorted(versions, key=lambda v: (v.state != "active", v.region, v.person))
        ]

    async def history(self, agreement_id: int) -> tuple[int, list[AgreementView]]:
        """Every version of one agreement, oldest first, and its network's id.

        Raises:
            NotFound.
        """
        async with self._sessions() as session:
            agreement = await session.get(QualityAgreement, agreement_id)
            if agreement is None:
                raise NotFound(name=str(agreement_id))
            versions = (
                await session.scalars(
                    select(QualityAgreementVersion)
                    .where(QualityAgreementVersion.agreement_id == agreement_id)
                    .order_by(QualityAgreementVersion.version)
                )
            ).all()
        return agreement.network_id, [_view(v, ()) for v in versions]

    async def network_of_agreement(self, agreement_id: int) -> int:
        """The network an agreement belongs to.

        Raises:
            NotFound.
        """
        return await network_of(self._sessions, QualityAgreement, agreement_id)

    async def save_agreement(
        self, actor: Actor, network: Network, agreement_id: int | None, form: AgreementForm
    ) -> AgreementView:
        """Record a new agreement, or a new version of one: nothing is overwritten.

        Raises:
            NotQualityNetwork, NotSetUp, NotAllowed, NotFound, AgreementEnded, InvalidInput.
        """
        await self.check_may_manage(actor, network)
        if form.start_on is None or form.end_on is None:
            raise InvalidInput("quality.invalid.period")
        terms = Terms(
            id=agreement_id,
            person=(form.person or "").strip(),
            region=_region(form.region),
            percent=rules.parse_percent(form.percent),
            start_on=form.start_on,
            end_on=form.end_on,
            yearly_cost=rules.parse_amount(form.yearly_cost),
            anchored_by=(form.anchored_by or "").strip(),
        )
        rules.validate_terms(terms)
        host_hf = _text(form.host_hf, 200, "quality.invalid.host_hf")
        content = _text(form.content, 2000, "quality.invalid.content", required=False)
        anchored_by = _text(form.anchored_by, 200, "quality.invalid.anchored_by", required=False)

        async def attempt() -> AgreementView:
            async with self._sessions.begin() as session:
                details = await self._require(session, network)
                before_budget = await self._budget(session, network, details)
                if agreement_id is None:
                    agreement = QualityAgreement(network_id=network.id, created_by=actor.aad_id)
                    session.add(agreement)
                    await session.flush()
                    number, previous = 1, None
                else:
                    # Locked, so two coordinators changing it at once each append a version
                    # after the other's instead of both claiming the same number.
                    agreement_row = await session.get(
                        QualityAgreement, agreement_id, with_for_update=True
                    )
                    if agreement_row is None or agreement_row.network_id != network.id:
                        raise NotFound(name=str(agreement_id))
                    agreement = agreement_row
                    previous = await session.scalar(
                        select(QualityAgreementVersion)
                        .where(QualityAgreementVersion.agreement_id == agreement.id)
                        .order_by(QualityAgreementVersion.version.desc())
                        .limit(1)
                    )
                    assert previous is not None
                    if previous.state == "ended":
                        raise AgreementEnded()
                    number = previous.version + 1
                version = QualityAgreementVersion(
                    agreement_id=agreement.id,
                    version=number,
                    host_hf=host_hf,
                    region=terms.region.value,
                    person=terms.person,
                    content=content,
                    percent=terms.percent,
                    start_on=terms.start_on,
                    end_on=terms.end_on,
                    yearly_cost_ore=terms.yearly_cost,
                    anchored_by=anchored_by,
                    state="active",
                    recorded_by=actor.aad_id,
                )
                session.add(version)
                await session.flush()
                others = [_terms(v) for v in await self._versions(session, network.id)]
                warnings = rules.warnings_for(
                    replace(terms, id=agreement.id), others, last_day=details.end_on
                )
                record(
                    session,
                    "AgreementRecorded" if number == 1 else "AgreementChanged",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"agreement:{agreement.id}",
                    version=number,
                    region=terms.region.value,
                    percent=terms.percent,
                    start_on=terms.start_on.isoformat(),
                    end_on=terms.end_on.isoformat(),
                    yearly_cost_ore=terms.yearly_cost,
                    warnings=[w.value for w in warnings],
                    before=(
                        {"percent": previous.percent, "end_on": previous.end_on.isoformat()}
                        if previous
                        else None
                    ),
                )
                managers = sorted(await self._members.managers(session, network.id))
                await self._reminders.schedule(
                    session,
                    subject=f"agreement:{agreement.id}",
                    kind="agreement_end",
                    network_id=network.id,
                    deadline=due_moment(terms.end_on),
                    recipients=managers,
                    action={"action": "quality.agreement_history", "agreement_id": agreement.id},
                    params={"network": network.name, "title": f"{terms.person} ({host_hf})"[:300]},
                )
                await self._warn_budget(session, network, details, before_budget)
                return _view(version, warnings)

        return await retrying(attempt, what=f"agreement in network {network.id}")

    async def end_agreement(
        self, actor: Actor, agreement_id: int, end_on: date | None
    ) -> AgreementView:
        """End an agreement (from `end_on`, else today): a last version, its reminders cancelled.

        Raises:
            NotFound, NotAllowed, AgreementEnded.
        """
        network_id = await self.network_of_agreement(agreement_id)
        await self._members.check_may_manage(actor, network_id)
        today = self._today()

        async def attempt() -> AgreementView:
            async with self._sessions.begin() as session:
                await session.get(QualityAgreement, agreement_id, with_for_update=True)
                previous = await session.scalar(
                    select(QualityAgreementVersion)
                    .where(QualityAgreementVersion.agreement_id == agreement_id)
                    .order_by(QualityAgreementVersion.version.desc())
                    .limit(1)
                )
                assert previous is not None
                if previous.state == "ended":
                    raise AgreementEnded()
                last_day = min(end_on or today, previous.end_on)
                if last_day < previous.start_on:
                    last_day = previous.start_on
                version = QualityAgreementVersion(
                    agreement_id=agreement_id,
                    version=previous.version + 1,
                    host_hf=previous.host_hf,
                    region=previous.region,
                    person=previous.person,
                    content=previous.content,
                    percent=previous.percent,
                    start_on=previous.start_on,
                    end_on=last_day,
                    yearly_cost_ore=previous.yearly_cost_ore,
                    anchored_by=previous.anchored_by,
                    state="ended",
                    recorded_by=actor.aad_id,
                )
                session.add(version)
                await session.flush()
                await self._reminders.cancel(session, subject=f"agreement:{agreement_id}")
                record(
                    session,
                    "AgreementEnded",
                    actor=actor.aad_id,
                    network_id=network_id,
                    subject=f"agreement:{agreement_id}",
                    version=version.version,
                    end_on=last_day.isoformat(),
                )
                return _view(version, ())

        return await retrying(attempt, what=f"ending agreement {agreement_id}")

    # -- budget ----------------------------------------------------------------------------

    async def _budget(
        self,
        session: AsyncSession,
        network: Network,
        details: QualityNetwork,
        year: int | None = None,
    ) -> Budget:
        year = year or self._today().year
        versions = await self._versions(session, network.id)
        costs = (
            await session.scalars(select(QualityCost).where(QualityCost.network_id == network.id))
        ).all()
        return rules.budget(
            year,
            [_terms(v) for v in versions],
            [CostLine(Region(c.region), c.spent_on, c.amount_ore) for c in costs],
            coordinating=Region(details.coordinating_region),
            set_by_rhf=details.frame_ore,
        )

    async def budget(self, network: Network, year: int | None = None) -> Budget:
        """The year's frame and its use (this year in Oslo by default).

        Raises:
            NotQualityNetwork, NotSetUp.
        """
        async with self._sessions() as session:
            details = await self._require(session, network)
            return await self._budget(session, network, details, year)

    async def _warn_budget(
        self, session: AsyncSession, network: Network, details: QualityNetwork, before: Budget
    ) -> None:
        """Inside the change's transaction: when the year's use crosses 90 % of the frame, or the
        frame, the coordinator and the secretary get a personal message."""
        after = await self._budget(session, network, details, before.year)
        order = ("ok", "near", "over")
        if order.index(after.level) <= order.index(before.level):
            return
        from dialogs.quality.cards import money

        text = t(
            f"quality.budget.warning.{after.level}",
            "nb",
            network=network.name,
            year=after.year,
            used=money(after.used, "nb"),
            frame=money(after.frame, "nb"),
        )
        channel = ChannelAddress(
            network.service_url, network.tenant_id, network.team_id, network.channel_id
        )
        for aad_id in sorted(await self._members.managers(session, network.id)):
            self._outbox.personal(
                session,
                aad_id,
                Reply(text=text),
                subject=f"network:{network.id}:budget:{after.year}:{after.level}",
                network_id=network.id,
                tenant_id=network.tenant_id,
                fallback=(channel, Reply(text=text)),
            )
        record(
            session,
            "BudgetWarned",
            actor="fagnett",
            network_id=network.id,
            subject=f"network:{network.id}",
            year=after.year,
            level=after.level,
            used_ore=after.used,
            frame_ore=after.frame,
        )

    async def record_cost(
        self,
        actor: Actor,
        network: Network,
        *,
        region: str | None,
        spent_on: date | None,
        amount: str | None,
        text: str | None,
    ) -> QualityCost:
        """Record a cost besides the agreements.

        Raises:
            NotQualityNetwork, NotSetUp, NotAllowed, InvalidInput.
        """
        await self.check_may_manage(actor, network)
        typed_region = _region(region)
        ore = rules.parse_amount(amount)
        what = _text(text, 500, "quality.invalid.cost_text")
        if spent_on is None:
            raise InvalidInput("quality.invalid.cost_day")

        async def attempt() -> QualityCost:
            async with self._sessions.begin() as session:
                details = await self._require(session, network)
                before = await self._budget(session, network, details, spent_on.year)
                cost = QualityCost(
                    network_id=network.id,
                    region=typed_region.value,
                    spent_on=spent_on,
                    amount_ore=ore,
                    text=what,
                    recorded_by=actor.aad_id,
                )
                session.add(cost)
                await session.flush()
                record(
                    session,
                    "CostRecorded",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"cost:{cost.id}",
                    region=typed_region.value,
                    spent_on=spent_on.isoformat(),
                    amount_ore=ore,
                )
                await self._warn_budget(session, network, details, before)
                return cost

        return await retrying(attempt, what=f"cost in network {network.id}")

    # -- milestones ------------------------------------------------------------------------

    async def milestones(self, actor: Actor, network: Network) -> list[MilestoneView]:
        """The progress plan, by date.

        Raises:
            NotQualityNetwork.
        """
        self.check_kind(network)
        manager = await self._members.is_manager(actor, network.id)
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(QualityMilestone)
                    .where(QualityMilestone.network_id == network.id)
                    .order_by(QualityMilestone.due_on, QualityMilestone.id)
                )
            ).all()
        today = self._today()
        return [
            MilestoneView(
                id=m.id,
                title=m.title,
                due_on=m.due_on,
                owner_name=m.owner_name,
                state=rules.shown_state(m.state, m.due_on, today),
                may_change=manager or m.owner_aad_id == actor.aad_id,
            )
            for m in rows
        ]

    async def owners(self, network: Network) -> list[tuple[str, str]]:
        """Who may own a milestone: the network's active members, `(aad_id, name)`."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Membership)
                .where(Membership.network_id == network.id, Membership.active.is_(True))
                .order_by(Membership.name)
            )
            return [(m.aad_id, m.name) for m in rows]

    async def add_milestone(
        self,
        actor: Actor,
        network: Network,
        *,
        title: str | None,
        due_on: date | None,
        owner: str | None,
    ) -> QualityMilestone:
        """Add a milestone to the progress plan; its owner is nudged before it is due.

        Raises:
            NotQualityNetwork, NotAllowed, InvalidInput.
        """
        await self.check_may_manage(actor, network)
        name = _text(title, 300, "quality.invalid.milestone_title")
        if due_on is None or due_on < self._today():
            raise InvalidInput("quality.invalid.milestone_due")
        people = dict(await self.owners(network))
        if not owner or owner not in people:
            raise InvalidInput("quality.invalid.milestone_owner")

        async def attempt() -> QualityMilestone:
            async with self._sessions.begin() as session:
                milestone = QualityMilestone(
                    network_id=network.id,
                    title=name,
                    due_on=due_on,
                    owner_aad_id=owner,
                    owner_name=people[owner],
                    state=rules.MilestoneState.PLANNED.value,
                    created_by=actor.aad_id,
                )
                session.add(milestone)
                await session.flush()
                record(
                    session,
                    "MilestonePlanned",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"milestone:{milestone.id}",
                    title=name,
                    due_on=due_on.isoformat(),
                    owner=owner,
                )
                await self._reminders.schedule(
                    session,
                    subject=f"milestone:{milestone.id}",
                    kind="milestone",
                    network_id=network.id,
                    deadline=due_moment(due_on),
                    recipients=[owner],
                    action={
                        "action": "quality.milestone_state",
                        "milestone_id": milestone.id,
                        "state": rules.MilestoneState.DONE.value,
                    },
                    params={"network": network.name, "title": name},
                )
                return milestone

        return await retrying(attempt, what=f"milestone in network {network.id}")

    async def set_state(
        self, actor: Actor, milestone_id: int, state: str | None
    ) -> QualityMilestone:
        """Move a milestone (its owner, or the coordinator); done or cancelled ends its nudges.

        Raises:
            NotFound, NotAllowed, InvalidInput.
        """
        async with self._sessions() as session:
            milestone = await session.get(QualityMilestone, milestone_id)
        if milestone is None:
            raise NotFound(name=str(milestone_id))
        if milestone.owner_aad_id != actor.aad_id:
            await self._members.check_may_manage(actor, milestone.network_id)
        target = rules.check_transition(milestone.state, state or "")
        now = self._now()

        async def attempt() -> QualityMilestone:
            async with self._sessions.begin() as session:
                moved = await session.execute(
                    update(QualityMilestone)
                    .where(
                        QualityMilestone.id == milestone_id,
                        QualityMilestone.state == milestone.state,
                    )
                    .values(
                        state=target.value,
                        done_at=now if target is rules.MilestoneState.DONE else None,
                        updated_at=now,
                    )
                )
                if moved.rowcount != 1:  # type: ignore[attr-defined]
                    raise InvalidInput("quality.invalid.state")
                if target in rules.FINAL_STATES:
                    await self._reminders.cancel(session, subject=f"milestone:{milestone_id}")
                record(
                    session,
                    "MilestoneMoved",
                    actor=actor.aad_id,
                    network_id=milestone.network_id,
                    subject=f"milestone:{milestone_id}",
                    before={"state": milestone.state},
                    after={"state": target.value},
                )
                row = await session.get(QualityMilestone, milestone_id, populate_existing=True)
                assert row is not None
                return row

        return await retrying(attempt, what=f"milestone {milestone_id}")

    async def network_of_milestone(self, milestone_id: int) -> int:
        """The network a milestone belongs to.

        Raises:
            NotFound.
        """
        return await network_of(self._sessions, QualityMilestone, milestone_id)

    # -- progress report -------------------------------------------------------------------

    def default_period(self) -> tuple[date, date]:
        """This year so far, in Oslo."""
        today = self._today()
        return date(today.year, 1, 1), today

    async def report(
        self, actor: Actor, network: Network, period_from: date, period_to: date
    ) -> ReportDocument:
        """The progress report for a period: milestones, agreements and their cost in the
        period, other costs, and the network's decisions.

        Raises:
            NotQualityNetwork, NotSetUp, InvalidInput.
        """
        if period_to < period_from:
            raise InvalidInput("quality.invalid.period")
        milestones = await self.milestones(actor, network)
        async with self._sessions() as session:
            details = await self._require(session, network)
            versions = await self._versions(session, network.id)
            costs = (
                await session.scalars(
                    select(QualityCost)
                    .where(
                        QualityCost.network_id == network.id,
                        QualityCost.spent_on >= period_from,
                        QualityCost.spent_on <= period_to,
                    )
                    .order_by(QualityCost.spent_on, QualityCost.id)
                )
            ).all()
            decisions = (
                await session.scalars(
                    select(Decision).where(Decision.network_id == network.id).order_by(Decision.id)
                )
            ).all()
            approval = await session.scalar(
                select(QualityReport).where(
                    QualityReport.network_id == network.id,
                    QualityReport.kind == "progress",
                    QualityReport.period_from == period_from,
                    QualityReport.period_to == period_to,
                )
            )
        running = [
            v for v in versions if rules.overlaps(v.start_on, v.end_on, period_from, period_to)
        ]
        terms = [_terms(v) for v in versions]
        agreement_costs = tuple(
            (v.person, _cost_in_period(v, period_from, period_to)) for v in running
        )
        other = tuple(
            (c.spent_on, rules.REGION_NAMES[Region(c.region)], c.text, c.amount_ore) for c in costs
        )
        start = datetime.combine(period_from, time(0), OSLO)
        end = datetime.combine(period_to + timedelta(days=1), time(0), OSLO)
        return ReportDocument(
            network_id=network.id,
            network=network.name,
            english_name=details.english_name,
            coordinating_hf=details.coordinating_hf,
            period_from=period_from,
            period_to=period_to,
            milestones=tuple(m for m in milestones if m.due_on <= period_to),
            agreements=tuple(
                _view(v, rules.warnings_for(_terms(v), terms, last_day=details.end_on))
                for v in running
            ),
            agreement_costs=agreement_costs,
            other_costs=other,
            decisions=tuple(
                f"{decision_label(d.number, d.year)}: {d.text}"
                for d in decisions
                if start <= d.decided_at < end
            ),
            total=sum(c for _, c in agreement_costs) + sum(c[3] for c in other),
            approved_by=approval.approved_by if approval else None,
        )

    async def report_for_export(
        self, network: Network, period_from: date, period_to: date
    ) -> ReportDocument:
        """The progress report for a signed download link (no reader to tailor it to).

        Raises:
            NotQualityNetwork, NotSetUp, InvalidInput.
        """
        return await self.report(Actor("", "", ""), network, period_from, period_to)

    async def year_report(self, network: Network, year: int) -> YearReport:
        """The year's progress for eRapport, drawn up to the year's end (or today, this year).

        Raises:
            NotQualityNetwork, NotSetUp, InvalidInput.
        """
        self.check_kind(network)
        as_of = rules.reporting_day(year, self._today())
        first, last = date(year, 1, 1), date(year, 12, 31)
        async with self._sessions() as session:
            details = await self._require(session, network)
            rows = (
                await session.scalars(
                    select(QualityMilestone)
                    .where(QualityMilestone.network_id == network.id)
                    .order_by(QualityMilestone.due_on, QualityMilestone.id)
                )
            ).all()
            versions = await self._versions(session, network.id)
            budget = await self._budget(session, network, details, year)
            approvals = (
                await session.scalars(
                    select(QualityReport)
                    .where(
                        QualityReport.network_id == network.id,
                        QualityReport.kind == "progress",
                        QualityReport.period_from <= last,
                        QualityReport.period_to >= first,
                    )
                    .order_by(QualityReport.period_from, QualityReport.period_to)
                )
            ).all()
        milestones = [
            YearMilestone(
                title=m.title,
                owner_name=m.owner_name,
                due_on=m.due_on,
                done_on=m.done_at.astimezone(OSLO).date() if m.done_at else None,
                state=rules.state_on(
                    m.state,
                    m.due_on,
                    m.done_at.astimezone(OSLO).date() if m.done_at else None,
                    as_of,
                ),
            )
            for m in rows
        ]
        terms = [_terms(v) for v in versions]
        running = [v for v in versions if rules.overlaps(v.start_on, v.end_on, first, last)]
        return YearReport(
            network_id=network.id,
            network=network.name,
            english_name=details.english_name,
            coordinating_hf=details.coordinating_hf,
            clinic=details.clinic,
            year=year,
            as_of=as_of,
            start_on=details.start_on,
            end_on=details.end_on,
            reached=tuple(
                m
                for m in milestones
                if m.state is rules.MilestoneState.DONE
                and (m.done_on is None or m.done_on.year == year)
            ),
            overdue=tuple(m for m in milestones if m.state is rules.MilestoneState.OVERDUE),
            coming=tuple(
                m
                for m in milestones
                if m.state in (rules.MilestoneState.PLANNED, rules.MilestoneState.IN_PROGRESS)
                and m.due_on.year == year
            ),
            agreements=tuple(
                (
                    _view(v, rules.warnings_for(_terms(v), terms, last_day=details.end_on)),
                    _cost_in_period(v, first, last),
                )
                for v in running
            ),
            budget=budget,
            reports=tuple(
                (r.period_from, r.period_to, r.approved_at.astimezone(OSLO).date())
                for r in approvals
            ),
        )

    async def approve(
        self, actor: Actor, network: Network, period_from: date, period_to: date
    ) -> ReportDocument:
        """The coordinator approves the progress report for a period, once.

        Raises:
            NotQualityNetwork, NotSetUp, NotAllowed, AlreadyApproved, InvalidInput.
        """
        await self.check_may_manage(actor, network)
        if period_to < period_from:
            raise InvalidInput("quality.invalid.period")
        try:
            async with self._sessions.begin() as session:
                await self._require(session, network)
                existing = await session.scalar(
                    select(QualityReport.id).where(
                        QualityReport.network_id == network.id,
                        QualityReport.kind == "progress",
                        QualityReport.period_from == period_from,
                        QualityReport.period_to == period_to,
                    )
                )
                if existing is not None:
                    raise AlreadyApproved()
                session.add(
                    QualityReport(
                        network_id=network.id,
                        kind="progress",
                        period_from=period_from,
                        period_to=period_to,
                        approved_by=actor.aad_id,
                    )
                )
                record(
                    session,
                    "ProgressReportApproved",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"network:{network.id}",
                    period_from=period_from.isoformat(),
                    period_to=period_to.isoformat(),
                )
        except IntegrityError as clash:
            raise AlreadyApproved() from clash
        return await self.report(actor, network, period_from, period_to)

    # -- evaluation ------------------------------------------------------------------------

    async def open_due_evaluations(self) -> int:
        """Open the evaluation case of each quality network whose term ends within six months,
        once: a case in the network, announced in its channel, with nudges to the coordinator and
        the RHF adviser before the term ends. Returns how many opened."""
        today = self._today()
        async with self._sessions() as session:
            due = [
                d.network_id
                for d in await session.scalars(
                    select(QualityNetwork).where(QualityNetwork.evaluation_case_id.is_(None))
                )
                if rules.evaluation_opens_on(d.start_on) <= today
            ]
        opened = 0
        for network_id in due:
            if await retrying(
                lambda n=network_id: self._open_evaluation(n),  # type: ignore[misc]
                what=f"evaluation of network {network_id}",
            ):
                opened += 1
        return opened

    async def _open_evaluation(self, network_id: int) -> bool:
        now = self._now()
        async with self._sessions.begin() as session:
            claimed = await session.execute(
                update(QualityNetwork)
                .where(
                    QualityNetwork.network_id == network_id,
                    QualityNetwork.evaluation_case_id.is_(None),
                )
                .values(updated_at=now)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return False
            details = await session.get(QualityNetwork, network_id, populate_existing=True)
            network = await session.get(Network, network_id)
            assert details is not None
            assert network is not None
            if details.evaluation_case_id is not None:
                return False
            year = numbering_year(now)
            title = t("quality.evaluation.case_title", "nb", end=details.end_on.isoformat())
            case = Case(
                network_id=network.id,
                year=year,
                number=await next_number(session, Case, network.id, year),
                title=title[:200],
                description=t(
                    "quality.evaluation.case_description",
                    "nb",
                    network=network.name,
                    start=details.start_on.isoformat(),
                    end=details.end_on.isoformat(),
                )[:4000],
                proposal="",
                case_type="other",
                user_participation=False,
                needs_anchoring=False,
                state=CaseState.OPEN.value,
                service_url=network.service_url,
                thread_id="",
                lang="nb",
                created_by="fagnett",
            )
            session.add(case)
            await session.flush()
            details.evaluation_case_id = case.id
            label = case_label(case.number, case.year)
            record(
                session,
                "CaseOpened",
                actor="fagnett",
                network_id=network.id,
                subject=f"case:{case.id}",
                number=label,
                title=case.title,
                type=case.case_type,
                needs_anchoring=False,
            )
            record(
                session,
                "EvaluationOpened",
                actor="fagnett",
                network_id=network.id,
                subject=f"network:{network.id}",
                case_id=case.id,
                end_on=details.end_on.isoformat(),
            )
            recipients = sorted(await self._members.managers(session, network.id))
            advisers = await session.scalars(
                select(Membership.aad_id).where(
                    Membership.network_id == network.id,
                    Membership.role == Role.RHF_ADVISER.value,
                    Membership.active.is_(True),
                )
            )
            recipients += sorted(set(advisers) - set(recipients))
            await self._reminders.schedule(
                session,
                subject=f"evaluation:{network.id}",
                kind="evaluation",
                network_id=network.id,
                deadline=due_moment(details.end_on),
                recipients=recipients,
                action={"action": "quality.show"},
                params={"network": network.name, "title": label},
            )
            self._outbox.post(
                session,
                ChannelAddress(
                    network.service_url, network.tenant_id, network.team_id, network.channel_id
                ),
                Reply(
                    text=t(
                        "quality.evaluation.opened",
                        "nb",
                        label=label,
                        network=network.name,
                        end=details.end_on.isoformat(),
                    )
                ),
                subject=f"case:{case.id}",
                network_id=network.id,
                then={"hook": POSTED_HOOK, "case_id": case.id},
            )
        return True

    async def _evaluation_posted(self, session: AsyncSession, delivery: Delivery) -> None:
        """The evaluation case's announcement is posted: that thread is the case's thread."""
        then = delivery.message.then or {}
        if delivery.state != "sent" or delivery.posted is None:
            log.warning(
                "evaluation case %s was not announced (%s)", then.get("case_id"), delivery.state
            )
            return
        case = await session.get(Case, int(then["case_id"]))
        if case is not None and not case.thread_id:
            case.service_url = delivery.posted.service_url
            case.thread_id = delivery.posted.conversation_id


def _cost_in_period(version: QualityAgreementVersion, period_from: date, period_to: date) -> int:
    """An agreement's cost for the days of the period it runs, pro rata per year."""
    total = 0
    for year in range(period_from.year, period_to.year + 1):
        first = max(date(year, 1, 1), period_from, version.start_on)
        last = min(date(year, 12, 31), period_to, version.end_on)
        if first > last:
            continue
        days_in_year = 366 if (date(year, 12, 31) - date(year, 1, 1)).days == 365 else 365
        total += version.yearly_cost_ore * ((last - first).days + 1) // days_in_year
    return total
