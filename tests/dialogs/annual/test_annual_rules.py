"""The annual cycle's rules, table by table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogs.annual import rules
from dialogs.annual.rules import (
    BULLET_CHARS,
    SECTION_LIMITS,
    Answers,
    Attainment,
    Cut,
    Goal,
    MandateTask,
    Section,
    Source,
    YearFacts,
)
from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO


@pytest.mark.parametrize(
    ("year", "configured", "expected"),
    [
        (2026, None, date(2026, 1, 2)),  # 1 January is a holiday; Friday the 2nd
        (2028, None, date(2028, 1, 3)),  # 1 January 2028 is a Saturday
        (2026, "02-01", date(2026, 2, 2)),  # a Sunday moves to Monday
        (2026, "03-10", date(2026, 3, 10)),
    ],
)
def test_priorities_day(year: int, configured: str | None, expected: date) -> None:
    assert rules.priorities_day(year, configured) == expected


REGISTERED = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "registered", "expected"),
    [
        (datetime(2026, 1, 1, 12, 0, tzinfo=OSLO), REGISTERED, None),
        (datetime(2026, 1, 2, 7, 0, tzinfo=OSLO), REGISTERED, 2026),
        (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), REGISTERED, None),  # 1 Jan in Oslo
        (datetime(2026, 6, 1, 9, 0, tzinfo=OSLO), REGISTERED, 2026),
        (datetime(2025, 12, 1, 9, 0, tzinfo=OSLO), REGISTERED, None),  # registered after 2 Jan
    ],
)
def test_due_year(now: datetime, registered: datetime, expected: int | None) -> None:
    assert rules.due_year(now, None, registered) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ()),
        (
            {"goal_0": "Mål", "measures_0": "Tiltak", "owner_0": "Kari", "task_0": "research"},
            (Goal("Mål", "Tiltak", "Kari", MandateTask.RESEARCH),),
        ),
        (
            {"goal_2": " Mål ", "task_2": "procurement"},
            (Goal("Mål", "", "", MandateTask.PROCUREMENT),),
        ),
    ],
)
def test_parse_goals(fields: dict[str, object], expected: tuple[Goal, ...]) -> None:
    assert rules.parse_goals(fields) == expected


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"goal_0": "Mål"}, "annual.invalid.task"),
        ({"goal_0": "Mål", "task_0": "cooking"}, "annual.invalid.task"),
        ({"measures_0": "Tiltak"}, "annual.invalid.goal_missing"),
        ({"goal_0": "x" * 301, "task_0": "research"}, "annual.invalid.too_long"),
    ],
)
def test_parse_goals_refuses(fields: dict[str, object], key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        rules.parse_goals(fields)
    assert refused.value.key == key


def test_parse_sources() -> None:
    assert rules.parse_sources("health_atlas,prom_prem,health_atlas") == (
        Source.HEALTH_ATLAS,
        Source.PROM_PREM,
    )
    assert rules.parse_sources(None) == ()
    with pytest.raises(InvalidInput):
        rules.parse_sources("gut_feeling")


@pytest.mark.parametrize(
    ("fields", "goals", "key"),
    [
        ({}, 0, "annual.invalid.empty"),
        ({"attainment_0": "maybe"}, 1, "annual.invalid.attainment"),
        ({"activity": "x" * 1001}, 0, "annual.invalid.too_long"),
    ],
)
def test_parse_answers_refuses(fields: dict[str, object], goals: int, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        rules.parse_answers(fields, goals)
    assert refused.value.key == key


def test_answers_round_trip() -> None:
    answers = rules.parse_answers(
        {"activity": "Møter.", "attainment_0": "partly", "attainment_note_0": "På vei"}, 2
    )
    assert answers.attainment == ((Attainment.PARTLY, "På vei"), (None, ""))
    assert Answers.from_json(answers.to_json()) == answers


NOW = datetime(2026, 11, 16, 9, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("2026", rules.StartRequest(2026)),
        (
            "2026 2026-12-01 2027-01-15",
            rules.StartRequest(
                2026,
                datetime(2026, 12, 1, 16, 0, tzinfo=OSLO),
                datetime(2027, 1, 15, 16, 0, tzinfo=OSLO),
            ),
        ),
    ],
)
def test_parse_start(args: str, expected: rules.StartRequest) -> None:
    assert rules.parse_start(args, NOW) == expected


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("", "annual.invalid.start"),
        ("neste år", "annual.invalid.start"),
        ("2099", "annual.invalid.start"),
        ("2026 2026-13-01", "annual.invalid.start"),
        ("2026 2026-11-01", "annual.invalid.deadline_past"),
        ("2026 2027-01-15 2026-12-01", "annual.invalid.deadline_order"),
    ],
)
def test_parse_start_refuses(args: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        rules.parse_start(args, NOW)
    assert refused.value.key == key


def test_default_deadlines_leave_room_for_the_leaders_reminders() -> None:
    inputs, report = rules.default_deadlines(NOW)
    assert inputs == datetime(2026, 11, 30, 16, 0, tzinfo=OSLO)
    assert report == datetime(2026, 12, 21, 16, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("kind", "parent", "councils"),
    [
        ("professional_leader", False, True),
        ("quality_competence", False, True),
        ("council", True, False),
        ("working_group", True, False),
    ],
)
def test_who_reports_where(kind: str, parent: bool, councils: bool) -> None:
    assert rules.reports_to_parent(kind) is parent
    assert (Section.COUNCILS in rules.sections_of_kind(kind)) is councils


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kort", "kort"),
        ("  to   ord \n", "to ord"),
        ("ord " * 40, ("ord " * 27).strip() + "…"),
    ],
)
def test_shorten(text: str, expected: str) -> None:
    assert rules.shorten(text) == expected
    assert len(rules.shorten(text)) <= BULLET_CHARS


def test_fit_drops_and_shortens_and_says_so() -> None:
    limit = SECTION_LIMITS[Section.RESEARCH]
    fitted = rules.fit({Section.RESEARCH: ["x " * 100, *(f"b{n}" for n in range(limit + 3))]})
    assert len(fitted.sections[Section.RESEARCH]) == limit
    assert fitted.cuts[Section.RESEARCH] == Cut(dropped=4, shortened=1)
    assert rules.fit({Section.OTHER: ["a", " ", "b"]}).cuts == {}


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ((), None),
        (("achieved", "achieved", "partly"), Attainment.ACHIEVED),
        (("achieved", "not_achieved"), Attainment.NOT_ACHIEVED),  # a tie goes the cautious way
        (("partly", "achieved"), Attainment.PARTLY),
    ],
)
def test_attainment_of(levels: tuple[str, ...], expected: Attainment | None) -> None:
    inputs = [Answers({}, ((Attainment(level), ""),)) for level in levels]
    assert rules.attainment_of(0, inputs)[0] == expected


def test_compose_puts_facts_first_and_fits_the_page() -> None:
    facts = YearFacts(
        meetings=12,
        followups_closed=9,
        decisions=tuple(f"{n}/2026 Sak {n}" for n in range(1, 41)),
        approved=("3/2026 Prosedyre",),
        escalations=(("5/2026 Innkjøp", "godkjent"),),
    )
    goal = Goal("Felles prosedyre", "", "", MandateTask.STANDARDISATION)
    inputs = [
        Answers(
            {"activity": f"Innspill {n}. Mer tekst.", "other": "x" * 1000},
            ((Attainment.ACHIEVED, "Ferdig"),),
        )
        for n in range(15)
    ]
    fitted = rules.compose(facts, [goal], inputs, tuple(Section), "nb")
    activity = fitted.sections[Section.ACTIVITY]
    assert activity[0].startswith("12 møter holdt")
    assert activity[1].startswith("40 vedtak: 1/2026 Sak 1")
    assert activity[2] == "Innspill 0."
    assert fitted.sections[Section.GOALS] == ("Felles prosedyre: Nådd — Ferdig",)
    assert fitted.cuts[Section.ACTIVITY].dropped == 11
    assert all(len(b) <= BULLET_CHARS for s in fitted.sections.values() for b in s)
