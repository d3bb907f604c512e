"""Teams commands and card actions for registering a network."""

from __future__ import annotations

from datetime import date
from typing import Literal

from dialogs.i18n import t
from dialogs.networks.cards import registered_card, registration_card
from dialogs.networks.rules import Kind
from dialogs.networks.service import NetworkService, RegisterRequest
from dialogs.quality import messages as _quality_messages  # noqa: F401  (registers texts)
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn


class RegisterNetwork(CardAction):
    """`network.register`: the registration form's inputs."""

    action: Literal["network.register"]
    name: str | None = None
    kind: str | None = None
    parent_id: int | None = None
    end_date: date | None = None
    secretary: str | None = None


class NetworkHandlers:
    """Translates `register` and its form into network service calls."""

    def __init__(self, networks: NetworkService) -> None:
        self._networks = networks

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"register": self.register}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [ActionRoute("network.register", RegisterNetwork, self.submit)]

    async def register(self, turn: Turn, _args: str) -> Reply:
        """Show the registration form, if the actor may register here."""
        roster = await turn.teams.roster() if turn.place.scope == "channel" else []
        form = await self._networks.registration_form(turn.actor, turn.place, roster)
        return Reply(card=registration_card(form, turn.lang))

    async def submit(self, turn: Turn, payload: RegisterNetwork) -> Reply:
        """Register the network and confirm in place of the form."""
        roster = await turn.teams.roster() if turn.place.scope == "channel" else []
        request = RegisterRequest(
            name=payload.name,
            kind=payload.kind,
            parent_id=payload.parent_id,
            end_date=payload.end_date,
            secretary_aad_id=payload.secretary,
        )
        network = await self._networks.register(
            turn.actor, turn.place, request, roster, lang=turn.lang
        )
        secretary = next((p.name for p in roster if p.aad_id == payload.secretary), turn.actor.name)
        done = registered_card(network, secretary, turn.lang)
        if network.kind == Kind.QUALITY_COMPETENCE.value:
            # The registrar goes on to the quality network's own details.
            hint = Reply(text=t("quality.registered.next", turn.lang))
            return Reply(card=done, for_everyone=done, extra=(hint,))
        return Reply(card=done, for_everyone=done)
