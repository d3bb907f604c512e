"""Teams commands and card actions for the annual cycle."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict

from dialogs.annual.cards import (
    draft_card,
    input_form_card,
    priorities_card,
    priorities_form_card,
    report_card,
    status_card,
)
from dialogs.annual.documents import file_name, to_docx, to_markdown
from dialogs.annual.rules import Section, at_close, parse_goals, parse_sources
from dialogs.annual.rules import parse_start as parse_start_args
from dialogs.annual.service import AnnualService
from dialogs.errors import InvalidInput, NotFound
from dialogs.i18n import OSLO, t, when
from dialogs.links import Document, SignedLinks
from dialogs.members.service import MemberService
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _Inputs(CardAction):
    """A card whose inputs are read by the rules (ids named per goal or section)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    def inputs(self) -> dict[str, object]:
        """The card's inputs, by id."""
        return dict(self.model_extra or {})


class PrioritiesForm(CardAction):
    """`annual.priorities_form`: the goals form of a priorities case."""

    action: Literal["annual.priorities_form"]
    priorities_id: int


class SavePriorities(_Inputs):
    """`annual.priorities_save`: `goal_<n>`, `measures_<n>`, `owner_<n>`, `task_<n>`,
    `sources`."""

    action: Literal["annual.priorities_save"]
    priorities_id: int


class InputFormAction(CardAction):
    """`annual.input_form`: the input card for the clicking member."""

    action: Literal["annual.input_form"]
    cycle_id: int


class GiveInput(_Inputs):
    """`annual.input_give`: the input card's answers."""

    action: Literal["annual.input_give"]
    cycle_id: int


class ShowDraft(CardAction):
    """`annual.draft`: the draft report."""

    action: Literal["annual.draft"]
    cycle_id: int


class SaveDraft(_Inputs):
    """`annual.draft_save`: `section_<name>` per section, one bullet per line."""

    action: Literal["annual.draft_save"]
    cycle_id: int


class Approve(CardAction):
    """`annual.approve`: the leader approves and sends the report."""

    action: Literal["annual.approve"]
    cycle_id: int


class Reopen(CardAction):
    """`annual.reopen`: take inputs again until `deadline` (16:00 Oslo that day)."""

    action: Literal["annual.reopen"]
    cycle_id: int
    deadline: date


class ShowReport(CardAction):
    """`annual.report`: the approved report with fresh download links."""

    action: Literal["annual.report"]
    cycle_id: int


def _sections(inputs: dict[str, object]) -> dict[Section, str | None]:
    found: dict[Section, str | None] = {}
    for section in Section:
        value = inputs.get(f"section_{section.value}")
        if f"section_{section.value}" in inputs:
            found[section] = value if isinstance(value, str) else ""
    return found


