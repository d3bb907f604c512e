"""Planning, booking, moving and cancelling a network's meetings.

Proposing reads everyone's free/busy through Graph (when it is configured and allowed), finds
the best slots with `dialogs.meetings.rules` and stores the meeting as `proposed`. Booking claims
the row with a conditional UPDATE (`proposed → booking`) in a short transaction, calls Graph
outside any transaction (no lock is held across HTTP), then finishes in one transaction that
records the booking, posts the channel's card through the outbox and schedules the reminders.
A failed Graph call puts the claim back, so nothing is half-done; the event's `transactionId`
(the meeting's `transaction_id`) makes a retried booking return the event the first one made.
Without Graph the meeting is `planned` and the invitation is an `.ics` file (`invitation_ics`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from html import escape
from typing import Any, Protocol

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as IcsEvent
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import CaseState, case_label
from dialogs.errors import DomainError, InvalidInput, NotAllowed, NotFound
from dialogs.i18n import OSLO, Lang, t
from dialogs.links import Document
from dialogs.meetings import rules
from dialogs.meetings.rules import Attendee, Busy, SlotSearch
from dialogs.members.rules import Role, can_vote
from dialogs.members.service import MemberService
from dialogs.outbox import ChannelAddress, Delivery, Outbox, Posted
from dialogs.reminders import Reminders
from dialogs.turn import Actor, Reply
from dialogs.workdays import add_working_days, next_working_day
from graph import Forbidden, Graph, GraphError, Throttled, Unavailable
from graph import NotFound as GraphNotFound
from graph.models import Attendee as GraphAttendee
from graph.models import Schedule
from storage.clock import system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import Case, Meeting, Membership, Network, OutboxMessage
from storage.models import Event as LogEvent

log = logging.getLogger(__name__)

DURATIONS = (30, 60, 90, 120)
"""The durations the form offers, in minutes."""

WINDOW_WORKING_DAYS = 10
"""The default window: the next working day and the ten working days after it."""

MAX_WINDOW_DAYS = 61
"""getSchedule answers for less than 62 days; a longer window is refused."""

STALE_CLAIM = timedelta(minutes=5)
"""A `booking` claim older than this was left by a process that died; it may be taken over
(the event's transaction id keeps a second POST from making a second event)."""

READ_PERMISSION = "Calendars.ReadBasic"
WRITE_PERMISSION = "Calendars.ReadWrite"

_LIVE = ("booked", "planned")

GATHERING = "gathering"
"""`Meeting.kind` of the RHF's annual gathering (årlig samling)."""


class MeetingState(StrEnum):
    """Where a meeting stands (see `storage.models.Meeting`); `booking` is the short-lived
    claim while Graph creates the event."""

    PROPOSED = "proposed"
    BOOKING = "booking"
    BOOKED = "booked"
    PLANNED = "planned"
    CANCELLED = "cancelled"
    GONE = "gone"
    HELD = "held"


class CalendarBusy(DomainError):
    """Graph throttled or could not be reached; nothing was changed."""

    key = "meeting.graph_busy"


class CalendarFailed(DomainError):
    """Graph refused for another reason; nothing was changed."""

    key = "meeting.graph_failed"


class BookingInProgress(DomainError):
    """Another click is booking this meeting right now."""

    key = "meeting.booking_in_progress"


class MeetingClosed(DomainError):
    """The meeting is cancelled, gone or held: it can no longer be booked, moved or cancelled."""

    key = "meeting.closed"


class NotBookedYet(DomainError):
    """The meeting has no time yet: book one of the proposed slots first."""

    key = "meeting.not_booked"


@dataclass(frozen=True)
class GraphNotice:
    """Why Graph was not used: not configured, or the app lacks `permission`."""

    permission: str | None = None

    @property
    def configured(self) -> bool:
        """Graph is configured but refused (a permission is missing)."""
        return self.permission is not None


@dataclass(frozen=True)
class AgendaItem:
    """An open case on the agenda."""

    label: str
    title: str


@dataclass(frozen=True)
class MeetingView:
    """A meeting with everything its cards show."""

    meeting: Meeting
    network: Network
    agenda: tuple[AgendaItem, ...]

    @property
    def lang(self) -> Lang:
        """The language the meeting was planned in."""
        return "en" if self.meeting.lang == "en" else "nb"


@dataclass(frozen=True)
class Proposal:
    """What proposing found: the stored meeting (None when no slot exists at all)."""

    view: MeetingView | None
    search: SlotSearch
    notice: GraphNotice | None


@dataclass(frozen=True)
class Outcome:
    """What booking, moving or cancelling did. `gone`: the event was removed in Outlook."""

    view: MeetingView
    notice: GraphNotice | None = None
    gone: bool = False


@dataclass(frozen=True)
class FormDefaults:
    """The meeting form's defaults."""

    network: Network
    earliest: date
    latest: date


class MeetingRenderer(Protocol):
    """The channel's meeting card (built in `dialogs.meetings.cards`)."""

    def shared(self, view: MeetingView) -> Any:
        """The card in the channel: time, join link, agenda, move and cancel."""
        ...


def default_window(now: datetime) -> tuple[date, date]:
    """The next working day after today (Oslo) and ten working days after that."""
    today = now.astimezone(OSLO).date()
    earliest = next_working_day(today + timedelta(days=1))
    return earliest, add_working_days(earliest, WINDOW_WORKING_DAYS)


def to_busy(schedule: Schedule) -> tuple[Busy, ...]:
    """Graph's schedule items as the slot finder reads them (`unknown` items are dropped)."""
    return tuple(
        Busy(item.start, item.end, item.status)
        for item in schedule.items
        if item.status != "unknown"
    )


def proposals_json(search: SlotSearch) -> list[dict[str, Any]]:
    """The slots as stored in `Meeting.proposals`."""
    return [
        {
            "start": slot.start.astimezone(UTC).isoformat(),
            "end": slot.end.astimezone(UTC).isoformat(),
            "unavailable_required": list(slot.unavailable_required),
            "unavailable_optional": list(slot.unavailable_optional),
            "tentative": list(slot.tentative),
            "unknown": list(slot.unknown),
        }
        for slot in search.slots
    ]


def agenda_html(view: MeetingView) -> str:
    """The event's body: the agenda, case numbers and titles."""
    lang = view.lang
    items = (
        "".join(f"<li>{escape(item.label)} {escape(item.title)}</li>" for item in view.agenda)
        or f"<li>{escape(t('meeting.agenda.empty', lang))}</li>"
    )
    return (
        f"<p>{escape(t('meeting.agenda.intro', lang, network=view.network.name))}</p>"
        f"<ol>{items}</ol>"
    )


def agenda_text(view: MeetingView) -> str:
    """The agenda as plain text (for the `.ics` description)."""
    lang = view.lang
    lines = [t("meeting.agenda.intro", lang, network=view.network.name)]
    lines += [f"{item.label} {item.title}" for item in view.agenda] or [
        t("meeting.agenda.empty", lang)
    ]
    return "\n".join(lines)


def invitation_ics(view: MeetingView, *, now: datetime, sequence: int = 0) -> bytes:
    """The meeting as an iCalendar invitation (`METHOD:REQUEST`, or `CANCEL` once cancelled);
    UID is the meeting's transaction id, times in UTC."""
    meeting = view.meeting
    if meeting.start_at is None or meeting.end_at is None:
        raise NotBookedYet()
    cancelled = meeting.state in (MeetingState.CANCELLED, MeetingState.GONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Fagnett//Meetings//NB")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = IcsEvent()
    event.add("uid", meeting.transaction_id)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", meeting.start_at.astimezone(UTC))
    event.add("dtend", meeting.end_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("description", agenda_text(view))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.organiser:
        organiser = vCalAddress(f"mailto:{meeting.organiser}")
        organiser.params["cn"] = vText(view.network.name)
        event.add("organizer", organiser)
    for person in meeting.attendees:
        if not person.get("email"):
            continue
        address = vCalAddress(f"mailto:{person['email']}")
        address.params["cn"] = vText(person.get("name") or person["email"])
        address.params["role"] = vText(
            "REQ-PARTICIPANT" if person.get("required") else "OPT-PARTICIPANT"
        )
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


class MeetingService:
    """A meeting's life: propose, book (or plan), move, cancel."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        outbox: Outbox,
        reminders: Reminders,
        render: MeetingRenderer,
        *,
        graph: Graph | None,
        organiser: str = "",
        gathering_invitees: Sequence[str] = (),
        now: Callable[[], datetime] = system_clock,
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._outbox = outbox
        self._reminders = reminders
        self._render = render
        self._graph = graph
        self._organiser = organiser
        self._gathering_invitees = tuple(e.strip() for e in gathering_invitees if e.strip())
        self._now = now
        outbox.on("meeting.card_posted", self._card_posted)

    @property
    def graph_configured(self) -> bool:
        """Whether Microsoft Graph credentials are configured."""
        return self._graph is not None

    async def form_defaults(self, actor: Actor, network: Network) -> FormDefaults:
        """The form's defaults, for those who may plan the network's meetings: others are
        refused before they see the form.

        Raises:
            NotAllowed.
        """
        await self._members.check_may_manage(actor, network.id)
        earliest, latest = default_window(self._now())
        return FormDefaults(network, earliest, latest)

    async def gathering_defaults(self, actor: Actor, here: Network | None) -> FormDefaults:
        """The annual gathering's form defaults, for RHF advisers only. The gathering's card
        goes to this channel's network, or else to the adviser's own.

        Raises:
            NotAllowed.
        """
        home = await self._adviser_home(actor)
        earliest, latest = default_window(self._now())
        return FormDefaults(here or home, earliest, latest)

    async def _adviser_home(self, actor: Actor) -> Network:
        """The first network where the actor is an RHF adviser.

        Raises:
            NotAllowed: the actor is no network's RHF adviser.
        """
        async with self._sessions() as session:
            home = await session.scalar(
                select(Network)
                .join(Membership, Membership.network_id == Network.id)
                .where(
                    Membership.aad_id == actor.aad_id,
                    Membership.active.is_(True),
                    Membership.role == Role.RHF_ADVISER.value,
                )
                .order_by(Network.id)
                .limit(1)
            )
        if home is None:
            raise NotAllowed()
        return home

    async def check_may_change(self, actor: Actor, view: MeetingView) -> None:
        """Refuse, before any form, whoever may not move or cancel the meeting.

        Raises:
            NotAllowed.
        """
        await self._check_may_change(actor, view.meeting)

    async def _check_may_change(self, actor: Actor, meeting: Meeting) -> None:
        """A network's meeting: its secretary or leader; the annual gathering: an RHF adviser."""
        if meeting.kind == GATHERING:
            await self._adviser_home(actor)
        else:
            await self._members.check_may_manage(actor, meeting.network_id)

    async def propose(
        self,
        actor: Actor,
        network_id: int,
        *,
        title: str | None,
        earliest: date | None,
        latest: date | None,
        duration_minutes: int | None,
        include_adviser: bool,
        lang: Lang,
        emails: Mapping[str, str] | None = None,
        gathering: bool = False,
    ) -> Proposal:
        """Find the best three slots for the network's voting members and leader (and the RHF
        adviser, optional, when asked) and store the meeting as proposed.

        `emails` (Entra id → address, from the team's roster) fills addresses the memberships
        lack. Graph's free/busy is read when Graph is configured; without it, or when the app
        lacks Calendars.ReadBasic, everyone is "unknown" and the first slots are offered.

        With `gathering`, the RHF's annual gathering: an RHF adviser plans it, and every
        network's leaders and the configured invitees are required; there is no agenda.

        Raises:
            NotAllowed; InvalidInput (title, window, duration); CalendarBusy, CalendarFailed.
        """
        if gathering:
            await self._adviser_home(actor)
        else:
            await self._members.check_may_manage(actor, network_id)
        title = (title or "").strip()
        if not title or len(title) > 200:
            raise InvalidInput("meeting.invalid.title")
        if duration_minutes not in DURATIONS:
            raise InvalidInput("meeting.invalid.duration")
        now = self._now()
        default_earliest, default_latest = default_window(now)
        earliest = earliest or default_earliest
        latest = latest or default_latest
        today = now.astimezone(OSLO).date()
        if latest < earliest or earliest < today or (latest - earliest).days > MAX_WINDOW_DAYS:
            raise InvalidInput("meeting.invalid.window")

        async with self._sessions() as session:
            network = await session.get(Network, network_id)
            if network is None:
                raise NotFound(name=str(network_id))
            agenda: Sequence[Case] = ()
            if gathering:
                people = await _gathering_invitees(session, self._gathering_invitees, emails or {})
                organiser = self._organiser or await _own_email(session, actor, emails)
            else:
                people = await _invitees(session, network, include_adviser, emails or {})
                organiser = self._organiser or await _secretary_email(
                    session, network, actor, emails
                )
                agenda = await _open_cases(session, network.id)

        notice: GraphNotice | None = None
        schedules: dict[str, Schedule] = {}
        if self._graph is None or not organiser:
            notice = GraphNotice()
        else:
            try:
                schedules = await self._read_schedules(organiser, people, earliest, latest)
            except Forbidden as refused:
                notice = GraphNotice(refused.permission or READ_PERMISSION)

        attendees = [
            _slot_attendee(
                person, schedules.get(person["email"].lower()) if person["email"] else None
            )
            for person in people
        ]
        search = rules.find_slots(
            attendees=attendees,
            earliest=earliest,
            latest=latest,
            duration=timedelta(minutes=duration_minutes),
            not_before=now,
        )
        if not search.slots:
            return Proposal(None, search, notice)

        async with self._sessions.begin() as session:
            meeting = Meeting(
                network_id=network_id,
                kind=GATHERING if gathering else "network",
                title=title,
                state=MeetingState.PROPOSED.value,
                organiser=organiser or None,
                window_from=earliest,
                window_to=latest,
                duration_minutes=duration_minutes,
                attendees=people,
                proposals=proposals_json(search),
                agenda=[case.id for case in agenda],
                present=[],
                transaction_id=f"fagnett-{uuid.uuid4().hex}",
                service_url=network.service_url,
                conversation_id=network.channel_id,
                lang=lang,
                created_by=actor.aad_id,
            )
            session.add(meeting)
            await session.flush()
            record(
                session,
                "MeetingProposed",
                actor=actor.aad_id,
                network_id=network_id,
                subject=_subject(meeting.id),
                title=title,
                window=[earliest.isoformat(), latest.isoformat()],
                duration_minutes=duration_minutes,
                slots=meeting.proposals,
                free_busy="graph" if notice is None else "unknown",
            )
            view = await _view(session, meeting.id)
        return Proposal(view, search, notice)

    async def _read_schedules(
        self, organiser: str, people: Sequence[dict[str, Any]], earliest: date, latest: date
    ) -> dict[str, Schedule]:
        assert self._graph is not None
        emails = [p["email"] for p in people if p["email"]]
        if not emails:
            return {}
        start = datetime.combine(earliest, time(0), OSLO).astimezone(UTC)
        end = datetime.combine(latest + timedelta(days=1), time(0), OSLO).astimezone(UTC)
        try:
            found = await self._graph.get_schedules(
                organiser=organiser, emails=emails, start=start, end=end
            )
        except (Throttled, Unavailable):
            raise CalendarBusy() from None
        except Forbidden:
            raise
        except GraphError as error:
            log.warning("reading free/busy failed: %s", error)
            raise CalendarFailed() from None
        return {s.email.lower(): s for s in found}

    async def book(self, actor: Actor, meeting_id: int, slot: int) -> Outcome:
        """Book proposed slot number `slot` (0-based): a Teams meeting in the organiser's
        calendar through Graph, or, without Graph, a planned meeting with an `.ics` invitation.
        A second click (or a retry) returns the meeting the first one booked.

        Raises:
            NotFound, NotAllowed, InvalidInput (no such slot), BookingInProgress, MeetingClosed,
            CalendarBusy, CalendarFailed.
        """
        meeting = await self._meeting(meeting_id)
        await self._check_may_change(actor, meeting)
        if meeting.state in _LIVE:
            return Outcome(await self.view(meeting_id))
        if not 0 <= slot < len(meeting.proposals):
            raise InvalidInput("meeting.invalid.slot")
        chosen = meeting.proposals[slot]
        start = datetime.fromisoformat(chosen["start"])
        end = datetime.fromisoformat(chosen["end"])
        if not await self._claim(meeting_id, start, end):
            return await self._after_lost_claim(meeting_id)

        notice: GraphNotice | None = None
        event_id = join_url = None
        try:
            if self._graph is None or not meeting.organiser:
                notice = GraphNotice()
            else:
                view = await self.view(meeting_id)
                try:
                    event = await self._graph.create_event(
                        organiser=meeting.organiser,
                        subject=meeting.title,
                        body_html=agenda_html(view),
                        start=start,
                        end=end,
                        attendees=_graph_attendees(meeting.attendees),
                        transaction_id=meeting.transaction_id,
                    )
                    event_id, join_url = event.id, event.join_url
                except Forbidden as refused:
                    notice = GraphNotice(refused.permission or WRITE_PERMISSION)
                except (Throttled, Unavailable):
                    raise CalendarBusy() from None
                except GraphError as error:
                    log.warning("booking meeting %s failed: %s", meeting_id, error)
                    raise CalendarFailed() from None
            view = await self._finish_booking(actor, meeting_id, slot, event_id, join_url)
        except BaseException:
            await self._release(meeting_id)
            raise
        return Outcome(view, notice)

    async def _claim(self, meeting_id: int, start: datetime, end: datetime) -> bool:
        """`proposed → booking` (or a stale `booking`), as one conditional UPDATE."""
        now = self._now()
        async with self._sessions.begin() as session:
            claimed = await session.execute(
                update(Meeting)
                .where(
                    Meeting.id == meeting_id,
                    or_(
                        Meeting.state == MeetingState.PROPOSED.value,
                        and_(
                            Meeting.state == MeetingState.BOOKING.value,
                            Meeting.updated_at < now - STALE_CLAIM,
                        ),
                    ),
                )
                .values(
                    state=MeetingState.BOOKING.value, start_at=start, end_at=end, updated_at=now
                )
                .execution_options(synchronize_session=False)
            )
        return bool(getattr(claimed, "rowcount", 0))

    async def _after_lost_claim(self, meeting_id: int) -> Outcome:
        meeting = await self._meeting(meeting_id)
        if meeting.state in _LIVE:
            return Outcome(await self.view(meeting_id))
        if meeting.state == MeetingState.BOOKING:
            raise BookingInProgress()
        raise MeetingClosed()

    async def _release(self, meeting_id: int) -> None:
        """Put a failed booking's claim back: `booking → proposed`, nothing else kept."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Meeting)
                .where(Meeting.id == meeting_id, Meeting.state == MeetingState.BOOKING.value)
                .values(state=MeetingState.PROPOSED.value, start_at=None, end_at=None)
                .execution_options(synchronize_session=False)
            )

    async def _finish_booking(
        self,
        actor: Actor,
        meeting_id: int,
        slot: int,
        event_id: str | None,
        join_url: str | None,
    ) -> MeetingView:
        """The booking's one transaction: state, event, channel card, reminders."""
        async with self._sessions.begin() as session:
            meeting = await _locked(session, meeting_id)
            if meeting.state != MeetingState.BOOKING:
                raise BookingInProgress()
            booked = event_id is not None
            meeting.state = (MeetingState.BOOKED if booked else MeetingState.PLANNED).value
            meeting.event_id = event_id
            meeting.join_url = join_url
            assert meeting.start_at is not None
            record(
                session,
                "MeetingBooked" if booked else "MeetingPlanned",
                actor=actor.aad_id,
                network_id=meeting.network_id,
                subject=_subject(meeting_id),
                slot=slot,
                start=meeting.start_at.isoformat(),
                end=meeting.end_at.isoformat() if meeting.end_at else None,
                event_id=event_id,
                attendees=[p.get("email") for p in meeting.attendees],
            )
            await session.flush()
            view = await _view(session, meeting_id)
            network = view.network
            self._outbox.post(
                session,
                ChannelAddress(
                    network.service_url, network.tenant_id, network.team_id, network.channel_id
                ),
                Reply(card=self._render.shared(view)),
                subject=_card_subject(meeting_id),
                network_id=network.id,
                then={"hook": "meeting.card_posted", "meeting_id": meeting_id},
            )
            await self._schedule_reminders(session, view)
        return view

    async def move(
        self, actor: Actor, meeting_id: int, start: datetime | None, duration_minutes: int | None
    ) -> Outcome:
        """Move a booked or planned meeting to `start` (aware) for `duration_minutes`: Graph's
        event is updated, then the record, the channel's card and the reminders.

        Raises:
            NotFound, NotAllowed, InvalidInput (time missing or past, duration), NotBookedYet,
            MeetingClosed, CalendarBusy, CalendarFailed.
        """
        meeting = await self._meeting(meeting_id)
        await self._check_may_change(actor, meeting)
        self._check_live(meeting)
        if start is None:
            raise InvalidInput("meeting.invalid.start")
        minutes = duration_minutes or meeting.duration_minutes
        if minutes not in DURATIONS:
            raise InvalidInput("meeting.invalid.duration")
        if start <= self._now():
            raise InvalidInput("meeting.invalid.start_past")
        end = start + timedelta(minutes=minutes)
        notice: GraphNotice | None = None
        if meeting.event_id is not None:
            if self._graph is None or not meeting.organiser:
                notice = GraphNotice()
            else:
                try:
                    await self._graph.update_event(
                        organiser=meeting.organiser,
                        event_id=meeting.event_id,
                        start=start,
                        end=end,
                    )
                except GraphNotFound:
                    return await self._gone(actor, meeting_id, "move")
                except Forbidden as refused:
                    raise DomainError(
                        "meeting.forbidden", permission=refused.permission or WRITE_PERMISSION
                    ) from None
                except (Throttled, Unavailable):
                    raise CalendarBusy() from None
                except GraphError as error:
                    log.warning("moving meeting %s failed: %s", meeting_id, error)
                    raise CalendarFailed() from None
        async with self._sessions.begin() as session:
            attached = await _locked(session, meeting_id)
            self._check_live(attached)
            before = attached.start_at
            attached.start_at = start
            attached.end_at = end
            attached.duration_minutes = minutes
            record(
                session,
                "MeetingMoved",
                actor=actor.aad_id,
                network_id=attached.network_id,
                subject=_subject(meeting_id),
                before={"start": before.isoformat() if before else None},
                after={"start": start.isoformat(), "end": end.isoformat()},
            )
            await session.flush()
            view = await _view(session, meeting_id)
            await self._update_card(session, view)
            await self._schedule_reminders(session, view)
        return Outcome(view, notice)

    async def cancel(self, actor: Actor, meeting_id: int) -> Outcome:
        """Cancel a booked or planned meeting (Graph tells the attendees); the channel's card
        says so and the reminders are withdrawn. Cancelling twice returns the same meeting.

        Raises:
            NotFound, NotAllowed, NotBookedYet, MeetingClosed (gone or held), CalendarBusy,
            CalendarFailed.
        """
        meeting = await self._meeting(meeting_id)
        await self._check_may_change(actor, meeting)
        if meeting.state == MeetingState.CANCELLED:
            return Outcome(await self.view(meeting_id))
        self._check_live(meeting)
        if meeting.event_id is not None and self._graph is not None and meeting.organiser:
            try:
                await self._graph.cancel_event(
                    organiser=meeting.organiser,
                    event_id=meeting.event_id,
                    comment=t("meeting.cancel.comment", _lang(meeting)),
                )
            except GraphNotFound:
                return await self._gone(actor, meeting_id, "cancel")
            except Forbidden as refused:
                raise DomainError(
                    "meeting.forbidden", permission=refused.permission or WRITE_PERMISSION
                ) from None
            except (Throttled, Unavailable):
                raise CalendarBusy() from None
            except GraphError as error:
                log.warning("cancelling meeting %s failed: %s", meeting_id, error)
                raise CalendarFailed() from None
        async with self._sessions.begin() as session:
            attached = await _locked(session, meeting_id)
            if attached.state == MeetingState.CANCELLED:
                return Outcome(await _view(session, meeting_id))
            self._check_live(attached)
            attached.state = MeetingState.CANCELLED.value
            record(
                session,
                "MeetingCancelled",
                actor=actor.aad_id,
                network_id=attached.network_id,
                subject=_subject(meeting_id),
                event_id=attached.event_id,
            )
            await session.flush()
            await self._reminders.cancel(session, subject=_subject(meeting_id))
            view = await _view(session, meeting_id)
            await self._update_card(session, view)
        return Outcome(view)

    async def _gone(self, actor: Actor, meeting_id: int, during: str) -> Outcome:
        """The event was removed in Outlook: the meeting is `gone`, the card says so."""
        async with self._sessions.begin() as session:
            attached = await _locked(session, meeting_id)
            if attached.state in _LIVE:
                attached.state = MeetingState.GONE.value
                record(
                    session,
                    "MeetingGone",
                    actor=actor.aad_id,
                    network_id=attached.network_id,
                    subject=_subject(meeting_id),
                    event_id=attached.event_id,
                    noticed_during=during,
                )
                await session.flush()
                await self._reminders.cancel(session, subject=_subject(meeting_id))
            view = await _view(session, meeting_id)
            await self._update_card(session, view)
        return Outcome(view, gone=True)

    def _check_live(self, meeting: Meeting) -> None:
        if meeting.state in (MeetingState.PROPOSED, MeetingState.BOOKING):
            raise NotBookedYet()
        if meeting.state not in _LIVE:
            raise MeetingClosed()

    async def view(self, meeting_id: int) -> MeetingView:
        """Everything the meeting's cards show.

        Raises:
            NotFound.
        """
        async with self._sessions() as session:
            return await _view(session, meeting_id)

    async def invitation(self, meeting_id: int) -> Document:
        """The meeting's `.ics` invitation.

        Raises:
            LookupError: no such meeting, or it has no time yet.
        """
        async with self._sessions() as session:
            try:
                view = await _view(session, meeting_id)
            except NotFound:
                raise LookupError(meeting_id) from None
            moves = await session.scalar(
                select(func.count())
                .select_from(LogEvent)
                .where(LogEvent.subject == _subject(meeting_id), LogEvent.kind == "MeetingMoved")
            )
        try:
            body = invitation_ics(view, now=self._now(), sequence=int(moves or 0))
        except NotBookedYet:
            raise LookupError(meeting_id) from None
        return Document(body, "text/calendar; charset=utf-8", f"meeting-{meeting_id}.ics")

    async def _meeting(self, meeting_id: int) -> Meeting:
        async with self._sessions() as session:
            meeting = await session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound(name=str(meeting_id))
        return meeting

    async def _schedule_reminders(self, session: AsyncSession, view: MeetingView) -> None:
        meeting = view.meeting
        assert meeting.start_at is not None
        recipients = [p["aad_id"] for p in meeting.attendees if p.get("aad_id")]
        await self._reminders.schedule(
            session,
            subject=_subject(meeting.id),
            kind="meeting",
            network_id=meeting.network_id,
            deadline=meeting.start_at,
            recipients=recipients,
            action={"action": "meeting.show", "meeting_id": meeting.id},
            params={
                "network": t("meeting.gathering.host", view.lang)
                if meeting.kind == GATHERING
                else view.network.name,
                "title": meeting.title,
            },
        )

    async def _update_card(self, session: AsyncSession, view: MeetingView) -> None:
        """Inside the change's transaction: the channel's card as the change leaves it."""
        meeting = view.meeting
        of: Posted | OutboxMessage | None
        if meeting.card_activity_id:
            of = Posted(view.network.service_url, meeting.conversation_id, meeting.card_activity_id)
        else:
            of = await session.scalar(
                select(OutboxMessage)
                .where(
                    OutboxMessage.subject == _card_subject(meeting.id),
                    OutboxMessage.kind == "post",
                )
                .order_by(OutboxMessage.id.desc())
                .limit(1)
            )
        if of is None:
            return
        await self._outbox.update(
            session,
            of,
            Reply(card=self._render.shared(view)),
            key=_card_subject(meeting.id),
            subject=_card_subject(meeting.id),
            network_id=view.network.id,
            tenant_id=view.network.tenant_id,
        )

    async def _card_posted(self, session: AsyncSession, delivery: Delivery) -> None:
        """The outbox posted a meeting's card: remember where, for later updates."""
        then = delivery.message.then or {}
        if delivery.state != "sent" or delivery.posted is None:
            log.warning(
                "the card of meeting %s was not posted (%s)", then.get("meeting_id"), delivery.state
            )
            return
        await session.execute(
            update(Meeting)
            .where(Meeting.id == int(then["meeting_id"]))
            .values(
                conversation_id=delivery.posted.conversation_id,
                card_activity_id=delivery.posted.activity_id,
            )
        )


def _subject(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def _card_subject(meeting_id: int) -> str:
    return f"meeting:{meeting_id}:card"


def _lang(meeting: Meeting) -> Lang:
    return "en" if meeting.lang == "en" else "nb"


def _slot_attendee(person: Mapping[str, Any], schedule: Schedule | None) -> Attendee:
    known = schedule is not None and schedule.error is None
    return Attendee(
        key=str(person.get("aad_id") or person.get("email")),
        name=str(person["name"]),
        required=bool(person["required"]),
        busy=to_busy(schedule) if schedule is not None and known else (),
        known=known,
    )


def _graph_attendees(people: Sequence[Mapping[str, Any]]) -> list[GraphAttendee]:
    return [
        GraphAttendee(email=str(p["email"]), name=str(p["name"]), required=bool(p["required"]))
        for p in people
        if p.get("email")
    ]


async def _invitees(
    session: AsyncSession, network: Network, include_adviser: bool, emails: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The voting members and the leader (required), the RHF adviser(s) when asked (optional)."""
    members = (
        await session.scalars(
            select(Membership)
            .where(Membership.network_id == network.id, Membership.active.is_(True))
            .order_by(Membership.name)
        )
    ).all()
    people: list[dict[str, Any]] = []
    for m in members:
        voting = can_vote(m.role, user_representatives_vote=network.user_representatives_vote)
        if voting or m.role == Role.LEADER:
            required = True
        elif include_adviser and m.role == Role.RHF_ADVISER:
            required = False
        else:
            continue
        people.append(
            {
                "aad_id": m.aad_id,
                "name": m.name,
                "email": m.email or emails.get(m.aad_id) or "",
                "hf": m.hf,
                "required": required,
            }
        )
    if not any(p["required"] for p in people):
        raise InvalidInput("meeting.invalid.no_attendees")
    return people


async def _gathering_invitees(
    session: AsyncSession, invitees: Sequence[str], emails: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Every network's active leaders and the configured directors and heads of clinic, all
    required, each person once."""
    leaders = (
        await session.scalars(
            select(Membership)
            .where(Membership.active.is_(True), Membership.role == Role.LEADER.value)
            .order_by(Membership.name)
        )
    ).all()
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m in leaders:
        address = m.email or emails.get(m.aad_id) or ""
        key = address.lower() or m.aad_id
        if key in seen:
            continue
        seen.add(key)
        people.append(
            {"aad_id": m.aad_id, "name": m.name, "email": address, "hf": m.hf, "required": True}
        )
    for address in invitees:
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        people.append(
            {"aad_id": None, "name": address, "email": address, "hf": None, "required": True}
        )
    if not people:
        raise InvalidInput("meeting.invalid.no_attendees")
    return people


async def _own_email(session: AsyncSession, actor: Actor, emails: Mapping[str, str] | None) -> str:
    """The actor's address, from any membership or the roster."""
    address = await session.scalar(
        select(Membership.email)
        .where(Membership.aad_id == actor.aad_id, Membership.email.is_not(None))
        .limit(1)
    )
    return address or (emails or {}).get(actor.aad_id) or ""


async def _secretary_email(
    session: AsyncSession, network: Network, actor: Actor, emails: Mapping[str, str] | None
) -> str:
    """The network's secretary's address (the actor's, when they are the secretary or the
    secretary has none)."""
    emails = emails or {}
    rows = (
        await session.scalars(
            select(Membership).where(
                Membership.network_id == network.id,
                Membership.active.is_(True),
                Membership.role == Role.SECRETARY.value,
            )
        )
    ).all()
    ordered = sorted(rows, key=lambda m: m.aad_id != actor.aad_id)
    for m in ordered:
        address = m.email or emails.get(m.aad_id)
        if address:
            return address
    actor_row = await session.scalar(
        select(Membership.email).where(
            Membership.network_id == network.id, Membership.aad_id == actor.aad_id
        )
    )
    return actor_row or emails.get(actor.aad_id) or ""


async def _open_cases(session: AsyncSession, network_id: int) -> Sequence[Case]:
    return (
        await session.scalars(
            select(Case)
            .where(Case.network_id == network_id, Case.state != CaseState.DECIDED.value)
            .order_by(Case.year, Case.number)
        )
    ).all()


async def _locked(session: AsyncSession, meeting_id: int) -> Meeting:
    meeting = await session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if meeting is None:
        raise NotFound(name=str(meeting_id))
    return meeting


async def _view(session: AsyncSession, meeting_id: int) -> MeetingView:
    meeting = await session.get(Meeting, meeting_id, populate_existing=True)
    if meeting is None:
        raise NotFound(name=str(meeting_id))
    network = await session.get(Network, meeting.network_id)
    assert network is not None
    cases = {
        c.id: c
        for c in await session.scalars(select(Case).where(Case.id.in_(meeting.agenda or [0])))
    }
    agenda = tuple(
        AgendaItem(case_label(cases[i].number, cases[i].year), cases[i].title)
        for i in meeting.agenda
        if i in cases
    )
    return MeetingView(meeting, network, agenda)
