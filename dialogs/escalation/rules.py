"""Escalation rules: states, the decision deadline, retry pacing, who decides. Pure: no I/O.

Life of an escalation (`escalations.state`):

    requested ──claim──▶ delivering ──posted──▶ delivered ──a director decides──▶ decided
        ▲                    │                       └──(council) the parent decides──▶ decided
        │                    └──post failed──▶ not_delivered ──claim (job, when due)──▶ …
        └── no target yet: waits until a director network is registered
    delivering, left by a crashed instance ──lease expired──▶ uncertain (never re-posted)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from dialogs.errors import InvalidInput
from dialogs.polls.rules import deadline_in

DECISION_DAYS = 14
MAX_TEXT = 4000
MAX_BACKOFF = timedelta(hours=6)


class State(StrEnum):
    """Where an escalation stands."""

    REQUESTED = "requested"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    NOT_DELIVERED = "not_delivered"
    UNCERTAIN = "uncertain"
    DECIDED = "decided"


CLAIMABLE = (State.REQUESTED.value, State.NOT_DELIVERED.value)
PENDING = (
    State.REQUESTED.value,
    State.DELIVERING.value,
    State.DELIVERED.value,
    State.NOT_DELIVERED.value,
    State.UNCERTAIN.value,
)


class Reason(StrEnum):
    """Why a network escalates."""

    NO_CONSENSUS = "no_consensus"
    INCONCLUSIVE = "inconclusive"
    SECRETARY = "secretary"
    COMPOSITION = "composition"


class Verdict(StrEnum):
    """What the director network decides."""

    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"


def decision_deadline(now: datetime, days: int = DECISION_DAYS) -> tuple[datetime, bool]:
    """The directors' deadline: `days` after `now` at the fixed time of day polls close at
    (15:00 Oslo time), moved off weekends and holidays.

    Returns the deadline (UTC) and whether it moved.
    """
    deadline, moved = deadline_in(now, days)
    return deadline.astimezone(UTC), moved


def next_attempt(now: datetime, attempts: int, interval: timedelta) -> datetime:
    """When a failed delivery is tried again: `interval`, doubling per attempt, at most 6 h."""
    factor = 2 ** max(0, min(attempts - 1, 16))
    delay: timedelta = min(interval * factor, MAX_BACKOFF)
    return now + delay


def is_overdue(state: str, deadline: datetime | None, now: datetime) -> bool:
    """A delivered escalation whose deadline has passed without a decision."""
    return state == State.DELIVERED and deadline is not None and deadline < now


def age_days(since: datetime, now: datetime) -> int:
    """Whole days since `since` (never negative)."""
    return max(0, (now - since).days)


def validate_decision(verdict: str, text: str | None) -> tuple[Verdict, str]:
    """A director's decision: a known verdict and a text of 1–4000 characters.

    Raises:
        InvalidInput: naming what is wrong.
    """
    try:
        typed = Verdict(verdict)
    except ValueError:
        raise InvalidInput("escalation.invalid.verdict") from None
    cleaned = (text or "").strip()
    if not cleaned or len(cleaned) > MAX_TEXT:
        raise InvalidInput("escalation.invalid.text")
    return typed, cleaned


def validate_description(text: str | None) -> str:
    """A composition dispute's description: 10–4000 characters.

    Raises:
        InvalidInput: when too short or too long.
    """
    cleaned = (text or "").strip()
    if not 10 <= len(cleaned) <= MAX_TEXT:
        raise InvalidInput("escalation.invalid.description")
    return cleaned
