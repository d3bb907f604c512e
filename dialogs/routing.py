"""Routing a turn to one handler: typed text commands and typed card actions.

Each capability exposes `commands()` — `{command name: handler}` — and `actions()` — a list of
pydantic models, one per card action, each with a `handler`. `bot/` collects them into one
`Router`. Anything a user sends that no route accepts gets a polite hint.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from dialogs import commands
from dialogs.errors import DomainError
from dialogs.i18n import register, t
from dialogs.turn import Reply, Turn

log = logging.getLogger(__name__)

CommandHandler = Callable[[Turn, str], Awaitable[Reply]]
ActionHandler = Callable[[Turn, Any], Awaitable[Reply]]


class CardAction(BaseModel):
    """Base of every card action payload: `{"action": "<name>", ...inputs}`.

    Input values arrive as strings; an empty input arrives as "" or not at all and is read as
    None. Keys a model does not name are dropped; identity never comes from the payload.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    action: str

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _fits_a_column(cls, value: object) -> object:
        """Ids and counts are 32-bit integer columns; a larger number names nothing."""
        numbers = value if isinstance(value, list | tuple | frozenset | set) else [value]
        for number in numbers:
            if isinstance(number, bool) or not isinstance(number, int):
                continue
            if not -(2**31) <= number < 2**31:
                raise ValueError("number out of range")
        return value


@dataclass(frozen=True)
class ActionRoute:
    """A card action name, the model that parses its payload, and its handler."""

    name: str
    model: type[CardAction]
    handler: ActionHandler


class Capability(Protocol):
    """What each capability's handlers expose to the router."""

    def commands(self) -> Mapping[str, CommandHandler]:
        """Command name → handler."""
        ...

    def actions(self) -> Sequence[ActionRoute]:
        """The card actions it answers."""
        ...


def router_of(capabilities: Sequence[Capability]) -> Router:
    """One router over every capability's commands and card actions."""
    command_handlers: dict[str, CommandHandler] = {}
    action_routes: list[ActionRoute] = []
    for capability in capabilities:
        command_handlers.update(capability.commands())
        action_routes.extend(capability.actions())
    return Router(command_handlers, action_routes)


_SPACE = re.compile(r"\s+")


def split_command(text: str) -> tuple[str, str]:
    """`"  Members   Hjerte "` → `("members", "Hjerte")`."""
    cleaned = _SPACE.sub(" ", text.replace("\xa0", " ")).strip()
    word, _, rest = cleaned.partition(" ")
    return word.casefold(), rest.strip()


class Router:
    """Dispatches a turn to the handler its command word or action name selects."""

    def __init__(
        self, command_handlers: Mapping[str, CommandHandler], action_routes: Sequence[ActionRoute]
    ) -> None:
        unknown = set(command_handlers) - {c.name for c in commands.COMMANDS}
        if unknown:
            raise ValueError(f"handlers for commands not in dialogs.commands: {sorted(unknown)}")
        self._commands = dict(command_handlers)
        self._actions = {route.name: route for route in action_routes}
        if len(self._actions) != len(action_routes):
            raise ValueError("two card actions share a name")

    async def on_text(self, turn: Turn, text: str) -> Reply:
        """A typed message: find the command, call its handler, turn refusals into replies."""
        word, args = split_command(text)
        command = commands.find(word)
        if command is None or command.name not in self._commands:
            return Reply(text=t("router.unknown", turn.lang, text=text.strip()[:60]))
        return await self._guarded(turn, self._commands[command.name], args)

    async def on_action(self, turn: Turn, data: object) -> Reply:
        """A card action: parse its payload into its model, then call its handler."""
        name = data.get("action") if isinstance(data, dict) else None
        route = self._actions.get(name) if isinstance(name, str) else None
        if route is None:
            log.warning("unknown card action %r from %s", name, turn.actor.aad_id)
            return Reply(text=t("router.unknown_action", turn.lang))
        try:
            payload = route.model.model_validate(data)
        except ValidationError as error:
            log.info("invalid payload for %s: %s", name, error.errors(include_input=False))
            return Reply(text=t("router.invalid_action", turn.lang))
        return await self._guarded(turn, route.handler, payload)

    @staticmethod
    async def _guarded(
        turn: Turn, handler: Callable[[Turn, Any], Awaitable[Reply]], arg: Any
    ) -> Reply:
        try:
            return await handler(turn, arg)
        except DomainError as refusal:
            return Reply(text=t(refusal.key, turn.lang, **refusal.values))


register(
    {
        "router.unknown": {
            "nb": "Jeg forstod ikke «{text}». Skriv **hjelp** for å se hva jeg kan gjøre.",
            "en": "I didn't understand “{text}”. Type **help** to see what I can do.",
        },
        "router.unknown_action": {
            "nb": "Denne knappen kjenner jeg ikke igjen. Prøv kommandoen på nytt.",
            "en": "I don't recognise this button. Please try the command again.",
        },
        "router.invalid_action": {
            "nb": "Skjemaet hadde ugyldige verdier, så ingenting ble endret. Prøv igjen.",
            "en": "The form had invalid values, so nothing was changed. Please try again.",
        },
        "error.generic": {
            "nb": "Det gikk ikke. Ingenting ble endret.",
            "en": "That didn't work. Nothing was changed.",
        },
        "error.not_allowed": {
            "nb": "Du har ikke tilgang til dette. Ingenting ble endret.",
            "en": "You're not allowed to do that. Nothing was changed.",
        },
        "error.not_registered": {
            "nb": "Denne kanalen er ikke knyttet til et nettverk ennå. "
            "En administrator kan skrive **registrer**.",
            "en": "This channel isn't bound to a network yet. An administrator can type **register**.",
        },
        "error.invalid_input": {
            "nb": "Noe i skjemaet var ikke gyldig. Ingenting ble endret.",
            "en": "Something in the form wasn't valid. Nothing was changed.",
        },
        "error.not_found": {
            "nb": "Fant ikke «{name}». Ingenting ble endret.",
            "en": "Couldn't find “{name}”. Nothing was changed.",
        },
        "error.not_found.item": {
            "nb": "Fant ikke det du valgte; det kan være fjernet. Ingenting ble endret.",
            "en": "Couldn't find what you chose; it may have been removed. Nothing was changed.",
        },
        "error.roster_unavailable": {
            "nb": "Teams ga meg ikke medlemslisten her. Dette må gjøres i en teamkanal der jeg "
            "er lagt til. Ingenting ble endret.",
            "en": "Teams didn't give me the member list here. This must be done in a team "
            "channel I've been added to. Nothing was changed.",
        },
    }
)
