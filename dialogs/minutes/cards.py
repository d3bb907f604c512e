"""Minutes cards: the secretary's form, the summary in the channel, each case's note in its
thread, and the follow-up lists. Pure functions of plain views."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    Column,
    ColumnSet,
    Container,
    DateInput,
    OpenUrlAction,
    TextBlock,
    TextInput,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, day, t, when
from dialogs.minutes import messages as _messages  # noqa: F401  (registers texts)
from dialogs.minutes.documents import FollowUpLine, MinutesDocument, MinutesItem
from dialogs.minutes.rules import FOLLOWUP_LINES, AgendaCase, MinutesForm, OpenItem


def _case_inputs(case: AgendaCase, lang: Lang, *, first: bool) -> Container:
    body: list[CardElement] = [
        TextBlock(text=f"**{case.label} {case.title}**", wrap=True),
        TextInput(
            id=f"discussed_{case.id}",
            label=t("minutes.field.discussed", lang, label=case.label),
            is_multiline=True,
            max_length=4000,
        ),
        TextInput(
            id=f"decision_{case.id}",
            label=t("minutes.field.decision", lang, label=case.label),
            placeholder=case.proposal[:200] or None,
            is_multiline=True,
            max_length=4000,
        ),
    ]
    return Container(items=body, separator=None if first else True, spacing="Large")


def _followup_inputs(
    n: int, cases: Sequence[Choice], owners: Sequence[Choice], lang: Lang
) -> Container:
    number = n + 1
    return Container(
        items=[
            TextInput(
                id=f"task_{n}", label=t("minutes.field.task", lang, n=number), max_length=1000
            ),
            ColumnSet(
                columns=[
                    Column(
                        width="stretch",
                        items=[
                            ChoiceSetInput(
                                id=f"case_{n}",
                                label=t("minutes.field.case", lang, n=number),
                                choices=list(cases),
                                style="compact",
                            )
                        ],
                    ),
                    Column(
                        width="stretch",
                        items=[
                            ChoiceSetInput(
                                id=f"owner_{n}",
                                label=t("minutes.field.owner", lang, n=number),
                                choices=list(owners),
                                style="compact",
                            )
                        ],
                    ),
                    Column(
                        width="stretch",
                        items=[
                            DateInput(id=f"due_{n}", label=t("minutes.field.due", lang, n=number))
                        ],
                    ),
                ]
            ),
        ],
        separator=True,
    )


def minutes_form_card(form: MinutesForm, lang: Lang) -> AdaptiveCard:
    """The secretary's minutes form: who was present; per agenda case what was discussed and
    the decision where the network reached consensus; and follow-up lines, each with its case,
    owner and due date."""
    owners = [Choice(title=name, value=str(membership_id)) for membership_id, name in form.owners]
    cases = [Choice(title=case.label, value=str(case.id)) for case in form.cases]
    body: list[CardElement] = [
        heading(t("minutes.form.title", lang, title=form.title)),
        paragraph(when(form.start_at, lang) if form.start_at else "", subtle=True),
        paragraph(t("minutes.form.intro", lang), subtle=True),
        ChoiceSetInput(
            id="present",
            label=t("minutes.field.present", lang),
            choices=[Choice(title=a.name, value=a.aad_id) for a in form.attendees],
            value=",".join(a.aad_id for a in form.attendees if a.required) or None,
            is_multi_select=True,
            is_required=True,
            error_message=t("minutes.field.present.error", lang),
        ),
    ]
    if not form.cases:
        body.append(paragraph(t("minutes.form.no_agenda", lang)))
    body += [_case_inputs(case, lang, first=i == 0) for i, case in enumerate(form.cases)]
    body.append(
        TextBlock(
            text=t("minutes.followups.title", lang),
            weight="Bolder",
            wrap=True,
            separator=True,
            spacing="Large",
        )
    )
    body += [_followup_inputs(n, cases, owners, lang) for n in range(FOLLOWUP_LINES)]
    return card(
        body, [execute(t("minutes.submit", lang), "minutes.record", meeting_id=form.meeting_id)]
    )


def _decision_line(item: MinutesItem, lang: Lang) -> str:
    if item.decision is None:
        return t("minutes.no_decision", lang)
    return t("minutes.decision", lang, label=item.decision_label or "", text=item.decision)


def summary_card(
    doc: MinutesDocument, lang: Lang, *, links: tuple[str, str] | None = None
) -> AdaptiveCard:
    """The minutes in short, for the channel. With `links` (DOCX, Markdown) it offers the
    documents; without, a button that fetches fresh links."""
    body: list[CardElement] = [
        heading(t("minutes.summary.title", lang, title=doc.title)),
        facts(
            [
                (t("minutes.doc.network", lang), doc.network),
                (t("minutes.doc.held", lang), when(doc.start_at, lang) if doc.start_at else ""),
                (
                    t("minutes.doc.present", lang),
                    ", ".join(doc.present) or t("minutes.doc.nobody", lang),
                ),
            ]
        ),
    ]
    for item in doc.items:
        body.append(paragraph(f"**{item.label} {item.title}** — {_decision_line(item, lang)}"))
    body.append(
        paragraph(t("minutes.summary.followups", lang, count=len(doc.followups)), subtle=True)
    )
    if links is None:
        return card(
            body,
            [execute(t("minutes.summary.get", lang), "minutes.show", meeting_id=doc.meeting_id)],
        )
    docx_url, markdown_url = links
    return AdaptiveCard(
        version="1.5",
        body=body,
        actions=[
            OpenUrlAction(title=t("minutes.download.docx", lang), url=docx_url),
            OpenUrlAction(title=t("minutes.download.md", lang), url=markdown_url),
        ],
    )


def case_note(
    doc: MinutesDocument, item: MinutesItem, followups: Sequence[FollowUpLine], lang: Lang
) -> str:
    """A case's part of the minutes, for its thread."""
    held = when(doc.start_at, lang) if doc.start_at else ""
    lines = [
        t("minutes.note.title", lang, title=doc.title, when=held),
        t("minutes.note.discussed", lang, text=item.discussed or t("minutes.doc.nothing", lang)),
        _decision_line(item, lang),
    ]
    lines += [
        t(
            "minutes.note.followup",
            lang,
            owner=f.owner,
            due=day(f.due_on, lang),
            text=f.text,
        )
        for f in followups
    ]
    return "\n\n".join(lines)


def followups_card(items: Sequence[OpenItem], lang: Lang, *, network: str | None) -> AdaptiveCard:
    """Open follow-up items, overdue first: a network's (`network` names it), or the reader's
    own across networks. Each the reader may close has a *Done* button."""
    title = (
        t("followup.list.network", lang, network=network)
        if network
        else t("followup.list.mine", lang)
    )
    body: list[CardElement] = [heading(title)]
    if not items:
        body.append(paragraph(t("followup.list.empty", lang)))
    for item in items:
        due = day(item.due_on, lang)
        status = (
            t("followup.overdue", lang, due=due)
            if item.overdue
            else t("followup.due", lang, due=due)
        )
        where = " · ".join(part for part in (item.case, None if network else item.network) if part)
        lines: list[CardElement] = [
            TextBlock(
                text=f"**{item.text}**",
                wrap=True,
                color="Attention" if item.overdue else None,
            ),
            paragraph(
                " · ".join(part for part in (item.owner_name, status, where) if part),
                subtle=True,
            ),
        ]
        if item.may_close:
            lines.append(
                ActionSet(
                    actions=[
                        execute(t("followup.done", lang), "followup.done", followup_id=item.id)
                    ]
                )
            )
        body.append(Container(items=lines, separator=True))
    return card(body)
