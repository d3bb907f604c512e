"""Teams commands and card actions for nudges: `reminders` and *remind me tomorrow*."""

from __future__ import annotations

from typing import Literal

from dialogs.i18n import t
from dialogs.nudges.cards import reminders_card
from dialogs.nudges.service import NudgeService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn


class SnoozeNudge(CardAction):
    """`nudge.snooze`: the reminder to repeat tomorrow."""

    action: Literal["nudge.snooze"]
    reminder_id: int


class NudgeHandlers:
    """Translates `reminders` and the snooze button into nudge service calls."""

    def __init__(self, nudges: NudgeService) -> None:
        self._nudges = nudges

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"reminders": self.reminders}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [ActionRoute("nudge.snooze", SnoozeNudge, self.snooze)]

    async def reminders(self, turn: Turn, _args: str) -> Reply:
        """The caller's coming reminders (personal chat only: they are nobody else's business)."""
        if turn.place.scope != "personal":
            return Reply(text=t("nudge.list.personal_only", turn.lang))
        views = await self._nudges.upcoming(turn.actor.aad_id)
        return Reply(card=reminders_card(views, turn.lang))

    async def snooze(self, turn: Turn, payload: SnoozeNudge) -> Reply:
        """Repeat the reminder at the next working moment after 24 hours."""
        return await self._nudges.snooze(turn.actor, payload.reminder_id, turn.lang)
