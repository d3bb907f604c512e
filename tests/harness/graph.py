"""A loopback Microsoft Graph v1.0 for the endpoints Fagnett calls.

It answers in Graph's documented JSON: `getSchedule` (availability computed from the stored
calendars at the requested interval, an error entry for an unknown mailbox), events (with
`transactionId` idempotency, Teams join URLs, update and cancel), users (`companyName` and
`department` only when `$select`ed), team members (paged with `@odata.nextLink`), channels
(`$filter=displayName eq '...'`, name conflicts), the user's installed apps (409 when installed),
a channel's files folder and uploads into it.

It accepts what the real service accepts: the SDK's PascalCase getSchedule body, `@odata.type`
annotations, percent-encoded ids. Every request is recorded in `calls`; `fail()` queues
refusals (429 with `Retry-After`, 403, 404, 503 ...), optionally after the request took effect,
as when an answer is lost on the way back.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp.test_utils import TestServer
from azure.core.credentials import AccessToken

from harness.connector import Person

TOKEN = "stand-in-graph-token"

_AVAILABILITY = {"free": "0", "tentative": "1", "busy": "2", "oof": "3", "workingElsewhere": "4"}
_PRECEDENCE = ["oof", "busy", "tentative", "workingElsewhere"]
_DEFAULT_CODES = {
    400: "BadRequest",
    401: "InvalidAuthenticationToken",
    403: "ErrorAccessDenied",
    404: "ErrorItemNotFound",
    409: "Conflict",
    429: "TooManyRequests",
    500: "InternalServerError",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}
_USER_DEFAULT_FIELDS = ["id", "displayName", "mail", "userPrincipalName", "givenName", "surname"]
_MAX_SCHEDULES = 20
_MAX_WINDOW = timedelta(days=62)


class FixedToken:
    """An `AsyncTokenCredential` that hands out the stand-in's token (azure-identity cannot
    talk to a loopback authority)."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.requests: list[tuple[str, ...]] = []

    async def get_token(self, *scopes: str, **_: Any) -> AccessToken:
        """A token valid for an hour."""
        self.requests.append(scopes)
        expires = int(datetime.now(UTC).timestamp()) + 3600
        return AccessToken(self.token, expires)

    async def close(self) -> None:
        """Nothing to release."""

    async def __aenter__(self) -> FixedToken:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None


@dataclass
class CalendarItem:
    """A stretch of someone's calendar (besides the events the stand-in stores)."""

    start: datetime
    end: datetime
    status: str = "busy"
    subject: str = ""


@dataclass
class DirectoryUser:
    """A user in the stand-in's directory, with a mailbox."""

    id: str
    display_name: str
    mail: str
    company_name: str | None = None
    department: str | None = None
    calendar: list[CalendarItem] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        """All properties, as Graph names them."""
        given, _, surname = self.display_name.partition(" ")
        return {
            "id": self.id,
            "displayName": self.display_name,
            "mail": self.mail,
            "userPrincipalName": self.mail,
            "givenName": given,
            "surname": surname,
            "companyName": self.company_name,
            "department": self.department,
        }


@dataclass
class CalendarEvent:
    """An event the app created in an organiser's calendar."""

    id: str
    organiser_id: str
    subject: str
    body_html: str
    start: datetime
    end: datetime
    attendees: list[dict[str, Any]]
    transaction_id: str | None
    online: bool
    join_url: str | None
    web_link: str
    cancelled: bool = False
    cancel_comment: str | None = None

    def attendee_emails(self) -> list[str]:
        """Lower-cased addresses of the invitees."""
        return [(a.get("emailAddress") or {}).get("address", "").lower() for a in self.attendees]


