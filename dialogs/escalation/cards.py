"""Escalation cards: the card the directors decide on, the parent's new case, the listing.

Pure functions of an `EscalationView`; `EscalationCards` bundles those the service posts itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from microsoft_teams.cards import AdaptiveCard, CardElement, Container, TextBlock, TextInput

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.cases.cards import case_card
from dialogs.cases.rules import case_label
from dialogs.escalation import messages as _messages  # noqa: F401  (registers texts)
from dialogs.escalation import rules
from dialogs.escalation.rules import State, Verdict
from dialogs.escalation.service import EscalationView, deadline_text, stance_text, target_name
from dialogs.i18n import Lang, t, when
from dialogs.turn import Reply
from storage.models import Case

_BUTTONS = (
    (Verdict.APPROVED, "escalation.card.approve"),
    (Verdict.REJECTED, "escalation.card.reject"),
    (Verdict.RETURNED, "escalation.card.return"),
)


def _shown_state(state: str) -> str:
    """The card is built while its delivery is claimed, and seen only once it has arrived: to its
    readers it is delivered (waiting for the decision), never "being delivered"."""
    return State.DELIVERED.value if state == State.DELIVERING else state


def _title(view: EscalationView, lang: Lang) -> str:
    if view.case is None:
        return t("escalation.card.title.composition", lang, network=view.network.name)
    return t("escalation.card.title", lang, label=view.label, title=view.case.title)


def _ask(view: EscalationView, lang: Lang) -> str:
    if view.case is None:
        return t("escalation.card.ask.composition", lang)
    proposal = view.case.proposal or view.case.title
    return t("escalation.card.ask.proposal", lang, proposal=proposal)


def escalation_card(view: EscalationView, lang: Lang) -> AdaptiveCard:
    """The card in the director channel: the case, the stances, the question and the deadline;
    the decision form while pending, the decision (who, when) once recorded."""
    escalation = view.escalation
    rows = [(t("escalation.card.network", lang), view.network.name)]
    if view.case is not None:
        rows.append((t("escalation.card.case", lang), f"{view.label} {view.case.title}"))
    rows += [
        (t("escalation.card.reason", lang), t(f"escalation.reason.{escalation.reason}", lang)),
        (t("escalation.card.deadline", lang), deadline_text(escalation, lang)),
        (
            t("escalation.card.state", lang),
            t(f"escalation.state.{_shown_state(escalation.state)}", lang),
        ),
    ]
    body: list[CardElement] = [heading(_title(view, lang)), facts(rows)]
    description = view.case.description if view.case is not None else escalation.description
    if description:
        body.append(paragraph(description[:2000]))
    if view.case is not None and view.case.proposal:
        body.append(paragraph(f"**{t('escalation.card.proposal', lang)}:** {view.case.proposal}"))
    if view.case is not None:
        body.append(paragraph(f"**{t('escalation.card.stances', lang)}**"))
        lines = [stance_text(line, lang) for line in view.stances]
        body.append(
            facts(lines) if lines else paragraph(t("escalation.card.no_stances", lang), subtle=True)
        )
    body.append(paragraph(t("escalation.card.ask", lang, ask=_ask(view, lang))))
    if escalation.state == State.DECIDED and escalation.decision:
        body.append(
            paragraph(
                t(
                    "escalation.card.decided",
                    lang,
                    verdict=t(f"escalation.verdict.{escalation.decision}", lang),
                    name=escalation.decided_by_name or "",
                    when=when(escalation.decided_at, lang) if escalation.decided_at else "",
                )
            )
        )
        if escalation.guidance:
            body.append(paragraph(escalation.guidance))
        return card(body)
    body.append(
        TextInput(
            id="text",
            label=t("escalation.card.text", lang),
            is_required=True,
            error_message=t("escalation.card.text.error", lang),
            is_multiline=True,
            max_length=rules.MAX_TEXT,
        )
    )
    return card(
        body,
        [
            execute(t(key, lang), "escalation.decide", escalation_id=escalation.id, verdict=v.value)
            for v, key in _BUTTONS
        ],
    )


def parent_case_reply(view: EscalationView, case: Case) -> Reply:
    """The parent's new case: a line saying where it comes from, and the case card with its
    poll button."""
    lang = view.lang
    return Reply(
        text=t(
            "escalation.parent.intro",
            lang,
            network=view.network.name,
            label=view.label,
            deadline=deadline_text(view.escalation, lang),
        ),
        card=case_card(case, lang, can_poll=True),
    )


def escalation_list_card(
    network_name: str, views: Sequence[EscalationView], lang: Lang, now: datetime
) -> AdaptiveCard:
    """Pending and decided escalations with age and deadline; overdue and undelivered ones
    stand out."""
    body: list[CardElement] = [heading(t("escalations.title", lang, network=network_name))]
    if not views:
        body.append(paragraph(t("escalations.empty", lang), subtle=True))
        return card(body)
    for group, key in ((False, "escalations.pending"), (True, "escalations.decided")):
        members = [v for v in views if (v.escalation.state == State.DECIDED) is group]
        if members:
            body.append(paragraph(f"**{t(key, lang)}**"))
            body.extend(_entry(view, lang, now) for view in members)
    return card(body)


def _entry(view: EscalationView, lang: Lang, now: datetime) -> Container:
    escalation = view.escalation
    title = (
        f"{view.label} {view.case.title} — {view.network.name}"
        if view.case is not None
        else _title(view, lang)
    )
    items: list[CardElement] = [
        TextBlock(text=title, weight="Bolder", wrap=True),
        facts(
            [
                (t("escalations.to", lang), target_name(view, lang)),
                (
                    t("escalation.card.state", lang),
                    t(f"escalation.state.{escalation.state}", lang)
                    if escalation.state != State.DECIDED or not escalation.decision
                    else t(f"escalation.verdict.{escalation.decision}", lang),
                ),
                (
                    t("escalation.card.deadline", lang),
                    deadline_text(escalation, lang),
                ),
            ]
        ),
        paragraph(
            t("escalations.age", lang, count=rules.age_days(escalation.requested_at, now)),
            subtle=True,
        ),
    ]
    if rules.is_overdue(escalation.state, escalation.deadline, now):
        items.append(
            TextBlock(text=t("escalations.overdue", lang), color="Warning", weight="Bolder")
        )
    if escalation.state == State.NOT_DELIVERED:
        retry = (
            t("escalations.not_delivered", lang, when=when(escalation.next_attempt_at, lang))
            if escalation.next_attempt_at
            else t("escalation.state.not_delivered", lang)
        )
        items.append(TextBlock(text=retry, color="Attention", wrap=True))
    if escalation.state == State.UNCERTAIN:
        items.append(
            TextBlock(text=t("escalation.state.uncertain", lang), color="Attention", wrap=True)
        )
    if view.target is None:
        items.append(paragraph(t("escalations.no_target", lang), subtle=True))
    if view.parent_case is not None:
        parent = view.parent_case
        items.append(
            paragraph(f"→ {case_label(parent.number, parent.year)} {parent.title}", subtle=True)
        )
    return Container(items=items, separator=True)


class EscalationCards:
    """The cards an escalation posts by itself, in the language of its case."""

    def shared(self, view: EscalationView) -> AdaptiveCard:
        """The card in the director channel."""
        return escalation_card(view, view.lang)

    def parent_case(self, view: EscalationView, case: Case) -> Reply:
        """The new case in the parent network's channel."""
        return parent_case_reply(view, case)
