"""The rules of the information sheet for kvalitets- og kompetansenettverk. Pure: no I/O.

- Part-time positions in other regions are 10–20 %, each regulated by an agreement between the
  coordinating HF and the host HF (content, duration, percentage, cost), anchored with the host's
  leader or head of clinic.
- The coordinating unit's yearly frame is 1 MNOK; 2 MNOK where part-time positions are
  established in all (other) regions. The RHFs may set another figure.
- A network lasts five years, planned from the start and evaluated by the RHFs at the end; the
  evaluation case opens six months before the term ends.
- The English name is "Norwegian National Network for …".
- A progress plan holds dated milestones.

Money is whole øre (int); percentages are hundredths of a percent (int): no floats anywhere.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from dialogs.errors import InvalidInput

TERM_YEARS = 5
EVALUATION_MONTHS_BEFORE_END = 6
PERCENT_MIN = 10_00
"""10 %, in hundredths of a percent."""
PERCENT_MAX = 20_00
"""20 %, in hundredths of a percent."""
MNOK = 1_000_000 * 100
"""One million kroner, in øre."""
FRAME_BASE = 1 * MNOK
FRAME_ALL_REGIONS = 2 * MNOK
FRAME_WARNING_SHARE = (9, 10)
"""The coordinator and secretary are warned once the year's use reaches 90 % of the frame."""
ENGLISH_PREFIX = "Norwegian National Network for "


class Region(StrEnum):
    """Norway's four health regions."""

    NORD = "nord"
    MIDT = "midt"
    VEST = "vest"
    SOR_OST = "sor_ost"


REGION_NAMES: dict[Region, str] = {
    Region.NORD: "Helse Nord",
    Region.MIDT: "Helse Midt-Norge",
    Region.VEST: "Helse Vest",
    Region.SOR_OST: "Helse Sør-Øst",
}


class Warning(StrEnum):
    """What an agreement can be warned about."""

    PERCENT = "percent"
    OVERLAP = "overlap"
    PAST_TERM = "past_term"
    NOT_ANCHORED = "not_anchored"


class MilestoneState(StrEnum):
    """A milestone's state; `overdue` is shown, never stored."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


STORED_STATES = frozenset(
    {
        MilestoneState.PLANNED,
        MilestoneState.IN_PROGRESS,
        MilestoneState.DONE,
        MilestoneState.CANCELLED,
    }
)
FINAL_STATES = frozenset({MilestoneState.DONE, MilestoneState.CANCELLED})


# -- the term --------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; a day the target month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def anniversary(start: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def term_end(start: date) -> date:
    """The last day of the five-year term that begins on `start`."""
    return anniversary(start, TERM_YEARS) - timedelta(days=1)


def evaluation_opens_on(start: date) -> date:
    """The day the evaluation case opens: six months before the term ends."""
    return add_months(anniversary(start, TERM_YEARS), -EVALUATION_MONTHS_BEFORE_END)


# -- money and percentages -------------------------------------------------------------------


def parse_percent(text: str | None) -> int:
    """`"12,5"` or `"12.5 %"` → 1250 (hundredths of a percent).

    Raises:
        InvalidInput: not a number between 0 and 100 with at most two decimals.
    """
    cleaned = (text or "").replace("%", "").replace(",", ".").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput("quality.invalid.percent") from None
    hundredths = value * 100
    if not value.is_finite() or hundredths != hundredths.to_integral_value():
        raise InvalidInput("quality.invalid.percent")
    if not 0 < value <= 100:
        raise InvalidInput("quality.invalid.percent")
    return int(hundredths)


def parse_amount(text: str | None) -> int:
    """`"250 000"`, `"250000,50"` or `"kr 1 250 000"` → øre.

    Raises:
        InvalidInput: not a non-negative amount with at most two decimals.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]|kr|nok", "", (text or "").casefold())
    cleaned = cleaned.replace(",", ".")
    if cleaned.count(".") > 1 or not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        raise InvalidInput("quality.invalid.amount")
    value = Decimal(cleaned) * 100
    if value > 1_000 * MNOK:
        raise InvalidInput("quality.invalid.amount")
    return int(value)


def percent_outside_bounds(hundredths: int) -> bool:
    """Whether a part-time position's percentage lies outside 10–20 %."""
    return not PERCENT_MIN <= hundredths <= PERCENT_MAX


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Whether two periods (both days included) share at least one day."""
    return a_start <= b_end and b_start <= a_end


@dataclass(frozen=True)
class Terms:
    """An agreement's terms as the rules need them."""

    id: int | None
    person: str
    region: Region
    percent: int
    start_on: date
    end_on: date
    yearly_cost: int
    anchored_by: str | None
    active: bool = True


