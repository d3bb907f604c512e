"""Teams commands and card actions for cases."""

from __future__ import annotations

from typing import Literal

from dialogs.cases.cards import case_card, case_form_card, case_list_card
from dialogs.cases.rules import CaseState
from dialogs.cases.service import CaseForm, CaseService
from dialogs.members.service import MemberService
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn


class CreateCase(CardAction):
    """`case.create`: the case form's inputs."""

    action: Literal["case.create"]
    title: str | None = None
    description: str | None = None
    proposal: str | None = None
    case_type: str | None = None
    user_participation: bool = False
    needs_anchoring: bool = False


class CaseHandlers:
    """Translates `case`/`cases` and the case form into case service calls."""

    def __init__(
        self, networks: NetworkService, members: MemberService, cases: CaseService
    ) -> None:
        self._networks = networks
        self._members = members
        self._cases = cases

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"case": self.form, "cases": self.list}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [ActionRoute("case.create", CreateCase, self.create)]

    async def form(self, turn: Turn, args: str) -> Reply:
        """`case [7/2026]`: the new-case form, or one case's card."""
        network = await self._networks.require(turn.place)
        if args:
            case = await self._cases.by_label(network, args)
            can_poll = await self._members.is_manager(turn.actor, network.id)
            return Reply(
                card=case_card(case, turn.lang, can_poll=can_poll and case.state == CaseState.OPEN)
            )
        await self._members.check_may_manage(turn.actor, network.id)
        return Reply(card=case_form_card(turn.lang))

    async def create(self, turn: Turn, payload: CreateCase) -> Reply:
        """Create the case; its card replaces the form."""
        network = await self._networks.require(turn.place)
        case = await self._cases.create(
            turn.actor,
            network,
            turn.place,
            CaseForm(
                title=payload.title,
                description=payload.description,
                proposal=payload.proposal,
                case_type=payload.case_type,
                user_participation=payload.user_participation,
                needs_anchoring=payload.needs_anchoring,
            ),
            turn.lang,
        )
        created = case_card(case, turn.lang, can_poll=True)
        return Reply(card=created, for_everyone=created)

    async def list(self, turn: Turn, _args: str) -> Reply:
        """`cases`: the network's open cases."""
        network = await self._networks.require(turn.place)
        cases = await self._cases.open_cases(network)
        return Reply(card=case_list_card(network.name, cases, turn.lang))