class AnnualHandlers:
    """Translates `report` and the annual cycle's buttons into annual service calls."""

    def __init__(
        self,
        networks: NetworkService,
        members: MemberService,
        annual: AnnualService,
        links: SignedLinks,
    ) -> None:
        self._networks = networks
        self._members = members
        self._annual = annual
        self._links = links
        links.serve("report", {"md", "docx"}, self.export)

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"report": self.report_command}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("annual.priorities_form", PrioritiesForm, self.priorities_form),
            ActionRoute("annual.priorities_save", SavePriorities, self.priorities_save),
            ActionRoute("annual.input_form", InputFormAction, self.input_form),
            ActionRoute("annual.input_give", GiveInput, self.give_input),
            ActionRoute("annual.draft", ShowDraft, self.draft),
            ActionRoute("annual.draft_save", SaveDraft, self.draft_save),
            ActionRoute("annual.approve", Approve, self.approve),
            ActionRoute("annual.reopen", Reopen, self.reopen),
            ActionRoute("annual.report", ShowReport, self.show_report),
        ]

    async def export(self, subject: str, fmt: str) -> Document:
        """An approved report as DOCX or Markdown, for a signed link."""
        try:
            view, lang = await self._annual.report(int(subject))
        except (ValueError, NotFound):
            raise LookupError(subject) from None
        if fmt == "docx":
            return Document(to_docx(view.document, lang), DOCX, file_name(view.document, "docx"))
        return Document(
            to_markdown(view.document, lang).encode(),
            "text/markdown; charset=utf-8",
            file_name(view.document, "md"),
        )

    async def report_command(self, turn: Turn, args: str) -> Reply:
        """`rapport start 2026 [frister]`, `rapport status [år]`, `rapport utkast [år]`,
        `rapport mål [år]`."""
        network = await self._networks.require(turn.place)
        word, _, rest = args.strip().partition(" ")
        word = word.casefold()
        now = self._annual.now()
        now_year = now.astimezone(OSLO).year
        if word == "start":
            request = parse_start_args(rest, now)
            cycle = await self._annual.start(turn.actor, network, request, turn.lang)
            status = await self._annual.status(network, cycle.year)
            count = sum(len(v) for v in status.waiting.values())
            return Reply(
                text=t(
                    "annual.cycle.opened",
                    turn.lang,
                    year=cycle.year,
                    inputs=when(cycle.input_deadline, turn.lang),
                    report=when(cycle.report_deadline, turn.lang),
                    count=count,
                )
            )
        year = _year(rest) if rest else None
        if word in ("status", ""):
            view = await self._annual.status(network, year)
            may = await self._members.is_manager(turn.actor, network.id)
            return Reply(card=status_card(view, turn.lang, may_manage=may))
        if word in ("draft", "utkast"):
            cycle = await self._annual.cycle_of(network.id, year)
            return Reply(card=draft_card(await self._annual.draft(turn.actor, cycle.id), turn.lang))
        if word in ("goals", "mål"):
            view_p = await self._annual.priorities_of(network.id, year or now_year)
            if view_p is None:
                raise NotFound(name=str(year or now_year))
            return Reply(card=priorities_card(view_p, turn.lang))
        raise InvalidInput("annual.invalid.usage")

    async def priorities_form(self, turn: Turn, payload: PrioritiesForm) -> Reply:
        """The goals form, for those who manage the network."""
        view = await self._annual.priorities(payload.priorities_id)
        network_id = await self._annual.network_of_priorities(payload.priorities_id)
        await self._members.check_may_manage(turn.actor, network_id)
        return Reply(card=priorities_form_card(view, turn.lang))

    async def priorities_save(self, turn: Turn, payload: SavePriorities) -> Reply:
        """Save the goals and sources; the form becomes the priorities card."""
        inputs = payload.inputs()
        view = await self._annual.save_goals(
            turn.actor,
            payload.priorities_id,
            parse_goals(inputs),
            parse_sources(inputs.get("sources")),
        )
        return Reply(
            card=priorities_card(view, turn.lang),
            extra=(Reply(text=t("annual.priorities.saved", turn.lang, count=len(view.goals))),),
        )

    async def input_form(self, turn: Turn, payload: InputFormAction) -> Reply:
        """The clicking member's input form."""
        form = await self._annual.input_form(turn.actor, payload.cycle_id)
        return Reply(card=input_form_card(form, turn.lang))

    async def give_input(self, turn: Turn, payload: GiveInput) -> Reply:
        """Save the member's input; the form stays, filled in, with a thank-you."""
        saved = await self._annual.give_input(
            turn.actor, payload.cycle_id, payload.inputs(), turn.lang
        )
        return Reply(
            card=input_form_card(saved, turn.lang),
            extra=(
                Reply(
                    text=t(
                        "annual.input.saved",
                        turn.lang,
                        version=saved.version,
                        deadline=when(saved.deadline, turn.lang),
                    )
                ),
            ),
        )

    async def draft(self, turn: Turn, payload: ShowDraft) -> Reply:
        """The draft report."""
        return Reply(
            card=draft_card(await self._annual.draft(turn.actor, payload.cycle_id), turn.lang)
        )

    async def draft_save(self, turn: Turn, payload: SaveDraft) -> Reply:
        """Save the leader's edits; the draft is shown again, within its limits."""
        view = await self._annual.save_draft(
            turn.actor, payload.cycle_id, _sections(payload.inputs())
        )
        return Reply(
            card=draft_card(view, turn.lang),
            extra=(Reply(text=t("annual.draft.saved", turn.lang)),),
        )

    async def approve(self, turn: Turn, payload: Approve) -> Reply:
        """Approve and send; the draft becomes the report with download links."""
        approved = await self._annual.approve(turn.actor, payload.cycle_id)
        return Reply(
            card=report_card(approved.view, turn.lang, links=self._links_of(payload.cycle_id)),
            extra=(Reply(text=t("annual.approved", turn.lang, recipient=approved.recipient)),),
        )

    async def reopen(self, turn: Turn, payload: Reopen) -> Reply:
        """Take inputs again until the new deadline."""
        cycle = await self._annual.reopen(turn.actor, payload.cycle_id, at_close(payload.deadline))
        return Reply(
            text=t("annual.reopened", turn.lang, deadline=when(cycle.input_deadline, turn.lang))
        )

    async def show_report(self, turn: Turn, payload: ShowReport) -> Reply:
        """The approved report with download links valid for a short while."""
        view, _lang = await self._annual.report(payload.cycle_id)
        return Reply(card=report_card(view, turn.lang, links=self._links_of(payload.cycle_id)))

    def _links_of(self, cycle_id: int) -> tuple[str, str]:
        return (
            self._links.url("report", cycle_id, "docx"),
            self._links.url("report", cycle_id, "md"),
        )


def _year(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or len(value) != 4:
        raise InvalidInput("annual.invalid.usage")
    return int(value)
