"""Teams commands and card actions of quality and competence networks."""

from __future__ import annotations

from datetime import date
from typing import Literal

from dialogs.errors import InvalidInput, NotFound
from dialogs.i18n import Lang, t
from dialogs.links import Document, SignedLinks
from dialogs.networks.service import NetworkService
from dialogs.quality.cards import (
    agreement_form_card,
    agreements_card,
    budget_card,
    cost_form_card,
    erapport_card,
    history_card,
    milestone_form_card,
    milestones_card,
    overview_card,
    report_card,
    setup_card,
)
from dialogs.quality.documents import (
    erapport_file_name,
    erapport_markdown,
    erapport_text,
    file_name,
    to_docx,
    to_markdown,
)
from dialogs.quality.service import (
    AgreementForm,
    NotQualityNetwork,
    NotSetUp,
    QualityService,
    SetupForm,
)
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn
from storage.models import Network

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ShowQuality(CardAction):
    """`quality.show`: the network's overview."""

    action: Literal["quality.show"]


class SetupFormAction(CardAction):
    """`quality.setup_form`: the registration form, filled with what is recorded."""

    action: Literal["quality.setup_form"]


class Setup(CardAction):
    """`quality.setup`: the registration form's inputs."""

    action: Literal["quality.setup"]
    coordinating_hf: str | None = None
    coordinating_region: str | None = None
    clinic: str | None = None
    start_on: date | None = None
    english_name: str | None = None
    frame: str | None = None
    logo_assigned: bool = False
    website: str | None = None


class ShowAgreements(CardAction):
    """`quality.agreements`: the agreements, as they stand or stood on `as_of`."""

    action: Literal["quality.agreements"]
    as_of: date | None = None


class AgreementFormAction(CardAction):
    """`quality.agreement_form`: a new agreement, or a new version of one."""

    action: Literal["quality.agreement_form"]
    agreement_id: int | None = None


class SaveAgreement(CardAction):
    """`quality.agreement_save`: the agreement form's inputs."""

    action: Literal["quality.agreement_save"]
    agreement_id: int | None = None
    host_hf: str | None = None
    region: str | None = None
    person: str | None = None
    content: str | None = None
    percent: str | None = None
    start_on: date | None = None
    end_on: date | None = None
    yearly_cost: str | None = None
    anchored_by: str | None = None


class EndAgreement(CardAction):
    """`quality.agreement_end`: end an agreement today."""

    action: Literal["quality.agreement_end"]
    agreement_id: int


class AgreementHistory(CardAction):
    """`quality.agreement_history`: every version of an agreement."""

    action: Literal["quality.agreement_history"]
    agreement_id: int


class CostFormAction(CardAction):
    """`quality.cost_form`: the form for another cost."""

    action: Literal["quality.cost_form"]


class SaveCost(CardAction):
    """`quality.cost_save`: the cost form's inputs."""

    action: Literal["quality.cost_save"]
    text: str | None = None
    region: str | None = None
    spent_on: date | None = None
    amount: str | None = None


class MilestoneFormAction(CardAction):
    """`quality.milestone_form`: the form for a new milestone."""

    action: Literal["quality.milestone_form"]


class SaveMilestone(CardAction):
    """`quality.milestone_save`: the milestone form's inputs."""

    action: Literal["quality.milestone_save"]
    title: str | None = None
    due_on: date | None = None
    owner: str | None = None


class MoveMilestone(CardAction):
    """`quality.milestone_state`: move a milestone to another state."""

    action: Literal["quality.milestone_state"]
    milestone_id: int
    state: str


class ApproveReport(CardAction):
    """`quality.report_approve`: the coordinator approves the progress report for a period."""

    action: Literal["quality.report_approve"]
    period_from: date
    period_to: date


class ShowERapport(CardAction):
    """`quality.erapport`: the year's eRapport text."""

    action: Literal["quality.erapport"]
    year: int


ERAPPORT = "erapport"
"""The `framdrift` argument that asks for the eRapport text: `framdrift eRapport 2026`."""


def _erapport_year(args: str) -> int | None:
    """`eRapport [year]` → the year (0 for this year); anything else → None."""
    parts = args.split()
    if not parts or parts[0].casefold() != ERAPPORT:
        return None
    if len(parts) == 1:
        return 0
    if len(parts) > 2 or not parts[1].isdigit():
        raise InvalidInput("quality.invalid.erapport_year")
    return int(parts[1])


def _period(args: str) -> tuple[date, date] | None:
    parts = args.split()
    if not parts:
        return None
    try:
        first, last = (date.fromisoformat(p) for p in parts)
    except ValueError:
        raise InvalidInput("quality.invalid.report_period") from None
    return first, last


