"""Annual cycle cards: the priorities case, the input card, the status, the draft and the
approved report. Pure functions of plain views."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    Container,
    DateInput,
    ExecuteAction,
    OpenUrlAction,
    TextBlock,
    TextInput,
)

from dialogs.annual import messages as _messages  # noqa: F401  (registers texts)
from dialogs.annual.documents import heading_of
from dialogs.annual.rules import (
    GOAL_CHARS,
    INPUT_CHARS,
    INPUT_FIELDS,
    MAX_GOALS,
    SECTION_LIMITS,
    Attainment,
    Goal,
    MandateTask,
    Source,
)
from dialogs.annual.service import DraftView, InputForm, PrioritiesView, ReportView, StatusView
from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, t, when
from dialogs.members.rules import HF, HF_NAMES


def _goal_line(goal: Goal, lang: Lang) -> str:
    return t(
        "annual.goal.line",
        lang,
        goal=goal.goal,
        measures=goal.measures or "–",
        owner=goal.owner or "–",
        task=t(f"annual.task.{goal.task.value}", lang),
    )


def _sources(sources: Sequence[Source], lang: Lang) -> str:
    if not sources:
        return t("annual.priorities.no_sources", lang)
    return ", ".join(t(f"annual.source.{s.value}", lang) for s in sources)


def priorities_card(view: PrioritiesView, lang: Lang) -> AdaptiveCard:
    """The priorities case in the channel: its goals and sources, and an edit button."""
    body: list[CardElement] = [
        heading(t("annual.priorities.card.title", lang, year=view.year, label=view.case_label)),
        paragraph(
            t("annual.priorities.decided", lang, year=view.year)
            if view.decided
            else t("annual.priorities.card.intro", lang)
        ),
    ]
    if view.goals:
        body += [paragraph(f"{n}. {_goal_line(g, lang)}") for n, g in enumerate(view.goals, 1)]
    else:
        body.append(paragraph(t("annual.priorities.none", lang), subtle=True))
    body.append(facts([(t("annual.priorities.sources", lang), _sources(view.sources, lang))]))
    actions = (
        [
            execute(
                t("annual.priorities.edit", lang), "annual.priorities_form", priorities_id=view.id
            )
        ]
        if view.editable
        else []
    )
    return card(body, actions)


def priorities_form_card(view: PrioritiesView, lang: Lang) -> AdaptiveCard:
    """The secretary's form: up to six goals (goal, measures, owner, mandate task) and the
    sources used."""
    tasks = [Choice(title=t(f"annual.task.{m.value}", lang), value=m.value) for m in MandateTask]
    body: list[CardElement] = [
        heading(t("annual.priorities.card.title", lang, year=view.year, label=view.case_label)),
        paragraph(t("annual.priorities.card.intro", lang)),
    ]
    for n in range(MAX_GOALS):
        goal = view.goals[n] if n < len(view.goals) else None
        number = n + 1
        body.append(
            Container(
                separator=True if n else None,
                items=[
                    TextInput(
                        id=f"goal_{n}",
                        label=t("annual.field.goal", lang, n=number),
                        value=goal.goal if goal else None,
                        max_length=GOAL_CHARS,
                    ),
                    TextInput(
                        id=f"measures_{n}",
                        label=t("annual.field.measures", lang, n=number),
                        value=goal.measures if goal else None,
                        max_length=GOAL_CHARS,
                    ),
                    TextInput(
                        id=f"owner_{n}",
                        label=t("annual.field.owner", lang, n=number),
                        value=goal.owner if goal else None,
                        max_length=200,
                    ),
                    ChoiceSetInput(
                        id=f"task_{n}",
                        label=t("annual.field.task", lang, n=number),
                        choices=tasks,
                        style="compact",
                        value=goal.task.value if goal else None,
                    ),
                ],
            )
        )
    body.append(
        ChoiceSetInput(
            id="sources",
            label=t("annual.field.sources", lang),
            choices=[
                Choice(title=t(f"annual.source.{s.value}", lang), value=s.value) for s in Source
            ],
            is_multi_select=True,
            style="expanded",
            value=",".join(s.value for s in view.sources) or None,
        )
    )
    return card(
        body,
        [
            execute(
                t("annual.priorities.save", lang), "annual.priorities_save", priorities_id=view.id
            )
        ],
    )


def input_invitation_card(view: InputForm, lang: Lang, *, channel: bool) -> AdaptiveCard:
    """The invitation to give input: in chat to each voting member, and in the channel."""
    text = (
        t("annual.input.channel", lang, year=view.year, deadline=when(view.deadline, lang))
        if channel
        else t("annual.input.intro", lang, deadline=when(view.deadline, lang))
    )
    return card(
        [
            heading(t("annual.input.title", lang, year=view.year, network=view.network)),
            paragraph(text),
        ],
        [execute(t("annual.input.open", lang), "annual.input_form", cycle_id=view.cycle_id)],
    )


def input_form_card(view: InputForm, lang: Lang) -> AdaptiveCard:
    """The input form, with the member's last answers filled in."""
    answers = view.answers
    body: list[CardElement] = [
        heading(t("annual.input.title", lang, year=view.year, network=view.network)),
        paragraph(t("annual.input.intro", lang, deadline=when(view.deadline, lang))),
    ]
    levels = [
        Choice(title=t(f"annual.attainment.{a.value}", lang), value=a.value) for a in Attainment
    ]
    if not view.goals:
        body.append(paragraph(t("annual.input.no_goals", lang), subtle=True))
    for n, goal in enumerate(view.goals):
        level, note = (
            answers.attainment[n] if answers and n < len(answers.attainment) else (None, "")
        )
        body += [
            ChoiceSetInput(
                id=f"attainment_{n}",
                label=t("annual.input.field.attainment", lang, goal=goal.goal[:80]),
                choices=levels,
                style="compact",
                value=level.value if level else None,
            ),
            TextInput(
                id=f"attainment_note_{n}",
                label=t("annual.input.field.attainment_note", lang, goal=goal.goal[:80]),
                value=note or None,
                max_length=GOAL_CHARS,
            ),
        ]
    for name in INPUT_FIELDS:
        body.append(
            TextInput(
                id=name,
                label=t(f"annual.input.field.{name}", lang),
                is_multiline=True,
                max_length=INPUT_CHARS,
                value=(answers.texts.get(name) or None) if answers else None,
            )
        )
    return card(
        body, [execute(t("annual.input.submit", lang), "annual.input_give", cycle_id=view.cycle_id)]
    )


