"""Decision log cards. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    Container,
    NumberInput,
    OpenUrlAction,
    TextInput,
)

from dialogs.cardkit import card, execute, heading, paragraph
from dialogs.decisions import messages as _messages  # noqa: F401  (registers texts)
from dialogs.decisions.rules import Anchoring, LogEntry
from dialogs.i18n import Lang, day, t
from dialogs.members.cards import hf_name

MAX_SHOWN = 15
OUTCOMES = ("consensus", "no_consensus", "inconclusive", "approved", "rejected", "returned")


def _anchoring(entry: LogEntry, lang: Lang) -> str:
    if entry.anchoring is Anchoring.PROVISIONAL:
        names = ", ".join(hf_name(hf, lang) for hf in entry.pending)
        return t("decisions.anchoring.provisional", lang, hfs=names)
    return t(f"decisions.anchoring.{entry.anchoring.value}", lang)


def _only_the_title(entry: LogEntry) -> bool:
    """Whether the decision's text only repeats its case's title (`entry.case` is
    `"<number> <title>"`)."""
    _, _, title = entry.case.partition(" ")
    return title.strip() == entry.text.strip()


def _entry(entry: LogEntry, lang: Lang, *, can_amend: bool) -> Container:
    lines: list[CardElement] = [
        paragraph(
            f"**{t('decisions.entry', lang, label=entry.label)}** · {day(entry.decided_on, lang)}"
            f" · {t(f'outcome.{entry.outcome}', lang)}"
            f" · {t(f'decisions.by.{entry.decided_by}', lang)}"
            + (f" {t('decisions.in_meeting', lang)}" if entry.in_meeting else "")
        ),
    ]
    if entry.case and _only_the_title(entry):
        # Decided on a case without a proposal: the decision's text is the case's title.
        lines.append(paragraph(entry.case))
    else:
        if entry.case:
            lines.append(paragraph(entry.case, subtle=True))
        lines.append(paragraph(entry.text))
    lines.append(paragraph(_anchoring(entry, lang), subtle=True))
    if entry.amends:
        lines.append(paragraph(t("decisions.amends", lang, label=entry.amends)))
    if entry.amended_by:
        lines.append(paragraph(t("decisions.amended_by", lang, labels=", ".join(entry.amended_by))))
    if can_amend:
        lines.append(
            ActionSet(
                actions=[
                    execute(
                        t("decisions.amend", lang, label=entry.label),
                        "decisions.amend_form",
                        decision_id=entry.id,
                    )
                ]
            )
        )
    return Container(items=lines, separator=True)


def log_card(
    network_id: int,
    network_name: str,
    entries: Sequence[LogEntry],
    lang: Lang,
    *,
    can_amend: bool,
    csv_url: str,
    markdown_url: str,
    year: int | None = None,
    outcome: str | None = None,
    text: str | None = None,
) -> AdaptiveCard:
    """Recent decisions with filters, corrections and export links."""
    body: list[CardElement] = [
        heading(t("decisions.title", lang, network=network_name)),
        NumberInput(
            id="year", label=t("decisions.field.year", lang), min=2000, max=2100, value=year
        ),
        ChoiceSetInput(
            id="outcome",
            label=t("decisions.field.outcome", lang),
            value=outcome,
            placeholder=t("outcome.any", lang),
            choices=[Choice(title=t(f"outcome.{o}", lang), value=o) for o in OUTCOMES],
        ),
        TextInput(id="text", label=t("decisions.field.text", lang), value=text, max_length=200),
        ActionSet(
            actions=[
                execute(t("decisions.filter", lang), "decisions.filter", network_id=network_id)
            ]
        ),
    ]
    shown = entries[:MAX_SHOWN]
    if shown:
        body.append(
            paragraph(t("decisions.shown", lang, shown=len(shown), total=len(entries)), subtle=True)
        )
        body.extend(_entry(entry, lang, can_amend=can_amend) for entry in shown)
    else:
        body.append(paragraph(t("decisions.empty", lang), subtle=True))
    built = card(body)
    built.actions = [
        OpenUrlAction(title=t("decisions.csv", lang), url=csv_url),
        OpenUrlAction(title=t("decisions.markdown", lang), url=markdown_url),
    ]
    return built


def amend_card(entry: LogEntry, lang: Lang) -> AdaptiveCard:
    """The form for a correction."""
    return card(
        [
            heading(t("decisions.amend.title", lang, label=entry.label)),
            paragraph(t("decisions.amend.intro", lang), subtle=True),
            paragraph(entry.text),
            TextInput(
                id="text",
                label=t("decisions.field.new_text", lang),
                is_required=True,
                error_message=t("decisions.field.new_text.error", lang),
                is_multiline=True,
                value=entry.text,
                max_length=4000,
            ),
        ],
        [execute(t("decisions.amend.submit", lang), "decisions.amend", decision_id=entry.id)],
    )
