"""Cards of quality and competence networks. Pure functions of plain views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.numbers import format_currency, format_decimal
from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    Container,
    DateInput,
    OpenUrlAction,
    TextBlock,
    TextInput,
    ToggleInput,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, day, t, when
from dialogs.quality import messages as _messages  # noqa: F401  (registers texts)
from dialogs.quality.rules import Budget, MilestoneState, Region, overdue_first
from dialogs.quality.service import (
    AgreementView,
    MilestoneView,
    Overview,
    ReportDocument,
    YearMilestone,
    YearReport,
)

_LOCALE = {"nb": "nb_NO", "en": "en_GB"}


def money(ore: int, lang: Lang) -> str:
    """Øre as kroner the reader expects: `1 250 000 kr` (nb), `NOK 1,250,000` (en)."""
    kroner, rest = divmod(ore, 100)
    fmt = "#,##0 ¤" if lang == "nb" else "¤ #,##0"
    if rest:
        fmt = "#,##0.00 ¤" if lang == "nb" else "¤ #,##0.00"
    from decimal import Decimal

    value = Decimal(ore) / 100 if rest else Decimal(kroner)
    text = format_currency(value, "NOK", format=fmt, locale=_LOCALE[lang], currency_digits=False)
    return text.replace("NOK", "kr") if lang == "nb" else text


def percent(hundredths: int, lang: Lang) -> str:
    """1250 → `12,5 %` (nb) / `12.5 %` (en)."""
    from decimal import Decimal

    return f"{format_decimal(Decimal(hundredths) / 100, locale=_LOCALE[lang])} %"


def region_name(region: Region, lang: Lang) -> str:
    """A health region as the reader calls it."""
    return t(f"quality.region.{region.value}", lang)


def _regions(lang: Lang) -> list[Choice]:
    return [Choice(title=region_name(r, lang), value=r.value) for r in Region]


def overview_card(view: Overview, lang: Lang, *, manager: bool) -> AdaptiveCard:
    """The network's registration, term, English name check and start-up checklist."""
    evaluation = (
        t("quality.evaluation.case", lang, label=view.evaluation_case)
        if view.evaluation_case
        else t("quality.evaluation.due", lang, day=day(view.evaluation_opens_on, lang))
    )
    body: list[CardElement] = [
        heading(t("quality.title", lang, network=view.network)),
        facts(
            [
                (t("quality.field.coordinating_hf", lang), view.coordinating_hf),
                (
                    t("quality.field.coordinating_region", lang),
                    region_name(view.coordinating_region, lang),
                ),
                (t("quality.field.clinic", lang), view.clinic),
                (
                    t("quality.field.term", lang),
                    t(
                        "quality.term",
                        lang,
                        start=day(view.start_on, lang),
                        end=day(view.end_on, lang),
                    ),
                ),
                (t("quality.field.english_name", lang), view.english_name or "–"),
                (t("quality.field.evaluation", lang), evaluation),
            ]
        ),
    ]
    if not view.english_name:
        body.append(paragraph(t("quality.english.missing", lang)))
    if view.english_suggestion and not view.checklist.english_name:
        body.append(
            paragraph(t("quality.english.suggestion", lang, suggestion=view.english_suggestion))
        )
    body.append(TextBlock(text=t("quality.checklist.title", lang), weight="Bolder", wrap=True))
    for item in ("agreements", "progress_plan", "logo", "website", "english_name"):
        name = t(f"quality.checklist.{item}", lang)
        done = getattr(view.checklist, item)
        body.append(
            paragraph(
                t(
                    "quality.checklist.done" if done else "quality.checklist.missing",
                    lang,
                    item=name,
                )
            )
        )
    actions = [execute(t("quality.setup.edit", lang), "quality.setup_form")] if manager else []
    return card(body, actions)


