"""Free/busy and Teams meetings in the organiser's Outlook calendar."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.attendee import Attendee as GraphAttendee
from msgraph.generated.models.attendee_type import AttendeeType
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.event import Event as GraphEvent
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.online_meeting_provider_type import OnlineMeetingProviderType
from msgraph.generated.models.schedule_information import ScheduleInformation
from msgraph.generated.users.item.calendar.get_schedule.get_schedule_post_request_body import (
    GetSchedulePostRequestBody,
)
from msgraph.generated.users.item.events.item.cancel.cancel_post_request_body import (
    CancelPostRequestBody,
)

from graph.calls import PREFER_UTC, GraphCalls, from_graph_time, to_graph_time
from graph.errors import GraphError
from graph.models import Attendee, Event, FreeBusy, Schedule, ScheduleItem

SCHEDULES_PER_REQUEST = 20
"""getSchedule reads at most 20 mailboxes per request (Graph docs, "Get free/busy schedule of
Outlook calendar users and resources", Limits and error conditions)."""

MAX_WINDOW = timedelta(days=62)
"""getSchedule's time period must be shorter than 62 days (same section)."""

READ_SCHEDULE = "Calendars.ReadBasic"
WRITE_EVENTS = "Calendars.ReadWrite"

_STATUSES: frozenset[str] = frozenset(
    {"free", "tentative", "busy", "oof", "workingElsewhere", "unknown"}
)


def schedule_windows(
    start: datetime, end: datetime, interval_minutes: int
) -> Iterator[tuple[datetime, datetime]]:
    """`[start, end)` cut into getSchedule windows shorter than 62 days, each a whole number of
    intervals long (except the last), so the availability views join up digit for digit."""
    interval = timedelta(minutes=interval_minutes)
    slots = (MAX_WINDOW - timedelta(minutes=1)) // interval
    step = interval * slots
    cursor = start
    while cursor < end:
        upper = min(cursor + step, end)
        yield cursor, upper
        cursor = upper


def _batches(emails: Sequence[str]) -> Iterator[list[str]]:
    for index in range(0, len(emails), SCHEDULES_PER_REQUEST):
        yield list(emails[index : index + SCHEDULES_PER_REQUEST])


def _status(value: object) -> FreeBusy:
    text = str(getattr(value, "value", value) or "unknown")
    text = text[:1].lower() + text[1:]
    return cast(FreeBusy, text) if text in _STATUSES else "unknown"


def _event(value: GraphEvent | None, *, operation: str) -> Event:
    if value is None or not value.id:
        raise GraphError(operation, code="MissingEvent")
    return Event(
        id=value.id,
        start=from_graph_time(value.start, operation=operation),
        end=from_graph_time(value.end, operation=operation),
        join_url=value.online_meeting.join_url if value.online_meeting else None,
        web_link=value.web_link,
        subject=value.subject or "",
        cancelled=bool(value.is_cancelled),
    )


def _attendees(attendees: Sequence[Attendee]) -> list[GraphAttendee]:
    return [
        GraphAttendee(
            email_address=EmailAddress(address=a.email, name=a.name),
            type=AttendeeType.Required if a.required else AttendeeType.Optional,
        )
        for a in attendees
    ]


def _prefer_utc() -> RequestConfiguration[Any]:
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.headers.add("Prefer", PREFER_UTC)
    return config


class Calendars(GraphCalls):
    """getSchedule and the organiser's events."""

    async def get_schedules(
        self,
        *,
        organiser: str,
        emails: Sequence[str],
        start: datetime,
        end: datetime,
        interval_minutes: int = 30,
    ) -> list[Schedule]:
        """Free/busy of `emails` over `[start, end)`, one `Schedule` per distinct address, in
        the order given.

        Asks `POST /users/{organiser}/calendar/getSchedule` in batches of 20 addresses and
        windows shorter than 62 days, and joins the answers. Times come back in UTC.

        Raises:
            ValueError: naive times, an empty window, or an interval outside 5..1440 minutes.
            Forbidden: the app lacks Calendars.ReadBasic.
            NotFound: the organiser's mailbox does not exist.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        if not 5 <= interval_minutes <= 1440:
            raise ValueError("interval_minutes must be within 5..1440")
        to_graph_time(start)
        to_graph_time(end)
        if end <= start:
            raise ValueError("the window must end after it starts")
        first_spelling: dict[str, str] = {}
        for email in emails:
            first_spelling.setdefault(email.lower(), email)
        distinct = list(first_spelling.values())
        views: dict[str, list[str]] = {email.lower(): [] for email in distinct}
        items: dict[str, dict[tuple[datetime, datetime, str], ScheduleItem]] = {
            email.lower(): {} for email in distinct
        }
        errors: dict[str, str] = {}
        calendar = self._client.users.by_user_id(organiser).calendar
        for window_start, window_end in schedule_windows(start, end, interval_minutes):
            for batch in _batches(distinct):
                body = GetSchedulePostRequestBody(
                    schedules=batch,
                    start_time=to_graph_time(window_start),
                    end_time=to_graph_time(window_end),
                    availability_view_interval=interval_minutes,
                )
                answer = await self._call(
                    calendar.get_schedule.post(body, request_configuration=_prefer_utc()),
                    operation="getSchedule",
                    permission=READ_SCHEDULE,
                )
                for info in (answer.value if answer else None) or []:
                    self._collect(info, views, items, errors)
        return [
            Schedule(
                email=email,
                availability_view="" if email.lower() in errors else "".join(views[email.lower()]),
                items=tuple(sorted(items[email.lower()].values(), key=lambda i: i.start)),
                error=errors.get(email.lower()),
            )
            for email in distinct
        ]

    @staticmethod
    def _collect(
        info: ScheduleInformation,
        views: dict[str, list[str]],
        items: dict[str, dict[tuple[datetime, datetime, str], ScheduleItem]],
        errors: dict[str, str],
    ) -> None:
        key = (info.schedule_id or "").lower()
        if key not in views:
            return
        if info.error is not None:
            errors.setdefault(key, info.error.response_code or "ScheduleError")
            return
        views[key].append(info.availability_view or "")
        for item in info.schedule_items or []:
            parsed = ScheduleItem(
                start=from_graph_time(item.start, operation="getSchedule"),
                end=from_graph_time(item.end, operation="getSchedule"),
                status=_status(item.status),
            )
            items[key][(parsed.start, parsed.end, parsed.status)] = parsed

    async def create_event(
        self,
        *,
        organiser: str,
        subject: str,
        body_html: str,
        start: datetime,
        end: datetime,
        attendees: Sequence[Attendee],
        transaction_id: str,
        online: bool = True,
    ) -> Event:
        """Create a meeting in the organiser's calendar (`POST /users/{organiser}/events`), with
        a Teams link when `online`.

        `transaction_id` makes the call idempotent: a retried POST (by the SDK after a lost
        answer, or by the caller) returns the event the first one made instead of a second one.
        Give the same id for the same meeting every time.

        Raises:
            ValueError: naive times.
            Forbidden: the app lacks Calendars.ReadWrite.
            NotFound: the organiser's mailbox does not exist.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        event = GraphEvent(
            subject=subject,
            body=ItemBody(content_type=BodyType.Html, content=body_html),
            start=to_graph_time(start),
            end=to_graph_time(end),
            attendees=_attendees(attendees),
            transaction_id=transaction_id,
            is_online_meeting=online,
            online_meeting_provider=OnlineMeetingProviderType.TeamsForBusiness if online else None,
        )
        created = await self._call(
            self._client.users.by_user_id(organiser).events.post(
                event, request_configuration=_prefer_utc()
            ),
            operation="create event",
            permission=WRITE_EVENTS,
        )
        return _event(created, operation="create event")

    async def update_event(
        self,
        *,
        organiser: str,
        event_id: str,
        start: datetime | None = None,
        end: datetime | None = None,
        subject: str | None = None,
        body_html: str | None = None,
        attendees: Sequence[Attendee] | None = None,
    ) -> Event:
        """Change the given fields of an event (`PATCH /users/{organiser}/events/{id}`); Graph
        sends the attendees an update.

        Raises:
            ValueError: naive times.
            Forbidden: the app lacks Calendars.ReadWrite.
            NotFound: the event (or the mailbox) no longer exists.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        patch = GraphEvent(
            subject=subject,
            body=ItemBody(content_type=BodyType.Html, content=body_html)
            if body_html is not None
            else None,
            start=to_graph_time(start) if start is not None else None,
            end=to_graph_time(end) if end is not None else None,
            attendees=_attendees(attendees) if attendees is not None else None,
        )
        updated = await self._call(
            self._client.users.by_user_id(organiser)
            .events.by_event_id(event_id)
            .patch(patch, request_configuration=_prefer_utc()),
            operation="update event",
            permission=WRITE_EVENTS,
        )
        return _event(updated, operation="update event")

    async def cancel_event(self, *, organiser: str, event_id: str, comment: str) -> None:
        """Cancel a meeting and tell its attendees why
        (`POST /users/{organiser}/events/{id}/cancel`).

        Raises:
            Forbidden: the app lacks Calendars.ReadWrite.
            NotFound: the event is gone (already cancelled or deleted).
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        await self._call(
            self._client.users.by_user_id(organiser)
            .events.by_event_id(event_id)
            .cancel.post(CancelPostRequestBody(comment=comment)),
            operation="cancel event",
            permission=WRITE_EVENTS,
        )

    async def get_event(self, *, organiser: str, event_id: str) -> Event:
        """One event of the organiser's calendar (`GET /users/{organiser}/events/{id}`).

        Raises:
            Forbidden: the app lacks Calendars.ReadWrite.
            NotFound: the event is gone.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        found = await self._call(
            self._client.users.by_user_id(organiser)
            .events.by_event_id(event_id)
            .get(request_configuration=_prefer_utc()),
            operation="get event",
            permission=WRITE_EVENTS,
        )
        return _event(found, operation="get event")