def warnings_for(terms: Terms, others: Iterable[Terms], *, last_day: date) -> list[Warning]:
    """What the coordinator is warned about for one agreement, among the network's others."""
    found: list[Warning] = []
    if percent_outside_bounds(terms.percent):
        found.append(Warning.PERCENT)
    person = terms.person.casefold().strip()
    if any(
        other.active
        and other.id != terms.id
        and other.person.casefold().strip() == person
        and overlaps(terms.start_on, terms.end_on, other.start_on, other.end_on)
        for other in others
    ):
        found.append(Warning.OVERLAP)
    if terms.end_on > last_day:
        found.append(Warning.PAST_TERM)
    if not (terms.anchored_by or "").strip():
        found.append(Warning.NOT_ANCHORED)
    return found


def validate_terms(terms: Terms) -> None:
    """The minimum the sheet asks of an agreement: who, where, how much, from and to.

    Raises:
        InvalidInput: a required part is missing or the period is backwards.
    """
    if not terms.person.strip() or len(terms.person) > 200:
        raise InvalidInput("quality.invalid.person")
    if terms.end_on < terms.start_on:
        raise InvalidInput("quality.invalid.period")


# -- the budget ------------------------------------------------------------------------------


def frame_for(
    regions_with_positions: Iterable[Region], coordinating: Region, *, set_by_rhf: int | None
) -> int:
    """The year's frame in øre: the RHF's figure where set; else 2 MNOK when part-time positions
    are established in every region besides the coordinator's, else 1 MNOK."""
    if set_by_rhf is not None:
        return set_by_rhf
    others = set(Region) - {coordinating}
    return FRAME_ALL_REGIONS if others <= set(regions_with_positions) else FRAME_BASE


