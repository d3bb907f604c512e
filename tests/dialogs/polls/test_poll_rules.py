"""The outcome and quorum rules, table by table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.polls.rules import (
    Outcome,
    QuorumRule,
    StanceKind,
    Voter,
    default_deadline,
    effective_deadline,
    everyone_voted,
    hf_coverage,
    outcome,
    quorum_met,
    tally,
)

A, S, X, B = StanceKind.AGREE, StanceKind.STAND_ASIDE, StanceKind.ABSTAIN, StanceKind.BLOCK
# Two voters from St. Olav, one each from Møre og Romsdal and Nord-Trøndelag, one without an HF.
VOTERS = [
    Voter("kari", "st_olav"),
    Voter("dag", "st_olav"),
    Voter("ola", "hmr"),
    Voter("ingrid", "hnt"),
    Voter("nils", None),
]


@pytest.mark.parametrize(
    ("stances", "rule", "expected"),
    [
        # every stance mix with full HF coverage
        ({"kari": A, "ola": A, "ingrid": A}, QuorumRule.EVERY_HF, Outcome.CONSENSUS),
        ({"kari": S, "ola": S, "ingrid": S}, QuorumRule.EVERY_HF, Outcome.CONSENSUS),
        ({"kari": A, "ola": S, "ingrid": X}, QuorumRule.EVERY_HF, Outcome.CONSENSUS),
        ({"kari": X, "ola": X, "ingrid": X}, QuorumRule.EVERY_HF, Outcome.INCONCLUSIVE),
        ({"kari": A, "ola": A, "ingrid": B}, QuorumRule.EVERY_HF, Outcome.NO_CONSENSUS),
        ({"kari": B, "ola": B, "ingrid": B}, QuorumRule.EVERY_HF, Outcome.NO_CONSENSUS),
        ({"kari": X, "ola": S, "ingrid": B}, QuorumRule.EVERY_HF, Outcome.NO_CONSENSUS),
        # HF coverage: one HF silent → inconclusive, unless a block decides anyway
        ({"kari": A, "dag": A, "ola": A}, QuorumRule.EVERY_HF, Outcome.INCONCLUSIVE),
        ({"kari": A, "ola": B}, QuorumRule.EVERY_HF, Outcome.NO_CONSENSUS),
        # one voter per HF is enough; the HF-less voter is not required
        ({"dag": A, "ola": A, "ingrid": S}, QuorumRule.EVERY_HF, Outcome.CONSENSUS),
        ({"nils": A}, QuorumRule.EVERY_HF, Outcome.INCONCLUSIVE),
        # empty poll
        ({}, QuorumRule.EVERY_HF, Outcome.INCONCLUSIVE),
        ({}, QuorumRule.HALF_OF_VOTERS, Outcome.INCONCLUSIVE),
        ({}, QuorumRule.NONE, Outcome.INCONCLUSIVE),
        # half of the voters
        ({"kari": A, "dag": A, "nils": A}, QuorumRule.HALF_OF_VOTERS, Outcome.CONSENSUS),
        ({"kari": A, "dag": A}, QuorumRule.HALF_OF_VOTERS, Outcome.INCONCLUSIVE),
        ({"kari": A, "dag": B}, QuorumRule.HALF_OF_VOTERS, Outcome.NO_CONSENSUS),
        # no quorum: one supporting vote decides
        ({"nils": A}, QuorumRule.NONE, Outcome.CONSENSUS),
        ({"nils": X}, QuorumRule.NONE, Outcome.INCONCLUSIVE),
        # stances of people who were not eligible are ignored
        ({"kari": A, "ola": A, "ingrid": A, "outsider": B}, QuorumRule.EVERY_HF, Outcome.CONSENSUS),
        ({"outsider": A}, QuorumRule.NONE, Outcome.INCONCLUSIVE),
    ],
)
def test_outcome(stances: dict[str, StanceKind], rule: QuorumRule, expected: Outcome) -> None:
    assert outcome(stances, VOTERS, rule) is expected


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # changed stances: the last one counts
        ([("ola", B), ("ola", A), ("kari", A), ("ingrid", A)], Outcome.CONSENSUS),
        ([("ola", A), ("ola", B), ("kari", A), ("ingrid", A)], Outcome.NO_CONSENSUS),
        ([("kari", A), ("ola", A), ("ingrid", A), ("ingrid", X)], Outcome.CONSENSUS),
        ([("kari", A), ("kari", X), ("ola", X), ("ingrid", X)], Outcome.INCONCLUSIVE),
    ],
)
def test_changed_stances_count_as_the_last_one(
    history: list[tuple[str, StanceKind]], expected: Outcome
) -> None:
    last: dict[str, StanceKind] = {}
    for voter, stance in history:
        last[voter] = stance
    assert outcome(last, VOTERS, QuorumRule.EVERY_HF) is expected


@pytest.mark.parametrize(
    ("rule", "voted", "met"),
    [
        (QuorumRule.EVERY_HF, {"kari", "ola", "ingrid"}, True),
        (QuorumRule.EVERY_HF, {"kari", "dag", "ola"}, False),
        (QuorumRule.EVERY_HF, set(), False),
        (QuorumRule.HALF_OF_VOTERS, {"kari", "dag"}, False),
        (QuorumRule.HALF_OF_VOTERS, {"kari", "dag", "nils"}, True),
        (QuorumRule.NONE, set(), True),
    ],
)
def test_quorum(rule: QuorumRule, voted: set[str], met: bool) -> None:
    assert quorum_met(rule, VOTERS, voted) is met


def test_tally_coverage_and_everyone_voted() -> None:
    stances = {"kari": A, "ola": B, "dag": A}
    assert tally(stances) == {A: 2, S: 0, X: 0, B: 1}
    assert hf_coverage(VOTERS, set(stances)) == {"st_olav": True, "hmr": True, "hnt": False}
    assert not everyone_voted(VOTERS, set(stances))
    assert everyone_voted(VOTERS, {v.aad_id for v in VOTERS})
    assert not everyone_voted([], set())


@pytest.mark.parametrize(
    ("requested", "expected", "moved"),
    [
        # Tuesday stays
        (
            datetime(2026, 11, 24, 14, 0, tzinfo=UTC),
            datetime(2026, 11, 24, 14, 0, tzinfo=UTC),
            False,
        ),
        # Saturday 15:00 Oslo → Monday 15:00 Oslo
        (
            datetime(2026, 11, 28, 14, 0, tzinfo=UTC),
            datetime(2026, 11, 30, 14, 0, tzinfo=UTC),
            True,
        ),
        # 17 May 2027 is a Monday and a holiday → Tuesday
        (datetime(2027, 5, 17, 10, 0, tzinfo=UTC), datetime(2027, 5, 18, 10, 0, tzinfo=UTC), True),
        # Maundy Thursday 2027 (25 March) → Tuesday after Easter Monday, same Oslo time
        (datetime(2027, 3, 25, 11, 0, tzinfo=UTC), datetime(2027, 3, 30, 10, 0, tzinfo=UTC), True),
    ],
)
def test_deadline_moves_off_weekends_and_holidays(
    requested: datetime, expected: datetime, moved: bool
) -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert effective_deadline(requested, now) == (expected, moved)


def test_deadline_in_the_past_is_refused() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="past"):
        effective_deadline(now, now)


def test_default_deadline_is_a_week_at_three_in_oslo() -> None:
    assert default_deadline(datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == datetime(
        2026, 12, 1, 14, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("now", "proposed"),
    [
        # 17 May (Constitution Day) → Tuesday 18 May.
        (datetime(2027, 5, 10, 9, 0, tzinfo=UTC), datetime(2027, 5, 18, 13, 0, tzinfo=UTC)),
        # A week after 18 December is Christmas Day; 26th is a holiday, 27th a Sunday.
        (datetime(2026, 12, 18, 9, 0, tzinfo=UTC), datetime(2026, 12, 28, 14, 0, tzinfo=UTC)),
        # A week after the Wednesday before Easter 2027 is an ordinary Wednesday (summer time).
        (datetime(2027, 3, 24, 9, 0, tzinfo=UTC), datetime(2027, 3, 31, 13, 0, tzinfo=UTC)),
        # A week after 18 March is Maundy Thursday; then Good Friday, the weekend, Easter Monday.
        (datetime(2027, 3, 18, 9, 0, tzinfo=UTC), datetime(2027, 3, 30, 13, 0, tzinfo=UTC)),
        # Ascension Day 2027 is 6 May.
        (datetime(2027, 4, 29, 9, 0, tzinfo=UTC), datetime(2027, 5, 7, 13, 0, tzinfo=UTC)),
    ],
)
def test_the_proposed_deadline_is_a_working_day(now: datetime, proposed: datetime) -> None:
    assert default_deadline(now) == proposed
