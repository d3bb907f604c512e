"""Case cards: the form, one case, the list. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    TextInput,
    ToggleInput,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.cases import messages as _messages  # noqa: F401  (registers texts)
from dialogs.cases.rules import CaseType, case_label
from dialogs.i18n import Lang, t
from storage.models import Case


def case_form_card(lang: Lang) -> AdaptiveCard:
    """The form for a new case."""
    return card(
        [
            heading(t("case.form.title", lang)),
            TextInput(
                id="title",
                label=t("case.field.title", lang),
                is_required=True,
                error_message=t("case.field.title.error", lang),
                max_length=200,
            ),
            TextInput(
                id="description",
                label=t("case.field.description", lang),
                is_multiline=True,
                max_length=4000,
            ),
            TextInput(
                id="proposal",
                label=t("case.field.proposal", lang),
                is_multiline=True,
                max_length=2000,
            ),
            ChoiceSetInput(
                id="case_type",
                label=t("case.field.type", lang),
                is_required=True,
                error_message=t("case.field.type.error", lang),
                choices=[
                    Choice(title=t(f"case_type.{c.value}", lang), value=c.value) for c in CaseType
                ],
            ),
            ToggleInput(
                id="user_participation",
                label=t("case.field.user_participation", lang),
                title=t("case.field.user_participation", lang),
                value="false",
                value_on="true",
                value_off="false",
            ),
            ToggleInput(
                id="needs_anchoring",
                label=t("case.field.needs_anchoring", lang),
                title=t("case.field.needs_anchoring", lang),
                value="false",
                value_on="true",
                value_off="false",
            ),
        ],
        [execute(t("case.form.submit", lang), "case.create")],
    )


def _flags(case: Case, lang: Lang) -> str:
    flags = []
    if case.user_participation:
        flags.append(t("case.card.flag.user", lang))
    if case.needs_anchoring:
        flags.append(t("case.card.flag.anchoring", lang))
    return ", ".join(flags) or t("case.card.none", lang)


def case_card(case: Case, lang: Lang, *, can_poll: bool) -> AdaptiveCard:
    """One case, with the button that opens a poll on it."""
    body: list[CardElement] = [
        heading(
            t("case.card.title", lang, label=case_label(case.number, case.year), title=case.title)
        ),
        facts(
            [
                (t("case.card.type", lang), t(f"case_type.{case.case_type}", lang)),
                (t("case.card.state", lang), t(f"case_state.{case.state}", lang)),
                (t("case.card.flags", lang), _flags(case, lang)),
            ]
        ),
    ]
    if case.description:
        body.append(paragraph(case.description))
    if case.proposal:
        body.append(paragraph(f"**{t('case.field.proposal', lang)}:** {case.proposal}"))
    actions = [execute(t("case.card.poll", lang), "poll.form", case_id=case.id)] if can_poll else []
    return card(body, actions)


def case_list_card(network_name: str, cases: Sequence[Case], lang: Lang) -> AdaptiveCard:
    """The network's open cases with their state."""
    body: list[CardElement] = [heading(t("case.list.title", lang, network=network_name))]
    if cases:
        body.append(
            facts(
                [
                    (
                        case_label(c.number, c.year),
                        f"{c.title} — {t(f'case_state.{c.state}', lang)}",
                    )
                    for c in cases
                ]
            )
        )
    else:
        body.append(paragraph(t("case.list.empty", lang), subtle=True))
    return card(body)