def _days_in(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def monthly_costs(yearly_cost: int, start_on: date, end_on: date, year: int) -> list[int]:
    """An agreement's cost in each month of `year`, pro rata by the days it runs, in øre.

    Each month gets the growth of the running total `yearly × days run ÷ days in year`, so a
    year run in full adds up to exactly the yearly cost.
    """
    first = date(year, 1, 1)
    days_in_year = _days_in(year)
    result: list[int] = []
    before = 0
    for month in range(1, 13):
        month_end = date(year, month, calendar.monthrange(year, month)[1])
        total = yearly_cost * _run_days(start_on, end_on, first, month_end) // days_in_year
        result.append(total - before)
        before = total
    return result


def _run_days(start_on: date, end_on: date, first: date, through: date) -> int:
    begin, end = max(start_on, first), min(end_on, through)
    return (end - begin).days + 1 if begin <= end else 0


def active_in_year(start_on: date, end_on: date, year: int) -> bool:
    """Whether a period touches `year`."""
    return overlaps(start_on, end_on, date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class CostLine:
    """A recorded cost besides the agreements."""

    region: Region
    spent_on: date
    amount: int


@dataclass(frozen=True)
class Budget:
    """The year's frame and its use, in øre."""

    year: int
    frame: int
    frame_set_by_rhf: bool
    regions_with_positions: tuple[Region, ...]
    committed: dict[Region, int]
    other: dict[Region, int]
    by_month: tuple[int, ...]
    used: int
    remaining: int
    level: str
    """`ok`, `near` (90 % or more used) or `over` (above the frame)."""
    months_by_region: dict[Region, tuple[int, ...]] = field(default_factory=dict)


def budget_level(used: int, frame: int) -> str:
    """`over` above the frame, `near` from 90 % of it, else `ok`."""
    if used > frame:
        return "over"
    numerator, denominator = FRAME_WARNING_SHARE
    if used * denominator >= frame * numerator:
        return "near"
    return "ok"


def budget(
    year: int,
    agreements: Sequence[Terms],
    costs: Sequence[CostLine],
    *,
    coordinating: Region,
    set_by_rhf: int | None,
) -> Budget:
    """The frame by the rule, agreement costs committed for the year and other costs, per region
    and month."""
    running = [a for a in agreements if a.active and active_in_year(a.start_on, a.end_on, year)]
    regions = tuple(sorted({a.region for a in running}, key=list(Region).index))
    frame = frame_for(regions, coordinating, set_by_rhf=set_by_rhf)
    committed = dict.fromkeys(Region, 0)
    other = dict.fromkeys(Region, 0)
    months = {region: [0] * 12 for region in Region}
    for agreement in running:
        for i, amount in enumerate(
            monthly_costs(agreement.yearly_cost, agreement.start_on, agreement.end_on, year)
        ):
            months[agreement.region][i] += amount
            committed[agreement.region] += amount
    for cost in costs:
        if cost.spent_on.year == year:
            other[cost.region] += cost.amount
            months[cost.region][cost.spent_on.month - 1] += cost.amount
    by_month = tuple(sum(months[r][i] for r in Region) for i in range(12))
    used = sum(committed.values()) + sum(other.values())
    return Budget(
        year=year,
        frame=frame,
        frame_set_by_rhf=set_by_rhf is not None,
        regions_with_positions=regions,
        committed=committed,
        other=other,
        by_month=by_month,
        used=used,
        remaining=frame - used,
        level=budget_level(used, frame),
        months_by_region={r: tuple(v) for r, v in months.items()},
    )


# -- the English name ------------------------------------------------------------------------

_LEADING = re.compile(
    r"^(the\s+)?((norwegian\s+)?(national\s+)?(network|nettverk)\s+(for|of|on|in)\s+)",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"\s+(national\s+)?(network|nettverk)$", re.IGNORECASE)


def english_name_fits(name: str) -> bool:
    """Whether the name has the required form, "Norwegian National Network for …"."""
    return name.startswith(ENGLISH_PREFIX) and bool(name[len(ENGLISH_PREFIX) :].strip())


def english_name_suggestion(name: str) -> str | None:
    """A name in the required form built from `name`, or None when it fits already (or is
    empty)."""
    cleaned = " ".join(name.split())
    if not cleaned or english_name_fits(cleaned):
        return None
    subject = _LEADING.sub("", cleaned)
    subject = _TRAILING.sub("", subject).strip()
    subject = re.sub(r"^(norwegian|national)\s+", "", subject, flags=re.IGNORECASE).strip()
    if not subject:
        return None
    return ENGLISH_PREFIX + subject


# -- milestones ------------------------------------------------------------------------------


def shown_state(state: str, due_on: date, today: date) -> MilestoneState:
    """The state a person sees: `overdue` for an unfinished milestone past its date."""
    stored = MilestoneState(state)
    if stored not in FINAL_STATES and due_on < today:
        return MilestoneState.OVERDUE
    return stored


def state_on(state: str, due_on: date, done_on: date | None, day: date) -> MilestoneState:
    """The state a milestone had at the end of `day`, as far as the record tells: `done` only if
    it was done by then, `overdue` if it was unfinished and past its date. A cancellation is not
    dated, so a cancelled milestone stays cancelled."""
    stored = MilestoneState(state)
    if stored is MilestoneState.CANCELLED:
        return stored
    if stored is MilestoneState.DONE and (done_on is None or done_on <= day):
        return stored
    if due_on < day:
        return MilestoneState.OVERDUE
    return (
        MilestoneState.IN_PROGRESS
        if stored is MilestoneState.IN_PROGRESS
        else MilestoneState.PLANNED
    )


def overdue_first(states: Sequence[MilestoneState]) -> list[int]:
    """The positions of `states` with the overdue ones first, each group in its given order."""
    return sorted(range(len(states)), key=lambda i: states[i] is not MilestoneState.OVERDUE)


def reporting_day(year: int, today: date) -> date:
    """The day a year's report is drawn up to: the year's last day, or today while it runs.

    Raises:
        InvalidInput: a year that has not begun, or one before 2000.
    """
    if not 2000 <= year <= today.year:
        raise InvalidInput("quality.invalid.erapport_year")
    return min(date(year, 12, 31), today)


def next_states(state: str) -> tuple[MilestoneState, ...]:
    """Where a milestone may go from `state`: done and cancelled are final."""
    stored = MilestoneState(state)
    if stored in FINAL_STATES:
        return ()
    options = (MilestoneState.IN_PROGRESS, MilestoneState.DONE, MilestoneState.CANCELLED)
    return tuple(s for s in options if s != stored)


def check_transition(state: str, to: str) -> MilestoneState:
    """The new stored state, if the move is allowed.

    Raises:
        InvalidInput: an unknown state, or a move out of a final state.
    """
    try:
        target = MilestoneState(to)
    except ValueError:
        raise InvalidInput("quality.invalid.state") from None
    if target not in next_states(state):
        raise InvalidInput("quality.invalid.state")
    return target


# -- the start-up checklist ------------------------------------------------------------------


@dataclass(frozen=True)
class Checklist:
    """What a new network still lacks, by the sheet."""

    agreements: bool
    progress_plan: bool
    logo: bool
    website: bool
    english_name: bool

    def missing(self) -> list[str]:
        """The names of the items not yet in place, in the sheet's order."""
        return [
            name
            for name in ("agreements", "progress_plan", "logo", "website", "english_name")
            if not getattr(self, name)
        ]