def setup_card(
    network: str,
    lang: Lang,
    *,
    coordinating_hf: str = "",
    region: str = Region.MIDT.value,
    clinic: str = "",
    start_on: date | None = None,
    english_name: str = "",
    frame: str = "",
    logo: bool = False,
    website: str = "",
) -> AdaptiveCard:
    """The form that records a quality network's coordinating HF, clinic, start and names."""
    return card(
        [
            heading(t("quality.setup.title", lang)),
            paragraph(network, subtle=True),
            paragraph(t("quality.setup.intro", lang), subtle=True),
            TextInput(
                id="coordinating_hf",
                label=t("quality.field.coordinating_hf", lang),
                value=coordinating_hf or None,
                is_required=True,
                error_message=t("quality.invalid.coordinating_hf", lang),
                max_length=200,
            ),
            ChoiceSetInput(
                id="coordinating_region",
                label=t("quality.field.coordinating_region", lang),
                choices=_regions(lang),
                value=region,
                style="compact",
            ),
            TextInput(
                id="clinic",
                label=t("quality.field.clinic", lang),
                value=clinic or None,
                is_required=True,
                error_message=t("quality.invalid.clinic", lang),
                max_length=200,
            ),
            DateInput(
                id="start_on",
                label=t("quality.field.start", lang),
                value=start_on.isoformat() if start_on else None,
                is_required=True,
                error_message=t("quality.invalid.start", lang),
            ),
            TextInput(
                id="english_name",
                label=t("quality.field.english_name", lang),
                value=english_name or None,
                placeholder="Norwegian National Network for …",
                max_length=300,
            ),
            TextInput(
                id="frame", label=t("quality.field.frame", lang), value=frame or None, max_length=20
            ),
            ToggleInput(
                id="logo_assigned",
                title=t("quality.field.logo", lang),
                label=t("quality.field.logo", lang),
                value="true" if logo else "false",
            ),
            TextInput(
                id="website",
                label=t("quality.field.website", lang),
                value=website or None,
                max_length=500,
            ),
        ],
        [execute(t("quality.setup.submit", lang), "quality.setup")],
    )


def _warnings(view: AgreementView, lang: Lang) -> list[CardElement]:
    return [
        TextBlock(text=t(f"quality.warning.{w.value}", lang), wrap=True, color="Attention")
        for w in view.warnings
    ]


def _agreement_line(view: AgreementView, lang: Lang) -> str:
    return t(
        "quality.agreement.line",
        lang,
        host=view.host_hf,
        region=region_name(view.region, lang),
        percent=percent(view.percent, lang),
        start=day(view.start_on, lang),
        end=day(view.end_on, lang),
        cost=money(view.yearly_cost, lang),
    )


def agreements_card(
    network: str,
    agreements: Sequence[AgreementView],
    lang: Lang,
    *,
    manager: bool,
    as_of: date | None = None,
) -> AdaptiveCard:
    """The network's agreements with their warnings; the coordinator may add, change and end."""
    body: list[CardElement] = [heading(t("quality.agreements.title", lang, network=network))]
    if as_of:
        body.append(
            paragraph(t("quality.agreements.as_of", lang, day=day(as_of, lang)), subtle=True)
        )
    if not agreements:
        body.append(paragraph(t("quality.agreements.empty", lang)))
    for view in agreements:
        items: list[CardElement] = [
            TextBlock(text=f"**{view.person}**", wrap=True),
            paragraph(_agreement_line(view, lang), subtle=True),
        ]
        if view.content:
            items.append(paragraph(view.content))
        if view.anchored_by:
            items.append(paragraph(t("quality.agreement.anchored", lang, name=view.anchored_by)))
        if view.ended:
            items.append(paragraph(t("quality.agreement.ended", lang)))
        else:
            items += _warnings(view, lang)
        buttons = [
            execute(
                t("quality.agreement.history", lang),
                "quality.agreement_history",
                agreement_id=view.id,
            )
        ]
        if manager and not view.ended and as_of is None:
            buttons += [
                execute(
                    t("quality.agreement.change", lang),
                    "quality.agreement_form",
                    agreement_id=view.id,
                ),
                execute(
                    t("quality.agreement.end", lang), "quality.agreement_end", agreement_id=view.id
                ),
            ]
        items.append(ActionSet(actions=buttons))
        body.append(Container(items=items, separator=True))
    body.append(
        Container(
            items=[DateInput(id="as_of", label=t("quality.agreement.as_of.day", lang))],
            separator=True,
        )
    )
    actions = [execute(t("quality.agreement.as_of", lang), "quality.agreements")]
    if manager:
        actions.insert(0, execute(t("quality.agreement.new", lang), "quality.agreement_form"))
    return card(body, actions)


