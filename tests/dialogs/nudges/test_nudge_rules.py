"""Reminder plans: which moments a plan gives for a deadline. Table-driven, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.i18n import OSLO
from dialogs.nudges.rules import DEFAULT_PLANS, Plan, due_moments
from dialogs.workdays import in_working_hours


def oslo(m: int, d: int, hh: int = 0, mm: int = 0, y: int = 2026) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OSLO)


NOW = oslo(11, 16, 9)  # Monday


@pytest.mark.parametrize(
    ("kind", "deadline", "now", "expected", "why"),
    [
        (
            "poll_vote",
            oslo(11, 27, 12),
            NOW,
            [oslo(11, 25, 12), oslo(11, 26, 12)],
            "Friday noon: Wednesday and Thursday noon",
        ),
        (
            "poll_vote",
            oslo(11, 30, 12),
            NOW,
            [oslo(11, 26, 12), oslo(11, 27, 12)],
            "Monday noon: over the weekend to Thursday and Friday",
        ),
        (
            "poll_vote",
            oslo(11, 27, 23, 59),
            NOW,
            [oslo(11, 25, 8), oslo(11, 26, 8)],
            "a deadline at night: reminders at the window's start, not at night",
        ),
        (
            "poll_vote",
            oslo(11, 27, 6),
            NOW,
            [oslo(11, 25, 8), oslo(11, 26, 8)],
            "an early-morning deadline: window start",
        ),
        (
            "poll_vote",
            oslo(4, 7, 12),
            oslo(3, 30, 9),
            [oslo(3, 31, 12), oslo(4, 1, 12)],
            "over Easter: Maundy Thursday to Easter Monday are skipped",
        ),
        (
            "poll_vote",
            oslo(11, 27, 12),
            oslo(11, 25, 13),
            [oslo(11, 26, 12)],
            "created late: the past reminder is dropped",
        ),
        (
            "poll_vote",
            oslo(11, 27, 12),
            oslo(11, 26, 12),
            [oslo(11, 26, 12)],
            "a moment equal to now is kept",
        ),
        ("poll_vote", oslo(11, 27, 12), oslo(11, 28, 9), [], "after the deadline: nothing"),
        (
            "director_decision",
            oslo(12, 4, 10),
            NOW,
            [oslo(11, 27, 10), oslo(12, 3, 10), oslo(12, 7, 10)],
            "5 and 1 before, and the working day after",
        ),
        (
            "director_decision",
            oslo(12, 24, 10),
            oslo(12, 1, 9),
            [oslo(12, 17, 10), oslo(12, 23, 10), oslo(12, 28, 10)],
            "overdue reminder skips Christmas",
        ),
        (
            "anchoring",
            oslo(12, 4, 12),
            NOW,
            [oslo(11, 19, 9), oslo(11, 24, 9), oslo(11, 27, 9), oslo(12, 2, 9)],
            "every 3 working days from now until the deadline",
        ),
        (
            "anchoring",
            oslo(12, 4, 12),
            oslo(11, 16, 19),
            [oslo(11, 19, 8), oslo(11, 24, 8), oslo(11, 27, 8), oslo(12, 2, 8)],
            "every 3 working days, started in the evening: window start",
        ),
    ],
)
def test_default_plans(
    kind: str, deadline: datetime, now: datetime, expected: list[datetime], why: str
) -> None:
    moments = due_moments(DEFAULT_PLANS[kind], deadline, now)
    assert moments == expected, why
    assert all(m.tzinfo == UTC for m in moments)
    assert all(in_working_hours(m) for m in moments)


def test_no_two_reminders_at_one_moment() -> None:
    plan = Plan(before=(1, 1, 2), after=(0,))
    moments = due_moments(plan, oslo(11, 28, 12), NOW)  # Saturday deadline
    assert moments == sorted(set(moments))
    assert moments == [oslo(11, 26, 12), oslo(11, 27, 12), oslo(11, 30, 8)]


def test_anchoring_is_capped() -> None:
    moments = due_moments(Plan(every=1, limit=5), oslo(12, 31, 12), NOW)
    assert len(moments) == 5


@pytest.mark.parametrize("plan_args", [{"before": (-1,)}, {"after": (-2,)}, {"every": 0}])
def test_bad_plans_are_refused(plan_args: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="working day"):
        Plan(**plan_args)  # type: ignore[arg-type]


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_moments(DEFAULT_PLANS["poll_vote"], datetime(2026, 11, 27, 12), NOW)  # noqa: DTZ001


def test_plans_from_settings_replace_defaults_and_refuse_nonsense() -> None:
    from dialogs.nudges.rules import DEFAULT_PLANS, Plan, plans_with

    plans = plans_with({"poll_vote": {"before": [3, 1]}, "anchoring": {"every": 2}})
    assert plans["poll_vote"] == Plan(before=(3, 1))
    assert plans["anchoring"] == Plan(every=2)
    assert plans["director_decision"] == DEFAULT_PLANS["director_decision"]
    with pytest.raises(ValueError, match="unknown reminder kind"):
        plans_with({"coffee": {"before": [1]}})
    with pytest.raises(ValueError, match="unknown plan fields"):
        plans_with({"poll_vote": {"befor": [1]}})
    with pytest.raises(ValueError, match="whole working days"):
        plans_with({"poll_vote": {"before": [-1]}})
