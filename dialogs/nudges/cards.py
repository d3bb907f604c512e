"""The nudge card and the `reminders` list. Pure functions of their inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from microsoft_teams.cards import AdaptiveCard, CardElement, ExecuteAction

from dialogs.cardkit import card, facts, heading, paragraph
from dialogs.i18n import Lang, t, when
from dialogs.nudges import messages as _messages  # noqa: F401  (registers texts)


@dataclass(frozen=True)
class NudgeView:
    """What one reminder says: its kind, item, network, deadline and the direct action."""

    reminder_id: int
    kind: str
    title: str
    network: str
    deadline: datetime
    action: Mapping[str, Any]
    due_at: datetime | None = None


def view_of(reminder: Any) -> NudgeView:
    """A stored `storage.models.Reminder` as the card sees it."""
    params = reminder.params or {}
    return NudgeView(
        reminder_id=reminder.id,
        kind=reminder.kind,
        title=str(params.get("title", "")),
        network=str(params.get("network", "")),
        deadline=reminder.deadline,
        action=dict(reminder.action or {}),
        due_at=reminder.due_at,
    )


def act_button(view: NudgeView, lang: Lang) -> ExecuteAction:
    """The button that takes the action directly: the stored payload, verbatim."""
    data = dict(view.action)
    return ExecuteAction(
        title=t(f"nudge.{view.kind}.act", lang), verb=str(data["action"]), data=data
    )


def snooze_button(view: NudgeView, lang: Lang) -> ExecuteAction:
    """*Remind me tomorrow*."""
    return ExecuteAction(
        title=t("nudge.snooze", lang),
        verb="nudge.snooze",
        data={"action": "nudge.snooze", "reminder_id": view.reminder_id},
    )


def nudge_card(
    view: NudgeView, lang: Lang, *, now: datetime, note: str | None = None
) -> AdaptiveCard:
    """What is due, when, in which network; act now, or be reminded tomorrow."""
    deadline = when(view.deadline, lang)
    body: list[CardElement] = [
        heading(t(f"nudge.{view.kind}.title", lang)),
        paragraph(
            t(
                f"nudge.{view.kind}.text",
                lang,
                title=view.title,
                network=view.network,
                deadline=deadline,
            )
        ),
        facts(
            [
                (t("nudge.field.item", lang), view.title),
                (t("nudge.field.network", lang), view.network),
                (t("nudge.field.deadline", lang), deadline),
            ]
        ),
    ]
    if now > view.deadline:
        body.append(paragraph(t("nudge.overdue", lang, deadline=deadline)))
    if note:
        body.append(paragraph(note, subtle=True))
    return card(body, [act_button(view, lang), snooze_button(view, lang)])


def reminders_card(views: Sequence[NudgeView], lang: Lang) -> AdaptiveCard:
    """The person's coming reminders, soonest first."""
    if not views:
        return card([heading(t("nudge.list.title", lang)), paragraph(t("nudge.list.empty", lang))])
    body: list[CardElement] = [heading(t("nudge.list.title", lang))]
    for view in views:
        body.append(paragraph(f"**{t(f'nudge.{view.kind}.title', lang)}**"))
        body.append(
            facts(
                [
                    (t("nudge.field.item", lang), view.title),
                    (t("nudge.field.network", lang), view.network),
                    (t("nudge.field.deadline", lang), when(view.deadline, lang)),
                    (t("nudge.field.when", lang), when(view.due_at or view.deadline, lang)),
                ]
            )
        )
    return card(body)
