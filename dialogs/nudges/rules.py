"""Reminder plans as data, and the moments a plan gives for one deadline. Pure: no I/O.

A plan says when, counted in Norwegian working days, the people who must act are reminded:
`before` the deadline, `after` it (overdue), or `every` n working days while the item is
pending. Each moment keeps the deadline's (or, for `every`, the current) Oslo time of day when
that falls in the working window, else the window's start, and is then moved into the working
window with `next_working_moment`. Moments in the past are dropped, and no two are equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from dialogs.i18n import OSLO
from dialogs.workdays import (
    WINDOW_END,
    WINDOW_START,
    add_working_days,
    next_working_moment,
)


@dataclass(frozen=True)
class Plan:
    """When to remind, in working days relative to the deadline (or to now, for `every`)."""

    before: tuple[int, ...] = ()
    after: tuple[int, ...] = ()
    every: int | None = None
    limit: int = 20

    def __post_init__(self) -> None:
        if any(n < 0 for n in (*self.before, *self.after)):
            raise ValueError("plan offsets are counted in whole working days, >= 0")
        if self.every is not None and self.every < 1:
            raise ValueError("`every` must be at least one working day")


Plans = Mapping[str, Plan]

DEFAULT_PLANS: Plans = {
    # DESIGN.md / issue 4: poll — 2 and 1 working days before, to those who have not voted.
    "poll_vote": Plan(before=(2, 1)),
    # anchoring — every 3 working days while the confirmation is pending.
    "anchoring": Plan(every=3),
    # director decision — 5 and 1 working days before, and the day after it is overdue.
    "director_decision": Plan(before=(5, 1), after=(1,)),
    # report input — 5 and 1 working days before the input deadline, to those who have not answered.
    "report_input": Plan(before=(5, 1)),
    # the annual report — the leader, 14, 7 and 2 working days before the report deadline (issue 15).
    "report": Plan(before=(14, 7, 2)),
    # a milestone — 10 and 1 working days before; overdue, the day after, a week and two weeks
    # after (`every` stops at the deadline, so the repeats are listed).
    "milestone": Plan(before=(10, 1), after=(1, 5, 10)),
    "agreement_end": Plan(before=(20, 5)),
    "evaluation": Plan(before=(20, 5)),
    "meeting": Plan(before=(1,)),
    # a follow-up item from the minutes — 2 working days before it is due, and the day after.
    "followup": Plan(before=(2,), after=(1,)),
    # an assignment from the director network (issue 16) — the network's secretary and leader,
    # 5 and 1 working days before its deadline, and the day after it is overdue.
    "assignment": Plan(before=(5, 1), after=(1,)),
}


def plans_with(overrides: Mapping[str, Mapping[str, Any]]) -> Plans:
    """The default plans with some replaced, e.g. from the `FAGNETT_NUDGE_PLANS` setting:
    `{"poll_vote": {"before": [3, 1]}, "anchoring": {"every": 2}}`.

    Raises:
        ValueError: an unknown kind, an unknown field or a negative offset.
    """
    plans = dict(DEFAULT_PLANS)
    for kind, fields in overrides.items():
        if kind not in DEFAULT_PLANS:
            raise ValueError(f"unknown reminder kind {kind!r}; known: {sorted(DEFAULT_PLANS)}")
        unknown = set(fields) - {"before", "after", "every", "limit"}
        if unknown:
            raise ValueError(f"unknown plan fields for {kind!r}: {sorted(unknown)}")
        plans[kind] = Plan(
            before=tuple(int(n) for n in fields.get("before", ())),
            after=tuple(int(n) for n in fields.get("after", ())),
            every=int(fields["every"]) if fields.get("every") is not None else None,
            limit=int(fields.get("limit", 20)),
        )
    return plans


def _clock_time(moment: datetime) -> time:
    """The Oslo time of day of `moment` if it lies in the window, else the window's start."""
    local = moment.astimezone(OSLO).time().replace(tzinfo=None)
    return local if WINDOW_START <= local < WINDOW_END else WINDOW_START


def _at(day: date, clock: time) -> datetime:
    return next_working_moment(datetime.combine(day, clock, OSLO)).astimezone(UTC)


def due_moments(plan: Plan, deadline: datetime, now: datetime) -> list[datetime]:
    """The plan's reminder moments for `deadline`, in UTC, sorted, none before `now`.

    `before` moments that would not precede the deadline are dropped (a reminder after the fact
    is what `after` is for).
    """
    if deadline.tzinfo is None or now.tzinfo is None:
        raise ValueError("deadline and now must be aware")
    deadline_day = deadline.astimezone(OSLO).date()
    clock = _clock_time(deadline)
    moments: set[datetime] = set()
    for n in plan.before:
        moment = _at(add_working_days(deadline_day, -n), clock)
        if moment < deadline:
            moments.add(moment)
    for n in plan.after:
        moments.add(_at(add_working_days(deadline_day, n), clock))
    if plan.every is not None:
        today, now_clock = now.astimezone(OSLO).date(), _clock_time(now)
        for k in range(1, plan.limit + 1):
            moment = _at(add_working_days(today, k * plan.every), now_clock)
            if moment > deadline:
                break
            moments.add(moment)
    return sorted(m for m in moments if m >= now)