def agreement_form_card(lang: Lang, *, current: AgreementView | None = None) -> AdaptiveCard:
    """The agreement form: new, or a new version of `current`."""

    def value(text: str | None) -> str | None:
        return text or None

    c = current
    data = {"agreement_id": c.id} if c else {}
    return card(
        [
            heading(t("quality.agreement.form.title", lang)),
            paragraph(t("quality.agreement.form.intro", lang), subtle=True),
            TextInput(
                id="person",
                label=t("quality.field.person", lang),
                value=value(c.person if c else None),
                is_required=True,
                error_message=t("quality.invalid.person", lang),
                max_length=200,
            ),
            TextInput(
                id="host_hf",
                label=t("quality.field.host_hf", lang),
                value=value(c.host_hf if c else None),
                is_required=True,
                error_message=t("quality.invalid.host_hf", lang),
                max_length=200,
            ),
            ChoiceSetInput(
                id="region",
                label=t("quality.field.region", lang),
                choices=_regions(lang),
                value=c.region.value if c else None,
                is_required=True,
                error_message=t("quality.invalid.region", lang),
                style="compact",
            ),
            TextInput(
                id="content",
                label=t("quality.field.content", lang),
                value=value(c.content if c else None),
                is_multiline=True,
                max_length=2000,
            ),
            TextInput(
                id="percent",
                label=t("quality.field.percent", lang),
                value=percent(c.percent, lang).removesuffix(" %") if c else None,
                is_required=True,
                error_message=t("quality.invalid.percent", lang),
                max_length=10,
            ),
            DateInput(
                id="start_on",
                label=t("quality.field.agreement_start", lang),
                value=c.start_on.isoformat() if c else None,
                is_required=True,
                error_message=t("quality.invalid.period", lang),
            ),
            DateInput(
                id="end_on",
                label=t("quality.field.agreement_end", lang),
                value=c.end_on.isoformat() if c else None,
                is_required=True,
                error_message=t("quality.invalid.period", lang),
            ),
            TextInput(
                id="yearly_cost",
                label=t("quality.field.yearly_cost", lang),
                value=str(c.yearly_cost // 100) if c else None,
                is_required=True,
                error_message=t("quality.invalid.amount", lang),
                max_length=20,
            ),
            TextInput(
                id="anchored_by",
                label=t("quality.field.anchored_by", lang),
                value=value(c.anchored_by if c else None),
                max_length=200,
            ),
        ],
        [execute(t("quality.agreement.submit", lang), "quality.agreement_save", **data)],
    )


def history_card(versions: Sequence[AgreementView], lang: Lang) -> AdaptiveCard:
    """Every version of one agreement, oldest first."""
    person = versions[-1].person if versions else ""
    body: list[CardElement] = [heading(t("quality.agreement.history.title", lang, person=person))]
    for view in versions:
        body.append(
            Container(
                items=[
                    TextBlock(
                        text=t(
                            "quality.agreement.version",
                            lang,
                            version=view.version,
                            when=when(view.recorded_at, lang),
                        ),
                        weight="Bolder",
                        wrap=True,
                    ),
                    paragraph(_agreement_line(view, lang), subtle=True),
                    paragraph(
                        t("quality.agreement.ended", lang)
                        if view.ended
                        else t("quality.agreement.anchored", lang, name=view.anchored_by or "–")
                    ),
                ],
                separator=True,
            )
        )
    return card(body)


def budget_card(network: str, budget: Budget, lang: Lang, *, manager: bool) -> AdaptiveCard:
    """The year's frame, committed agreement costs and other costs, per region and month."""
    if budget.frame_set_by_rhf:
        rule = t("quality.budget.frame.rhf", lang)
    elif budget.frame > 1_000_000 * 100:
        rule = t("quality.budget.frame.rule_two", lang)
    else:
        rule = t("quality.budget.frame.rule_one", lang)
    body: list[CardElement] = [
        heading(t("quality.budget.title", lang, year=budget.year, network=network)),
        facts(
            [
                (t("quality.budget.frame", lang), f"{money(budget.frame, lang)} ({rule})"),
                (t("quality.budget.committed", lang), money(sum(budget.committed.values()), lang)),
                (t("quality.budget.other", lang), money(sum(budget.other.values()), lang)),
                (t("quality.budget.used", lang), money(budget.used, lang)),
                (t("quality.budget.remaining", lang), money(budget.remaining, lang)),
            ]
        ),
    ]
    if budget.level != "ok":
        body.append(
            TextBlock(
                text=t(f"quality.budget.level.{budget.level}", lang), wrap=True, color="Attention"
            )
        )
    for region in Region:
        if budget.committed[region] or budget.other[region]:
            body.append(
                paragraph(
                    t(
                        "quality.budget.region",
                        lang,
                        region=region_name(region, lang),
                        committed=money(budget.committed[region], lang),
                        other=money(budget.other[region], lang),
                    )
                )
            )
    months = [
        (day(date(budget.year, i + 1, 1), lang).split(" ", 1)[1], money(amount, lang))
        for i, amount in enumerate(budget.by_month)
    ]
    body.append(TextBlock(text=t("quality.budget.months", lang), weight="Bolder", wrap=True))
    body.append(facts(months))
    actions = [execute(t("quality.cost.new", lang), "quality.cost_form")] if manager else []
    return card(body, actions)


def cost_form_card(lang: Lang, today: date) -> AdaptiveCard:
    """The form for a cost besides the agreements."""
    return card(
        [
            heading(t("quality.cost.form.title", lang)),
            TextInput(
                id="text",
                label=t("quality.field.cost_text", lang),
                is_required=True,
                error_message=t("quality.invalid.cost_text", lang),
                max_length=500,
            ),
            ChoiceSetInput(
                id="region",
                label=t("quality.field.region", lang),
                choices=_regions(lang),
                value=Region.MIDT.value,
                style="compact",
            ),
            DateInput(
                id="spent_on", label=t("quality.field.cost_day", lang), value=today.isoformat()
            ),
            TextInput(
                id="amount",
                label=t("quality.field.amount", lang),
                is_required=True,
                error_message=t("quality.invalid.amount", lang),
                max_length=20,
            ),
        ],
        [execute(t("quality.cost.submit", lang), "quality.cost_save")],
    )


def milestones_card(
    network: str, milestones: Sequence[MilestoneView], lang: Lang, *, manager: bool
) -> AdaptiveCard:
    """The progress plan: overdue milestones marked and first, then the rest by date; owners
    and the coordinator move milestones."""
    from dialogs.quality.rules import next_states

    body: list[CardElement] = [heading(t("quality.milestones.title", lang, network=network))]
    if not milestones:
        body.append(paragraph(t("quality.milestones.empty", lang)))
    late = sum(m.state is MilestoneState.OVERDUE for m in milestones)
    if late:
        body.append(
            TextBlock(
                text=t("quality.milestones.overdue", lang, count=late),
                wrap=True,
                color="Attention",
            )
        )
    for i in overdue_first([m.state for m in milestones]):
        m = milestones[i]
        overdue = m.state is MilestoneState.OVERDUE
        title = (
            t("quality.milestone.overdue_title", lang, title=m.title)
            if overdue
            else f"**{m.title}**"
        )
        items: list[CardElement] = [
            TextBlock(text=title, wrap=True, color="Attention" if overdue else None),
            paragraph(
                t(
                    "quality.milestone.line",
                    lang,
                    owner=m.owner_name,
                    due=day(m.due_on, lang),
                    state=t(f"quality.milestone.state.{m.state.value}", lang),
                ),
                subtle=True,
            ),
        ]
        stored = "planned" if overdue else m.state.value
        if m.may_change and next_states(stored):
            items.append(
                ActionSet(
                    actions=[
                        execute(
                            t(f"quality.milestone.to.{s.value}", lang),
                            "quality.milestone_state",
                            milestone_id=m.id,
                            state=s.value,
                        )
                        for s in next_states(stored)
                    ]
                )
            )
        body.append(Container(items=items, separator=True))
    actions = (
        [execute(t("quality.milestone.new", lang), "quality.milestone_form")] if manager else []
    )
    return card(body, actions)


def milestone_form_card(lang: Lang, owners: Sequence[tuple[str, str]], today: date) -> AdaptiveCard:
    """The form for a new milestone."""
    return card(
        [
            heading(t("quality.milestone.form.title", lang)),
            TextInput(
                id="title",
                label=t("quality.field.milestone_title", lang),
                is_required=True,
                error_message=t("quality.invalid.milestone_title", lang),
                max_length=300,
            ),
            DateInput(
                id="due_on",
                label=t("quality.field.milestone_due", lang),
                min=today.isoformat(),
                is_required=True,
                error_message=t("quality.invalid.milestone_due", lang),
            ),
            ChoiceSetInput(
                id="owner",
                label=t("quality.field.milestone_owner", lang),
                choices=[Choice(title=name, value=aad_id) for aad_id, name in owners],
                is_required=True,
                error_message=t("quality.invalid.milestone_owner", lang),
                style="compact",
            ),
        ],
        [execute(t("quality.milestone.submit", lang), "quality.milestone_save")],
    )


def report_lines(doc: ReportDocument, lang: Lang) -> list[tuple[str, list[str]]]:
    """The report's sections as (heading, lines): shared by the card and the documents."""
    none = [t("quality.report.none", lang)]
    milestones = [
        f"{m.title} — "
        + t(
            "quality.milestone.line",
            lang,
            owner=m.owner_name,
            due=day(m.due_on, lang),
            state=t(f"quality.milestone.state.{m.state.value}", lang),
        )
        for m in doc.milestones
    ]
    costs = dict(doc.agreement_costs)
    agreements = [
        t(
            "quality.report.agreement",
            lang,
            person=a.person,
            host=a.host_hf,
            region=region_name(a.region, lang),
            percent=percent(a.percent, lang),
            cost=money(costs.get(a.person, 0), lang),
        )
        for a in doc.agreements
    ]
    other = [
        t("quality.report.cost", lang, day=day(d, lang), region=r, text=x, cost=money(c, lang))
        for d, r, x, c in doc.other_costs
    ]
    return [
        (t("quality.report.milestones", lang), milestones or none),
        (t("quality.report.agreements", lang), agreements or none),
        (t("quality.report.other", lang), other or none),
        (t("quality.report.decisions", lang), list(doc.decisions) or none),
    ]


def report_title(doc: ReportDocument, lang: Lang) -> str:
    """The report's title."""
    return t(
        "quality.report.title",
        lang,
        start=day(doc.period_from, lang),
        end=day(doc.period_to, lang),
        network=doc.network,
    )


def report_card(
    doc: ReportDocument,
    lang: Lang,
    *,
    manager: bool,
    links: tuple[str, str] | None = None,
) -> AdaptiveCard:
    """The progress report for a period, with downloads and, for the coordinator, approval."""
    body: list[CardElement] = [heading(report_title(doc, lang))]
    for title, lines in report_lines(doc, lang):
        body.append(TextBlock(text=title, weight="Bolder", wrap=True, separator=True))
        body += [paragraph(line) for line in lines[:40]]
    body.append(paragraph(t("quality.report.total", lang, total=money(doc.total, lang))))
    body.append(paragraph(t("quality.report.basis", lang), subtle=True))
    body.append(
        paragraph(
            t("quality.report.approved" if doc.approved_by else "quality.report.draft", lang),
            subtle=True,
        )
    )
    actions: list[OpenUrlAction] = []
    if links:
        actions = [
            OpenUrlAction(title=t("quality.report.download.docx", lang), url=links[0]),
            OpenUrlAction(title=t("quality.report.download.md", lang), url=links[1]),
        ]
    buttons = [
        execute(
            t("quality.erapport.button", lang, year=doc.period_to.year),
            "quality.erapport",
            year=doc.period_to.year,
        )
    ]
    if manager and not doc.approved_by:
        buttons.insert(
            0,
            execute(
                t("quality.report.approve", lang),
                "quality.report_approve",
                period_from=doc.period_from.isoformat(),
                period_to=doc.period_to.isoformat(),
            ),
        )
    body.append(ActionSet(actions=buttons))
    return AdaptiveCard(version="1.5", body=body, actions=list(actions) or None)


def _year_line(m: YearMilestone, key: str, lang: Lang) -> str:
    return t(
        key,
        lang,
        title=m.title,
        owner=m.owner_name,
        due=day(m.due_on, lang),
        done=day(m.done_on, lang) if m.done_on else "—",
    )


def erapport_sections(doc: YearReport, lang: Lang) -> list[tuple[str, list[str]]]:
    """The eRapport text's sections as (heading, lines), one per eRapport field: shared by the
    card and the documents."""
    none = [t("quality.report.none", lang)]
    network = [
        t("quality.erapport.coordinating", lang, hf=doc.coordinating_hf, clinic=doc.clinic),
        t("quality.erapport.term", lang, start=day(doc.start_on, lang), end=day(doc.end_on, lang)),
    ]
    if doc.english_name:
        network.insert(0, doc.english_name)
    agreements = [
        t(
            "quality.report.agreement",
            lang,
            person=a.person,
            host=a.host_hf,
            region=region_name(a.region, lang),
            percent=percent(a.percent, lang),
            cost=money(cost, lang),
        )
        for a, cost in doc.agreements
    ]
    if agreements:
        total = sum(cost for _, cost in doc.agreements)
        agreements.append(
            t("quality.erapport.agreements_total", lang, year=doc.year, total=money(total, lang))
        )
    b = doc.budget
    share = b.used * 10000 // b.frame if b.frame else 0
    finances = [
        t(
            "quality.erapport.frame_rhf" if b.frame_set_by_rhf else "quality.erapport.frame",
            lang,
            frame=money(b.frame, lang),
        ),
        t(
            "quality.erapport.used",
            lang,
            used=money(b.used, lang),
            share=percent(share, lang),
            committed=money(sum(b.committed.values()), lang),
            other=money(sum(b.other.values()), lang),
        ),
        t("quality.erapport.over", lang, amount=money(b.used - b.frame, lang))
        if b.used > b.frame
        else t("quality.erapport.remaining", lang, amount=money(b.remaining, lang)),
    ]
    reports = [
        t(
            "quality.erapport.report_line",
            lang,
            start=day(first, lang),
            end=day(last, lang),
            approved=day(approved, lang),
        )
        for first, last, approved in doc.reports
    ]
    return [
        (t("quality.erapport.network", lang), network),
        (
            t("quality.erapport.reached", lang, year=doc.year),
            [_year_line(m, "quality.erapport.reached_line", lang) for m in doc.reached] or none,
        ),
        (
            t("quality.erapport.overdue", lang),
            [_year_line(m, "quality.erapport.due_line", lang) for m in doc.overdue] or none,
        ),
        (
            t("quality.erapport.coming", lang, year=doc.year),
            [_year_line(m, "quality.erapport.due_line", lang) for m in doc.coming] or none,
        ),
        (t("quality.erapport.agreements", lang), agreements or none),
        (t("quality.erapport.budget", lang, year=doc.year), finances),
        (t("quality.erapport.reports", lang), reports or none),
    ]


def erapport_title(doc: YearReport, lang: Lang) -> str:
    """The eRapport text's title."""
    return t("quality.erapport.title", lang, year=doc.year, network=doc.network)


def erapport_card(doc: YearReport, lang: Lang, *, links: tuple[str, str]) -> AdaptiveCard:
    """The year's eRapport text, section by section, with downloads as plain text (to paste into
    eRapport's fields) and Markdown."""
    body: list[CardElement] = [
        heading(erapport_title(doc, lang)),
        paragraph(t("quality.erapport.intro", lang, day=day(doc.as_of, lang)), subtle=True),
    ]
    for title, lines in erapport_sections(doc, lang):
        body.append(TextBlock(text=title, weight="Bolder", wrap=True, separator=True))
        body += [paragraph(line) for line in lines[:40]]
    return AdaptiveCard(
        version="1.5",
        body=body,
        actions=[
            OpenUrlAction(title=t("quality.erapport.download.txt", lang), url=links[0]),
            OpenUrlAction(title=t("quality.report.download.md", lang), url=links[1]),
        ],
    )
