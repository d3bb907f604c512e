"""When is a poll a consensus? The outcome and quorum rules, as pure functions.

Rules (DESIGN.md, "Consensus polls"):
- any `block` → `no_consensus` (the case is escalated);
- otherwise, the quorum rule must hold and at least one voter must have agreed or stood aside
  (a poll where everyone abstained decided nothing) → `consensus`;
- otherwise → `inconclusive` (the secretary extends or escalates).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from dialogs.i18n import OSLO
from dialogs.workdays import on_working_day


class StanceKind(StrEnum):
    """The four stances of a consensus poll."""

    AGREE = "agree"
    STAND_ASIDE = "stand_aside"
    ABSTAIN = "abstain"
    BLOCK = "block"


class Outcome(StrEnum):
    """How a closed poll ended."""

    CONSENSUS = "consensus"
    NO_CONSENSUS = "no_consensus"
    INCONCLUSIVE = "inconclusive"


class QuorumRule(StrEnum):
    """Per-network quorum settings."""

    EVERY_HF = "every_hf"
    """Every HF with a voting member in the network has at least one vote (the default)."""
    HALF_OF_VOTERS = "half_of_voters"
    """At least half of the eligible voters have voted."""
    NONE = "none"
    """No quorum: the votes cast decide."""


REASON_REQUIRED = frozenset({StanceKind.BLOCK})
DEFAULT_DAYS = 7
DEFAULT_TIME = time(15, 0)


@dataclass(frozen=True)
class Voter:
    """An eligible voter and the HF they speak for (None when not set)."""

    aad_id: str
    hf: str | None


def quorum_met(rule: QuorumRule, voters: Sequence[Voter], voted: set[str]) -> bool:
    """Whether the votes cast (`voted`: aad ids) satisfy the quorum rule."""
    if rule is QuorumRule.NONE:
        return True
    if rule is QuorumRule.HALF_OF_VOTERS:
        return bool(voters) and 2 * len(voted & {v.aad_id for v in voters}) >= len(voters)
    required = {v.hf for v in voters if v.hf}
    covered = {v.hf for v in voters if v.hf and v.aad_id in voted}
    return required <= covered and bool(voted)


def outcome(
    stances: Mapping[str, StanceKind], voters: Sequence[Voter], rule: QuorumRule
) -> Outcome:
    """The outcome of a poll from each voter's last stance. Stances of non-voters are ignored."""
    eligible = {v.aad_id for v in voters}
    counted = {voter: stance for voter, stance in stances.items() if voter in eligible}
    if StanceKind.BLOCK in counted.values():
        return Outcome.NO_CONSENSUS
    supporting = {StanceKind.AGREE, StanceKind.STAND_ASIDE} & set(counted.values())
    if supporting and quorum_met(rule, voters, set(counted)):
        return Outcome.CONSENSUS
    return Outcome.INCONCLUSIVE


def everyone_voted(voters: Sequence[Voter], voted: set[str]) -> bool:
    """Whether every eligible voter has a stance (the poll then closes early)."""
    return bool(voters) and {v.aad_id for v in voters} <= voted


def tally(stances: Mapping[str, StanceKind]) -> dict[StanceKind, int]:
    """Counts per stance, every stance present."""
    counts = dict.fromkeys(StanceKind, 0)
    for stance in stances.values():
        counts[stance] += 1
    return counts


def hf_coverage(voters: Sequence[Voter], voted: set[str]) -> dict[str, bool]:
    """For each HF with voters: whether someone from it has answered."""
    coverage: dict[str, bool] = {}
    for voter in voters:
        if voter.hf:
            coverage[voter.hf] = coverage.get(voter.hf, False) or voter.aad_id in voted
    return coverage


def deadline_in(now: datetime, days: int) -> tuple[datetime, bool]:
    """A deadline `days` from now at 15:00 Oslo time, moved to the next working day when that
    day is a weekend or public holiday. Returns the deadline (aware, in Oslo time) and whether
    it moved."""
    day = (now.astimezone(OSLO) + timedelta(days=days)).date()
    return on_working_day(datetime.combine(day, DEFAULT_TIME, OSLO))


def default_deadline(now: datetime) -> datetime:
    """Seven days from now at 15:00 Oslo time, moved to the next working day when that day is a
    weekend or public holiday (the form never proposes a deadline the poll would not keep)."""
    return deadline_in(now, DEFAULT_DAYS)[0]


def effective_deadline(requested: datetime, now: datetime) -> tuple[datetime, bool]:
    """The deadline a poll gets: on a weekend or holiday it moves to the next working day.

    Returns the deadline and whether it moved.

    Raises:
        ValueError: the deadline is not in the future.
    """
    if requested <= now:
        raise ValueError("deadline in the past")
    return on_working_day(requested)