@dataclass
class Folder:
    """A channel's folder in the team's document library."""

    drive_id: str
    id: str
    name: str
    web_url: str
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class TeamRecord:
    """A team: its members (`user id -> roles`) and channels (`id -> Graph JSON`)."""

    id: str
    name: str
    members: dict[str, list[str]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    folders: dict[str, Folder] = field(default_factory=dict)

    @property
    def drive_id(self) -> str:
        """The team's document library."""
        return f"b!drive-{self.id}"


@dataclass
class Call:
    """One request the client made (header names lower-cased), and the status it got."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    status: int


@dataclass
class Fault:
    """Refuse matching requests `times` times; `after_store`: let the request take effect
    first (the answer is lost on the way back)."""

    method: str
    pattern: re.Pattern[str]
    status: int
    code: str
    message: str
    retry_after: str | None
    times: int
    after_store: bool

    def response(self) -> web.Response:
        """The refusal, in Graph's error JSON."""
        headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
        return _error(self.status, self.code, self.message, headers=headers)


class Refused(Exception):
    """A handler's refusal, turned into Graph's error JSON."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _error(
    status: int, code: str, message: str, *, headers: dict[str, str] | None = None
) -> web.Response:
    body = {
        "error": {
            "code": code,
            "message": message,
            "innerError": {"date": "2025-01-01T00:00:00", "request-id": "stand-in"},
        }
    }
    return web.json_response(body, status=status, headers=headers)


def _pattern(path_pattern: str) -> re.Pattern[str]:
    """`*` stands for one path segment (`/users/*/events`), `**` for the rest of the path."""
    pieces = (
        "[^/]+".join(re.escape(part) for part in piece.split("*"))
        for piece in path_pattern.split("**")
    )
    return re.compile(".+".join(pieces))


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): v for k, v in value.items()}
    return value


def _parse_time(value: Any) -> datetime:
    """A `dateTimeTimeZone` (either casing) as an aware UTC datetime."""
    fields = _lower_keys(value)
    if not isinstance(fields, dict) or "datetime" not in fields:
        raise Refused(400, "ErrorInvalidRequest", "A dateTimeTimeZone is required.")
    text = str(fields["datetime"])
    if "." in text:
        whole, fraction = text.split(".", 1)
        text = f"{whole}.{fraction[:6]}"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        zone = str(fields.get("timezone") or "UTC")
        tz = UTC if zone in ("UTC", "Etc/UTC", "Coordinated Universal Time") else ZoneInfo(zone)
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def _render_time(moment: datetime, zone: str) -> dict[str, str]:
    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    local = moment.astimezone(tz).replace(tzinfo=None)
    return {"dateTime": local.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": zone}


def _preferred_zone(request: web.Request) -> str:
    for prefer in request.headers.getall("Prefer", []):
        found = re.search(r'outlook\.timezone="([^"]+)"', prefer)
        if found:
            return found.group(1)
    return "UTC"


@dataclass
class GraphStandIn:
    """The stand-in's state. Put people in `users` (`add_user`), teams in `teams`
    (`add_team`); read what the client did from `calls`, `events`, `installed_apps` and the
    teams' folders."""

    tenant_id: str = "tenant-hmn"
    token: str = TOKEN
    users: dict[str, DirectoryUser] = field(default_factory=dict)
    events: dict[str, dict[str, CalendarEvent]] = field(default_factory=dict)
    teams: dict[str, TeamRecord] = field(default_factory=dict)
    installed_apps: dict[str, set[str]] = field(default_factory=dict)
    app_catalog: set[str] = field(default_factory=set)
    """Teams app ids that can be installed; empty means any."""
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    page_size: int = 2
    """Team members per page, small so paging is exercised."""
    latency: float = 0.0
    """Seconds each request takes before it is answered."""
    server: TestServer | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        """The Graph root to give the client: `http://127.0.0.1:PORT/v1.0`."""
        assert self.server is not None
        return str(self.server.make_url("/v1.0"))

    async def start(self) -> None:
        """Listen on a free loopback port."""
        self.server = TestServer(self.app(), host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        """Stop listening."""
        if self.server is not None:
            await self.server.close()

    def add_user(
        self,
        user_id: str,
        display_name: str,
        mail: str,
        *,
        company_name: str | None = None,
        department: str | None = None,
    ) -> DirectoryUser:
        """Put a user with a mailbox in the directory."""
        user = DirectoryUser(user_id, display_name, mail, company_name, department)
        self.users[user_id] = user
        return user

    def add_people(self, people: Iterable[Person], *, company_name: str | None = None) -> None:
        """Put the connector stand-in's people in the directory (their `aad_id` as user id), so
        both stand-ins agree on who is who."""
        for person in people:
            self.add_user(person.aad_id, person.name, person.email, company_name=company_name)

    def add_team(
        self, team_id: str, name: str, members: dict[str, list[str]] | None = None
    ) -> TeamRecord:
        """A team with a General channel and the given members (`user id -> roles`)."""
        team = TeamRecord(team_id, name, dict(members or {}))
        general = f"19:general-{team_id}@thread.tacv2"
        team.channels[general] = self._channel_json(team, general, "General", "", "standard")
        self.teams[team_id] = team
        return team

    def busy(
        self, mail: str, start: datetime, end: datetime, status: str = "busy", subject: str = ""
    ) -> None:
        """Mark a stretch of someone's calendar."""
        self._user(mail).calendar.append(CalendarItem(start, end, status, subject))

    def fail(
        self,
        method: str,
        path: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: float | None = None,
        code: str | None = None,
        message: str = "Refused by the stand-in.",
        after_store: bool = False,
    ) -> None:
        """Refuse the next `times` requests of `method` to `path` (relative to `/v1.0`; `*`
        stands for one segment, e.g. `/users/*/events`, `**` for the rest) with `status` and Graph's error JSON.
        `after_store`: the request takes effect before its answer is replaced by the refusal."""
        self.faults.append(
            Fault(
                method.upper(),
                _pattern(path),
                status,
                code or _DEFAULT_CODES.get(status, "UnknownError"),
                message,
                None if retry_after is None else f"{retry_after:g}",
                times,
                after_store,
            )
        )

    def calls_to(self, method: str, path: str) -> list[Call]:
        """Recorded calls of `method` whose path (relative to `/v1.0`) matches `path`."""
        pattern = _pattern(path)
        return [c for c in self.calls if c.method == method and pattern.fullmatch(c.path)]

    def events_of(self, mail: str) -> list[CalendarEvent]:
        """Events in someone's calendar as organiser (cancelled ones included)."""
        return list(self.events.get(self._user(mail).id, {}).values())

    def channel_files(self, team_id: str, channel_id: str) -> dict[str, bytes]:
        """Files uploaded to a channel's folder."""
        folder = self.teams[team_id].folders.get(channel_id)
        return dict(folder.files) if folder else {}

    def _next(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):04d}"

    def _user(self, key: str) -> DirectoryUser:
        if key in self.users:
            return self.users[key]
        for user in self.users.values():
            if user.mail.lower() == key.lower():
                return user
        raise Refused(404, "Request_ResourceNotFound", "Resource does not exist.")

    def _team(self, team_id: str) -> TeamRecord:
        if team_id not in self.teams:
            raise Refused(404, "NotFound", "No team found with the given id.")
        return self.teams[team_id]

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.pattern.fullmatch(path):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    @web.middleware
    async def _serve(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path.removeprefix("/v1.0")
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = await request.json()
            else:
                body = raw
        if self.latency:
            await asyncio.sleep(self.latency)
        response: web.StreamResponse
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            response = _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        else:
            fault = self._take_fault(request.method, path)
            if fault is not None and not fault.after_store:
                response = fault.response()
            else:
                try:
                    response = await handler(request)
                except Refused as refusal:
                    response = _error(refusal.status, refusal.code, refusal.message)
                except web.HTTPNotFound:
                    response = _error(400, "BadRequest", "Resource not found for the segment.")
                if fault is not None:
                    response = fault.response()
        self.calls.append(
            Call(
                request.method,
                path,
                dict(request.query),
                body,
                {k.lower(): v for k, v in request.headers.items()},
                response.status,
            )
        )
        return response

    def app(self) -> web.Application:
        """The aiohttp application serving `/v1.0`."""
        app = web.Application(middlewares=[self._serve])
        v1 = "/v1.0"
        app.router.add_post(v1 + "/users/{user}/calendar/getSchedule", self._get_schedule)
        app.router.add_post(v1 + "/users/{user}/events", self._create_event)
        app.router.add_get(v1 + "/users/{user}/events/{event}", self._get_event)
        app.router.add_patch(v1 + "/users/{user}/events/{event}", self._update_event)
        app.router.add_post(v1 + "/users/{user}/events/{event}/cancel", self._cancel_event)
        app.router.add_post(v1 + "/users/{user}/teamwork/installedApps", self._install_app)
        app.router.add_get(v1 + "/users/{user}", self._get_user)
        app.router.add_get(v1 + "/teams/{team}/members", self._members)
        app.router.add_get(v1 + "/teams/{team}/channels", self._channels)
        app.router.add_post(v1 + "/teams/{team}/channels", self._create_channel)
        app.router.add_get(v1 + "/teams/{team}/channels/{channel}/filesFolder", self._files_folder)
        app.router.add_put(v1 + "/drives/{drive}/items/{item:.+}", self._upload)
        return app

    # -- calendar ------------------------------------------------------------------------

    def _busy_items(self, user: DirectoryUser) -> list[CalendarItem]:
        items = list(user.calendar)
        for organiser_id, events in self.events.items():
            for event in events.values():
                if event.cancelled:
                    continue
                if organiser_id == user.id:
                    items.append(CalendarItem(event.start, event.end, "busy", event.subject))
                elif user.mail.lower() in event.attendee_emails():
                    items.append(CalendarItem(event.start, event.end, "tentative", event.subject))
        return items

    def _schedule(
        self, email: str, start: datetime, end: datetime, interval: int, zone: str
    ) -> dict[str, Any]:
        try:
            user = self._user(email)
        except Refused:
            return {
                "scheduleId": email,
                "availabilityView": "",
                "scheduleItems": [],
                "error": {
                    "message": "The SMTP address has no mailbox associated with it.",
                    "responseCode": "ErrorMailRecipientNotFound",
                },
            }
        items = [i for i in self._busy_items(user) if i.start < end and i.end > start]
        step = timedelta(minutes=interval)
        slots = math.ceil((end - start) / step)
        view = []
        for index in range(slots):
            lower, upper = start + index * step, min(start + (index + 1) * step, end)
            statuses = {i.status for i in items if i.start < upper and i.end > lower}
            top = next((s for s in _PRECEDENCE if s in statuses), "free")
            view.append(_AVAILABILITY[top])
        return {
            "scheduleId": email,
            "availabilityView": "".join(view),
            "scheduleItems": [
                {
                    "isPrivate": False,
                    "status": i.status,
                    "subject": i.subject,
                    "location": "",
                    "start": _render_time(i.start, zone),
                    "end": _render_time(i.end, zone),
                }
                for i in sorted(items, key=lambda i: i.start)
            ],
            "workingHours": {
                "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                "startTime": "08:00:00.0000000",
                "endTime": "16:00:00.0000000",
                "timeZone": {"name": "W. Europe Standard Time"},
            },
        }

    async def _get_schedule(self, request: web.Request) -> web.Response:
        self._user(request.match_info["user"])
        body = _lower_keys(await request.json())
        schedules = body.get("schedules") or []
        start = _parse_time(body.get("starttime"))
        end = _parse_time(body.get("endtime"))
        interval = int(body.get("availabilityviewinterval") or 30)
        if not schedules:
            raise Refused(400, "ErrorInvalidRequest", "Schedules are required.")
        if len(schedules) > _MAX_SCHEDULES:
            raise Refused(400, "ErrorInvalidRequest", "Too many schedules in one request.")
        if not start < end or end - start >= _MAX_WINDOW:
            raise Refused(400, "ErrorInvalidRequest", "The time period must be under 62 days.")
        if not 5 <= interval <= 1440:
            raise Refused(400, "ErrorInvalidRequest", "availabilityViewInterval out of range.")
        zone = _preferred_zone(request)
        value = [self._schedule(str(s), start, end, interval, zone) for s in schedules]
        return web.json_response(
            {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata"
                "#Collection(microsoft.graph.scheduleInformation)",
                "value": value,
            }
        )

    def _event_json(self, event: CalendarEvent, zone: str) -> dict[str, Any]:
        organiser = self.users[event.organiser_id]
        return {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/events/$entity",
            "id": event.id,
            "subject": event.subject,
            "body": {"contentType": "html", "content": event.body_html},
            "start": _render_time(event.start, zone),
            "end": _render_time(event.end, zone),
            "attendees": [
                {**a, "status": {"response": "none", "time": "0001-01-01T00:00:00Z"}}
                for a in event.attendees
            ],
            "organizer": {
                "emailAddress": {"name": organiser.display_name, "address": organiser.mail}
            },
            "isOnlineMeeting": event.online,
            "onlineMeetingProvider": "teamsForBusiness" if event.online else "unknown",
            "onlineMeeting": {"joinUrl": event.join_url} if event.join_url else None,
            "transactionId": event.transaction_id,
            "isCancelled": event.cancelled,
            "webLink": event.web_link,
        }

    def _stored_event(self, request: web.Request) -> CalendarEvent:
        organiser = self._user(request.match_info["user"])
        event = self.events.get(organiser.id, {}).get(request.match_info["event"])
        if event is None or event.cancelled:
            raise Refused(
                404, "ErrorItemNotFound", "The specified object was not found in the store."
            )
        return event

    async def _create_event(self, request: web.Request) -> web.Response:
        organiser = self._user(request.match_info["user"])
        body = await request.json()
        zone = _preferred_zone(request)
        calendar = self.events.setdefault(organiser.id, {})
        transaction_id = body.get("transactionId")
        if transaction_id:
            for existing in calendar.values():
                if existing.transaction_id == transaction_id:
                    return web.json_response(self._event_json(existing, zone), status=201)
        event_id = self._next("AAMkAGI2-event-")
        online = bool(body.get("isOnlineMeeting"))
        meeting = quote(f"19:meeting_{event_id}@thread.v2", safe="")
        context = quote(f'{{"Tid":"{self.tenant_id}","Oid":"{organiser.id}"}}', safe="")
        event = CalendarEvent(
            id=event_id,
            organiser_id=organiser.id,
            subject=body.get("subject") or "",
            body_html=(body.get("body") or {}).get("content") or "",
            start=_parse_time(body.get("start")),
            end=_parse_time(body.get("end")),
            attendees=[
                {"type": a.get("type", "required"), "emailAddress": a.get("emailAddress") or {}}
                for a in body.get("attendees") or []
            ],
            transaction_id=transaction_id,
            online=online,
            join_url=f"https://teams.microsoft.com/l/meetup-join/{meeting}/0?context={context}"
            if online
            else None,
            web_link=f"https://outlook.office365.com/owa/?itemid={event_id}&exvsurl=1&path=/calendar/item",
        )
        calendar[event_id] = event
        return web.json_response(self._event_json(event, zone), status=201)

    async def _get_event(self, request: web.Request) -> web.Response:
        event = self._stored_event(request)
        return web.json_response(self._event_json(event, _preferred_zone(request)))

    async def _update_event(self, request: web.Request) -> web.Response:
        event = self._stored_event(request)
        body = await request.json()
        if "subject" in body:
            event.subject = body["subject"] or ""
        if "body" in body:
            event.body_html = (body["body"] or {}).get("content") or ""
        if "start" in body:
            event.start = _parse_time(body["start"])
        if "end" in body:
            event.end = _parse_time(body["end"])
        if "attendees" in body:
            event.attendees = [
                {"type": a.get("type", "required"), "emailAddress": a.get("emailAddress") or {}}
                for a in body["attendees"] or []
            ]
        return web.json_response(self._event_json(event, _preferred_zone(request)))

    async def _cancel_event(self, request: web.Request) -> web.Response:
        event = self._stored_event(request)
        body = _lower_keys(await request.json()) if request.body_exists else {}
        event.cancelled = True
        event.cancel_comment = body.get("comment")
        return web.Response(status=202)

    # -- directory and apps --------------------------------------------------------------

    async def _get_user(self, request: web.Request) -> web.Response:
        user = self._user(request.match_info["user"])
        select = request.query.get("$select")
        names = [n.strip() for n in select.split(",")] if select else _USER_DEFAULT_FIELDS
        properties = user.json()
        body: dict[str, Any] = {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity"
        }
        body.update({n: properties.get(n) for n in names if n in properties})
        return web.json_response(body)

    async def _install_app(self, request: web.Request) -> web.Response:
        user = self._user(request.match_info["user"])
        body = await request.json()
        binding = str(body.get("teamsApp@odata.bind") or "")
        app_id = binding.rstrip("/").rsplit("/", 1)[-1].strip("'()")
        if not app_id:
            raise Refused(400, "BadRequest", "teamsApp@odata.bind is required.")
        if self.app_catalog and app_id not in self.app_catalog:
            raise Refused(404, "NotFound", "The app is not in the tenant's app catalog.")
        installed = self.installed_apps.setdefault(user.id, set())
        if app_id in installed:
            raise Refused(409, "Conflict", "App is already installed for this user.")
        installed.add(app_id)
        return web.Response(status=201)

    # -- teams and channels --------------------------------------------------------------

    async def _members(self, request: web.Request) -> web.Response:
        team = self._team(request.match_info["team"])
        offset = int(request.query.get("$skiptoken") or 0)
        member_ids = list(team.members)
        page = member_ids[offset : offset + self.page_size]
        value = []
        for user_id in page:
            user = self.users.get(user_id)
            value.append(
                {
                    "@odata.type": "#microsoft.graph.aadUserConversationMember",
                    "id": f"member-{team.id}-{user_id}",
                    "roles": team.members[user_id],
                    "displayName": user.display_name if user else None,
                    "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
                    "userId": user_id,
                    "email": user.mail if user else None,
                    "tenantId": self.tenant_id,
                }
            )
        body: dict[str, Any] = {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams('x')/members",
            "@odata.count": len(member_ids),
            "value": value,
        }
        if offset + self.page_size < len(member_ids):
            body["@odata.nextLink"] = (
                f"{self.url}/teams/{quote(team.id, safe='')}/members"
                f"?$skiptoken={offset + self.page_size}"
            )
        return web.json_response(body)

    def _channel_json(
        self, team: TeamRecord, channel_id: str, name: str, description: str, membership: str
    ) -> dict[str, Any]:
        return {
            "id": channel_id,
            "createdDateTime": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "displayName": name,
            "description": description,
            "membershipType": membership,
            "email": "",
            "webUrl": f"https://teams.microsoft.com/l/channel/{quote(channel_id, safe='')}/"
            f"{quote(name, safe='')}?groupId={team.id}&tenantId={self.tenant_id}",
        }

    async def _channels(self, request: web.Request) -> web.Response:
        team = self._team(request.match_info["team"])
        channels = list(team.channels.values())
        wanted = request.query.get("$filter")
        if wanted:
            match = re.fullmatch(r"\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*", wanted)
            if not match:
                raise Refused(400, "BadRequest", "Unsupported filter.")
            name = match.group(1).replace("''", "'").casefold()
            channels = [c for c in channels if c["displayName"].casefold() == name]
        return web.json_response(
            {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams('x')/channels",
                "@odata.count": len(channels),
                "value": channels,
            }
        )

    async def _create_channel(self, request: web.Request) -> web.Response:
        team = self._team(request.match_info["team"])
        body = await request.json()
        name = str(body.get("displayName") or "").strip()
        if not name:
            raise Refused(400, "BadRequest", "Channel.DisplayName is required.")
        if any(c["displayName"].casefold() == name.casefold() for c in team.channels.values()):
            raise Refused(
                409, "NameAlreadyExists", "Channel name already existed, please use other name"
            )
        membership = str(body.get("membershipType") or "standard")
        owners = [
            m
            for m in body.get("members") or []
            if "owner" in (m.get("roles") or []) and m.get("user@odata.bind")
        ]
        if membership == "private" and not owners:
            raise Refused(400, "BadRequest", "A private channel created by an app needs an owner.")
        channel_id = f"19:{self._next('channel-')}@thread.tacv2"
        channel = self._channel_json(
            team, channel_id, name, body.get("description") or "", membership
        )
        team.channels[channel_id] = channel
        return web.json_response(channel, status=201)

    # -- files ---------------------------------------------------------------------------

    async def _files_folder(self, request: web.Request) -> web.Response:
        team = self._team(request.match_info["team"])
        channel_id = request.match_info["channel"]
        channel = team.channels.get(channel_id)
        if channel is None:
            raise Refused(404, "NotFound", "Channel not found.")
        folder = team.folders.get(channel_id)
        if folder is None:
            name = channel["displayName"]
            folder = Folder(
                drive_id=team.drive_id,
                id=self._next("01FOLDER"),
                name=name,
                web_url=f"https://contoso.sharepoint.com/sites/{quote(team.name)}"
                f"/Shared%20Documents/{quote(name)}",
            )
            team.folders[channel_id] = folder
        return web.json_response(
            {
                "id": folder.id,
                "name": folder.name,
                "webUrl": folder.web_url,
                "size": sum(len(c) for c in folder.files.values()),
                "parentReference": {"driveId": folder.drive_id, "driveType": "documentLibrary"},
                "folder": {"childCount": len(folder.files)},
            }
        )

    async def _upload(self, request: web.Request) -> web.Response:
        drive_id = request.match_info["drive"]
        match = re.fullmatch(r"([^:/]+):/(.+):/content", request.match_info["item"])
        if not match:
            raise Refused(400, "BadRequest", "Expected items/{parent-id}:/{filename}:/content.")
        folder_id, name = match.groups()
        folder = next(
            (
                f
                for team in self.teams.values()
                for f in team.folders.values()
                if f.drive_id == drive_id and f.id == folder_id
            ),
            None,
        )
        if folder is None:
            raise Refused(404, "itemNotFound", "The resource could not be found.")
        content = await request.read()
        created = name not in folder.files
        folder.files[name] = content
        return web.json_response(
            {
                "id": f"{folder.id}-{quote(name, safe='')}",
                "name": name,
                "size": len(content),
                "webUrl": f"{folder.web_url}/{quote(name)}",
                "file": {"mimeType": "application/octet-stream"},
                "parentReference": {"driveId": folder.drive_id, "id": folder.id},
            },
            status=201 if created else 200,
        )
