"""Teams commands and card actions for a network's members."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, Protocol

from pydantic import ConfigDict

from dialogs.errors import InvalidInput, NotFound
from dialogs.i18n import t
from dialogs.members.cards import composition_card, roles_card, roles_pages
from dialogs.members.service import Change, MemberService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Place, Reply, Turn
from storage.models import Network

_FIELD = re.compile(r"^(role|hf)_(\d{1,9})$")


class NetworkDirectory(Protocol):
    """Finding networks (answered by the networks capability, which builds on members)."""

    async def require(self, place: Place) -> Network:
        """The network of this channel; raises NotRegistered."""
        ...

    async def all(self) -> Sequence[Network]:
        """Every network, by name."""
        ...

    async def by_name(self, name: str) -> Network | None:
        """A network matching `name`."""
        ...

    async def get(self, network_id: int) -> Network:
        """A network by id; raises NotFound."""
        ...


class Reachability(Protocol):
    """Who cannot get personal messages (answered by the nudges capability)."""

    async def unreachable(self, network_id: int) -> set[str]:
        """Entra ids of the network's people whose reminders had to go to the channel."""
        ...


class ShowMembers(CardAction):
    """`members.show`: the composition of this channel's network."""

    action: Literal["members.show"]


class EditMembers(CardAction):
    """`members.edit`: open the roles card."""

    action: Literal["members.edit"]
    network_id: int
    page: int = 0


class AssignRoles(CardAction):
    """`members.assign`: the roles card's `role_<id>` and `hf_<id>` inputs."""

    model_config = ConfigDict(extra="allow", frozen=True)

    action: Literal["members.assign"]
    network_id: int
    page: int = 0

    def changes(self) -> dict[int, Change]:
        """The requested role and HF per membership id."""
        fields: dict[int, dict[str, str | None]] = {}
        for key, value in (self.model_extra or {}).items():
            match = _FIELD.match(key)
            if match is None:
                continue
            if value is not None and not isinstance(value, str):
                raise InvalidInput()
            fields.setdefault(int(match[2]), {})[match[1]] = value or None
        return {i: Change(role=f.get("role"), hf=f.get("hf")) for i, f in fields.items()}


class MemberHandlers:
    """Translates `members` and the roles card into member service calls."""

    def __init__(
        self, networks: NetworkDirectory, members: MemberService, reachability: Reachability
    ) -> None:
        self._networks = networks
        self._members = members
        self._reachability = reachability

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"members": self.members}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("members.show", ShowMembers, self.show),
            ActionRoute("members.edit", EditMembers, self.edit),
            ActionRoute("members.assign", AssignRoles, self.assign),
        ]

    async def members(self, turn: Turn, args: str) -> Reply:
        """`members` in a channel: sync with the team and show; elsewhere: a named network."""
        if turn.place.scope == "channel" and not args:
            network = await self._networks.require(turn.place)
            await self._members.sync(turn.actor, network, await turn.teams.roster())
            return await self._composition(turn, network)
        if not args:
            networks = await self._networks.all()
            if not networks:
                return Reply(text=t("members.no_networks", turn.lang))
            return Reply(text=t("members.which_network", turn.lang, example=networks[0].name))
        named = await self._networks.by_name(args)
        if named is None:
            raise NotFound(name=args)
        return await self._composition(turn, named)

    async def show(self, turn: Turn, _payload: ShowMembers) -> Reply:
        """The composition card for this channel's network."""
        return await self.members(turn, "")

    async def edit(self, turn: Turn, payload: EditMembers) -> Reply:
        """The roles card, for the network's managers."""
        network = await self._networks.get(payload.network_id)
        await self._members.check_may_manage(turn.actor, network.id)
        members = await self._members.memberships(network.id)
        return Reply(card=roles_card(network, members, turn.lang, page=payload.page))

    async def assign(self, turn: Turn, payload: AssignRoles) -> Reply:
        """Save the roles card and show the composition."""
        network = await self._networks.get(payload.network_id)
        changed = await self._members.assign(turn.actor, network, payload.changes())
        saved = Reply(text=t("members.saved", turn.lang, count=changed))
        members = await self._members.memberships(network.id)
        if payload.page + 1 < roles_pages(members):
            # A large network is edited a page at a time: saving one page opens the next.
            following = roles_card(network, members, turn.lang, page=payload.page + 1)
            return Reply(card=following, extra=(saved,))
        reply = await self._composition(turn, network)
        return Reply(card=reply.card, extra=(saved,))

    async def _composition(self, turn: Turn, network: Network) -> Reply:
        members = await self._members.memberships(network.id)
        can_edit = await self._members.is_manager(turn.actor, network.id)
        unreachable = await self._reachability.unreachable(network.id) if can_edit else set()
        return Reply(
            card=composition_card(
                network, members, turn.lang, can_edit=can_edit, unreachable=unreachable
            )
        )
