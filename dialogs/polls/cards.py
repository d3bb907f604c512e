"""Poll cards: the deadline form, the channel's live card, the personal view, outcome notes.

Pure functions of a `PollView`; `PollCards` bundles those the poll posts by itself.
"""

from __future__ import annotations

from datetime import datetime

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    DateInput,
    ExecuteAction,
    RefreshDefinition,
    TextInput,
    TimeInput,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.cases.rules import case_label
from dialogs.decisions.rules import decision_label
from dialogs.i18n import OSLO, Lang, t, when
from dialogs.members.cards import hf_name
from dialogs.polls import messages as _messages  # noqa: F401  (registers texts)
from dialogs.polls import rules
from dialogs.polls.rules import Outcome, StanceKind
from dialogs.polls.service import PollView
from dialogs.turn import Reply
from storage.models import Case

MAX_REFRESH_USERS = 60


def stance_name(stance: str, lang: Lang) -> str:
    """A stance as users call it."""
    return t(f"stance.{stance}", lang)


def deadline_inputs(default: datetime, lang: Lang) -> list[CardElement]:
    """A date and a time picker, prefilled in Oslo time."""
    local = default.astimezone(OSLO)
    return [
        DateInput(
            id="deadline_date",
            label=t("poll.field.date", lang),
            is_required=True,
            error_message=t("poll.field.date.error", lang),
            value=local.date().isoformat(),
        ),
        TimeInput(
            id="deadline_time",
            label=t("poll.field.time", lang),
            is_required=True,
            error_message=t("poll.field.time.error", lang),
            value=local.strftime("%H:%M"),
        ),
    ]


def poll_form_card(case: Case, default: datetime, lang: Lang) -> AdaptiveCard:
    """The secretary's form for opening a poll on a case."""
    label = case_label(case.number, case.year)
    return card(
        [
            heading(t("poll.form.title", lang, label=label)),
            paragraph(case.title),
            paragraph(t("poll.form.intro", lang), subtle=True),
            *deadline_inputs(default, lang),
        ],
        [execute(t("poll.open.submit", lang), "poll.open", case_id=case.id)],
    )


def _deadline_text(view: PollView, lang: Lang) -> str:
    moment = when(view.poll.deadline, lang)
    return t("poll.card.moved", lang, when=moment) if view.poll.deadline_moved else moment


MAX_STANCE_ROWS = 40
"""Stances listed by name; with 150 voters the card must stay under Teams' ~28 KB, so beyond
these the tally counts them."""
MAX_REASON_SHOWN = 200
_STANCE_ORDER: dict[str, int] = {StanceKind.BLOCK: 0, StanceKind.STAND_ASIDE: 1}


def poll_card(view: PollView, lang: Lang, *, me: str | None = None) -> AdaptiveCard:
    """The poll card; with `me` (an Entra id) it shows that person's own stance too."""
    kinds = view.kinds
    counts = rules.tally(kinds)
    closed = view.poll.state != "open"
    state = (
        t("poll.card.closed", lang, outcome=t(f"outcome.{view.poll.outcome}", lang))
        if closed
        else t("poll.card.open", lang)
    )
    body: list[CardElement] = [
        heading(t("poll.card.title", lang, label=view.label, title=view.case.title)),
    ]
    if view.case.proposal or view.case.description:
        body.append(paragraph((view.case.proposal or view.case.description)[:500]))
    body.append(
        facts(
            [
                (t("poll.card.deadline", lang), _deadline_text(view, lang)),
                (t("poll.card.state", lang), state),
            ]
        )
    )
    summary = " · ".join(f"{stance_name(k.value, lang)} {n}" for k, n in counts.items())
    body.append(
        paragraph(
            t("poll.card.tally", lang, counts=summary, voted=len(kinds), voters=len(view.voters))
        )
    )
    coverage = rules.hf_coverage(view.typed_voters, set(kinds))
    if coverage:
        body.append(paragraph(f"**{t('poll.card.hfs', lang)}**"))
        body.append(
            facts(
                [
                    (hf_name(hf, lang), t("poll.card.hf_yes" if done else "poll.card.hf_no", lang))
                    for hf, done in coverage.items()
                ]
            )
        )
    body.append(paragraph(f"**{t('poll.card.stances', lang)}**"))
    rows = []
    cast = [(v, view.stances[v.aad_id]) for v in view.voters if v.aad_id in view.stances]
    # Blocks and stand-asides first: their reasons are what the network must read.
    cast.sort(key=lambda pair: _STANCE_ORDER.get(pair[1].stance, len(_STANCE_ORDER)))
    for voter, stance in cast[:MAX_STANCE_ROWS]:
        said = stance_name(stance.stance, lang)
        if stance.reason and stance.stance in (StanceKind.BLOCK, StanceKind.STAND_ASIDE):
            reason = stance.reason
            if len(reason) > MAX_REASON_SHOWN:
                reason = reason[: MAX_REASON_SHOWN - 1].rstrip() + "…"
            said = f"{said}: {reason}"
        who = f"{voter.name} ({hf_name(voter.hf, lang)})" if voter.hf else voter.name
        rows.append((who, said))
    body.append(facts(rows) if rows else paragraph(t("poll.card.no_stances", lang), subtle=True))
    if len(cast) > MAX_STANCE_ROWS:
        body.append(
            paragraph(
                t("poll.card.more_stances", lang, count=len(cast) - MAX_STANCE_ROWS), subtle=True
            )
        )
    if me is not None:
        mine = view.stances.get(me)
        body.append(
            paragraph(
                t(
                    "poll.card.yours_final" if closed else "poll.card.yours",
                    lang,
                    stance=stance_name(mine.stance, lang),
                )
                if mine
                else t("poll.card.not_voted_final" if closed else "poll.card.not_voted", lang)
            )
        )
    actions: list[ExecuteAction] = []
    if not closed:
        body.append(
            TextInput(
                id="reason", label=t("poll.card.reason", lang), is_multiline=True, max_length=2000
            )
        )
        actions = [
            execute(stance_name(k.value, lang), "poll.vote", poll_id=view.poll.id, stance=k.value)
            for k in StanceKind
        ]
        actions.append(execute(t("poll.card.close", lang), "poll.close", poll_id=view.poll.id))
    built = card(body, actions)
    if not closed:
        built.refresh = RefreshDefinition(
            action=execute(
                t("poll.card.title", lang, label=view.label, title=""),
                "poll.refresh",
                poll_id=view.poll.id,
            ),
            user_ids=[v.teams_id for v in view.voters][:MAX_REFRESH_USERS],
        )
    return built


