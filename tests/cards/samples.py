"""Every card the bot can send, built by the real card builders with representative data.

`test_cards_render.py` validates each with Microsoft's Adaptive Cards library and renders it in
Chromium (`artifacts/cards/<name>.png`). A capability that adds a card builder adds it here, in
both languages. Names use letters, digits, `.`, `_` and `-`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dialogs.cardkit import as_json
from dialogs.cases.cards import case_card, case_form_card, case_list_card
from dialogs.commands import COMMANDS
from dialogs.decisions.cards import amend_card, log_card
from dialogs.decisions.rules import Anchoring, LogEntry
from dialogs.escalation.cards import escalation_card, escalation_list_card
from dialogs.escalation.service import EscalationView, StanceLine
from dialogs.help.cards import help_card
from dialogs.i18n import Lang
from dialogs.members.cards import composition_card, roles_card
from dialogs.networks.cards import registered_card, registration_card
from dialogs.networks.service import RegistrationForm
from dialogs.nudges.cards import NudgeView, nudge_card, reminders_card
from dialogs.polls.cards import PollCards, anchoring_card, poll_card, poll_form_card
from dialogs.polls.service import PollView
from dialogs.turn import RosterEntry
from storage.models import (
    Case,
    Decision,
    Escalation,
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
        "case-form": lambda: case_form_card(lang),
        "case": lambda: case_card(_case(state="open"), lang, can_poll=True),
        "case-list": lambda: case_list_card(
            "Hjertenettverket", [_case(), _case(id=8, number=8, state="open")], lang
        ),
        "poll-form": lambda: poll_form_card(_case(), NOW + timedelta(days=7), lang),
        "poll-open": lambda: poll_card(_poll_view("open", lang), lang),
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
    }


def all_samples() -> list[tuple[str, Card]]:
    """Every card builder's output in Norwegian bokmål and English."""
    result: list[tuple[str, Card]] = []
    for lang in ("nb", "en"):
        for name, build in _builders(lang).items():
            built = build()
            assert built is not None, name
            result.append((f"{name}-{lang}", as_json(built)))
    return result
