"""Teams commands and card actions for the decision log."""

from __future__ import annotations

from typing import Literal

from dialogs.cases.rules import case_label
from dialogs.decisions.cards import amend_card, log_card
from dialogs.decisions.rules import to_csv, to_markdown
from dialogs.decisions.service import DecisionService
from dialogs.errors import InvalidInput, NotFound
from dialogs.i18n import t
from dialogs.links import Document, SignedLinks
from dialogs.members.service import MemberService
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn
from storage.models import Network


class FilterDecisions(CardAction):
    """`decisions.filter`: the log card's filter inputs."""

    action: Literal["decisions.filter"]
    network_id: int
    year: str | None = None
    outcome: str | None = None
    text: str | None = None


class AmendForm(CardAction):
    """`decisions.amend_form`: open the correction form."""

    action: Literal["decisions.amend_form"]
    decision_id: int


class AmendDecision(CardAction):
    """`decisions.amend`: save a correction."""

    action: Literal["decisions.amend"]
    decision_id: int
    text: str | None = None


class DecisionHandlers:
    """Translates `decisions` and its buttons into decision service calls."""

    def __init__(
        self,
        networks: NetworkService,
        members: MemberService,
        decisions: DecisionService,
        links: SignedLinks,
    ) -> None:
        self._networks = networks
        self._members = members
        self._decisions = decisions
        self._links = links
        links.serve("decisions", {"csv", "md"}, self.export)

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"decisions": self.log}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("decisions.filter", FilterDecisions, self.filter),
            ActionRoute("decisions.amend_form", AmendForm, self.amend_form),
            ActionRoute("decisions.amend", AmendDecision, self.amend),
        ]

    async def export(self, subject: str, fmt: str) -> Document:
        """A network's decision log as CSV or Markdown, for its signed download link."""
        try:
            network = await self._networks.get(int(subject))
        except (ValueError, NotFound):
            raise LookupError(subject) from None
        entries = await self._decisions.entries([network.id])
        if fmt == "csv":
            body, content_type = to_csv(entries), "text/csv; charset=utf-8"
        else:
            body, content_type = to_markdown(entries, network.name), "text/markdown; charset=utf-8"
        return Document(body.encode(), content_type, f"vedtak-{network.id}.{fmt}")

    async def log(self, turn: Turn, args: str) -> Reply:
        """`decisions` in a channel, or `decisions <network>` anywhere."""
        if args:
            network = await self._networks.by_name(args)
            if network is None:
                raise NotFound(name=args)
        else:
            network = await self._networks.require(turn.place)
        return await self._card(turn, network, year=None, outcome=None, text=None)

    async def filter(self, turn: Turn, payload: FilterDecisions) -> Reply:
        """The log with the chosen filters."""
        network = await self._networks.get(payload.network_id)
        year: int | None = None
        if payload.year:
            try:
                year = int(float(payload.year))
            except (ValueError, OverflowError):
                raise InvalidInput("decision.invalid.year") from None
            if not 1900 <= year <= 2200:
                raise InvalidInput("decision.invalid.year")
        return await self._card(
            turn, network, year=year, outcome=payload.outcome, text=payload.text
        )

    async def amend_form(self, turn: Turn, payload: AmendForm) -> Reply:
        """The correction form, for the network's managers."""
        decision = await self._decisions.get(payload.decision_id)
        await self._members.check_may_manage(turn.actor, decision.network_id)
        entry = next(
            e for e in await self._decisions.entries([decision.network_id]) if e.id == decision.id
        )
        return Reply(card=amend_card(entry, turn.lang))

    async def amend(self, turn: Turn, payload: AmendDecision) -> Reply:
        """Record the correction as a new decision and show the log."""
        correction = await self._decisions.amend(turn.actor, payload.decision_id, payload.text)
        original = await self._decisions.get(payload.decision_id)
        network = await self._networks.get(correction.network_id)
        reply = await self._card(turn, network, year=None, outcome=None, text=None)
        note = t(
            "decisions.amended",
            turn.lang,
            label=case_label(correction.number, correction.year),
            original=case_label(original.number, original.year),
        )
        return Reply(card=reply.card, extra=(Reply(text=note),))

    async def _card(
        self,
        turn: Turn,
        network: Network,
        *,
        year: int | None,
        outcome: str | None,
        text: str | None,
    ) -> Reply:
        entries = await self._decisions.entries([network.id], year=year, outcome=outcome, text=text)
        can_amend = await self._members.is_manager(turn.actor, network.id)
        return Reply(
            card=log_card(
                network.id,
                network.name,
                entries,
                turn.lang,
                can_amend=can_amend,
                csv_url=self._links.url("decisions", network.id, "csv"),
                markdown_url=self._links.url("decisions", network.id, "md"),
                year=year,
                outcome=outcome,
                text=text,
            )
        )
