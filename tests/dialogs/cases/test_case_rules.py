"""Case numbers are per network and per calendar year in Oslo."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.cases.rules import numbering_year


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime(2026, 12, 31, 22, 59, tzinfo=UTC), 2026),
        # 00:30 on 1 January in Oslo is still 31 December in UTC.
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), 2027),
        (datetime(2027, 6, 30, 22, 30, tzinfo=UTC), 2027),
    ],
)
def test_a_case_is_numbered_in_the_oslo_year(moment: datetime, year: int) -> None:
    assert numbering_year(moment) == year
