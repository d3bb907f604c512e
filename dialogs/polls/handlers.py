"""Teams commands and card actions for polls and anchoring confirmations."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from dialogs.cases.cards import case_card
from dialogs.cases.service import CaseService
from dialogs.decisions.rules import decision_label
from dialogs.decisions.service import DecisionService
from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO, t, when
from dialogs.members.cards import hf_name
from dialogs.networks.service import NetworkService
from dialogs.polls.cards import anchoring_card, poll_card, poll_form_card
from dialogs.polls.rules import StanceKind
from dialogs.polls.service import PollService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn


class PollForm(CardAction):
    """`poll.form`: the deadline form for a case."""

    action: Literal["poll.form"]
    case_id: int


class OpenPoll(CardAction):
    """`poll.open`: open a poll with the chosen deadline (Oslo time)."""

    action: Literal["poll.open"]
    case_id: int
    deadline_date: date | None = None
    deadline_time: time | None = None


class Vote(CardAction):
    """`poll.vote`: a stance button, with the reason field's text."""

    action: Literal["poll.vote"]
    poll_id: int
    stance: StanceKind
    reason: str | None = None


class RefreshPoll(CardAction):
    """`poll.refresh`: a voter's own view of the poll (Teams asks for it automatically)."""

    action: Literal["poll.refresh"]
    poll_id: int


class ClosePoll(CardAction):
    """`poll.close`: the secretary closes the poll now."""

    action: Literal["poll.close"]
    poll_id: int


class ExtendPoll(CardAction):
    """`poll.extend`: an inconclusive poll gets a new deadline."""

    action: Literal["poll.extend"]
    poll_id: int
    deadline_date: date | None = None
    deadline_time: time | None = None


class EscalatePoll(CardAction):
    """`poll.escalate`: an inconclusive poll's case goes to the escalation target."""

    action: Literal["poll.escalate"]
    poll_id: int


class ConfirmAnchoring(CardAction):
    """`anchoring.confirm`: a representative confirms for their HF."""

    action: Literal["anchoring.confirm"]
    decision_id: int
    hf: str | None = None


def _deadline(day: date | None, at: time | None) -> datetime | None:
    if day is None and at is None:
        return None
    if day is None or at is None:
        raise InvalidInput("poll.invalid.deadline")
    return datetime.combine(day, at.replace(tzinfo=None), OSLO)


class PollHandlers:
    """Translates poll commands and buttons into poll and decision service calls."""

    def __init__(
        self,
        networks: NetworkService,
        cases: CaseService,
        polls: PollService,
        decisions: DecisionService,
    ) -> None:
        self._networks = networks
        self._cases = cases
        self._polls = polls
        self._decisions = decisions

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"poll": self.poll}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("poll.form", PollForm, self.form),
            ActionRoute("poll.open", OpenPoll, self.open),
            ActionRoute("poll.vote", Vote, self.vote),
            ActionRoute("poll.refresh", RefreshPoll, self.refresh),
            ActionRoute("poll.close", ClosePoll, self.close),
            ActionRoute("poll.extend", ExtendPoll, self.extend),
            ActionRoute("poll.escalate", EscalatePoll, self.escalate),
            ActionRoute("anchoring.confirm", ConfirmAnchoring, self.confirm),
        ]

    async def poll(self, turn: Turn, args: str) -> Reply:
        """`poll 7/2026`: the deadline form for that case."""
        network = await self._networks.require(turn.place)
        if not args:
            # Only someone who may open a poll is asked which case.
            await self._polls.check_may_open(turn.actor, network.id)
            return Reply(text=t("poll.which_case", turn.lang))
        case = await self._cases.by_label(network, args)
        deadline = await self._polls.proposed_deadline(turn.actor, case)
        return Reply(card=poll_form_card(case, deadline, turn.lang))

    async def form(self, turn: Turn, payload: PollForm) -> Reply:
        """The deadline form, from a case card's button."""
        case = await self._cases.get(payload.case_id)
        deadline = await self._polls.proposed_deadline(turn.actor, case)
        return Reply(card=poll_form_card(case, deadline, turn.lang))

    async def open(self, turn: Turn, payload: OpenPoll) -> Reply:
        """Open the poll; the form is replaced by a confirmation."""
        case = await self._cases.get(payload.case_id)
        view, _moved = await self._polls.open(
            turn.actor, case, _deadline(payload.deadline_date, payload.deadline_time)
        )
        deadline = when(view.poll.deadline, turn.lang)
        if view.poll.deadline_moved:
            deadline = t("poll.card.moved", turn.lang, when=deadline)
        # The form (or the case card it was opened from) becomes the case, now being voted on,
        # for everyone: nobody can open the same poll twice from a stale form.
        polled = case_card(await self._cases.get(case.id), turn.lang, can_poll=False)
        return Reply(
            text=t("poll.opened", turn.lang, label=view.label, deadline=deadline),
            card=polled,
            for_everyone=polled,
        )

    async def vote(self, turn: Turn, payload: Vote) -> Reply:
        """Record the stance; the voter sees their own view of the card."""
        result = await self._polls.vote(turn.actor, payload.poll_id, payload.stance, payload.reason)
        return Reply(card=poll_card(result.view, turn.lang, me=turn.actor.aad_id))

    async def refresh(self, turn: Turn, payload: RefreshPoll) -> Reply:
        """The caller's own view of the poll."""
        view = await self._polls.view(payload.poll_id)
        voter = any(v.aad_id == turn.actor.aad_id for v in view.voters)
        return Reply(card=poll_card(view, turn.lang, me=turn.actor.aad_id if voter else None))

    async def close(self, turn: Turn, payload: ClosePoll) -> Reply:
        """The secretary closes the poll."""
        await self._polls.close(turn.actor, payload.poll_id, "secretary")
        return Reply(card=poll_card(await self._polls.view(payload.poll_id), turn.lang))

    async def extend(self, turn: Turn, payload: ExtendPoll) -> Reply:
        """Reopen an inconclusive poll."""
        view, _moved = await self._polls.extend(
            turn.actor, payload.poll_id, _deadline(payload.deadline_date, payload.deadline_time)
        )
        return Reply(
            text=t(
                "poll.extended",
                turn.lang,
                label=view.label,
                deadline=when(view.poll.deadline, turn.lang),
            )
        )

    async def escalate(self, turn: Turn, payload: EscalatePoll) -> Reply:
        """Send an inconclusive poll's case for escalation."""
        view = await self._polls.escalate_inconclusive(turn.actor, payload.poll_id)
        target = view.target_name or t("poll.no_target", turn.lang)
        return Reply(text=t("poll.escalated", turn.lang, label=view.label, target=target))

    async def confirm(self, turn: Turn, payload: ConfirmAnchoring) -> Reply:
        """Confirm anchoring for the actor's HF; the card shows who is still pending."""
        result = await self._decisions.confirm_anchoring(
            turn.actor, payload.decision_id, payload.hf
        )
        label = decision_label(result.decision.number, result.decision.year)
        confirmed = t("anchoring.confirmed", turn.lang, hf=hf_name(result.hf, turn.lang))
        if result.became_final:
            return Reply(text=f"{confirmed} {t('anchoring.final', turn.lang, decision=label)}")
        return Reply(
            card=anchoring_card(label, result.decision.id, result.pending, turn.lang),
            extra=(Reply(text=confirmed),),
        )