def anchoring_card(
    decision_label: str, decision_id: int, pending: list[str], lang: Lang
) -> AdaptiveCard:
    """The provisional decision with one confirm button per HF still to confirm."""
    names = ", ".join(hf_name(hf, lang) for hf in pending)
    return card(
        [
            heading(t("anchoring.title", lang, decision=decision_label)),
            paragraph(t("anchoring.pending", lang, hfs=names)),
        ],
        [
            execute(
                t("anchoring.confirm", lang, hf=hf_name(hf, lang)),
                "anchoring.confirm",
                decision_id=decision_id,
                hf=hf,
            )
            for hf in pending
        ],
    )


def inconclusive_card(view: PollView, lang: Lang, default: datetime) -> AdaptiveCard:
    """Asks the secretary to extend the deadline or escalate."""
    return card(
        [
            paragraph(t("poll.outcome.inconclusive", lang, label=view.label)),
            *deadline_inputs(default, lang),
        ],
        [
            execute(t("poll.extend", lang), "poll.extend", poll_id=view.poll.id),
            execute(t("poll.escalate", lang), "poll.escalate", poll_id=view.poll.id),
        ],
    )


def _target(view: PollView, lang: Lang) -> str:
    return view.target_name or t("poll.no_target", lang)


class PollCards:
    """The cards and notes a poll posts by itself, in the language of its case."""

    def shared(self, view: PollView) -> AdaptiveCard:
        """The channel's card."""
        return poll_card(view, _lang(view))

    def outcome(self, view: PollView) -> Reply:
        """The note in the case's thread when the poll closes."""
        lang = _lang(view)
        decision = view.decision
        label = decision_label(decision.number, decision.year) if decision else ""
        if view.poll.outcome == Outcome.CONSENSUS and decision and decision.anchoring_hfs:
            return Reply(
                text=t("poll.outcome.provisional", lang, label=view.label, decision=label),
                card=anchoring_card(label, decision.id, list(decision.anchoring_hfs), lang),
            )
        if view.poll.outcome == Outcome.CONSENSUS:
            return Reply(text=t("poll.outcome.consensus", lang, label=view.label, decision=label))
        if view.poll.outcome == Outcome.NO_CONSENSUS:
            return Reply(
                text=t(
                    "poll.outcome.no_consensus", lang, label=view.label, target=_target(view, lang)
                )
            )
        return Reply(
            card=inconclusive_card(
                view, lang, rules.default_deadline(view.poll.closed_at or view.poll.deadline)
            )
        )

    def extended(self, view: PollView) -> Reply:
        """The note when an inconclusive poll is extended."""
        lang = _lang(view)
        return Reply(
            text=t("poll.extended", lang, label=view.label, deadline=_deadline_text(view, lang))
        )

    def escalated(self, view: PollView) -> Reply:
        """The note when the secretary escalates an inconclusive poll."""
        lang = _lang(view)
        return Reply(text=t("poll.escalated", lang, label=view.label, target=_target(view, lang)))


def _lang(view: PollView) -> Lang:
    return "en" if view.case.lang == "en" else "nb"
