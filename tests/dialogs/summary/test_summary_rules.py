"""The digest moment, attention order and CSV, table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogs.i18n import OSLO
from dialogs.summary.rules import (
    NetworkRow,
    by_attention,
    deep_link,
    digest_due,
    digest_moment,
    digest_week,
    page_of,
    to_csv,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)),  # an ordinary week
        (date(2027, 3, 31), datetime(2027, 3, 30, 8, 0, tzinfo=OSLO)),  # Easter Monday 29 Mar
        (date(2027, 4, 5), datetime(2027, 4, 5, 8, 0, tzinfo=OSLO)),  # the Monday after Easter
        (date(2026, 5, 27), datetime(2026, 5, 26, 8, 0, tzinfo=OSLO)),  # Whit Monday 25 May
        (date(2027, 5, 19), datetime(2027, 5, 18, 8, 0, tzinfo=OSLO)),  # Whit Monday is 17 May
        (date(2029, 1, 3), datetime(2029, 1, 2, 8, 0, tzinfo=OSLO)),  # 1 January on a Monday
        (date(2028, 12, 27), datetime(2028, 12, 27, 8, 0, tzinfo=OSLO)),  # Christmas Mon+Tue
    ],
)
def test_the_digest_goes_out_monday_0800_or_the_next_working_day(
    day: date, expected: datetime
) -> None:
    assert digest_moment(day) == expected.astimezone(UTC)


def test_due_from_the_moment_on_within_the_week() -> None:
    moment = datetime(2027, 3, 30, 8, 0, tzinfo=OSLO)
    assert not digest_due(datetime(2027, 3, 29, 9, 0, tzinfo=OSLO))
    assert digest_due(moment)
    assert digest_week(moment) == "2027-W13"


def _row(name: str, **figures: int) -> NetworkRow:
    return NetworkRow(1, name, "council", "t", "19:c@thread.tacv2", "tenant", **figures)  # type: ignore[arg-type]


def test_overdue_and_escalations_come_first() -> None:
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    rows = [
        _row("A", open_cases=9),
        _row("B", pending_escalations=1),
        _row("C", overdue_followups=1),
        _row("D", overdue_assignments=1),
    ]
    assert [r.name for r in by_attention(rows, now)] == ["D", "B", "C", "A"]


def test_pages_csv_and_deep_link() -> None:
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    rows = [_row(f"N{i}") for i in range(10)]
    first, more = page_of(rows, 0, 8)
    assert len(first) == 8
    assert more
    assert page_of(rows, 1, 8) == (rows[8:], False)
    text = to_csv(rows[:1], now)
    assert text.splitlines()[1].startswith("N0,council,0,0,,0,,0,0,0,,0,0,—")
    assert deep_link(rows[0]) == (
        "https://teams.microsoft.com/l/channel/19%3Ac%40thread.tacv2/N0?tenantId=tenant"
    )
