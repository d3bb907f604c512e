"""The information sheet's rules, table-tested."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.errors import InvalidInput
from dialogs.quality import rules
from dialogs.quality.rules import Region, Terms, Warning


@pytest.mark.parametrize(
    ("text", "outside"),
    [("9,9", True), ("10", False), ("20", False), ("20.1", True), ("25", True), ("12,5", False)],
)
def test_percent_bounds(text: str, outside: bool) -> None:
    assert rules.percent_outside_bounds(rules.parse_percent(text)) is outside


@pytest.mark.parametrize("text", ["", "abc", "0", "101", "12,345"])
def test_bad_percent_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        rules.parse_percent(text)


@pytest.mark.parametrize(
    ("start", "end", "opens"),
    [
        (date(2026, 3, 1), date(2031, 2, 28), date(2030, 9, 1)),
        (date(2027, 3, 1), date(2032, 2, 29), date(2031, 9, 1)),
        (date(2028, 2, 29), date(2033, 2, 28), date(2032, 9, 1)),
        (date(2026, 1, 1), date(2030, 12, 31), date(2030, 7, 1)),
        (date(2026, 8, 31), date(2031, 8, 30), date(2031, 2, 28)),
    ],
)
def test_five_year_term_and_evaluation(start: date, end: date, opens: date) -> None:
    assert rules.term_end(start) == end
    assert rules.evaluation_opens_on(start) == opens


def _terms(i: int, person: str, start: date, end: date, **kw: object) -> Terms:
    values: dict[str, object] = {
        "region": Region.NORD,
        "percent": 15_00,
        "yearly_cost": 100,
        "anchored_by": "Leder",
    }
    values.update(kw)
    return Terms(i, person, start_on=start, end_on=end, **values)  # type: ignore[arg-type]


LAST = date(2031, 2, 28)


@pytest.mark.parametrize(
    ("terms", "others", "expected"),
    [
        (_terms(1, "A", date(2026, 1, 1), LAST), [], []),
        (_terms(1, "A", date(2026, 1, 1), date(2031, 3, 1)), [], [Warning.PAST_TERM]),
        (_terms(1, "A", date(2026, 1, 1), LAST, percent=25_00), [], [Warning.PERCENT]),
        (_terms(1, "A", date(2026, 1, 1), LAST, anchored_by=""), [], [Warning.NOT_ANCHORED]),
        (
            _terms(1, "A", date(2026, 1, 1), date(2026, 6, 30)),
            [_terms(2, "a ", date(2026, 6, 30), date(2026, 12, 31))],
            [Warning.OVERLAP],
        ),
        (
            _terms(1, "A", date(2026, 1, 1), date(2026, 6, 30)),
            [_terms(2, "A", date(2026, 7, 1), date(2026, 12, 31))],
            [],
        ),
        (
            _terms(1, "A", date(2026, 1, 1), date(2026, 6, 30)),
            [_terms(2, "A", date(2026, 1, 1), date(2026, 6, 30), active=False)],
            [],
        ),
    ],
)
def test_agreement_warnings(terms: Terms, others: list[Terms], expected: list[Warning]) -> None:
    assert rules.warnings_for(terms, [terms, *others], last_day=LAST) == expected


@pytest.mark.parametrize(
    ("regions", "coordinating", "set_by_rhf", "frame"),
    [
        ([], Region.MIDT, None, 100_000_000),
        ([Region.NORD, Region.VEST], Region.MIDT, None, 100_000_000),
        ([Region.NORD, Region.VEST, Region.SOR_OST], Region.MIDT, None, 200_000_000),
        ([Region.MIDT, Region.VEST, Region.SOR_OST], Region.NORD, None, 200_000_000),
        ([Region.NORD, Region.VEST, Region.SOR_OST], Region.MIDT, 150_000_000, 150_000_000),
    ],
)
def test_frame(
    regions: list[Region], coordinating: Region, set_by_rhf: int | None, frame: int
) -> None:
    assert rules.frame_for(regions, coordinating, set_by_rhf=set_by_rhf) == frame


@pytest.mark.parametrize("year", [2026, 2028])
def test_a_full_year_costs_exactly_the_yearly_cost(year: int) -> None:
    months = rules.monthly_costs(123_456_789, date(2020, 1, 1), date(2035, 1, 1), year)
    assert sum(months) == 123_456_789
    assert all(isinstance(m, int) for m in months)


@pytest.mark.parametrize(
    ("used", "level"),
    [(89_999_999, "ok"), (90_000_000, "near"), (100_000_000, "near"), (100_000_001, "over")],
)
def test_budget_level(used: int, level: str) -> None:
    assert rules.budget_level(used, 100_000_000) == level


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Norwegian National Network for Pain Medicine", None),
        ("National Network for Pain Medicine", "Norwegian National Network for Pain Medicine"),
        ("Pain Medicine Network", "Norwegian National Network for Pain Medicine"),
        ("the norwegian network for Rare Diseases", "Norwegian National Network for Rare Diseases"),
        ("", None),
    ],
)
def test_english_name(name: str, suggestion: str | None) -> None:
    assert rules.english_name_suggestion(name) == suggestion


@pytest.mark.parametrize(
    ("state", "due", "shown"),
    [
        ("planned", date(2026, 3, 1), "overdue"),
        ("planned", date(2026, 3, 2), "planned"),
        ("done", date(2026, 1, 1), "done"),
        ("in_progress", date(2026, 2, 1), "overdue"),
    ],
)
def test_milestone_shown_state(state: str, due: date, shown: str) -> None:
    assert rules.shown_state(state, due, date(2026, 3, 2)).value == shown


def test_done_is_final() -> None:
    with pytest.raises(InvalidInput):
        rules.check_transition("done", "in_progress")
    assert rules.check_transition("planned", "done") is rules.MilestoneState.DONE


@pytest.mark.parametrize(
    ("state", "due", "done", "shown"),
    [
        ("planned", date(2027, 1, 15), None, "planned"),
        ("in_progress", date(2027, 1, 15), None, "in_progress"),
        ("planned", date(2026, 11, 30), None, "overdue"),
        ("in_progress", date(2026, 11, 30), None, "overdue"),
        ("done", date(2026, 11, 30), date(2026, 11, 28), "done"),
        ("done", date(2026, 11, 30), date(2026, 12, 31), "done"),
        ("done", date(2026, 6, 1), date(2027, 1, 5), "overdue"),
        ("done", date(2027, 2, 1), date(2027, 1, 5), "planned"),
        ("done", date(2026, 6, 1), None, "done"),
        ("cancelled", date(2026, 6, 1), None, "cancelled"),
        ("planned", date(2026, 12, 31), None, "planned"),
    ],
)
def test_milestone_state_at_the_end_of_a_day(
    state: str, due: date, done: date | None, shown: str
) -> None:
    assert rules.state_on(state, due, done, date(2026, 12, 31)).value == shown


def test_overdue_milestones_come_first_in_their_order() -> None:
    s = rules.MilestoneState
    states = [s.PLANNED, s.OVERDUE, s.DONE, s.OVERDUE, s.IN_PROGRESS]
    assert rules.overdue_first(states) == [1, 3, 0, 2, 4]


@pytest.mark.parametrize(
    ("year", "day"),
    [(2025, date(2025, 12, 31)), (2024, date(2024, 12, 31)), (2026, date(2026, 11, 23))],
)
def test_a_year_is_reported_to_its_end_or_today(year: int, day: date) -> None:
    assert rules.reporting_day(year, date(2026, 11, 23)) == day


@pytest.mark.parametrize("year", [2027, 1999])
def test_a_year_not_begun_is_refused_for_erapport(year: int) -> None:
    with pytest.raises(InvalidInput):
        rules.reporting_day(year, date(2026, 11, 23))
