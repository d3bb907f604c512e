"""Reading Teams activities into the dialogs' `Turn`, and the Teams calls a turn may make."""

from __future__ import annotations

import re
from collections.abc import Sequence

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.core.teams.teams_activity_extensions import teams_get_channel_data
from botbuilder.schema import Activity
from msrest.exceptions import HttpOperationError

from dialogs.errors import RosterUnavailable
from dialogs.i18n import lang_of
from dialogs.outbox import status_of
from dialogs.turn import Actor, Place, RosterEntry, Scope, Turn

_LEADING_AT = re.compile(r"^\s*<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


class ActivityTeams:
    """The `TeamsPort` for one turn: the team roster, paged through the connector."""

    def __init__(self, context: TurnContext) -> None:
        self._context = context
        self._cached: list[RosterEntry] | None = None

    async def roster(self) -> Sequence[RosterEntry]:
        """Every member of the current team; asked once per turn."""
        if self._cached is not None:
            return self._cached
        people: list[RosterEntry] = []
        token: str | None = None
        while True:
            # get_paged_members is async (unlike get_team_details and friends, which block).
            try:
                page = await TeamsInfo.get_paged_members(self._context, token, 500)
            except HttpOperationError as error:
                if status_of(error) in (400, 403, 404):
                    raise RosterUnavailable() from None
                raise
            for member in page.members or []:
                if member.aad_object_id:
                    people.append(
                        RosterEntry(
                            aad_id=member.aad_object_id,
                            teams_id=member.id,
                            name=member.name or member.email or member.aad_object_id,
                            email=member.email,
                        )
                    )
            token = page.continuation_token
            if not token:
                break
        self._cached = people
        return people


def tenant_of(activity: Activity) -> str | None:
    """The tenant id. botbuilder maps `conversation.tenantId` to `tenant_id` from JSON
    `tenantID`, so for real Teams traffic it is None: read channelData.tenant instead."""
    channel_data = teams_get_channel_data(activity) if activity.channel_data else None
    if channel_data and channel_data.tenant and channel_data.tenant.id:
        return str(channel_data.tenant.id)
    conversation = activity.conversation
    return getattr(conversation, "tenant_id", None) if conversation else None


def place_of(activity: Activity) -> Place:
    """Where the activity happened."""
    channel_data = teams_get_channel_data(activity) if activity.channel_data else None
    team_id = channel_data.team.id if channel_data and channel_data.team else None
    channel_id = channel_data.channel.id if channel_data and channel_data.channel else None
    kind = (activity.conversation.conversation_type or "") if activity.conversation else ""
    scope: Scope
    if team_id and (kind == "channel" or channel_id):
        scope = "channel"
        # A reply in a thread carries the thread in the conversation id; the channel is the base.
        channel_id = channel_id or activity.conversation.id.split(";")[0]
    elif kind == "groupChat" or (activity.conversation and activity.conversation.is_group):
        scope = "groupChat"
    else:
        scope = "personal"
    return Place(
        scope=scope,
        conversation_id=activity.conversation.id,
        service_url=activity.service_url,
        tenant_id=tenant_of(activity),
        team_id=team_id,
        channel_id=channel_id if scope == "channel" else None,
    )


def actor_of(activity: Activity) -> Actor:
    """The sender, as Teams authenticated them (never taken from card data)."""
    sender = activity.from_property
    return Actor(
        aad_id=sender.aad_object_id or sender.id,
        teams_id=sender.id,
        name=sender.name or "",
    )


def turn_of(context: TurnContext) -> Turn:
    """The dialogs' view of this turn."""
    activity = context.activity
    return Turn(
        actor=actor_of(activity),
        place=place_of(activity),
        lang=lang_of(activity.locale),
        teams=ActivityTeams(context),
    )


def command_text(activity: Activity) -> str:
    """The text with the bot's @mention and any markup removed."""
    text = activity.text or ""
    recipient = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if entity.type != "mention":
            continue
        mention = entity.serialize()
        mentioned = mention.get("mentioned") or {}
        if mentioned.get("id") == recipient and mention.get("text"):
            text = text.replace(mention["text"], " ")
    # Some clients omit the mention entity; the bot is then the leading <at> tag.
    text = _LEADING_AT.sub(" ", text)
    return _TAGS.sub(" ", text).replace("&nbsp;", " ").strip()
