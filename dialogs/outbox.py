"""Proactive messages, as the dialogs see them: post, reply in a thread, update, send 1:1.

`bot.outbox.TeamsOutbox` implements this over the Bot Connector; services and jobs depend on
the protocol only, so they never import botbuilder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dialogs.turn import Reply


@dataclass(frozen=True)
class ChannelAddress:
    """A team channel (a network's home)."""

    service_url: str
    tenant_id: str | None
    team_id: str
    channel_id: str


@dataclass(frozen=True)
class Posted:
    """Where a proactive message landed: its conversation (thread) and activity id."""

    service_url: str
    conversation_id: str
    activity_id: str


class Unreachable(Exception):
    """The person has no personal conversation with the bot (the app is not installed for them)."""


class Outbox(Protocol):
    """Sending without an incoming turn. Every call is retried on throttling by the transport."""

    async def post_to_channel(self, channel: ChannelAddress, reply: Reply) -> Posted:
        """Start a new thread in a channel."""
        ...

    async def reply_in_thread(self, thread: Posted, reply: Reply) -> Posted:
        """Answer in an existing thread (the conversation of an earlier post)."""
        ...

    async def update(self, posted: Posted, reply: Reply) -> None:
        """Replace an earlier message's card or text (live tallies)."""
        ...

    async def send_personal(self, aad_id: str, reply: Reply) -> Posted:
        """A 1:1 message.

        Raises:
            Unreachable: the person has not installed the app personally.
        """
        ...
