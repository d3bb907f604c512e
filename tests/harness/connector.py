"""A loopback Bot Connector: the REST API the bot calls at its `serviceUrl`.

It speaks the documented Bot Framework v3 wire format (send, reply, update, create conversation,
paged members, team details), records every request the bot makes, and can be told to answer
with throttling or gateway errors.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Person:
    """A Teams user in the stand-in's directory."""

    key: str
    name: str
    aad_id: str
    email: str
    given_name: str = ""
    surname: str = ""

    @property
    def teams_id(self) -> str:
        """The Teams (Bot Framework) user id, `29:...`."""
        return f"29:{self.key}"

    def account(self, tenant_id: str) -> dict[str, Any]:
        """As `TeamsChannelAccount` JSON."""
        return {
            "id": self.teams_id,
            "name": self.name,
            "aadObjectId": self.aad_id,
            "email": self.email,
            "userPrincipalName": self.email,
            "givenName": self.given_name or self.name.split()[0],
            "surname": self.surname or self.name.split()[-1],
            "tenantId": tenant_id,
            "userRole": "user",
        }


@dataclass
class Call:
    """One request the bot made."""

    method: str
    path: str
    body: Any
    status: int


@dataclass
class Fault:
    """Answer the next matching request with `status` (and `Retry-After`)."""

    method: str
    status: int
    retry_after: str | None
    path_contains: str = ""
    path: str | None = None


