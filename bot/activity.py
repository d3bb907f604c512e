"""The shape of an incoming activity, checked before botbuilder reads it.

botbuilder's `Activity().deserialize` raises on wrong-typed fields, a conversation id ends up in an
HTTP header, and PostgreSQL refuses NUL characters. So `/api/messages` parses the body here first:
within size and nesting limits, into a model of only the fields the bot reads, with ids limited to
what Teams sends and every string made storable. What does not fit is answered 400 with a short
reason, before anything is stored or sent.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from botbuilder.schema import Activity
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 32

# Teams ids ("19:…@thread.tacv2;messageid=…", "a:1…", "29:1…", GUIDs) are printable ASCII; they
# are sent back in URLs and headers, so nothing else is accepted.
_ID = re.compile(r"[\x21-\x7e]{1,512}")
_SERVICE_URL = re.compile(r"https?://[\x21-\x7e]{1,2000}")


class BadActivity(ValueError):
    """The request is not an activity the bot can read; `reason` is safe to send back."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def storable(text: str) -> str:
    """`text` without NUL characters and with lone surrogates replaced: what every database and
    every HTTP client accepts."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _clean(node: Any) -> Any:
    """`node` with every string, key included, made storable."""
    if isinstance(node, str):
        return storable(node)
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if isinstance(node, dict):
        return {storable(str(key)): _clean(value) for key, value in node.items()}
    return node


def _id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError("not a Teams id")
    return value


def _service_url(value: str) -> str:
    if not _SERVICE_URL.fullmatch(value):
        raise ValueError("not a service URL")
    return value


Id = Annotated[str, AfterValidator(_id)]
Text = Annotated[str, StringConstraints(max_length=40_000), AfterValidator(storable)]
Name = Annotated[str, StringConstraints(max_length=512), AfterValidator(storable)]
Word = Annotated[str, StringConstraints(max_length=100), AfterValidator(storable)]


class _Shape(BaseModel):
    """Strict types, unknown fields dropped: botbuilder sees only what was checked."""

    model_config = ConfigDict(strict=True, extra="ignore", populate_by_name=True)


class Account(_Shape):
    id: Id
    name: Name | None = None
    aad_object_id: Name | None = Field(default=None, alias="aadObjectId")
    role: Word | None = None


class Conversation(_Shape):
    id: Id
    name: Name | None = None
    is_group: bool | None = Field(default=None, alias="isGroup")
    conversation_type: Word | None = Field(default=None, alias="conversationType")
    tenant_id: Name | None = Field(default=None, alias="tenantId")


class Tenant(_Shape):
    id: Name | None = None


class Team(_Shape):
    id: Id | None = None
    name: Name | None = None
    aad_group_id: Name | None = Field(default=None, alias="aadGroupId")


class ChannelInfo(_Shape):
    id: Id | None = None
    name: Name | None = None


class ChannelData(_Shape):
    tenant: Tenant | None = None
    team: Team | None = None
    channel: ChannelInfo | None = None
    event_type: Word | None = Field(default=None, alias="eventType")


class Mention(_Shape):
    type: Word
    text: Name | None = None
    mentioned: Account | None = None


class Entity(_Shape):
    """An entity; only mentions are read, the rest keep just their type."""

    type: Word
    text: Name | None = None
    mentioned: Account | None = None


class Inbound(_Shape):
    """The fields of a Bot Framework activity that Fagnett (and botbuilder's routing) read."""

    type: Word
    id: Id | None = None
    timestamp: Name | None = None
    channel_id: Word = Field(alias="channelId")
    service_url: Annotated[str, AfterValidator(_service_url)] = Field(alias="serviceUrl")
    from_: Account = Field(alias="from")
    conversation: Conversation
    recipient: Account
    text: Text | None = None
    text_format: Word | None = Field(default=None, alias="textFormat")
    locale: Word | None = None
    name: Name | None = None
    action: Word | None = None
    reply_to_id: Id | None = Field(default=None, alias="replyToId")
    value: Any = None
    entities: list[Entity] | None = Field(default=None, max_length=50)
    members_added: list[Account] | None = Field(default=None, alias="membersAdded", max_length=1000)
    members_removed: list[Account] | None = Field(
        default=None, alias="membersRemoved", max_length=1000
    )
    channel_data: ChannelData | None = Field(default=None, alias="channelData")


def _depth(node: Any) -> int:
    """How deeply `node` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def parse_body(raw: bytes) -> Any:
    """The JSON document in `raw`, within the nesting limit.

    Raises:
        BadActivity: not UTF-8 JSON, or nested deeper than `MAX_DEPTH`.
    """
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadActivity("malformed JSON") from None
    except RecursionError:
        raise BadActivity("nested too deeply") from None
    if _depth(body) > MAX_DEPTH:
        raise BadActivity("nested too deeply")
    return body


def screen(body: Any) -> tuple[dict[str, Any], Activity]:
    """The checked activity: as JSON (what was read) and as botbuilder's `Activity`.

    Raises:
        BadActivity: a field has the wrong type, an id is not a Teams id, or a text is too long;
            the reason names the fields, never their content.
    """
    if not isinstance(body, dict):
        raise BadActivity("not an activity")
    try:
        inbound = Inbound.model_validate(body)
    except ValidationError as error:
        fields = sorted({".".join(str(part) for part in e["loc"]) for e in error.errors()})
        raise BadActivity("invalid fields: " + ", ".join(fields[:5])[:300]) from None
    checked: dict[str, Any] = inbound.model_dump(by_alias=True, exclude_none=True)
    # botbuilder's Teams handler reads `channelData.team` of every Teams conversation update.
    checked.setdefault("channelData", {})
    if inbound.value is not None:
        checked["value"] = _clean(inbound.value)
    try:
        activity = Activity().deserialize(checked)
    except Exception:  # msrest's DeserializationError and whatever its converters raise
        raise BadActivity("not an activity") from None
    return checked, activity
