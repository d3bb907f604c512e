"""Teams commands and card actions for planning meetings."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from dialogs.errors import InvalidInput, RosterUnavailable
from dialogs.i18n import OSLO
from dialogs.links import Document, SignedLinks
from dialogs.meetings.cards import (
    meeting_card,
    meeting_form_card,
    move_form_card,
    no_slot_text,
    outcome_card,
    proposal_card,
)
from dialogs.meetings.service import MeetingService, MeetingState, MeetingView, Outcome
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn

GATHERING_WORDS = frozenset({"samling", "gathering"})
"""`møte samling` / `meeting gathering`: the RHF's annual gathering."""


class ProposeMeeting(CardAction):
    """`meeting.propose`: the planning form's inputs."""

    action: Literal["meeting.propose"]
    network_id: int
    title: str | None = None
    earliest: date | None = None
    latest: date | None = None
    duration: int | None = None
    adviser: bool = False
    gathering: bool = False


class BookMeeting(CardAction):
    """`meeting.book`: book one of the proposed slots (0-based)."""

    action: Literal["meeting.book"]
    meeting_id: int
    slot: int


class ShowMeeting(CardAction):
    """`meeting.show`: the meeting, with a fresh invitation link."""

    action: Literal["meeting.show"]
    meeting_id: int


class MoveForm(CardAction):
    """`meeting.move_form`: the form for a new time."""

    action: Literal["meeting.move_form"]
    meeting_id: int


class MoveMeeting(CardAction):
    """`meeting.move`: the new date, start time (Oslo) and duration."""

    action: Literal["meeting.move"]
    meeting_id: int
    day: date | None = None
    start: time | None = None
    duration: int | None = None


class CancelMeeting(CardAction):
    """`meeting.cancel`: cancel the meeting."""

    action: Literal["meeting.cancel"]
    meeting_id: int


class MeetingHandlers:
    """Translates `meeting` and its buttons into meeting service calls."""

    def __init__(
        self, networks: NetworkService, meetings: MeetingService, links: SignedLinks
    ) -> None:
        self._networks = networks
        self._meetings = meetings
        self._links = links
        links.serve("meeting", {"ics"}, self.invitation)

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"meeting": self.meeting}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("meeting.propose", ProposeMeeting, self.propose),
            ActionRoute("meeting.book", BookMeeting, self.book),
            ActionRoute("meeting.show", ShowMeeting, self.show),
            ActionRoute("meeting.move_form", MoveForm, self.move_form),
            ActionRoute("meeting.move", MoveMeeting, self.move),
            ActionRoute("meeting.cancel", CancelMeeting, self.cancel),
        ]

    async def invitation(self, subject: str, _fmt: str) -> Document:
        """The `.ics` invitation behind a signed link."""
        if not subject.isdigit():
            raise LookupError(subject)
        return await self._meetings.invitation(int(subject))

    async def meeting(self, turn: Turn, args: str) -> Reply:
        """`meeting` in a network's channel: the planning form, for its secretary or leader.
        `meeting gathering` (`møte samling`), in any channel: the annual gathering's form, for
        an RHF adviser."""
        if args.casefold() in GATHERING_WORDS:
            here = await self._networks.of_place(turn.place)
            defaults = await self._meetings.gathering_defaults(turn.actor, here)
            return Reply(card=meeting_form_card(defaults, turn.lang, gathering=True))
        network = await self._networks.require(turn.place)
        defaults = await self._meetings.form_defaults(turn.actor, network)
        return Reply(card=meeting_form_card(defaults, turn.lang))

    async def propose(self, turn: Turn, payload: ProposeMeeting) -> Reply:
        """Find and show the best three slots."""
        try:
            roster = await turn.teams.roster() if turn.place.scope == "channel" else []
        except RosterUnavailable:
            roster = []
        proposal = await self._meetings.propose(
            turn.actor,
            payload.network_id,
            title=payload.title,
            earliest=payload.earliest,
            latest=payload.latest,
            duration_minutes=payload.duration,
            include_adviser=payload.adviser,
            lang=turn.lang,
            emails={p.aad_id: p.email for p in roster if p.email},
            gathering=payload.gathering,
        )
        if proposal.view is None:
            return Reply(text=no_slot_text(proposal.search.reason, turn.lang))
        return Reply(card=proposal_card(proposal, turn.lang))

    async def book(self, turn: Turn, payload: BookMeeting) -> Reply:
        """Book the slot; the secretary sees the join link or the invitation to download."""
        outcome = await self._meetings.book(turn.actor, payload.meeting_id, payload.slot)
        title = (
            "meeting.booked.title"
            if outcome.view.meeting.state == MeetingState.BOOKED
            else "meeting.planned.title"
        )
        return self._outcome(turn, outcome, title)

    async def show(self, turn: Turn, payload: ShowMeeting) -> Reply:
        """The meeting card, with a fresh `.ics` link while it has a time."""
        view = await self._meetings.view(payload.meeting_id)
        if view.meeting.state in (MeetingState.PROPOSED, MeetingState.BOOKING):
            return Reply(card=meeting_card(view, turn.lang))
        return Reply(
            card=outcome_card(
                view, turn.lang, title_key="meeting.card.title", ics_url=self._ics_url(view)
            )
        )

    async def move_form(self, turn: Turn, payload: MoveForm) -> Reply:
        """The form for a new time, for those who may move the meeting."""
        view = await self._meetings.view(payload.meeting_id)
        await self._meetings.check_may_change(turn.actor, view)
        return Reply(card=move_form_card(view, turn.lang))

    async def move(self, turn: Turn, payload: MoveMeeting) -> Reply:
        """Move the meeting; the card shows the new time."""
        start = _start(payload.day, payload.start)
        outcome = await self._meetings.move(turn.actor, payload.meeting_id, start, payload.duration)
        return self._outcome(turn, outcome, "meeting.moved.title")

    async def cancel(self, turn: Turn, payload: CancelMeeting) -> Reply:
        """Cancel the meeting."""
        outcome = await self._meetings.cancel(turn.actor, payload.meeting_id)
        return self._outcome(turn, outcome, "meeting.cancelled.title")

    def _outcome(self, turn: Turn, outcome: Outcome, title_key: str) -> Reply:
        view = outcome.view
        if outcome.gone:
            return Reply(card=outcome_card(view, turn.lang, title_key="meeting.card.title"))
        return Reply(
            card=outcome_card(
                view,
                turn.lang,
                title_key=title_key,
                notice=outcome.notice,
                ics_url=self._ics_url(view),
            )
        )

    def _ics_url(self, view: MeetingView) -> str | None:
        """A fresh invitation link for a planned (or moved or cancelled) meeting without a
        calendar event of its own."""
        meeting = view.meeting
        if meeting.event_id is not None or meeting.start_at is None:
            return None
        return self._links.url("meeting", meeting.id, "ics")


def _start(day: date | None, at: time | None) -> datetime | None:
    if day is None and at is None:
        return None
    if day is None or at is None:
        raise InvalidInput("meeting.invalid.start")
    return datetime.combine(day, at.replace(tzinfo=None), OSLO)
