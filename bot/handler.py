"""The Teams activity handler: routes messages and card actions to the dialogs' router.

Business logic lives in `dialogs/`; this class only translates activities in and replies out.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import InvokeResponse, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import ChannelAccount
from botbuilder.schema.teams import TeamInfo

from bot.conversations import forget, remember
from bot.outbox import to_activity
from bot.retry import is_retryable
from bot.teams import command_text, tenant_of, turn_of
from dialogs.cardkit import as_json
from dialogs.i18n import lang_of, register, t
from dialogs.outbox import Outbox, Posted, status_of
from dialogs.routing import Router
from dialogs.turn import Reply
from storage.db import Sessions

log = logging.getLogger(__name__)

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
# The invokes the bot answers; `bot.app` refuses others before botbuilder answers them with 501.
INVOKES = frozenset({"adaptiveCard/action"})

register(
    {
        "bot.unexpected": {
            "nb": "Beklager, noe gikk galt hos meg. Ingenting ble endret. Prøv igjen om litt.",
            "en": "Sorry, something went wrong on my side. Nothing was changed. "
            "Please try again shortly.",
        },
        "bot.welcome": {
            "nb": "Hei! Jeg er Fagnett. Skriv **hjelp** for å se hva jeg kan gjøre.",
            "en": "Hi! I'm Fagnett. Type **help** to see what I can do.",
        },
    }
)


class FagnettBot(TeamsActivityHandler):
    """Translates Teams activities into router calls and router replies into Teams messages."""

    def __init__(self, router: Router, sessions: Sessions, outbox: Outbox | None = None) -> None:
        self._router = router
        self._sessions = sessions
        self._outbox = outbox

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """A typed command, or an `Action.Submit` from an older client."""
        activity = turn_context.activity
        turn = turn_of(turn_context)
        if activity.value and not activity.text:
            reply = await self._safely(turn_context, self._router.on_action(turn, activity.value))
            await self._send(turn_context, reply, replace=activity.reply_to_id)
            return
        text = command_text(activity)
        reply = await self._safely(turn_context, self._router.on_text(turn, text))
        await self._send(turn_context, reply)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Universal Actions answer with a card or message body the adapter must not re-serialise.

        `ActivityHandler` would turn the body into a dict that `CloudAdapter.process` then fails
        to serialise again (HTTP 500); `bot.app` writes this body as JSON itself.
        """
        activity = turn_context.activity
        if activity.name != "adaptiveCard/action":
            return await super().on_invoke_activity(turn_context)
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("action")
        data = action.get("data") if isinstance(action, dict) else None
        turn = turn_of(turn_context)
        reply = await self._safely(turn_context, self._router.on_action(turn, data))
        if reply.for_everyone is not None:
            await self._replace_for_everyone(turn_context, reply.for_everyone)
        for extra in reply.extra:
            await self._send(turn_context, extra)
        if reply.card is not None:
            body: dict[str, Any] = {
                "statusCode": 200,
                "type": ADAPTIVE_CARD,
                "value": as_json(reply.card),
            }
            if reply.text:
                await turn_context.send_activity(MessageFactory.text(reply.text))
        else:
            body = {"statusCode": 200, "type": MESSAGE, "value": reply.text or ""}
        return InvokeResponse(status=200, body=body)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """The app was installed personally, in a team or in a group chat."""
        await remember(self._sessions, turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        """The app was uninstalled: its conversation reference goes inactive."""
        await forget(self._sessions, turn_context)

    async def on_teams_members_added(
        self,
        teams_members_added: list[Any],
        team_info: TeamInfo,
        turn_context: TurnContext,
    ) -> None:
        """When the bot itself joins a conversation, remember it and say hello once."""
        bot_id = turn_context.activity.recipient.id
        if any(member.id == bot_id for member in teams_members_added):
            await remember(self._sessions, turn_context)
            lang = lang_of(turn_context.activity.locale)
            await self._send(turn_context, Reply(text=t("bot.welcome", lang)))

    async def on_teams_members_removed(
        self,
        teams_members_removed: list[ChannelAccount],
        team_info: TeamInfo,
        turn_context: TurnContext,
    ) -> None:
        """When the bot itself leaves a conversation, its reference goes inactive."""
        bot_id = turn_context.activity.recipient.id
        if any(member.id == bot_id for member in teams_members_removed):
            await forget(self._sessions, turn_context)

    async def _later(self, turn_context: TurnContext, reply: Reply) -> None:
        """Teams still throttles after the turn's short retries: the reply goes to the outbox,
        which delivers it when Teams lets it, and the request is answered now."""
        activity = turn_context.activity
        assert self._outbox is not None
        log.warning("reply to activity %s deferred to the outbox (throttled)", activity.id)
        async with self._sessions.begin() as session:
            self._outbox.reply(
                session,
                Posted(activity.service_url, activity.conversation.id, ""),
                reply,
                subject=f"turn:{activity.id}"[:100],
                tenant_id=tenant_of(activity),
            )

    async def _replace_for_everyone(self, turn_context: TurnContext, card: Any) -> None:
        """The clicked message becomes `card` for everyone: an update through the outbox, so
        it lands even while Teams throttles (the clicker already has it in the answer)."""
        activity = turn_context.activity
        if self._outbox is None or not activity.reply_to_id:
            return
        posted = Posted(activity.service_url, activity.conversation.id, activity.reply_to_id)
        async with self._sessions.begin() as session:
            await self._outbox.update(
                session,
                posted,
                Reply(card=card),
                key=f"form:{activity.reply_to_id}"[:150],
                subject=f"form:{activity.reply_to_id}"[:100],
                tenant_id=tenant_of(activity),
            )

    async def _safely(self, turn_context: TurnContext, pending: Any) -> Reply:
        """Await a router call; an unexpected failure becomes a polite reply, never a trace."""
        try:
            reply: Reply = await pending
        except Exception:
            log.exception(
                "turn failed (activity %s, conversation %s)",
                turn_context.activity.id,
                turn_context.activity.conversation.id
                if turn_context.activity.conversation
                else None,
            )
            return Reply(text=t("bot.unexpected", lang_of(turn_context.activity.locale)))
        return reply

    async def _send(
        self, turn_context: TurnContext, reply: Reply, replace: str | None = None
    ) -> None:
        """Send a reply's text and card; with `replace`, the card updates that message instead."""
        message = to_activity(reply)
        if replace and reply.card is not None:
            message.id = replace
            try:
                await turn_context.update_activity(message)
                replaced = True
            except Exception as error:
                if status_of(error) not in (400, 403, 404):
                    raise
                # The message is gone (deleted, or never the bot's): answer with a new one.
                log.warning("could not update message %s (%s); sending anew", replace, error)
                replaced = False
            if not replaced:
                await self._send(turn_context, Reply(text=reply.text, card=reply.card))
        elif reply.card is not None or reply.text:
            try:
                await turn_context.send_activity(message)
            except Exception as error:
                if self._outbox is None or not is_retryable(error):
                    raise
                await self._later(turn_context, reply)
        for extra in reply.extra:
            await self._send(turn_context, extra)
