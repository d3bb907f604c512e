"""Teams commands and card actions for escalations."""

from __future__ import annotations

from typing import Literal

from dialogs.escalation.cards import escalation_card, escalation_list_card
from dialogs.escalation.rules import State, Verdict
from dialogs.escalation.service import EscalationService, EscalationView, retry_text
from dialogs.i18n import Lang, t
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn

COMPOSITION_WORDS = frozenset({"composition", "sammensetning"})


class DecideEscalation(CardAction):
    """`escalation.decide`: a director's verdict with the decision text."""

    action: Literal["escalation.decide"]
    escalation_id: int
    verdict: Verdict
    text: str | None = None


class ViewEscalation(CardAction):
    """`escalation.view`: the escalation card (from a director's nudge)."""

    action: Literal["escalation.view"]
    escalation_id: int


def _state_line(view: EscalationView, lang: Lang) -> str:
    if view.target is None:
        return t("escalations.no_target", lang)
    if view.escalation.state == State.NOT_DELIVERED:
        return retry_text(view, lang)
    return t(f"escalation.state.{view.escalation.state}", lang) + "."


class EscalationHandlers:
    """Translates `escalate`, `escalations` and the decision buttons into service calls."""

    def __init__(self, networks: NetworkService, escalations: EscalationService) -> None:
        self._networks = networks
        self._escalations = escalations

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"escalate": self.escalate, "escalations": self.list}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("escalation.decide", DecideEscalation, self.decide),
            ActionRoute("escalation.view", ViewEscalation, self.view),
        ]

    async def escalate(self, turn: Turn, args: str) -> Reply:
        """`escalate 7/2026` or `escalate composition <description>`."""
        network = await self._networks.require(turn.place)
        word, _, rest = args.partition(" ")
        if word.casefold() in COMPOSITION_WORDS:
            # The dispute is answered in this conversation: the service's note there (sent to
            # the directors with the deadline, waiting for a director network, or not through
            # yet) is the one confirmation.
            await self._escalations.escalate_composition(
                turn.actor, network, turn.place, rest, lang=turn.lang
            )
            return Reply()
        if not args:
            # Only someone who may escalate is told how.
            await self._escalations.check_may_escalate(turn.actor, network)
            return Reply(text=t("escalation.usage", turn.lang))
        view = await self._escalations.escalate_case(turn.actor, network, args)
        return Reply(
            text=t(
                "escalation.confirmed",
                turn.lang,
                label=view.label,
                state=_state_line(view, turn.lang),
            )
        )

    async def list(self, turn: Turn, _args: str) -> Reply:
        """`escalations`: this network's escalations (all of them in the director channel)."""
        network = await self._networks.require(turn.place)
        views = await self._escalations.listing(network)
        return Reply(
            card=escalation_list_card(network.name, views, turn.lang, self._escalations.now())
        )

    async def decide(self, turn: Turn, payload: DecideEscalation) -> Reply:
        """Record the decision; the card shows it in place."""
        view = await self._escalations.decide(
            turn.actor, payload.escalation_id, payload.verdict.value, payload.text
        )
        return Reply(card=escalation_card(view, turn.lang))

    async def view(self, turn: Turn, payload: ViewEscalation) -> Reply:
        """The escalation card, in the caller's language."""
        view = await self._escalations.view(payload.escalation_id)
        return Reply(card=escalation_card(view, turn.lang))
