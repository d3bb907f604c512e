"""`TeamsTransport`: proactive messages through the Bot Connector, one HTTP attempt each.

Retrying, pacing and crash safety are the outbox's (`dialogs/outbox.py`); a refused attempt
raises, with the connector's status and `Retry-After`, for the outbox to reschedule.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    Mention,
)
from sqlalchemy import select

from bot.adapter import FagnettAdapter
from dialogs.cardkit import as_json
from dialogs.outbox import ChannelAddress, Message, Posted, Unreachable
from dialogs.turn import Reply
from storage.db import Sessions
from storage.models import ConversationRef

log = logging.getLogger(__name__)


SINGLE_ATTEMPT = "fagnett.single_attempt"


def to_activity(reply: Reply | Message) -> Activity:
    """A reply as a message activity (card attachment and/or markdown text, with mentions)."""
    card = reply.card
    if card is not None:
        content = card if isinstance(card, dict) else as_json(card)
        message = MessageFactory.attachment(CardFactory.adaptive_card(content))
        if reply.text:
            message.text = reply.text
    else:
        message = Activity(
            type=ActivityTypes.message, text=reply.text or "", text_format="markdown"
        )
    if reply.mentions:
        message.entities = [
            Mention(
                mentioned=ChannelAccount(id=teams_id, name=name),
                text=f"<at>{name}</at>",
                type="mention",
            )
            for teams_id, name in reply.mentions
        ]
    return message


class TeamsTransport:
    """Implements `dialogs.outbox.Transport` with the adapter and stored conversation references."""

    def __init__(self, adapter: FagnettAdapter, sessions: Sessions) -> None:
        self._adapter = adapter
        self._sessions = sessions

    async def post_to_channel(self, channel: ChannelAddress, reply: Message) -> Posted:
        """Create a new thread in the channel with the reply as its first message."""
        parameters = ConversationParameters(
            is_group=True,
            channel_data={
                "channel": {"id": channel.channel_id},
                "tenant": {"id": channel.tenant_id},
            },
            activity=to_activity(reply),
            tenant_id=channel.tenant_id,
        )
        created: list[Posted] = []

        async def capture(context: TurnContext) -> None:
            created.append(
                Posted(channel.service_url, context.activity.conversation.id, context.activity.id)
            )

        await self._adapter.create_conversation(
            self._adapter.app_id, capture, parameters, "msteams", channel.service_url, None
        )
        return created[0]

    async def reply_in_thread(self, thread: Posted, reply: Message) -> Posted:
        """Send into the thread's conversation."""
        reference = ConversationReference(
            channel_id="msteams",
            service_url=thread.service_url,
            conversation=ConversationAccount(id=thread.conversation_id, is_group=True),
        )
        return await self._continue(reference, reply, thread.service_url)

    async def update(self, posted: Posted, reply: Message) -> None:
        """Replace the posted message."""
        reference = ConversationReference(
            channel_id="msteams",
            service_url=posted.service_url,
            conversation=ConversationAccount(id=posted.conversation_id),
        )
        activity = to_activity(reply)
        activity.id = posted.activity_id

        async def put(context: TurnContext) -> None:
            await context.update_activity(activity)

        await self._proactive(reference, put)

    async def send_personal(self, aad_id: str, reply: Message) -> Posted:
        """Send in the person's 1:1 chat with the bot, from its stored reference."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(ConversationRef).where(
                    ConversationRef.aad_id == aad_id,
                    ConversationRef.scope == "personal",
                    ConversationRef.active.is_(True),
                )
            )
        if row is None:
            raise Unreachable(aad_id)
        reference = ConversationReference().deserialize(row.reference)
        return await self._continue(reference, reply, row.service_url)

    async def _continue(
        self, reference: ConversationReference, reply: Message, service_url: str
    ) -> Posted:
        sent: list[Posted] = []

        async def send(context: TurnContext) -> None:
            response = await context.send_activity(to_activity(reply))
            sent.append(
                Posted(
                    service_url, context.activity.conversation.id, response.id if response else ""
                )
            )

        await self._proactive(reference, send)
        return sent[0]

    async def _proactive(
        self, reference: ConversationReference, logic: Callable[[TurnContext], Awaitable[None]]
    ) -> None:
        """Run `logic` in the conversation and raise what it raised.

        The adapter's pipeline would hand the error to `on_turn_error` and swallow it; callers
        need it (its status and Retry-After) to reschedule the send.
        """
        failed: list[Exception] = []

        async def guarded(context: TurnContext) -> None:
            context.turn_state[SINGLE_ATTEMPT] = True
            try:
                await logic(context)
            except Exception as error:
                failed.append(error)

        await self._adapter.continue_conversation(reference, guarded, self._adapter.app_id)
        if failed:
            raise failed[0]