@dataclass
class Connector:
    """The stand-in's state: who is in which team, what the bot sent."""

    tenant_id: str = "tenant-hmn"
    teams: dict[str, list[Person]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    activities: dict[str, dict[str, Any]] = field(default_factory=dict)
    faults: deque[Fault] = field(default_factory=deque)
    page_size_cap: int = 2
    roster_gate: asyncio.Event | None = None
    storm: str | None = None
    """While set, every POST is answered 429 with this `Retry-After` (a throttling storm)."""
    post_delay: float = 0.0
    """Seconds each accepted POST takes, so attempts are in flight when a process dies."""
    in_flight: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    server: TestServer | None = None

    @property
    def url(self) -> str:
        """The service URL the bot is given (`.../` with a trailing slash, as Teams sends it)."""
        assert self.server is not None
        return str(self.server.make_url("/"))

    def fail_next(
        self,
        count: int,
        *,
        status: int = 429,
        retry_after: str | None = "0",
        method: str = "POST",
        path_contains: str = "",
        path: str | None = None,
    ) -> None:
        """The next `count` requests with `method` fail with `status`."""
        for _ in range(count):
            self.faults.append(Fault(method, status, retry_after, path_contains, path))

    def posts(self, path_contains: str = "", *, ok: bool = True) -> list[Call]:
        """POSTs the bot made (successful ones by default) whose path contains the text."""
        return [
            c
            for c in self.calls
            if c.method == "POST" and path_contains in c.path and (not ok or c.status < 300)
        ]

    def sent_to(self, conversation_id: str) -> list[dict[str, Any]]:
        """Activities that reached a conversation (sent, replied or created with), in order."""
        return [
            a
            for a in self.activities.values()
            if a.get("conversation", {}).get("id", "").split(";")[0]
            == conversation_id.split(";")[0]
        ]

    def texts(self, conversation_id: str | None = None) -> list[str]:
        """The texts of activities sent (anywhere, or to one conversation)."""
        pool = self.sent_to(conversation_id) if conversation_id else list(self.activities.values())
        return [a.get("text") or "" for a in pool]

    def cards(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """The Adaptive Cards sent (anywhere, or to one conversation), oldest first."""
        pool = self.sent_to(conversation_id) if conversation_id else list(self.activities.values())
        return [
            attachment["content"]
            for a in pool
            for attachment in a.get("attachments") or []
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def _fault_for(self, request: web.Request) -> web.Response | None:
        if self.storm is not None and request.method == "POST":
            return web.json_response(
                {"error": {"code": "Throttled", "message": "stand-in storm"}},
                status=429,
                headers={"Retry-After": self.storm},
            )
        for fault in list(self.faults):
            exact = fault.path is None or fault.path == request.path
            if fault.method == request.method and fault.path_contains in request.path and exact:
                self.faults.remove(fault)
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                return web.json_response(
                    {"error": {"code": "Throttled", "message": "stand-in fault"}},
                    status=fault.status,
                    headers=headers,
                )
        return None

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else None
        response = self._fault_for(request) or await handler(request)
        self.calls.append(Call(request.method, request.path, body, response.status))
        return response

    def app(self) -> web.Application:
        """The aiohttp application serving the v3 API."""
        app = web.Application(middlewares=[self._record])
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)
        app.router.add_get("/v3/conversations/{cid}/members/{mid}", self._member)
        app.router.add_get("/v3/teams/{tid}", self._team)
        return app

    async def start(self) -> None:
        """Listen on a free loopback port."""
        self.server = TestServer(self.app(), host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        """Stop listening."""
        if self.server is not None:
            await self.server.close()

    async def _create_conversation(self, request: web.Request) -> web.Response:
        params = await request.json()
        conversation_id = self._next_id("a:new-conversation-")
        channel = (params.get("channelData") or {}).get("channel", {}).get("id")
        if channel:
            conversation_id = f"{channel};messageid={self._next_id('')}"
        result = {"id": conversation_id, "serviceUrl": self.url}
        activity = params.get("activity")
        if activity:
            activity_id = (
                conversation_id.split("messageid=")[-1] if channel else self._next_id("act-")
            )
            activity = {**activity, "id": activity_id, "conversation": {"id": conversation_id}}
            self.activities[activity_id] = activity
            result["activityId"] = activity_id
        return web.json_response(result, status=201)

    async def _send(self, request: web.Request) -> web.Response:
        activity = await request.json()
        if self.post_delay:
            self.in_flight += 1
            try:
                await asyncio.sleep(self.post_delay)
            finally:
                self.in_flight -= 1
        activity_id = self._next_id("act-")
        activity = {**activity, "id": activity_id}
        activity.setdefault("conversation", {"id": request.match_info["cid"]})
        self.activities[activity_id] = activity
        await asyncio.sleep(0)
        return web.json_response({"id": activity_id}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        activity = await request.json()
        activity_id = request.match_info["aid"]
        if activity_id not in self.activities:
            # Teams cannot update a message it never delivered.
            return web.json_response(
                {"error": {"code": "ActivityNotFound", "message": "Unknown activity."}}, status=404
            )
        activity = {**activity, "id": activity_id}
        activity.setdefault("conversation", {"id": request.match_info["cid"]})
        self.activities[activity_id] = activity
        return web.json_response({"id": activity_id})

    def _people(self, conversation_id: str) -> list[Person]:
        key = conversation_id.split(";")[0]
        if key in self.teams:
            return self.teams[key]
        raise web.HTTPNotFound(
            text='{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}',
            content_type="application/json",
        )

    async def _paged_members(self, request: web.Request) -> web.Response:
        if self.roster_gate is not None:
            await asyncio.wait_for(self.roster_gate.wait(), timeout=5)
        people = self._people(request.match_info["cid"])
        size = min(int(request.query.get("pageSize", "100")), self.page_size_cap)
        start = int(request.query.get("continuationToken") or 0)
        page = people[start : start + size]
        body: dict[str, Any] = {"members": [p.account(self.tenant_id) for p in page]}
        if start + size < len(people):
            body["continuationToken"] = str(start + size)
        return web.json_response(body)

    async def _member(self, request: web.Request) -> web.Response:
        for person in self._people(request.match_info["cid"]):
            if request.match_info["mid"] in (person.teams_id, person.aad_id):
                return web.json_response(person.account(self.tenant_id))
        raise web.HTTPNotFound()

    async def _team(self, request: web.Request) -> web.Response:
        team_id = request.match_info["tid"]
        self._people(team_id)
        return web.json_response(
            {"id": team_id, "name": f"Team {team_id}", "aadGroupId": f"group-{team_id}"}
        )
