"""Meeting cards: the planning form, the proposed slots, the channel's meeting card, the move
form and the secretary's confirmation. Pure functions; `MeetingCards` bundles the one the
meeting posts by itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from babel.dates import format_datetime
from microsoft_teams.cards import (
    Action,
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    DateInput,
    OpenUrlAction,
    TextInput,
    TimeInput,
    ToggleInput,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import OSLO, Lang, t
from dialogs.meetings import messages as _messages  # noqa: F401  (registers texts)
from dialogs.meetings.rules import NoSlotReason
from dialogs.meetings.service import (
    DURATIONS,
    FormDefaults,
    GraphNotice,
    MeetingState,
    MeetingView,
    Proposal,
)

_BABEL = {"nb": "nb_NO", "en": "en_GB"}


def span(start: datetime, end: datetime, lang: Lang) -> str:
    """A meeting's time as people read it, in Oslo time with the weekday:
    `mandag 7. des. 2026 kl. 10:00–11:00`."""
    local_start, local_end = start.astimezone(OSLO), end.astimezone(OSLO)
    pattern = "EEEE d. MMM y 'kl.' HH:mm" if lang == "nb" else "EEEE d MMM y, HH:mm"
    return f"{format_datetime(local_start, pattern, locale=_BABEL[lang])}–{local_end:%H:%M}"


def notice_text(notice: GraphNotice, lang: Lang) -> str:
    """Why Graph was not used, and which permission would change that."""
    if notice.permission:
        return t("meeting.graph.forbidden", lang, permission=notice.permission)
    return t("meeting.graph.not_configured", lang)


def no_slot_text(reason: NoSlotReason | None, lang: Lang) -> str:
    """Why no slot exists at all."""
    return t(f"meeting.no_slot.{(reason or NoSlotReason.WINDOW_PASSED).value}", lang)


def meeting_form_card(
    defaults: FormDefaults, lang: Lang, *, gathering: bool = False
) -> AdaptiveCard:
    """The secretary's form: title, window, duration, the RHF adviser as optional attendee.
    With `gathering`, the RHF adviser's form for the annual gathering (no adviser toggle)."""
    adviser: list[CardElement] = [
        ToggleInput(
            id="adviser",
            label=t("meeting.field.adviser", lang),
            title=t("meeting.field.adviser", lang),
            value="false",
            value_on="true",
            value_off="false",
        )
    ]
    prefix = "meeting.gathering.form" if gathering else "meeting.form"
    return card(
        [
            heading(t(f"{prefix}.title", lang)),
            paragraph(defaults.network.name),
            paragraph(t(f"{prefix}.intro", lang), subtle=True),
            TextInput(
                id="title",
                label=t("meeting.field.title", lang),
                is_required=True,
                error_message=t("meeting.field.title.error", lang),
                max_length=200,
            ),
            DateInput(
                id="earliest",
                label=t("meeting.field.earliest", lang),
                is_required=True,
                error_message=t("meeting.field.earliest.error", lang),
                value=defaults.earliest.isoformat(),
            ),
            DateInput(
                id="latest",
                label=t("meeting.field.latest", lang),
                is_required=True,
                error_message=t("meeting.field.latest.error", lang),
                value=defaults.latest.isoformat(),
            ),
            ChoiceSetInput(
                id="duration",
                label=t("meeting.field.duration", lang),
                is_required=True,
                error_message=t("meeting.field.duration.error", lang),
                value="60",
                choices=[
                    Choice(title=t("meeting.duration", lang, minutes=m), value=str(m))
                    for m in DURATIONS
                ],
            ),
            *([] if gathering else adviser),
        ],
        [
            execute(
                t("meeting.form.submit", lang),
                "meeting.propose",
                network_id=defaults.network.id,
                gathering=gathering,
            )
        ],
    )


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def proposal_card(proposal: Proposal, lang: Lang) -> AdaptiveCard:
    """The best slots, best first, each with who cannot come, and a button to book it."""
    view = proposal.view
    assert view is not None
    meeting = view.meeting
    body: list[CardElement] = [heading(t("meeting.proposal.title", lang, title=meeting.title))]
    if proposal.notice is not None:
        body.append(paragraph(notice_text(proposal.notice, lang)))
    body.append(
        paragraph(
            t(
                "meeting.proposal.all_free"
                if proposal.search.all_required_free
                else "meeting.proposal.nobody_free",
                lang,
            ),
            subtle=proposal.search.all_required_free,
        )
    )
    actions = []
    for n, slot in enumerate(proposal.search.slots, start=1):
        body.append(
            paragraph(
                f"**{t('meeting.slot.heading', lang, n=n, when=span(slot.start, slot.end, lang))}**"
            )
        )
        rows: list[tuple[str, str]] = []
        if slot.unavailable_required:
            rows.append((t("meeting.slot.cannot", lang), _names(slot.unavailable_required)))
        if slot.unavailable_optional:
            rows.append(
                (t("meeting.slot.cannot_optional", lang), _names(slot.unavailable_optional))
            )
        if slot.tentative:
            rows.append((t("meeting.slot.tentative", lang), _names(slot.tentative)))
        if slot.unknown:
            rows.append((t("meeting.slot.unknown", lang), _names(slot.unknown)))
        if not slot.unavailable_required and not slot.unavailable_optional and not slot.unknown:
            rows.insert(0, (t("meeting.slot.everyone", lang), "✓"))
        body.append(facts(rows))
        actions.append(
            execute(t("meeting.book", lang, n=n), "meeting.book", meeting_id=meeting.id, slot=n - 1)
        )
    return card(body, actions)


