"""`help`: the commands the caller may use here, in their language."""

from __future__ import annotations

from dialogs.commands import COMMANDS, Scope
from dialogs.help.cards import help_card
from dialogs.members.service import MemberService
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CommandHandler
from dialogs.turn import Reply, Turn

_MANIFEST_SCOPE: dict[str, Scope] = {
    "channel": "team",
    "personal": "personal",
    "groupChat": "groupChat",
}


class HelpHandlers:
    """Answers `help` with the commands that work in this place for this person."""

    def __init__(self, networks: NetworkService, members: MemberService) -> None:
        self._networks = networks
        self._members = members

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"help": self.help}

    def actions(self) -> list[ActionRoute]:
        """Help has no card actions."""
        return []

    async def help(self, turn: Turn, _args: str) -> Reply:
        """The help card."""
        network = await self._networks.of_place(turn.place)
        if network is not None:
            manager = await self._members.is_manager(turn.actor, network.id)
        elif turn.place.scope == "channel":
            # An unregistered channel: registering is the thing to do (the rule checks who may).
            manager = True
        else:
            manager = await self._members.is_manager(turn.actor, None)
        scope = _MANIFEST_SCOPE[turn.place.scope]
        shown = [c for c in COMMANDS if scope in c.scopes and (c.audience == "everyone" or manager)]
        return Reply(
            card=help_card(
                shown,
                turn.lang,
                in_channel=turn.place.scope == "channel",
                network=network.name if network else None,
            )
        )
