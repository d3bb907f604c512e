"""Agenda proposal and assignment cards: the forms, the cards posted in channels, the answer.
Pure functions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    DateInput,
    ExecuteAction,
    TextInput,
)

from dialogs.agenda import messages as _messages  # noqa: F401  (registers texts)
from dialogs.agenda.rules import AssignmentState, ProposalState, Scope
from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, t, when

if TYPE_CHECKING:
    from dialogs.agenda.service import AssignmentView, ProposalView, Targets


def _network_choice(targets: Targets, lang: Lang, label: str) -> ChoiceSetInput:
    return ChoiceSetInput(
        id="network_id",
        label=label,
        is_required=True,
        error_message=t("agenda.field.network.error", lang),
        choices=[
            Choice(title=name, value=str(network_id)) for network_id, name in targets.networks
        ],
    )


def proposal_form_card(targets: Targets, lang: Lang) -> AdaptiveCard:
    """The adviser's form: which network, national or regional, what, and from where."""
    return card(
        [
            heading(t("agenda.form.title", lang)),
            paragraph(t("agenda.form.intro", lang), subtle=True),
            _network_choice(targets, lang, t("agenda.field.network", lang)),
            ChoiceSetInput(
                id="scope",
                label=t("agenda.field.scope", lang),
                is_required=True,
                error_message=t("agenda.field.scope.error", lang),
                choices=[
                    Choice(title=t(f"agenda.scope.{s.value}", lang), value=s.value) for s in Scope
                ],
            ),
            TextInput(
                id="title",
                label=t("agenda.field.title", lang),
                is_required=True,
                error_message=t("agenda.field.title.error", lang),
                max_length=200,
            ),
            TextInput(
                id="description",
                label=t("agenda.field.description", lang),
                is_multiline=True,
                is_required=True,
                error_message=t("agenda.field.description.error", lang),
                max_length=3000,
            ),
            TextInput(
                id="source",
                label=t("agenda.field.source", lang),
                is_required=True,
                error_message=t("agenda.field.source.error", lang),
                max_length=500,
            ),
        ],
        [execute(t("agenda.form.submit", lang), "agenda.propose")],
    )


def proposal_card(view: ProposalView, lang: Lang, *, decidable: bool) -> AdaptiveCard:
    """A proposal: what it is and where it stands. Posted in the network's channel with a reason
    field and the accept and decline buttons while it is pending (`decidable`)."""
    rows = [
        (t("agenda.field.network", lang), view.network),
        (t("agenda.field.scope", lang), t(f"agenda.scope.{view.scope}", lang)),
        (t("agenda.card.adviser", lang), view.adviser),
        (t("agenda.field.source", lang), view.source),
        (t("agenda.card.state", lang), t(f"agenda.state.{view.state}", lang)),
    ]
    if view.case:
        rows.append((t("agenda.card.case", lang), view.case))
    if view.reason:
        rows.append((t("agenda.card.reason", lang), view.reason))
    body: list[CardElement] = [
        heading(t("agenda.card.title", lang, title=view.title)),
        facts(rows),
        paragraph(view.description),
    ]
    actions: list[ExecuteAction] = []
    if decidable and view.state == ProposalState.PENDING:
        body.append(
            TextInput(
                id="reason",
                label=t("agenda.field.reason", lang),
                is_multiline=True,
                max_length=1000,
            )
        )
        actions = [
            execute(t("agenda.card.accept", lang), "agenda.accept", proposal_id=view.id),
            execute(t("agenda.card.decline", lang), "agenda.decline", proposal_id=view.id),
        ]
    return card(body, actions)


def assignment_form_card(targets: Targets, lang: Lang, today: date) -> AdaptiveCard:
    """A director's form: which network, what, and by when."""
    return card(
        [
            heading(t("assignment.form.title", lang)),
            paragraph(t("assignment.form.intro", lang), subtle=True),
            _network_choice(targets, lang, t("assignment.field.network", lang)),
            TextInput(
                id="title",
                label=t("assignment.field.title", lang),
                is_required=True,
                error_message=t("agenda.field.title.error", lang),
                max_length=200,
            ),
            TextInput(
                id="description",
                label=t("assignment.field.description", lang),
                is_multiline=True,
                max_length=3000,
            ),
            DateInput(
                id="deadline",
                label=t("assignment.field.deadline", lang),
                is_required=True,
                error_message=t("assignment.field.deadline.error", lang),
                min=today.isoformat(),
            ),
        ],
        [execute(t("assignment.form.submit", lang), "assignment.give")],
    )


def _assignment_facts(view: AssignmentView, lang: Lang) -> list[tuple[str, str]]:
    return [
        (t("assignment.field.network", lang), view.network),
        (t("assignment.card.case", lang), view.case),
        (t("assignment.field.deadline", lang), when(view.deadline, lang)),
        (
            t("assignment.card.state", lang),
            t(
                "assignment.state.overdue" if view.overdue else f"assignment.state.{view.state}",
                lang,
            ),
        ),
    ]


def assignment_card(view: AssignmentView, lang: Lang, *, answerable: bool) -> AdaptiveCard:
    """An assignment as given: posted in the network's channel (with the answer button) and
    shown to the director who gave it."""
    body: list[CardElement] = [
        heading(t("assignment.card.title", lang)),
        facts(_assignment_facts(view, lang)),
        paragraph(view.description),
    ]
    actions = (
        [
            execute(
                t("assignment.card.answer", lang),
                "assignment.answer_form",
                assignment_id=view.id,
            )
        ]
        if answerable and view.state == AssignmentState.OPEN
        else []
    )
    return card(body, actions)


def answer_form_card(view: AssignmentView, lang: Lang) -> AdaptiveCard:
    """The network's answer: a text, one of its decisions, or both."""
    return card(
        [
            heading(t("assignment.answer_form.title", lang)),
            facts(_assignment_facts(view, lang)),
            TextInput(
                id="text",
                label=t("assignment.field.answer", lang),
                is_multiline=True,
                max_length=3000,
            ),
            TextInput(
                id="decision",
                label=t("assignment.field.decision", lang),
                placeholder=t("assignment.field.decision.hint", lang),
                max_length=20,
            ),
        ],
        [
            execute(
                t("assignment.answer_form.submit", lang), "assignment.answer", assignment_id=view.id
            )
        ],
    )


def answer_card(view: AssignmentView, lang: Lang, *, answered_by: str) -> AdaptiveCard:
    """The answer, as it reaches the director thread (and replaces the answer form)."""
    return card(
        [
            heading(t("assignment.answered.title", lang, network=view.network)),
            facts(
                [
                    *_assignment_facts(view, lang),
                    (t("assignment.answered.by", lang), answered_by),
                ]
            ),
            paragraph(view.answer or ""),
        ]
    )