def _hf(code: str) -> str:
    return HF_NAMES[HF(code)] if code in HF.__members__.values() else (code or "–")


def status_card(view: StatusView, lang: Lang, *, may_manage: bool) -> AdaptiveCard:
    """`report status`: who has answered, per HF."""
    answered = sum(len(v) for v in view.answered.values())
    total = answered + sum(len(v) for v in view.waiting.values())
    body: list[CardElement] = [
        heading(t("annual.status.title", lang, year=view.year)),
        paragraph(
            t(
                "annual.status.counts",
                lang,
                answered=answered,
                total=total,
                inputs=when(view.input_deadline, lang),
                report=when(view.report_deadline, lang),
            )
        ),
    ]
    if view.approved_at is not None:
        body.append(
            paragraph(t("annual.status.submitted", lang, when=when(view.approved_at, lang)))
        )
    for title_key, groups in (
        ("annual.status.answered", view.answered),
        ("annual.status.waiting", view.waiting),
    ):
        body.append(TextBlock(text=f"**{t(title_key, lang)}**", wrap=True))
        pairs = [(_hf(hf), ", ".join(names)) for hf, names in groups.items()]
        body.append(facts(pairs) if pairs else paragraph(t("annual.status.nobody", lang)))
    actions: list[ExecuteAction] = []
    if may_manage and view.state == "collecting":
        actions.append(
            execute(t("annual.draft.show", lang), "annual.draft", cycle_id=view.cycle_id)
        )
        body.append(DateInput(id="deadline", label=t("annual.reopen.field", lang)))
        actions.append(execute(t("annual.reopen", lang), "annual.reopen", cycle_id=view.cycle_id))
    return card(body, actions)


def draft_card(view: DraftView, lang: Lang) -> AdaptiveCard:
    """The draft the leader edits, section by section, then approves."""
    body: list[CardElement] = [
        heading(t("annual.draft.title", lang, year=view.year, network=view.network)),
        paragraph(t("annual.draft.intro", lang, recipient=view.recipient or "–")),
    ]
    for section, cut in view.cuts.items():
        body.append(
            paragraph(
                t(
                    "annual.draft.cut",
                    lang,
                    heading=heading_of(section, lang),
                    dropped=cut.dropped,
                    shortened=cut.shortened,
                ),
                subtle=True,
            )
        )
    for section, bullets in view.sections:
        body.append(
            TextInput(
                id=f"section_{section.value}",
                label=t(
                    "annual.draft.field",
                    lang,
                    heading=heading_of(section, lang),
                    limit=SECTION_LIMITS[section],
                ),
                is_multiline=True,
                max_length=2000,
                value="\n".join(bullets) or None,
            )
        )
    return card(
        body,
        [
            execute(t("annual.draft.save", lang), "annual.draft_save", cycle_id=view.cycle_id),
            execute(t("annual.draft.approve", lang), "annual.approve", cycle_id=view.cycle_id),
        ],
    )


def report_card(
    view: ReportView, lang: Lang, *, links: tuple[str, str] | None = None
) -> AdaptiveCard:
    """The approved report, as posted to the recipient's channel and the network's own."""
    doc = view.document
    body: list[CardElement] = [
        heading(t("annual.report.title", lang, year=doc.year, network=doc.network)),
        paragraph(
            t(
                "annual.report.intro",
                lang,
                leader=view.approved_by,
                when=when(view.approved_at, lang),
                inputs=view.inputs,
                decisions=view.decisions,
            ),
            subtle=True,
        ),
    ]
    for section, bullets in doc.sections:
        if not bullets:
            continue
        body.append(TextBlock(text=f"**{heading_of(section, lang)}**", wrap=True, spacing="Small"))
        body.append(paragraph("\n".join(f"- {b}" for b in bullets)))
    actions: list[ExecuteAction | OpenUrlAction] = []
    if view.file_url:
        actions.append(OpenUrlAction(title=t("annual.report.file", lang), url=view.file_url))
    if links:
        actions += [
            OpenUrlAction(title=t("annual.download.docx", lang), url=links[0]),
            OpenUrlAction(title=t("annual.download.md", lang), url=links[1]),
        ]
    else:
        actions.append(
            execute(t("annual.report.get", lang), "annual.report", cycle_id=doc.cycle_id)
        )
    return AdaptiveCard(version="1.5", body=body, actions=list(actions))


class AnnualCards:
    """The cards the service posts."""

    def priorities(self, view: PrioritiesView, lang: Lang) -> AdaptiveCard:
        """The priorities case's card."""
        return priorities_card(view, lang)

    def input_invitation(self, view: InputForm, lang: Lang, *, channel: bool) -> AdaptiveCard:
        """The invitation to give input."""
        return input_invitation_card(view, lang, channel=channel)

    def report(self, view: ReportView, lang: Lang) -> AdaptiveCard:
        """The approved report."""
        return report_card(view, lang)
