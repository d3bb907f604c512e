"""Escalation rules, table-driven: deadline, retry pacing, overdue, validation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dialogs.errors import InvalidInput
from dialogs.escalation import rules
from dialogs.escalation.rules import Verdict
from dialogs.i18n import OSLO
from dialogs.polls.rules import DEFAULT_TIME


@pytest.mark.parametrize(
    ("now", "deadline", "moved"),
    [
        # Monday 23 Nov 2026, 07:41 Oslo + 14 days = Monday 7 Dec: 15:00 Oslo, as polls close.
        (datetime(2026, 11, 23, 6, 41, tzinfo=UTC), datetime(2026, 12, 7, 14, tzinfo=UTC), False),
        # Late in the evening Oslo time counts as that Oslo day, not the UTC one.
        (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), datetime(2026, 12, 7, 14, tzinfo=UTC), False),
        # Saturday 21 Nov + 14 days = Saturday 5 Dec → Monday 7 Dec.
        (datetime(2026, 11, 21, 9, tzinfo=UTC), datetime(2026, 12, 7, 14, tzinfo=UTC), True),
        # 12 Dec + 14 days = 26 Dec (2nd Christmas Day, Saturday) → Monday 28 Dec.
        (datetime(2026, 12, 12, 11, tzinfo=UTC), datetime(2026, 12, 28, 14, tzinfo=UTC), True),
        # Summer time: 15:00 Oslo is 13:00 UTC.
        (datetime(2027, 5, 3, 5, 41, tzinfo=UTC), datetime(2027, 5, 18, 13, tzinfo=UTC), True),
    ],
)
def test_decision_deadline_is_two_weeks_on_a_working_day_at_a_fixed_time(
    now: datetime, deadline: datetime, moved: bool
) -> None:
    assert rules.decision_deadline(now) == (deadline, moved)
    assert rules.decision_deadline(now)[0].tzinfo is UTC


def test_the_decision_deadline_keeps_the_time_polls_close_at() -> None:
    now = datetime(2026, 11, 23, 6, 41, tzinfo=UTC)
    local = rules.decision_deadline(now)[0].astimezone(OSLO)
    assert (local.hour, local.minute) == (DEFAULT_TIME.hour, DEFAULT_TIME.minute)


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [
        (1, timedelta(minutes=2)),
        (2, timedelta(minutes=4)),
        (3, timedelta(minutes=8)),
        (12, timedelta(hours=6)),
        (400, timedelta(hours=6)),
    ],
)
def test_failed_deliveries_back_off_up_to_six_hours(attempts: int, delay: timedelta) -> None:
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert rules.next_attempt(now, attempts, timedelta(minutes=2)) == now + delay


NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("state", "deadline", "overdue"),
    [
        ("delivered", NOW - timedelta(minutes=1), True),
        ("delivered", NOW + timedelta(minutes=1), False),
        ("delivered", None, False),
        ("decided", NOW - timedelta(days=3), False),
        ("not_delivered", NOW - timedelta(days=3), False),
    ],
)
def test_only_an_undecided_delivered_escalation_is_overdue(
    state: str, deadline: datetime | None, overdue: bool
) -> None:
    assert rules.is_overdue(state, deadline, NOW) is overdue


@pytest.mark.parametrize(
    ("verdict", "text", "expected"),
    [
        ("approved", " Ja. ", (Verdict.APPROVED, "Ja.")),
        ("returned", "Se på kostnadene.", (Verdict.RETURNED, "Se på kostnadene.")),
        ("veto", "Nei", "escalation.invalid.verdict"),
        ("rejected", "   ", "escalation.invalid.text"),
        ("rejected", None, "escalation.invalid.text"),
        ("rejected", "x" * 4001, "escalation.invalid.text"),
    ],
)
def test_a_decision_needs_a_known_verdict_and_a_text(
    verdict: str, text: str | None, expected: object
) -> None:
    if isinstance(expected, str):
        with pytest.raises(InvalidInput) as refused:
            rules.validate_decision(verdict, text)
        assert refused.value.key == expected
    else:
        assert rules.validate_decision(verdict, text) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [("for kort", False), ("HMR bør ha to plasser.", True), (None, False), ("x" * 4001, False)],
)
def test_a_composition_dispute_needs_a_description(text: str | None, ok: bool) -> None:
    if ok:
        assert rules.validate_description(text) == text
    else:
        with pytest.raises(InvalidInput):
            rules.validate_description(text)


def test_age_is_whole_days_and_never_negative() -> None:
    assert rules.age_days(NOW - timedelta(days=2, hours=23), NOW) == 2
    assert rules.age_days(NOW + timedelta(hours=1), NOW) == 0
