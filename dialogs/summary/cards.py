"""The summary, network details and weekly digest cards. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    Container,
    OpenUrlAction,
    TextBlock,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, t, when
from dialogs.members.rules import HF, HF_NAMES
from dialogs.networks.cards import kind_name
from dialogs.networks.rules import Kind
from dialogs.summary import messages as _messages  # noqa: F401  (registers texts)
from dialogs.summary import rules
from dialogs.summary.rules import Filters, NetworkRow

if TYPE_CHECKING:
    from dialogs.summary.service import RelatedCase, Summary

MAX_RELATED = 5
"""Related pairs shown on the card; the strongest first."""


def row_text(row: NetworkRow, now: datetime, lang: Lang) -> str:
    """One network's figures on one line; a quality network's overdue milestones last."""
    age = rules.escalation_age(row, now)
    text = t(
        "summary.row",
        lang,
        cases=row.open_cases,
        polls=row.running_polls,
        turnout="" if row.turnout is None else t("summary.turnout", lang, percent=row.turnout),
        esc=row.pending_escalations,
        age="" if age is None else t("summary.age", lang, days=age),
        decisions=row.decisions,
        anchoring=row.anchoring_pending,
        meeting=when(row.next_meeting, lang) if row.next_meeting else "—",
        followups=row.overdue_followups,
        assignments=row.overdue_assignments,
        report=row.annual_report or rules.ANNUAL_REPORT_UNKNOWN,
    )
    if row.kind == Kind.QUALITY_COMPETENCE:
        text += t("summary.milestones", lang, count=row.overdue_milestones)
    return text


def _row(row: NetworkRow, now: datetime, lang: Lang, *, first: bool) -> Container:
    return Container(
        separator=None if first else True,
        items=[
            TextBlock(text=row.name, weight="Bolder", wrap=True),
            paragraph(row_text(row, now, lang), subtle=True),
            ActionSet(
                actions=[
                    OpenUrlAction(title=t("summary.open_channel", lang), url=rules.deep_link(row)),
                    execute(
                        t("summary.details", lang), "summary.details", network_id=row.network_id
                    ),
                ]
            ),
        ],
    )


def _choices(options: Sequence[tuple[str, str]], lang: Lang) -> list[Choice]:
    return [
        Choice(title=t("summary.filter.any", lang), value=rules.ANY),
        *(Choice(title=title, value=value) for value, title in options),
    ]


def _filters(filters: Filters, lang: Lang) -> Container:
    return Container(
        separator=True,
        items=[
            ChoiceSetInput(
                id="kind",
                label=t("summary.filter.kind", lang),
                choices=_choices([(k.value, kind_name(k.value, lang)) for k in Kind], lang),
                value=filters.kind or rules.ANY,
            ),
            ChoiceSetInput(
                id="hf",
                label=t("summary.filter.hf", lang),
                choices=_choices([(h.value, HF_NAMES[h]) for h in HF], lang),
                value=filters.hf or rules.ANY,
            ),
            ChoiceSetInput(
                id="period",
                label=t("summary.filter.period", lang),
                choices=[
                    Choice(title=t("summary.filter.days", lang, days=d), value=str(d))
                    for d in rules.PERIODS
                ],
                value=str(filters.period),
            ),
            ActionSet(actions=[execute(t("summary.filter", lang), "summary.filter")]),
        ],
    )


def summary_card(summary: Summary, lang: Lang, *, csv_url: str | None) -> AdaptiveCard:
    """The summary: one row per network on this page, filters, related cases, CSV."""
    shown, more = rules.page_of(summary.rows, summary.filters.page)
    body: list[CardElement] = [heading(t("summary.title", lang))]
    if not summary.everything:
        body.append(paragraph(t("summary.own_only", lang)))
    if not summary.rows:
        body.append(paragraph(t("summary.none", lang)))
    else:
        start = summary.filters.page * rules.PAGE_SIZE
        body.append(
            paragraph(
                t(
                    "summary.count",
                    lang,
                    shown=f"{start + 1}–{start + len(shown)}",
                    total=summary.total,
                    period=summary.filters.period,
                ),
                subtle=True,
            )
        )
    body += [_row(r, summary.now, lang, first=i == 0) for i, r in enumerate(shown)]
    actions = []
    if more:
        f = summary.filters
        actions.append(
            execute(
                t("summary.more", lang),
                "summary.filter",
                kind=f.kind or rules.ANY,
                hf=f.hf or rules.ANY,
                period=str(f.period),
                page=f.page + 1,
            )
        )
    if summary.related:
        body.append(
            TextBlock(
                text=t("summary.related.title", lang), weight="Bolder", wrap=True, separator=True
            )
        )
        for view in summary.related[:MAX_RELATED]:
            items: list[CardElement] = [
                paragraph(
                    t(
                        "summary.related.pair",
                        lang,
                        first=f"{view.first.label} {view.first.title}",
                        first_network=view.first.network,
                        second=f"{view.second.label} {view.second.title}",
                        second_network=view.second.network,
                    )
                )
            ]
            if view.told:
                items.append(paragraph(t("summary.related.told", lang), subtle=True))
            else:
                items.append(
                    ActionSet(
                        actions=[
                            execute(
                                t("summary.related.tell", lang),
                                "summary.tell",
                                first=view.first.case_id,
                                second=view.second.case_id,
                            )
                        ]
                    )
                )
            body.append(Container(items=items))
    body.append(_filters(summary.filters, lang))
    if csv_url is not None:
        actions.append(OpenUrlAction(title=t("summary.csv", lang), url=csv_url))  # type: ignore[arg-type]
    if summary.everything:
        body.append(
            paragraph(t("summary.digest.on" if summary.digest else "summary.digest.off", lang))
        )
        actions.append(
            execute(
                t("summary.digest.stop" if summary.digest else "summary.digest.start", lang),
                "summary.digest",
                on=not summary.digest,
            )
        )
    return AdaptiveCard(version="1.5", body=body, actions=actions)


def details_card(row: NetworkRow, now: datetime, lang: Lang) -> AdaptiveCard:
    """One network's figures, one per line."""
    age = rules.escalation_age(row, now)
    escalations = str(row.pending_escalations)
    if age is not None:
        escalations += t("summary.age", lang, days=age)
    return AdaptiveCard(
        version="1.5",
        body=[
            heading(row.name),
            paragraph(kind_name(row.kind, lang), subtle=True),
            facts(
                [
                    (t("summary.field.cases", lang), str(row.open_cases)),
                    (t("summary.field.polls", lang), str(row.running_polls)),
                    (
                        t("summary.field.turnout", lang),
                        "—" if row.turnout is None else f"{row.turnout} %",
                    ),
                    (t("summary.field.escalations", lang), escalations),
                    (t("summary.field.overdue_escalations", lang), str(row.overdue_escalations)),
                    (t("summary.field.decisions", lang), str(row.decisions)),
                    (t("summary.field.anchoring", lang), str(row.anchoring_pending)),
                    (
                        t("summary.field.meeting", lang),
                        when(row.next_meeting, lang) if row.next_meeting else "—",
                    ),
                    (t("summary.field.followups", lang), str(row.overdue_followups)),
                    (
                        t("summary.field.assignments", lang),
                        f"{row.open_assignments} / {row.overdue_assignments}",
                    ),
                    (
                        t("summary.field.report", lang),
                        row.annual_report or rules.ANNUAL_REPORT_UNKNOWN,
                    ),
                    *(
                        [(t("summary.field.milestones", lang), str(row.overdue_milestones))]
                        if row.kind == Kind.QUALITY_COMPETENCE
                        else []
                    ),
                ]
            ),
        ],
        actions=[
            OpenUrlAction(title=t("summary.open_channel", lang), url=rules.deep_link(row)),
            execute(t("summary.back", lang), "summary.filter"),
        ],
    )


def digest_card(
    rows: Sequence[NetworkRow], awaiting: Sequence[str], now: datetime, lang: Lang
) -> AdaptiveCard:
    """The weekly digest: the networks needing attention first (one page), and for directors
    the escalations awaiting them."""
    shown, _more = rules.page_of(rows, 0)
    body: list[CardElement] = [heading(t("summary.digest.title", lang))]
    body += [
        Container(
            separator=None if i == 0 else True,
            items=[
                TextBlock(text=r.name, weight="Bolder", wrap=True),
                paragraph(row_text(r, now, lang), subtle=True),
            ],
        )
        for i, r in enumerate(shown)
    ]
    if awaiting:
        body.append(
            TextBlock(
                text=t("summary.digest.awaiting", lang), weight="Bolder", wrap=True, separator=True
            )
        )
        body += [paragraph(line) for line in awaiting[:10]]
    return card(body, [execute(t("summary.title", lang), "summary.filter")])


def related_note(other: RelatedCase, adviser: str, lang: Lang) -> str:
    """The note each secretary gets in their case's thread."""
    return t(
        "summary.related.note",
        lang,
        adviser=adviser,
        network=other.network,
        case=f"{other.label} {other.title}",
    )
