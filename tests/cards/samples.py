"""Every card the bot can send, built by the real card builders with representative data.

`test_cards_render.py` validates each with Microsoft's Adaptive Cards library and renders it in
Chromium (`artifacts/cards/<name>.png`). A capability that adds a card builder adds it here, in
both languages. Names use letters, digits, `.`, `_` and `-`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dialogs.agenda import cards as agenda
from dialogs.agenda.service import AssignmentView, ProposalView, Targets
from dialogs.annual.cards import (
    draft_card,
    input_form_card,
    input_invitation_card,
    priorities_card,
    priorities_form_card,
    report_card,
    status_card,
)
from dialogs.annual.documents import ReportDocument
from dialogs.annual.rules import (
    INPUT_FIELDS,
    SECTION_LIMITS,
    Answers,
    Attainment,
    Cut,
    Goal,
    MandateTask,
    Section,
    Source,
)
from dialogs.annual.service import DraftView, InputForm, PrioritiesView, ReportView, StatusView
from dialogs.cardkit import as_json
from dialogs.cases.cards import case_card, case_form_card, case_list_card
from dialogs.commands import COMMANDS
from dialogs.decisions.cards import amend_card, log_card
from dialogs.decisions.rules import Anchoring, LogEntry
from dialogs.escalation.cards import escalation_card, escalation_list_card
from dialogs.escalation.service import EscalationView, StanceLine
from dialogs.help.cards import help_card
from dialogs.i18n import Lang
from dialogs.meetings.cards import (
    meeting_card,
    meeting_form_card,
    move_form_card,
    outcome_card,
    proposal_card,
)
from dialogs.meetings.rules import Slot, SlotSearch
from dialogs.meetings.service import (
    AgendaItem,
    FormDefaults,
    GraphNotice,
    MeetingView,
    Proposal,
)
from dialogs.members.cards import composition_card, roles_card
from dialogs.members.rules import HF, Role
from dialogs.minutes.cards import followups_card, minutes_form_card, summary_card
from dialogs.minutes.documents import FollowUpLine, MinutesDocument, MinutesItem
from dialogs.minutes.rules import AgendaCase, Attendee, MinutesForm, OpenItem
from dialogs.networks.cards import registered_card, registration_card
from dialogs.networks.service import RegistrationForm
from dialogs.nudges.cards import NudgeView, nudge_card, reminders_card
from dialogs.polls.cards import PollCards, anchoring_card, poll_card, poll_form_card
from dialogs.polls.service import PollView
from dialogs.quality import cards as quality
from dialogs.quality import rules as quality_rules
from dialogs.quality.service import AgreementView, MilestoneView, Overview
from dialogs.quality.service import ReportDocument as ProgressReport
from dialogs.summary.cards import details_card as summary_details_card
from dialogs.summary.cards import digest_card
from dialogs.summary.cards import summary_card as network_summary_card
from dialogs.summary.rules import Filters, NetworkRow
from dialogs.summary.service import RelatedCase, RelatedView, Summary
from dialogs.turn import RosterEntry
from storage.models import (
    Case,
    Decision,
    Escalation,
    Meeting,
    Membership,
    Network,
    Poll,
    PollVoter,
    Stance,
)

Card = dict[str, Any]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PEOPLE = [
    ("aad-kari", "Kari Nordmann", "leader", "st_olav"),
    ("aad-per", "Per Olsen", "secretary", "st_olav"),
    ("aad-ola", "Ola Hansen", "member", "hmr"),
    ("aad-ingrid", "Ingrid Berg", "member", "hnt"),
    ("aad-siri", "Siri Dahl", "rhf_adviser", "rhf"),
    ("aad-nils", "Nils Ny", None, None),
]


def _network() -> Network:
    return Network(
        id=1,
        name="Hjertenettverket",
        kind="professional_leader",
        team_id="t",
        channel_id="c",
        service_url="https://smba.example/",
        end_date=None,
        user_representatives_vote=False,
    )


def _members() -> list[Membership]:
    return [
        Membership(
            id=i, network_id=1, aad_id=aad, teams_id=f"29:{aad}", name=name, role=role, hf=hf
        )
        for i, (aad, name, role, hf) in enumerate(PEOPLE, start=1)
    ]


def _case(**changes: Any) -> Case:
    values: dict[str, Any] = {
        "id": 7,
        "network_id": 1,
        "year": 2026,
        "number": 7,
        "title": "Regional prosedyre for hjertestans",
        "description": "Felles prosedyre for behandling av hjertestans i alle HF.",
        "proposal": "Prosedyren vedtas som regional fagprosedyre.",
        "case_type": "regional_procedure",
        "user_participation": True,
        "needs_anchoring": True,
        "state": "polling",
        "service_url": "https://smba.example/",
        "thread_id": "19:c;messageid=1",
        "lang": "nb",
    }
    values.update(changes)
    return Case(**values)


def crowd(count: int) -> list[Membership]:
    """A network of `count` people with long names, every role and every HF."""
    roles = [role.value for role in Role]
    hfs = [hf.value for hf in HF]
    return [
        Membership(
            id=i,
            network_id=1,
            aad_id=f"aad-{i}",
            teams_id=f"29:{i}",
            name=f"Fornavn Mellomnavn Etternavn-Dobbeltnavn {i}",
            role=roles[i % len(roles)],
            hf=hfs[i % len(hfs)],
        )
        for i in range(1, count + 1)
    ]


def crowded_poll_view(lang: Lang, count: int = 150) -> PollView:
    """An open poll where `count` voters all stood aside with a long reason."""
    voters = [
        PollVoter(poll_id=3, aad_id=f"aad-{i}", teams_id=f"29:{i}", name=f"Person {i}", hf="hmr")
        for i in range(count)
    ]
    stances = {
        v.aad_id: Stance(poll_id=3, aad_id=v.aad_id, stance="stand_aside", reason="x" * 200)
        for v in voters
    }
    return replace(_poll_view("open", lang), voters=voters, stances=stances)


def _poll_view(
    state: str, lang: Lang, outcome: str | None = None, anchoring: bool = False
) -> PollView:
    poll = Poll(
        id=3,
        case_id=7,
        network_id=1,
        state=state,
        round=1,
        quorum_rule="every_hf",
        deadline=NOW + timedelta(days=7),
        deadline_moved=True,
        opened_at=NOW,
        opened_by="aad-per",
        outcome=outcome,
        closed_at=NOW + timedelta(days=2) if state == "closed" else None,
    )
    voters = [
        PollVoter(poll_id=3, aad_id=aad, teams_id=f"29:{aad}", name=name, hf=hf)
        for aad, name, role, hf in PEOPLE
        if role in ("leader", "member")
    ]
    stances = {
        "aad-kari": Stance(poll_id=3, aad_id="aad-kari", stance="agree"),
        "aad-ola": Stance(
            poll_id=3, aad_id="aad-ola", stance="stand_aside", reason="Kan leve med det."
        ),
    }
    if outcome == "no_consensus":
        stances["aad-ingrid"] = Stance(
            poll_id=3, aad_id="aad-ingrid", stance="block", reason="For dyrt."
        )
    decision = Decision(
        id=4,
        network_id=1,
        year=2026,
        number=4,
        case_id=7,
        poll_id=3,
        text="Vedtatt",
        outcome=outcome or "consensus",
        decided_at=NOW,
        decided_by="network",
        recorded_by="system",
        anchoring_hfs=["st_olav", "hmr", "hnt"] if anchoring else [],
    )
    return PollView(poll, _case(lang=lang), _network(), voters, stances, decision, None, None)


def _entry(**changes: Any) -> LogEntry:
    values: dict[str, Any] = {
        "id": 4,
        "label": "4/2026",
        "decided_on": date(2026, 11, 23),
        "network": "Hjertenettverket",
        "case": "7/2026 Regional prosedyre for hjertestans",
        "outcome": "consensus",
        "text": "Prosedyren vedtas som regional fagprosedyre.",
        "decided_by": "network",
        "anchoring": Anchoring.PROVISIONAL,
        "pending": ("hmr",),
        "amends": None,
        "amended_by": ("5/2026",),
    }
    values.update(changes)
    return LogEntry(**values)


def _nudge(kind: str, **changes: Any) -> NudgeView:
    values: dict[str, Any] = {
        "reminder_id": 9,
        "kind": kind,
        "title": "7/2026 Regional prosedyre for hjertestans",
        "network": "Hjertenettverket",
        "deadline": NOW + timedelta(days=2),
        "action": {"action": "poll.refresh", "poll_id": 3},
        "due_at": NOW,
    }
    values.update(changes)
    return NudgeView(**values)


def _escalation(state: str, **changes: Any) -> EscalationView:
    values: dict[str, Any] = {
        "id": 2,
        "case_id": 7,
        "poll_id": 3,
        "network_id": 1,
        "target_network_id": 9,
        "reason": "no_consensus",
        "description": "",
        "state": state,
        "requested_at": NOW,
        "requested_by": "system",
        "deadline": NOW + timedelta(days=14),
        "deadline_moved": False,
        "attempts": 1,
        "delivered_at": NOW,
    }
    values.update(changes)
    directors = Network(
        id=9,
        name="Fagdirektørnettverket",
        kind="director",
        team_id="t",
        channel_id="d",
        service_url="https://smba.example/",
    )
    stances = [
        StanceLine("Kari Nordmann", "st_olav", "agree", None),
        StanceLine("Ingrid Berg", "hnt", "block", "For dyrt for vårt HF."),
    ]
    return EscalationView(
        Escalation(**values), _network(), directors, _case(state="escalated"), stances
    )


def _minutes_form() -> MinutesForm:
    return MinutesForm(
        meeting_id=12,
        title="Nettverksmøte november",
        start_at=NOW,
        attendees=tuple(
            Attendee(aad, name, role != "rhf_adviser") for aad, name, role, _ in PEOPLE
        ),
        cases=(
            AgendaCase(7, "7/2026", "Ny prosedyre for hjertestans", "Prosedyren vedtas"),
            AgendaCase(8, "8/2026", "Utstyr", ""),
        ),
        owners=tuple((i, name) for i, (_, name, _, _) in enumerate(PEOPLE, start=1)),
    )


def _minutes() -> MinutesDocument:
    return MinutesDocument(
        meeting_id=12,
        network="Hjertenettverket",
        title="Nettverksmøte november",
        start_at=NOW,
        present=("Kari Nordmann", "Per Olsen", "Ola Hansen"),
        items=(
            MinutesItem("7/2026", "Ny prosedyre", "Gikk gjennom utkastet.", "Vedtas.", "3/2026"),
            MinutesItem("8/2026", "Utstyr", "Venter på tilbud.", None, None),
        ),
        followups=(FollowUpLine("7/2026", "Ola Hansen", date(2026, 12, 10), "Sende til HF-ene"),),
    )


def _followups() -> list[OpenItem]:
    return [
        OpenItem(1, "Hjerte", "7/2026", "Sende til HF-ene", "Ola", date(2026, 11, 20), True, True),
        OpenItem(2, "Hjerte", "", "Avklare budsjett", "Kari", date(2026, 12, 1), False, False),
    ]


def _meeting_view(state: str, **changes: Any) -> MeetingView:
    start = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "id": 12,
        "network_id": 1,
        "kind": "network",
        "title": "Nettverksmøte desember",
        "state": state,
        "organiser": "per@stolav.no",
        "window_from": date(2026, 11, 24),
        "window_to": date(2026, 12, 8),
        "duration_minutes": 60,
        "start_at": None if state == "proposed" else start,
        "end_at": None if state == "proposed" else start + timedelta(hours=1),
        "attendees": [
            {"aad_id": aad, "name": name, "email": f"{aad}@example.org", "required": True}
            for aad, name, role, _ in PEOPLE
            if role in ("leader", "member")
        ],
        "proposals": [],
        "agenda": [7, 8],
        "transaction_id": "fagnett-sample",
        "event_id": "AAMk-1" if state == "booked" else None,
        "join_url": "https://teams.microsoft.com/l/meetup-join/x" if state == "booked" else None,
        "service_url": "https://smba.example/",
        "conversation_id": "c",
        "lang": "nb",
        "created_by": "aad-per",
        **changes,
    }
    agenda = (AgendaItem("7/2026", "Ny prosedyre for hjertestans"), AgendaItem("8/2026", "Utstyr"))
    return MeetingView(Meeting(**values), _network(), agenda)


def _proposal(*, all_free: bool, notice: GraphNotice | None = None) -> Proposal:
    start = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    busy = () if all_free else ("Ola Hansen",)
    slots = tuple(
        Slot(
            start + timedelta(days=day),
            start + timedelta(days=day, hours=1),
            busy,
            ("Siri Dahl",) if day == 2 else (),
            ("Ingrid Berg",) if day == 1 else (),
            ("Kari Nordmann",) if notice is not None else (),
        )
        for day in range(3)
    )
    return Proposal(_meeting_view("proposed"), SlotSearch(slots, all_free), notice)


_GOALS = tuple(
    Goal(f"Mål {n}: " + "felles prosedyre " * 10, "Tiltak " * 30, "Kari Nordmann", task)
    for n, task in enumerate(MandateTask)
)[:6]


def _priorities(state: str) -> PrioritiesView:
    return PrioritiesView(1, "Hjertenettverket", 2026, "1/2026", state, _GOALS, tuple(Source))


def _input_form(*, answered: bool) -> InputForm:
    answers = Answers(
        {name: "Svar " * 200 for name in INPUT_FIELDS},
        tuple((Attainment.PARTLY, "Linje " * 50) for _ in _GOALS),
    )
    return InputForm(
        3,
        "Hjertenettverket",
        2026,
        datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
        _GOALS,
        answers if answered else None,
        2 if answered else 0,
    )


def _status(members: int) -> StatusView:
    hfs = ("st_olav", "hmr", "hnt", "rhf")
    names = [f"Medlem Nummer {n} Etternavn" for n in range(members)]
    return StatusView(
        3,
        "Hjertenettverket",
        2026,
        "collecting",
        datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
        datetime(2026, 12, 21, 15, 0, tzinfo=UTC),
        {hf: tuple(names[i::8]) for i, hf in enumerate(hfs)},
        {hf: tuple(names[4 + i :: 8]) for i, hf in enumerate(hfs)},
        None,
    )


def _report_sections() -> tuple[tuple[Section, tuple[str, ...]], ...]:
    return tuple(
        (s, tuple(f"Punkt {n} " + "tekst " * 17 for n in range(SECTION_LIMITS[s]))) for s in Section
    )


def _draft() -> DraftView:
    return DraftView(
        3,
        "Hjertenettverket",
        2026,
        "Fagdirektørnettverket",
        _report_sections(),
        {Section.ACTIVITY: Cut(dropped=11, shortened=2)},
    )


def _report(file_url: str | None) -> ReportView:
    document = ReportDocument(
        3, "Hjertenettverket", 2026, "Fagdirektørnettverket", _report_sections()
    )
    return ReportView(
        document, "Kari Nordmann", datetime(2026, 12, 10, 9, 0, tzinfo=UTC), 15, 40, file_url
    )


def _quality_overview(*, complete: bool) -> Overview:
    return Overview(
        network="Smertenettverket",
        coordinating_hf="St. Olavs hospital HF",
        coordinating_region=quality_rules.Region.MIDT,
        clinic="Klinikk for anestesi",
        start_on=date(2026, 3, 1),
        end_on=date(2031, 2, 28),
        english_name="Norwegian National Network for Pain Medicine" if complete else "Pain",
        english_suggestion=None if complete else "Norwegian National Network for Pain",
        checklist=quality_rules.Checklist(
            agreements=complete,
            progress_plan=complete,
            logo=complete,
            website=complete,
            english_name=complete,
        ),
        evaluation_opens_on=date(2030, 9, 1),
        evaluation_case="4/2030" if complete else None,
    )


def _agreement(version: int = 1, *, percent: int = 2000, ended: bool = False) -> AgreementView:
    warnings = (quality_rules.Warning.PERCENT,) if percent > 2000 else ()
    return AgreementView(
        id=3,
        version=version,
        host_hf="Universitetssykehuset Nord-Norge HF",
        region=quality_rules.Region.NORD,
        person="Nora Nord",
        content="Kompetansespredning og veiledning i Helse Nord",
        percent=percent,
        start_on=date(2026, 3, 1),
        end_on=date(2028, 12, 31),
        yearly_cost=15_000_000,
        anchored_by="Klinikksjef Hanna Holm",
        ended=ended,
        recorded_at=NOW - timedelta(days=30 * (3 - version)),
        warnings=warnings,
    )


def _quality_budget() -> quality_rules.Budget:
    positions = [
        ("Nora Nord", quality_rules.Region.NORD, 15_000_000),
        ("Vera Vest", quality_rules.Region.VEST, 12_000_000),
        ("Siv Sør", quality_rules.Region.SOR_OST, 18_000_000),
    ]
    terms = [
        quality_rules.Terms(
            id=n,
            person=person,
            region=region,
            percent=2000,
            start_on=date(2026, 3, 1),
            end_on=date(2028, 12, 31),
            yearly_cost=cost,
            anchored_by="Klinikksjef",
        )
        for n, (person, region, cost) in enumerate(positions, start=1)
    ]
    costs = [quality_rules.CostLine(quality_rules.Region.MIDT, date(2026, 9, 15), 4_500_000)]
    return quality_rules.budget(
        2026, terms, costs, coordinating=quality_rules.Region.MIDT, set_by_rhf=None
    )


def _milestones() -> list[MilestoneView]:
    state = quality_rules.MilestoneState
    return [
        MilestoneView(1, "Avtaler signert", date(2026, 6, 1), "Per Olsen", state.DONE, True),
        MilestoneView(2, "Felles prosedyre", date(2026, 10, 1), "Ola Hansen", state.OVERDUE, True),
        MilestoneView(3, "Nettsted", date(2027, 2, 1), "Kari Nordmann", state.PLANNED, False),
    ]


def _progress(*, approved: bool) -> ProgressReport:
    return ProgressReport(
        network_id=3,
        network="Smertenettverket",
        english_name="Norwegian National Network for Pain Medicine",
        coordinating_hf="St. Olavs hospital HF",
        period_from=date(2026, 1, 1),
        period_to=date(2026, 6, 30),
        milestones=tuple(_milestones()),
        agreements=(_agreement(),),
        agreement_costs=(("Nora Nord", 4_931_506),),
        other_costs=((date(2026, 5, 12), "Helse Midt-Norge", "Nettverkssamling", 4_500_000),),
        decisions=("3/2026: Felles prosedyre for smertebehandling vedtas.",),
        total=9_431_506,
        approved_by="aad-per" if approved else None,
    )


def _builders(lang: Lang) -> dict[str, Callable[[], Any]]:
    network, members = _network(), _members()
    roster = [RosterEntry(aad, f"29:{aad}", name) for aad, name, _, _ in PEOPLE]
    cards = PollCards()
    return {
        "help-channel": lambda: help_card(
            COMMANDS, lang, in_channel=True, network="Hjertenettverket"
        ),
        "help-personal": lambda: help_card(COMMANDS, lang, in_channel=False, network=None),
        "network-register": lambda: registration_card(
            RegistrationForm([(1, "Hjertenettverket")], roster, "aad-per"), lang
        ),
        "network-registered": lambda: registered_card(network, "Per Olsen", lang),
        "members-composition": lambda: composition_card(network, members, lang, can_edit=True),
        "members-roles": lambda: roles_card(network, members, lang),
        "members-roles-150": lambda: roles_card(network, crowd(150), lang, page=3),
        "members-composition-150": lambda: composition_card(
            network, crowd(150), lang, can_edit=True
        ),
        "case-form": lambda: case_form_card(lang),
        "case": lambda: case_card(_case(state="open"), lang, can_poll=True),
        "case-list": lambda: case_list_card(
            "Hjertenettverket", [_case(), _case(id=8, number=8, state="open")], lang
        ),
        "poll-form": lambda: poll_form_card(_case(), NOW + timedelta(days=7), lang),
        "poll-open": lambda: poll_card(_poll_view("open", lang), lang),
        "poll-150-voters": lambda: poll_card(crowded_poll_view(lang), lang, me="aad-1"),
        "poll-mine": lambda: poll_card(_poll_view("open", lang), lang, me="aad-ola"),
        "poll-closed": lambda: poll_card(_poll_view("closed", lang, "no_consensus"), lang),
        "poll-inconclusive": lambda: cards.outcome(_poll_view("closed", lang, "inconclusive")).card,
        "poll-anchoring": lambda: (
            cards.outcome(_poll_view("closed", lang, "consensus", anchoring=True)).card
        ),
        "anchoring-pending": lambda: anchoring_card("4/2026", 4, ["hmr", "hnt"], lang),
        "decisions-log": lambda: log_card(
            1,
            "Hjertenettverket",
            [_entry(), _entry(id=5, label="5/2026", amends="4/2026", amended_by=())],
            lang,
            can_amend=True,
            csv_url="https://fagnett.example/exports/decisions?format=csv",
            markdown_url="https://fagnett.example/exports/decisions?format=md",
            year=2026,
        ),
        "decisions-empty": lambda: log_card(
            1,
            "Hjertenettverket",
            [],
            lang,
            can_amend=False,
            csv_url="https://fagnett.example/a",
            markdown_url="https://fagnett.example/b",
        ),
        "decisions-amend": lambda: amend_card(_entry(), lang),
        "escalation-pending": lambda: escalation_card(_escalation("delivered"), lang),
        "escalation-decided": lambda: escalation_card(
            _escalation(
                "decided",
                decided_at=NOW,
                decided_by="aad-dag",
                decided_by_name="Dag Direktør",
                decision="returned",
                guidance="Utred kostnadene per HF først.",
            ),
            lang,
        ),
        "escalations-list": lambda: escalation_list_card(
            "Fagdirektørnettverket",
            [
                _escalation("delivered", deadline=NOW - timedelta(days=1)),
                _escalation("not_delivered", id=3, last_error="HTTP 503", delivered_at=None),
            ],
            lang,
            NOW,
        ),
        "nudge-poll": lambda: nudge_card(_nudge("poll_vote"), lang, now=NOW),
        "nudge-overdue": lambda: nudge_card(
            _nudge(
                "director_decision",
                deadline=NOW - timedelta(days=1),
                action={"action": "poll.refresh", "poll_id": 3},
            ),
            lang,
            now=NOW,
        ),
        "reminders": lambda: reminders_card([_nudge("poll_vote"), _nudge("anchoring")], lang),
        "reminders-empty": lambda: reminders_card([], lang),
        "minutes-form": lambda: minutes_form_card(_minutes_form(), lang),
        "minutes-summary": lambda: summary_card(_minutes(), lang),
        "minutes-summary-links": lambda: summary_card(
            _minutes(), lang, links=("https://fagnett.example/a", "https://fagnett.example/b")
        ),
        "followups-network": lambda: followups_card(_followups(), lang, network="Hjerte"),
        "followups-mine": lambda: followups_card(_followups()[:1], lang, network=None),
        "meeting-form": lambda: meeting_form_card(
            FormDefaults(network, date(2026, 11, 24), date(2026, 12, 8)), lang
        ),
        "meeting-gathering-form": lambda: meeting_form_card(
            FormDefaults(network, date(2026, 11, 24), date(2026, 12, 8)), lang, gathering=True
        ),
        "meeting-proposal": lambda: proposal_card(_proposal(all_free=True), lang),
        "meeting-proposal-least-bad": lambda: proposal_card(_proposal(all_free=False), lang),
        "meeting-proposal-no-graph": lambda: proposal_card(
            _proposal(all_free=True, notice=GraphNotice()), lang
        ),
        "meeting-booked": lambda: meeting_card(_meeting_view("booked"), lang),
        "meeting-planned": lambda: meeting_card(_meeting_view("planned"), lang),
        "meeting-cancelled": lambda: meeting_card(_meeting_view("cancelled"), lang),
        "meeting-gone": lambda: meeting_card(_meeting_view("gone"), lang),
        "meeting-booked-outcome": lambda: outcome_card(
            _meeting_view("booked"), lang, title_key="meeting.booked.title"
        ),
        "meeting-planned-outcome": lambda: outcome_card(
            _meeting_view("planned"),
            lang,
            title_key="meeting.planned.title",
            notice=GraphNotice("Calendars.ReadWrite"),
            ics_url="https://fagnett.example/files/meeting/12.ics?expires=1&sig=x",
        ),
        "meeting-move": lambda: move_form_card(_meeting_view("booked"), lang),
        "annual-priorities": lambda: priorities_card(_priorities("open"), lang),
        "annual-priorities-decided": lambda: priorities_card(_priorities("decided"), lang),
        "annual-priorities-form": lambda: priorities_form_card(_priorities("open"), lang),
        "annual-input-invitation": lambda: input_invitation_card(
            _input_form(answered=False), lang, channel=False
        ),
        "annual-input-channel": lambda: input_invitation_card(
            _input_form(answered=False), lang, channel=True
        ),
        "annual-input-form": lambda: input_form_card(_input_form(answered=True), lang),
        "annual-status-150": lambda: status_card(_status(150), lang, may_manage=True),
        "annual-draft": lambda: draft_card(_draft(), lang),
        "annual-report": lambda: report_card(
            _report("https://contoso.sharepoint.com/r.docx"), lang
        ),
        "annual-report-links": lambda: report_card(
            _report(None), lang, links=("https://fagnett.example/a", "https://fagnett.example/b")
        ),
        "quality-overview": lambda: quality.overview_card(
            _quality_overview(complete=False), lang, manager=True
        ),
        "quality-overview-complete": lambda: quality.overview_card(
            _quality_overview(complete=True), lang, manager=False
        ),
        "quality-setup": lambda: quality.setup_card("Smertenettverket", lang),
        "quality-agreements": lambda: quality.agreements_card(
            "Smertenettverket",
            [_agreement(2), _agreement(1, percent=2500)],
            lang,
            manager=True,
            as_of=date(2026, 9, 1),
        ),
        "quality-agreements-empty": lambda: quality.agreements_card(
            "Smertenettverket", [], lang, manager=False
        ),
        "quality-agreement-form": lambda: quality.agreement_form_card(lang),
        "quality-agreement-change": lambda: quality.agreement_form_card(
            lang, current=_agreement(2)
        ),
        "quality-agreement-history": lambda: quality.history_card(
            [_agreement(1, percent=1500), _agreement(2), _agreement(3, ended=True)], lang
        ),
        "quality-budget": lambda: quality.budget_card(
            "Smertenettverket", _quality_budget(), lang, manager=True
        ),
        "quality-cost-form": lambda: quality.cost_form_card(lang, date(2026, 11, 23)),
        "quality-milestones": lambda: quality.milestones_card(
            "Smertenettverket", _milestones(), lang, manager=True
        ),
        "quality-milestones-empty": lambda: quality.milestones_card(
            "Smertenettverket", [], lang, manager=False
        ),
        "quality-milestone-form": lambda: quality.milestone_form_card(
            lang, [(aad, name) for aad, name, _role, _hf in PEOPLE], date(2026, 11, 23)
        ),
        "quality-progress": lambda: quality.report_card(
            _progress(approved=False),
            lang,
            manager=True,
            links=("https://fagnett.example/a", "https://fagnett.example/b"),
        ),
        "quality-progress-approved": lambda: quality.report_card(
            _progress(approved=True), lang, manager=False
        ),
        "summary": lambda: network_summary_card(_summary(everything=True), lang, csv_url=CSV),
        "summary-own": lambda: network_summary_card(_summary(everything=False), lang, csv_url=CSV),
        "summary-details": lambda: summary_details_card(_summary_rows()[0], SUMMARY_NOW, lang),
        "summary-digest": lambda: digest_card(
            _summary_rows(), ["Hjertenettverket: 7/2026 Ny prosedyre"], SUMMARY_NOW, lang
        ),
    }


SUMMARY_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CSV = "https://fagnett.example/files/summary/aad-siri.csv?expires=1&sig=x"


def _summary_rows() -> list[NetworkRow]:
    heart = NetworkRow(
        1,
        "Hjertenettverket",
        "professional_leader",
        "19:team",
        "19:hjerte@thread.tacv2",
        "tenant",
        frozenset({"st_olav", "hmr"}),
        open_cases=5,
        running_polls=1,
        votes_cast=3,
        votes_possible=4,
        pending_escalations=1,
        oldest_escalation=SUMMARY_NOW - timedelta(days=10),
        overdue_escalations=1,
        decisions=2,
        anchoring_pending=1,
        next_meeting=SUMMARY_NOW + timedelta(days=3),
        overdue_followups=2,
    )
    children = NetworkRow(2, "Barnenettverket", "council", "19:team", "19:barn", "tenant")
    return [heart, children]


def _summary(*, everything: bool) -> Summary:
    pair = RelatedView(
        RelatedCase(3, "4/2026", "Faste før narkose hos barn", "Barnenettverket"),
        RelatedCase(9, "2/2026", "Preoperativ faste", "Anestesinettverket"),
        0.42,
        told=False,
    )
    rows = _summary_rows()
    return Summary(
        rows, len(rows), everything, Filters(), [pair] if everything else [], True, SUMMARY_NOW
    )


_TARGETS = Targets([(1, "Hjertenettverket"), (2, "Barnenettverket")])


def _proposal_view(state: str) -> ProposalView:
    return ProposalView(
        7,
        "Hjertenettverket",
        "national",
        "Ny nasjonal retningslinje for hjertesvikt",
        "Helsedirektoratet har publisert en ny faglig retningslinje.",
        "Helsedirektoratet, 12. november 2026",
        "Siri Dahl",
        state,
        reason="Dekkes av sak 1/2026." if state == "declined" else None,
        case="3/2026 Ny nasjonal retningslinje for hjertesvikt" if state == "accepted" else None,
    )


def _assignment_view(state: str) -> AssignmentView:
    return AssignmentView(
        4,
        "Hjertenettverket",
        "5/2026 Kartlegg ventetider i hjertesviktpoliklinikkene",
        "Oversikt per helseforetak.\n\nOppdrag fra Fagdirektørnettverket med frist 10. des. 2026.",
        datetime(2026, 12, 10, 15, 0, tzinfo=UTC),
        state,
        answer="Median 34 dager." if state == "answered" else None,
    )


def _agenda_builders(lang: Lang) -> dict[str, Callable[[], Any]]:
    return {
        "agenda-proposal-form": lambda: agenda.proposal_form_card(_TARGETS, lang),
        "agenda-proposal": lambda: agenda.proposal_card(
            _proposal_view("pending"), lang, decidable=True
        ),
        "agenda-proposal-accepted": lambda: agenda.proposal_card(
            _proposal_view("accepted"), lang, decidable=False
        ),
        "agenda-proposal-declined": lambda: agenda.proposal_card(
            _proposal_view("declined"), lang, decidable=False
        ),
        "assignment-form": lambda: agenda.assignment_form_card(_TARGETS, lang, date(2026, 11, 23)),
        "assignment": lambda: agenda.assignment_card(
            _assignment_view("open"), lang, answerable=True
        ),
        "assignment-overdue": lambda: agenda.assignment_card(
            replace(_assignment_view("open"), overdue=True), lang, answerable=True
        ),
        "assignment-answer-form": lambda: agenda.answer_form_card(_assignment_view("open"), lang),
        "assignment-answered": lambda: agenda.answer_card(
            _assignment_view("answered"), lang, answered_by="Per Olsen"
        ),
    }


def all_samples() -> list[tuple[str, Card]]:
    """Every card builder's output in Norwegian bokmål and English."""
    result: list[tuple[str, Card]] = []
    for lang in ("nb", "en"):
        for name, build in {**_builders(lang), **_agenda_builders(lang)}.items():
            built = build()
            assert built is not None, name
            result.append((f"{name}-{lang}", as_json(built)))
    return result