class QualityHandlers:
    """Translates `quality`, `agreements`, `budget`, `milestones`, `progress` and their
    buttons into quality service calls."""

    def __init__(
        self, networks: NetworkService, quality: QualityService, links: SignedLinks
    ) -> None:
        self._networks = networks
        self._quality = quality
        self._links = links
        links.serve("progress", {"md", "docx"}, self.export)
        links.serve(ERAPPORT, {"txt", "md"}, self.export_erapport)

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {
            "quality": self.overview,
            "agreements": self.agreements,
            "budget": self.budget,
            "milestones": self.milestones,
            "progress": self.progress,
        }

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("quality.show", ShowQuality, self.show),
            ActionRoute("quality.setup_form", SetupFormAction, self.setup_form),
            ActionRoute("quality.setup", Setup, self.setup),
            ActionRoute("quality.agreements", ShowAgreements, self.show_agreements),
            ActionRoute("quality.agreement_form", AgreementFormAction, self.agreement_form),
            ActionRoute("quality.agreement_save", SaveAgreement, self.save_agreement),
            ActionRoute("quality.agreement_end", EndAgreement, self.end_agreement),
            ActionRoute("quality.agreement_history", AgreementHistory, self.history),
            ActionRoute("quality.cost_form", CostFormAction, self.cost_form),
            ActionRoute("quality.cost_save", SaveCost, self.save_cost),
            ActionRoute("quality.milestone_form", MilestoneFormAction, self.milestone_form),
            ActionRoute("quality.milestone_save", SaveMilestone, self.save_milestone),
            ActionRoute("quality.milestone_state", MoveMilestone, self.move_milestone),
            ActionRoute("quality.report_approve", ApproveReport, self.approve),
            ActionRoute("quality.erapport", ShowERapport, self.show_erapport),
        ]

    async def _network(self, turn: Turn) -> Network:
        network = await self._networks.require(turn.place)
        self._quality.check_kind(network)
        return network

    async def _manager(self, turn: Turn, network: Network) -> bool:
        return await self._quality.is_manager(turn.actor, network)

    # -- overview and registration -------------------------------------------------------

    async def overview(self, turn: Turn, _args: str) -> Reply:
        """`kvalitet`: the overview; before registration, the form for the coordinator."""
        network = await self._network(turn)
        try:
            view = await self._quality.overview(network)
        except NotSetUp:
            await self._quality.check_may_manage(turn.actor, network)
            return Reply(card=setup_card(network.name, turn.lang))
        return Reply(
            card=overview_card(view, turn.lang, manager=await self._manager(turn, network))
        )

    async def show(self, turn: Turn, _payload: ShowQuality) -> Reply:
        """The overview, from a button."""
        return await self.overview(turn, "")

    async def setup_form(self, turn: Turn, _payload: SetupFormAction) -> Reply:
        """The registration form with what is recorded."""
        network = await self._network(turn)
        await self._quality.check_may_manage(turn.actor, network)
        details = await self._quality.details(network)
        if details is None:
            return Reply(card=setup_card(network.name, turn.lang))
        return Reply(
            card=setup_card(
                network.name,
                turn.lang,
                coordinating_hf=details.coordinating_hf,
                region=details.coordinating_region,
                clinic=details.clinic,
                start_on=details.start_on,
                english_name=details.english_name,
                frame=str(details.frame_ore // 100) if details.frame_ore is not None else "",
                logo=details.logo_assigned,
                website=details.website,
            )
        )

    async def setup(self, turn: Turn, payload: Setup) -> Reply:
        """Record the registration; the overview replaces the form."""
        network = await self._network(turn)
        await self._quality.setup(
            turn.actor,
            network,
            SetupForm(
                coordinating_hf=payload.coordinating_hf,
                coordinating_region=payload.coordinating_region,
                clinic=payload.clinic,
                start_on=payload.start_on,
                english_name=payload.english_name,
                frame=payload.frame,
                logo_assigned=payload.logo_assigned,
                website=payload.website,
            ),
        )
        view = await self._quality.overview(network)
        return Reply(
            card=overview_card(view, turn.lang, manager=True),
            extra=(Reply(text=t("quality.setup.saved", turn.lang)),),
        )

    # -- agreements ----------------------------------------------------------------------

    async def agreements(self, turn: Turn, _args: str) -> Reply:
        """`avtaler`: the network's agreements and their warnings."""
        return await self.show_agreements(turn, ShowAgreements(action="quality.agreements"))

    async def show_agreements(self, turn: Turn, payload: ShowAgreements) -> Reply:
        """The agreements as they stand, or stood on a date."""
        network = await self._network(turn)
        views = await self._quality.agreements(network, as_of=payload.as_of)
        return Reply(
            card=agreements_card(
                network.name,
                views,
                turn.lang,
                manager=await self._manager(turn, network),
                as_of=payload.as_of,
            )
        )

    async def agreement_form(self, turn: Turn, payload: AgreementFormAction) -> Reply:
        """The agreement form (new, or the current version to change)."""
        network = await self._network(turn)
        await self._quality.check_may_manage(turn.actor, network)
        current = None
        if payload.agreement_id is not None:
            views = await self._quality.agreements(network)
            current = next((v for v in views if v.id == payload.agreement_id), None)
            if current is None:
                raise NotFound(name=str(payload.agreement_id))
        return Reply(card=agreement_form_card(turn.lang, current=current))

    async def save_agreement(self, turn: Turn, payload: SaveAgreement) -> Reply:
        """Record the agreement; the list replaces the form, and warnings are said."""
        network = await self._network(turn)
        saved = await self._quality.save_agreement(
            turn.actor,
            network,
            payload.agreement_id,
            AgreementForm(
                host_hf=payload.host_hf,
                region=payload.region,
                person=payload.person,
                content=payload.content,
                percent=payload.percent,
                start_on=payload.start_on,
                end_on=payload.end_on,
                yearly_cost=payload.yearly_cost,
                anchored_by=payload.anchored_by,
            ),
        )
        if saved.warnings:
            note = t(
                "quality.agreement.saved_warned",
                turn.lang,
                version=saved.version,
                warnings=" ".join(
                    t(f"quality.warning.{w.value}", turn.lang) for w in saved.warnings
                ),
            )
        else:
            note = t("quality.agreement.saved", turn.lang, version=saved.version)
        listing = await self.show_agreements(turn, ShowAgreements(action="quality.agreements"))
        return Reply(card=listing.card, extra=(Reply(text=note),))

    async def end_agreement(self, turn: Turn, payload: EndAgreement) -> Reply:
        """End the agreement today."""
        await self._quality.end_agreement(turn.actor, payload.agreement_id, None)
        listing = await self.show_agreements(turn, ShowAgreements(action="quality.agreements"))
        return Reply(
            card=listing.card, extra=(Reply(text=t("quality.agreement.closed", turn.lang)),)
        )

    async def history(self, turn: Turn, payload: AgreementHistory) -> Reply:
        """Every version of the agreement."""
        _network_id, versions = await self._quality.history(payload.agreement_id)
        return Reply(card=history_card(versions, turn.lang))

    # -- budget --------------------------------------------------------------------------

    async def budget(self, turn: Turn, args: str) -> Reply:
        """`budsjett [år]`: the year's frame and use."""
        network = await self._network(turn)
        year = None
        if args.strip():
            if not args.strip().isdigit() or not 2000 <= int(args.strip()) <= 2100:
                raise InvalidInput("quality.invalid.year")
            year = int(args.strip())
        view = await self._quality.budget(network, year)
        return Reply(
            card=budget_card(
                network.name, view, turn.lang, manager=await self._manager(turn, network)
            )
        )

    async def cost_form(self, turn: Turn, _payload: CostFormAction) -> Reply:
        """The form for another cost."""
        network = await self._network(turn)
        await self._quality.check_may_manage(turn.actor, network)
        return Reply(card=cost_form_card(turn.lang, self._quality.default_period()[1]))

    async def save_cost(self, turn: Turn, payload: SaveCost) -> Reply:
        """Record the cost; the budget replaces the form."""
        network = await self._network(turn)
        cost = await self._quality.record_cost(
            turn.actor,
            network,
            region=payload.region,
            spent_on=payload.spent_on,
            amount=payload.amount,
            text=payload.text,
        )
        shown = await self.budget(turn, str(cost.spent_on.year))
        return Reply(card=shown.card, extra=(Reply(text=t("quality.cost.saved", turn.lang)),))

    # -- milestones ----------------------------------------------------------------------

    async def milestones(self, turn: Turn, _args: str) -> Reply:
        """`milepæler`: the progress plan."""
        network = await self._network(turn)
        views = await self._quality.milestones(turn.actor, network)
        return Reply(
            card=milestones_card(
                network.name, views, turn.lang, manager=await self._manager(turn, network)
            )
        )

    async def milestone_form(self, turn: Turn, _payload: MilestoneFormAction) -> Reply:
        """The form for a new milestone."""
        network = await self._network(turn)
        await self._quality.check_may_manage(turn.actor, network)
        owners = await self._quality.owners(network)
        return Reply(card=milestone_form_card(turn.lang, owners, self._quality.default_period()[1]))

    async def save_milestone(self, turn: Turn, payload: SaveMilestone) -> Reply:
        """Add the milestone; the plan replaces the form."""
        network = await self._network(turn)
        await self._quality.add_milestone(
            turn.actor, network, title=payload.title, due_on=payload.due_on, owner=payload.owner
        )
        shown = await self.milestones(turn, "")
        return Reply(card=shown.card, extra=(Reply(text=t("quality.milestone.saved", turn.lang)),))

    async def move_milestone(self, turn: Turn, payload: MoveMilestone) -> Reply:
        """Move a milestone (from the plan or from its nudge)."""
        await self._quality.set_state(turn.actor, payload.milestone_id, payload.state)
        network = await self._networks.get(
            await self._quality.network_of_milestone(payload.milestone_id)
        )
        views = await self._quality.milestones(turn.actor, network)
        manager = await self._manager(turn, network)
        return Reply(
            card=milestones_card(network.name, views, turn.lang, manager=manager),
            extra=(Reply(text=t("quality.milestone.moved", turn.lang)),),
        )

    # -- progress report -----------------------------------------------------------------

    def _links_of(self, network_id: int, period_from: date, period_to: date) -> tuple[str, str]:
        subject = f"{network_id}_{period_from:%Y%m%d}_{period_to:%Y%m%d}"
        return (
            self._links.url("progress", subject, "docx"),
            self._links.url("progress", subject, "md"),
        )

    async def progress(self, turn: Turn, args: str) -> Reply:
        """`framdrift [fra til]`: the progress report (this year so far by default);
        `framdrift eRapport [år]`: the year's eRapport text."""
        year = _erapport_year(args)
        if year is not None:
            return await self.show_erapport(
                turn, ShowERapport(action="quality.erapport", year=year)
            )
        network = await self._network(turn)
        period_from, period_to = _period(args) or self._quality.default_period()
        doc = await self._quality.report(turn.actor, network, period_from, period_to)
        return Reply(
            card=report_card(
                doc,
                turn.lang,
                manager=await self._manager(turn, network),
                links=self._links_of(network.id, period_from, period_to),
            )
        )

    async def approve(self, turn: Turn, payload: ApproveReport) -> Reply:
        """The coordinator approves the report for the period."""
        network = await self._network(turn)
        doc = await self._quality.approve(
            turn.actor, network, payload.period_from, payload.period_to
        )
        return Reply(
            card=report_card(
                doc,
                turn.lang,
                manager=True,
                links=self._links_of(network.id, payload.period_from, payload.period_to),
            ),
            extra=(Reply(text=t("quality.report.approved_now", turn.lang)),),
        )

    async def export(self, subject: str, fmt: str) -> Document:
        """A progress report as Markdown or DOCX, for a signed link."""
        try:
            network_id, first, last = subject.split("_")
            network = await self._networks.get(int(network_id))
            period_from = date(int(first[:4]), int(first[4:6]), int(first[6:]))
            period_to = date(int(last[:4]), int(last[4:6]), int(last[6:]))
            doc = await self._quality.report_for_export(network, period_from, period_to)
        except (ValueError, NotFound, NotSetUp):
            raise LookupError(subject) from None
        if fmt == "docx":
            return Document(to_docx(doc, "nb"), DOCX, file_name(doc, "docx"))
        return Document(
            to_markdown(doc, "nb").encode(), "text/markdown; charset=utf-8", file_name(doc, "md")
        )

    # -- eRapport --------------------------------------------------------------------------

    async def show_erapport(self, turn: Turn, payload: ShowERapport) -> Reply:
        """The year's eRapport text (this year when `year` is 0), with its downloads."""
        network = await self._network(turn)
        year = payload.year or self._quality.default_period()[1].year
        doc = await self._quality.year_report(network, year)
        subject = f"{network.id}_{year}_{turn.lang}"
        links = (
            self._links.url(ERAPPORT, subject, "txt"),
            self._links.url(ERAPPORT, subject, "md"),
        )
        return Reply(card=erapport_card(doc, turn.lang, links=links))

    async def export_erapport(self, subject: str, fmt: str) -> Document:
        """The year's eRapport text as plain text or Markdown, for a signed link."""
        try:
            network_id, year, lang = subject.split("_")
            language: Lang = "en" if lang == "en" else "nb"
            network = await self._networks.get(int(network_id))
            doc = await self._quality.year_report(network, int(year))
        except (ValueError, NotFound, NotSetUp, InvalidInput, NotQualityNetwork):
            raise LookupError(subject) from None
        if fmt == "txt":
            body, content_type = erapport_text(doc, language), "text/plain; charset=utf-8"
        else:
            body, content_type = erapport_markdown(doc, language), "text/markdown; charset=utf-8"
        return Document(body.encode(), content_type, erapport_file_name(doc, fmt))
