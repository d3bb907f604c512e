"""The agenda rules, table-driven: what a valid proposal, assignment and answer are."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.agenda.rules import (
    Scope,
    is_overdue,
    proposal_case,
    validate_answer,
    validate_assignment,
    validate_proposal,
    validate_reason,
)
from dialogs.cases.rules import CaseType
from dialogs.errors import InvalidInput

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""Monday 23 November 2026, 10:00 in Oslo."""

GOOD = {
    "network_id": 3,
    "scope": "regional",
    "title": "  Felles prosedyre  ",
    "description": "Hva saken gjelder.",
    "source": "Styresak 88/2026",
}


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"network_id": None}, "agenda.invalid.network"),
        ({"scope": None}, "agenda.invalid.scope"),
        ({"scope": "local"}, "agenda.invalid.scope"),
        ({"title": "ab"}, "agenda.invalid.title"),
        ({"title": "x" * 201}, "agenda.invalid.title"),
        ({"description": None}, "agenda.invalid.description"),
        ({"description": "x" * 3001}, "agenda.invalid.description"),
        ({"source": " "}, "agenda.invalid.source"),
        ({"source": "x" * 501}, "agenda.invalid.source"),
    ],
)
def test_a_wrong_proposal_names_its_field(change: dict[str, object], key: str) -> None:
    with pytest.raises(InvalidInput) as wrong:
        validate_proposal(**{**GOOD, **change})  # type: ignore[arg-type]
    assert wrong.value.key == key


def test_a_proposal_is_trimmed_and_its_case_says_the_rhf_brought_it() -> None:
    draft = validate_proposal(**GOOD)  # type: ignore[arg-type]
    assert (draft.scope, draft.title) == (Scope.REGIONAL, "Felles prosedyre")
    case = proposal_case(draft.title, draft.description, "Meldt inn av RHF (Siri Dahl)")
    assert case.description == "Hva saken gjelder.\n\nMeldt inn av RHF (Siri Dahl)"
    assert case.case_type == CaseType.OTHER


@pytest.mark.parametrize(
    ("reason", "ok"), [(None, False), ("  ", False), ("ok", False), ("Ikke nå", True)]
)
def test_declining_needs_a_reason(reason: str | None, ok: bool) -> None:
    if ok:
        assert validate_reason(reason) == reason
    else:
        with pytest.raises(InvalidInput):
            validate_reason(reason)


@pytest.mark.parametrize(
    ("deadline", "network_id", "expected"),
    [
        ("2026-11-24", 3, datetime(2026, 11, 24, 15, 0, tzinfo=UTC)),
        ("2027-06-30", 3, datetime(2027, 6, 30, 14, 0, tzinfo=UTC)),
        ("2026-11-23", 3, "assignment.invalid.deadline"),
        ("2026-11-22", 3, "assignment.invalid.deadline"),
        ("2029-01-01", 3, "assignment.invalid.deadline"),
        ("23.11.2026", 3, "assignment.invalid.deadline"),
        (None, 3, "assignment.invalid.deadline"),
        ("2026-12-01", 1, "assignment.invalid.network"),
        ("2026-12-01", None, "assignment.invalid.network"),
    ],
)
def test_an_assignment_is_due_at_16_oslo_on_a_day_after_today(
    deadline: str | None, network_id: int | None, expected: datetime | str
) -> None:
    def validate() -> datetime:
        return validate_assignment(
            network_id=network_id,
            director_network_id=1,
            title="Kartlegg ventetider",
            description=None,
            deadline=deadline,
            now=NOW,
        ).deadline

    if isinstance(expected, str):
        with pytest.raises(InvalidInput) as wrong:
            validate()
        assert wrong.value.key == expected
    else:
        assert validate() == expected


@pytest.mark.parametrize(
    ("text", "decision", "expected"),
    [
        ("Svar", None, ("Svar", None)),
        (None, "3/2026", ("", (3, 2026))),
        ("Svar", " 3 / 2026 ", ("Svar", (3, 2026))),
        (None, None, "assignment.invalid.answer"),
        ("  ", "", "assignment.invalid.answer"),
        ("x" * 3001, None, "assignment.invalid.answer"),
        ("Svar", "tre", "case.invalid.number"),
    ],
)
def test_an_answer_is_a_text_a_decision_or_both(
    text: str | None, decision: str | None, expected: tuple[str, object] | str
) -> None:
    if isinstance(expected, str):
        with pytest.raises(InvalidInput) as wrong:
            validate_answer(text, decision)
        assert wrong.value.key == expected
    else:
        answer = validate_answer(text, decision)
        assert (answer.text, answer.decision) == expected


def test_only_open_assignments_past_their_deadline_are_overdue() -> None:
    deadline = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    assert not is_overdue(deadline, deadline, "open")
    assert is_overdue(deadline, datetime(2026, 12, 10, 15, 1, tzinfo=UTC), "open")
    assert not is_overdue(deadline, datetime(2026, 12, 11, tzinfo=UTC), "answered")
