"""Teams commands and card actions for agenda proposals and assignments."""

from __future__ import annotations

from typing import Literal

from dialogs.agenda.cards import (
    answer_card,
    answer_form_card,
    assignment_card,
    assignment_form_card,
    proposal_card,
    proposal_form_card,
)
from dialogs.agenda.rules import AssignmentState
from dialogs.agenda.service import AgendaService, AssignmentForm, ProposalForm
from dialogs.cases.rules import case_label
from dialogs.i18n import OSLO, t
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn


class ProposeMatter(CardAction):
    """`agenda.propose`: the adviser's proposal form."""

    action: Literal["agenda.propose"]
    network_id: int | None = None
    scope: str | None = None
    title: str | None = None
    description: str | None = None
    source: str | None = None


class AcceptProposal(CardAction):
    """`agenda.accept`: the secretary takes the proposal onto the agenda."""

    action: Literal["agenda.accept"]
    proposal_id: int


class DeclineProposal(CardAction):
    """`agenda.decline`: the secretary declines the proposal with a reason."""

    action: Literal["agenda.decline"]
    proposal_id: int
    reason: str | None = None


class GiveAssignment(CardAction):
    """`assignment.give`: a director's assignment form."""

    action: Literal["assignment.give"]
    network_id: int | None = None
    title: str | None = None
    description: str | None = None
    deadline: str | None = None


class AnswerForm(CardAction):
    """`assignment.answer_form`: the form for the network's answer."""

    action: Literal["assignment.answer_form"]
    assignment_id: int


class AnswerAssignment(CardAction):
    """`assignment.answer`: the network's answer, a text and/or a decision number."""

    action: Literal["assignment.answer"]
    assignment_id: int
    text: str | None = None
    decision: str | None = None


class AgendaHandlers:
    """Translates `propose`, `assignment` and their cards into agenda service calls."""

    def __init__(self, networks: NetworkService, agenda: AgendaService) -> None:
        self._networks = networks
        self._agenda = agenda

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"propose": self.proposal_form, "assignment": self.assignment_form}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("agenda.propose", ProposeMatter, self.propose),
            ActionRoute("agenda.accept", AcceptProposal, self.accept),
            ActionRoute("agenda.decline", DeclineProposal, self.decline),
            ActionRoute("assignment.give", GiveAssignment, self.give),
            ActionRoute("assignment.answer_form", AnswerForm, self.answer_form),
            ActionRoute("assignment.answer", AnswerAssignment, self.answer),
        ]

    async def proposal_form(self, turn: Turn, _args: str) -> Reply:
        """`foreslå`: the adviser's proposal form, with every network to choose from."""
        targets = await self._agenda.proposal_targets(turn.actor)
        return Reply(card=proposal_form_card(targets, turn.lang))

    async def propose(self, turn: Turn, payload: ProposeMatter) -> Reply:
        """Send the proposal; the form becomes the proposal as sent."""
        view = await self._agenda.propose(
            turn.actor,
            ProposalForm(
                network_id=payload.network_id,
                scope=payload.scope,
                title=payload.title,
                description=payload.description,
                source=payload.source,
            ),
            turn.lang,
        )
        sent = proposal_card(view, turn.lang, decidable=False)
        done = Reply(text=t("agenda.sent", turn.lang, network=view.network))
        return Reply(card=sent, for_everyone=sent, extra=(done,))

    async def accept(self, turn: Turn, payload: AcceptProposal) -> Reply:
        """Accept the proposal; its card shows the case it became, for everyone."""
        view, case = await self._agenda.accept(turn.actor, turn.place, payload.proposal_id)
        shown = proposal_card(view, turn.lang, decidable=False)
        label = case_label(case.number, case.year)
        done = Reply(text=t("agenda.accepted", turn.lang, case=label))
        return Reply(card=shown, for_everyone=shown, extra=(done,))

    async def decline(self, turn: Turn, payload: DeclineProposal) -> Reply:
        """Decline the proposal with the reason typed on its card."""
        view = await self._agenda.decline(turn.actor, payload.proposal_id, payload.reason)
        shown = proposal_card(view, turn.lang, decidable=False)
        return Reply(
            card=shown, for_everyone=shown, extra=(Reply(text=t("agenda.declined", turn.lang)),)
        )

    async def assignment_form(self, turn: Turn, _args: str) -> Reply:
        """`oppdrag` in the director channel: the form for a new assignment."""
        network = await self._networks.require(turn.place)
        targets = await self._agenda.assignment_targets(turn.actor, network)
        today = (await self._agenda.now()).astimezone(OSLO).date()
        return Reply(card=assignment_form_card(targets, turn.lang, today))

    async def give(self, turn: Turn, payload: GiveAssignment) -> Reply:
        """Give the assignment; the form becomes the assignment as given, for everyone."""
        network = await self._networks.require(turn.place)
        view = await self._agenda.give(
            turn.actor,
            network,
            turn.place,
            AssignmentForm(
                network_id=payload.network_id,
                title=payload.title,
                description=payload.description,
                deadline=payload.deadline,
            ),
            turn.lang,
        )
        given = assignment_card(view, turn.lang, answerable=False)
        done = Reply(text=t("assignment.given", turn.lang, network=view.network))
        return Reply(card=given, for_everyone=given, extra=(done,))

    async def answer_form(self, turn: Turn, payload: AnswerForm) -> Reply:
        """The answer form, or the assignment as it stands once answered."""
        view = await self._agenda.assignment(turn.actor, payload.assignment_id)
        if view.state != AssignmentState.OPEN:
            return Reply(card=assignment_card(view, turn.lang, answerable=False))
        return Reply(card=answer_form_card(view, turn.lang))

    async def answer(self, turn: Turn, payload: AnswerAssignment) -> Reply:
        """Send the answer to the director thread; the form shows the answer, for everyone."""
        view = await self._agenda.answer(
            turn.actor, payload.assignment_id, payload.text, payload.decision
        )
        shown = answer_card(view, turn.lang, answered_by=turn.actor.name)
        done = Reply(text=t("assignment.answered", turn.lang))
        return Reply(card=shown, for_everyone=shown, extra=(done,))
