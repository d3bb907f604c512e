"""A Teams-shaped client: posts activities to the bot over HTTP as Teams would."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from harness.connector import Connector, Person

BOT_ID = "28:fagnett-bot"
BOT_NAME = "Fagnett"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Channel:
    """A team channel the tests talk in."""

    team_id: str
    channel_id: str
    name: str = "General"


@dataclass
class Response:
    """The bot's HTTP answer to one activity."""

    status: int
    body: Any


class TeamsClient:
    """Builds Teams activities (channelData with tenant, team, channel; mentions; locale)."""

    def __init__(
        self,
        bot_url: str,
        connector: Connector,
        *,
        locale: str = "nb-NO",
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.bot_url = bot_url
        self.connector = connector
        self.locale = locale
        self._settle = settle
        self._http = aiohttp.ClientSession()
        self._in_place: dict[str, dict[str, Any]] = {}
        """Cards a click's answer put in place of a message (for the clicker), by message id."""

    async def close(self) -> None:
        """Close the HTTP session."""
        await self._http.close()

    async def post(self, activity: Any, *, raw: bytes | None = None) -> Response:
        """POST one activity (or raw bytes) to `/api/messages`."""
        kwargs: dict[str, Any] = {"data": raw, "headers": {"Content-Type": "application/json"}}
        if raw is None:
            kwargs = {"json": activity}
        async with self._http.post(f"{self.bot_url}/api/messages", **kwargs) as response:
            body = await response.json() if response.content_type == "application/json" else None
        if self._settle is not None:
            # The bot answers at once and sends the rest through its outbox; wait for that, as
            # a person looking at the channel a moment later would see it.
            await self._settle()
        return Response(response.status, body)

    def _base(
        self,
        person: Person,
        where: Channel | None,
        *,
        locale: str | None,
        conversation_id: str | None,
    ) -> dict[str, Any]:
        tenant = self.connector.tenant_id
        activity: dict[str, Any] = {
            "id": f"in-{next(_ids)}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "timestamp": "2026-11-23T12:00:00.000Z",
            "locale": locale or self.locale,
            "from": {"id": person.teams_id, "name": person.name, "aadObjectId": person.aad_id},
            "recipient": {"id": BOT_ID, "name": BOT_NAME},
            "channelData": {"tenant": {"id": tenant}},
        }
        if where is None:
            activity["conversation"] = {
                "id": conversation_id or f"a:personal-{person.key}",
                "conversationType": "personal",
                "tenantId": tenant,
            }
        else:
            activity["conversation"] = {
                "id": conversation_id or f"{where.channel_id};messageid=thread-{next(_ids)}",
                "conversationType": "channel",
                "isGroup": True,
                "tenantId": tenant,
            }
            activity["channelData"].update(
                {
                    "team": {
                        "id": where.team_id,
                        "name": "Team",
                        "aadGroupId": "g-" + where.team_id,
                    },
                    "channel": {"id": where.channel_id, "name": where.name},
                }
            )
        return activity

    async def say(
        self,
        person: Person,
        text: str,
        where: Channel | None = None,
        *,
        locale: str | None = None,
        conversation_id: str | None = None,
    ) -> Response:
        """Send a text message; in a channel it @mentions the bot, as Teams requires."""
        activity = self._base(person, where, locale=locale, conversation_id=conversation_id)
        activity["type"] = "message"
        if where is None:
            activity["text"] = text
        else:
            mention = f"<at>{BOT_NAME}</at>"
            activity["text"] = f"{mention} {text}"
            activity["textFormat"] = "plain"
            activity["entities"] = [
                {"type": "mention", "text": mention, "mentioned": {"id": BOT_ID, "name": BOT_NAME}},
                {"type": "clientInfo", "locale": locale or self.locale, "platform": "Web"},
            ]
        return await self.post(activity)

    async def click(
        self,
        person: Person,
        data: dict[str, Any],
        where: Channel | None = None,
        *,
        inputs: dict[str, Any] | None = None,
        locale: str | None = None,
        reply_to: str | None = None,
    ) -> Response:
        """Click an `Action.Execute` button: an `adaptiveCard/action` invoke with data + inputs.

        The invoke names the message the button is on (`replyToId`), as Teams does: the newest
        message showing this button (a card the bot sent, or one an earlier click's answer put in
        its place), unless `reply_to` says otherwise."""
        reply_to = reply_to or self._message_with(data) or "card-1"
        activity = self._base(person, where, locale=locale, conversation_id=None)
        activity.update(
            {
                "type": "invoke",
                "name": "adaptiveCard/action",
                "replyToId": reply_to,
                "value": {
                    "action": {
                        "type": "Action.Execute",
                        "id": "",
                        "verb": data.get("action"),
                        "data": {**data, **(inputs or {})},
                    },
                    "trigger": "manual",
                },
            }
        )
        response = await self.post(activity)
        body = response.body if isinstance(response.body, dict) else {}
        if body.get("type") == "application/vnd.microsoft.card.adaptive":
            self._in_place.pop(reply_to, None)
            self._in_place[reply_to] = body["value"]
        return response

    def _message_with(self, data: dict[str, Any]) -> str | None:
        """The id of the newest message whose card has a button sending `data`."""
        for message_id, shown in reversed(list(self._in_place.items())):
            if any(a.get("data") == data for a in execute_actions(shown)):
                return message_id
        for activity_id, activity in reversed(list(self.connector.activities.items())):
            for attachment in activity.get("attachments") or []:
                content = attachment.get("content")
                if isinstance(content, dict) and any(
                    a.get("data") == data for a in execute_actions(content)
                ):
                    return activity_id
        return None

    async def install(
        self, person: Person, where: Channel | None = None, *, remove: bool = False
    ) -> Response:
        """An `installationUpdate` for the app, personally or in a team."""
        activity = self._base(person, where, locale=None, conversation_id=None)
        activity.update({"type": "installationUpdate", "action": "remove" if remove else "add"})
        return await self.post(activity)


def find_action(card: dict[str, Any], action: str) -> dict[str, Any]:
    """The data of the card's `Action.Execute` whose `data.action` is `action`."""
    found = [a for a in execute_actions(card) if (a.get("data") or {}).get("action") == action]
    assert found, (
        f"no action {action!r} in card; actions: {[a.get('title') for a in execute_actions(card)]}"
    )
    return dict(found[0]["data"])


def execute_actions(node: Any) -> list[dict[str, Any]]:
    """Every `Action.Execute` in a card, in order."""
    if isinstance(node, dict):
        own = [node] if node.get("type") == "Action.Execute" else []
        return own + [a for value in node.values() for a in execute_actions(value)]
    if isinstance(node, list):
        return [a for item in node for a in execute_actions(item)]
    return []


def card_text(card: dict[str, Any]) -> str:
    """Every visible string of a card (texts, fact titles and values, labels), for assertions."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value", "label"):
                if isinstance(node.get(key), str):
                    parts.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return "\n".join(parts)


def inputs_of(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every input element of a card."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found