def _summary(view: MeetingView, lang: Lang) -> list[CardElement]:
    meeting = view.meeting
    rows: list[tuple[str, str]] = []
    if meeting.start_at is not None and meeting.end_at is not None:
        rows.append((t("meeting.card.when", lang), span(meeting.start_at, meeting.end_at, lang)))
    rows.append((t("meeting.card.state", lang), t(f"meeting.state.{meeting.state}", lang)))
    invited = [str(p["name"]) for p in meeting.attendees]
    if invited:
        rows.append((t("meeting.card.attendees", lang), ", ".join(invited)))
    elements: list[CardElement] = [facts(rows), paragraph(f"**{t('meeting.card.agenda', lang)}**")]
    if view.agenda:
        elements.append(facts([(item.label, item.title) for item in view.agenda]))
    else:
        elements.append(paragraph(t("meeting.agenda.empty", lang), subtle=True))
    return elements


def meeting_card(view: MeetingView, lang: Lang) -> AdaptiveCard:
    """The channel's card: title, time in Oslo time, the join link when booked, the agenda with
    case numbers, and buttons to show (with the invitation), move and cancel."""
    meeting = view.meeting
    body: list[CardElement] = [heading(t("meeting.card.title", lang, title=meeting.title))]
    if meeting.state == MeetingState.CANCELLED:
        body.append(paragraph(f"**{t('meeting.card.cancelled', lang)}**"))
    elif meeting.state == MeetingState.GONE:
        body.append(paragraph(f"**{t('meeting.card.gone', lang)}**"))
    body.extend(_summary(view, lang))
    actions: list[Action] = []
    live = meeting.state in (MeetingState.BOOKED, MeetingState.PLANNED)
    if live and meeting.join_url:
        actions.append(OpenUrlAction(title=t("meeting.join", lang), url=meeting.join_url))
    actions.append(execute(t("meeting.show", lang), "meeting.show", meeting_id=meeting.id))
    if live:
        actions.append(execute(t("meeting.move", lang), "meeting.move_form", meeting_id=meeting.id))
        actions.append(execute(t("meeting.cancel", lang), "meeting.cancel", meeting_id=meeting.id))
    built = card(body)
    built.actions = actions
    return built


def outcome_card(
    view: MeetingView,
    lang: Lang,
    *,
    title_key: str,
    notice: GraphNotice | None = None,
    ics_url: str | None = None,
) -> AdaptiveCard:
    """What the secretary sees after booking, moving or cancelling: the meeting, and the join
    link or a fresh `.ics` download link."""
    meeting = view.meeting
    body: list[CardElement] = [heading(t(title_key, lang, title=meeting.title))]
    if notice is not None:
        body.append(paragraph(notice_text(notice, lang)))
    if meeting.state == MeetingState.BOOKED:
        body.append(paragraph(t("meeting.booked.note", lang), subtle=True))
    elif meeting.state == MeetingState.PLANNED:
        body.append(paragraph(t("meeting.planned.note", lang), subtle=True))
    elif meeting.state == MeetingState.GONE:
        body.append(paragraph(t("meeting.gone", lang)))
    body.extend(_summary(view, lang))
    actions: list[Action] = []
    if meeting.state == MeetingState.BOOKED and meeting.join_url:
        actions.append(OpenUrlAction(title=t("meeting.join", lang), url=meeting.join_url))
    if ics_url:
        actions.append(OpenUrlAction(title=t("meeting.ics", lang), url=ics_url))
    built = card(body)
    built.actions = actions or None
    return built


def move_form_card(view: MeetingView, lang: Lang) -> AdaptiveCard:
    """The form for a new time, prefilled with the current one."""
    meeting = view.meeting
    local = meeting.start_at.astimezone(OSLO) if meeting.start_at else None
    return card(
        [
            heading(t("meeting.move.title", lang, title=meeting.title)),
            paragraph(t("meeting.move.intro", lang), subtle=True),
            DateInput(
                id="day",
                label=t("meeting.field.date", lang),
                is_required=True,
                error_message=t("meeting.field.date.error", lang),
                value=local.date().isoformat() if local else None,
            ),
            TimeInput(
                id="start",
                label=t("meeting.field.time", lang),
                is_required=True,
                error_message=t("meeting.field.time.error", lang),
                value=local.strftime("%H:%M") if local else None,
            ),
            ChoiceSetInput(
                id="duration",
                label=t("meeting.field.duration", lang),
                is_required=True,
                error_message=t("meeting.field.duration.error", lang),
                value=str(meeting.duration_minutes),
                choices=[
                    Choice(title=t("meeting.duration", lang, minutes=m), value=str(m))
                    for m in DURATIONS
                ],
            ),
        ],
        [execute(t("meeting.move.submit", lang), "meeting.move", meeting_id=meeting.id)],
    )


class MeetingCards:
    """The card a meeting posts in its channel by itself, in the meeting's language."""

    def shared(self, view: MeetingView) -> AdaptiveCard:
        """The channel's card."""
        return meeting_card(view, view.lang)
