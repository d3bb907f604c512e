"""The annual cycle's rules: goals, report inputs, deadlines and the one-page layout. Pure.

The mandate (seeds) asks each network to set prioritised goals and measures as a fixed annual
case, from the mandate's task list and the sources it names, and to report every year to the
directors on activity and goal attainment: short, in bullet form, on a one-page template. The
page is kept by limits per section: a bullet is at most `BULLET_CHARS` characters, a section at
most its `limit` bullets, and `fit` says what it cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from dialogs.annual import messages as _messages  # noqa: F401  (registers texts)
from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO, Lang, t
from dialogs.workdays import add_working_days, next_working_day


class MandateTask(StrEnum):
    """The tasks of the professional leader networks' mandate a goal can serve."""

    STANDARDISATION = "standardisation"
    METHOD_ASSESSMENT = "method_assessment"
    PATIENT_PARTICIPATION = "patient_participation"
    COMPETENCE = "competence"
    RESEARCH = "research"
    TASK_SHARING = "task_sharing"
    PRIMARY_CARE = "primary_care"
    DIGITALISATION = "digitalisation"
    EQUIPMENT = "equipment"
    PROCUREMENT = "procurement"


class Source(StrEnum):
    """The steering and quality data the mandate names as the basis for the priorities."""

    QUALITY_REGISTRIES = "quality_registries"
    HEALTH_ATLAS = "health_atlas"
    PUBLICATIONS = "publications"
    PATIENT_EXPERIENCE = "patient_experience"
    PROM_PREM = "prom_prem"
    QUALITY_INDICATORS = "quality_indicators"
    STAFFING = "staffing"


class Attainment(StrEnum):
    """How far a goal was reached."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


class Section(StrEnum):
    """The one-page template's headings, in order."""

    ACTIVITY = "activity"
    GOALS = "goals"
    STANDARDISATION = "standardisation"
    COMPETENCE = "competence"
    RESEARCH = "research"
    COLLABORATION = "collaboration"
    DIGITALISATION = "digitalisation"
    ESCALATIONS = "escalations"
    COUNCILS = "councils"
    OTHER = "other"


SECTION_LIMITS: Mapping[Section, int] = {
    Section.ACTIVITY: 6,
    Section.GOALS: 6,
    Section.STANDARDISATION: 3,
    Section.COMPETENCE: 3,
    Section.RESEARCH: 2,
    Section.COLLABORATION: 2,
    Section.DIGITALISATION: 2,
    Section.ESCALATIONS: 2,
    Section.COUNCILS: 2,
    Section.OTHER: 2,
}
"""At most this many bullets per section. With `BULLET_CHARS`, 30 one-line bullets under ten
headings fit one A4 page at the document's type size (checked by rendering it)."""

BULLET_CHARS = 110
"""A bullet's longest text: one line of the page at 9 pt."""

MAX_GOALS = 6
GOAL_CHARS = 300
INPUT_CHARS = 1000
"""The longest answer to one question of the input card."""

INPUT_FIELDS: tuple[str, ...] = (
    "activity",
    "competence",
    "research",
    "collaboration",
    "digitalisation",
    "other",
)
"""The input card's free-text questions, besides attainment per goal."""

FIELD_SECTION: Mapping[str, Section] = {
    "activity": Section.ACTIVITY,
    "competence": Section.COMPETENCE,
    "research": Section.RESEARCH,
    "collaboration": Section.COLLABORATION,
    "digitalisation": Section.DIGITALISATION,
    "other": Section.OTHER,
}

INPUT_WORKING_DAYS = 10
REPORT_WORKING_DAYS = 25
DEADLINE_TIME = time(16, 0)


@dataclass(frozen=True)
class Goal:
    """One prioritised goal: what, by which measures, who owns it, which mandate task."""

    goal: str
    measures: str
    owner: str
    task: MandateTask

    def to_json(self) -> dict[str, str]:
        """For a JSON column."""
        return {
            "goal": self.goal,
            "measures": self.measures,
            "owner": self.owner,
            "task": self.task,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Goal:
        """Back from the column."""
        return cls(
            str(data.get("goal", "")),
            str(data.get("measures", "")),
            str(data.get("owner", "")),
            MandateTask(str(data.get("task", MandateTask.STANDARDISATION.value))),
        )


def _text(fields: Mapping[str, object], key: str, limit: int) -> str:
    value = fields.get(key)
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit:
        raise InvalidInput("annual.invalid.too_long")
    return text


def parse_goals(fields: Mapping[str, object], slots: int = MAX_GOALS) -> tuple[Goal, ...]:
    """Goals from the priorities card: `goal_<n>`, `measures_<n>`, `owner_<n>`, `task_<n>`.
    A slot without a goal text is empty; a goal needs a mandate task.

    Raises:
        InvalidInput: a text too long, measures without a goal, or an unknown task.
    """
    goals = []
    for n in range(slots):
        goal = _text(fields, f"goal_{n}", GOAL_CHARS)
        measures = _text(fields, f"measures_{n}", GOAL_CHARS)
        owner = _text(fields, f"owner_{n}", 200)
        task = _text(fields, f"task_{n}", 40)
        if not goal:
            if measures or owner:
                raise InvalidInput("annual.invalid.goal_missing", n=n + 1)
            continue
        if task not in MandateTask.__members__.values():
            raise InvalidInput("annual.invalid.task", n=n + 1)
        goals.append(Goal(goal, measures, owner, MandateTask(task)))
    return tuple(goals)


def parse_sources(value: object) -> tuple[Source, ...]:
    """The sources a priorities case used, from a multi-select's `a,b` value.

    Raises:
        InvalidInput: an unknown source.
    """
    names = [s.strip() for s in value.split(",")] if isinstance(value, str) else []
    known = Source.__members__.values()
    if any(name not in known for name in names if name):
        raise InvalidInput("annual.invalid.source")
    return tuple(dict.fromkeys(Source(name) for name in names if name))


@dataclass(frozen=True)
class Answers:
    """One member's report input: free texts per question, attainment per goal."""

    texts: Mapping[str, str]
    attainment: tuple[tuple[Attainment | None, str], ...]

    def to_json(self) -> dict[str, object]:
        """For a JSON column."""
        return {
            "texts": dict(self.texts),
            "attainment": [[a.value if a else None, note] for a, note in self.attainment],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Answers:
        """Back from the column."""
        texts = data.get("texts")
        rows = data.get("attainment")
        return cls(
            {str(k): str(v) for k, v in texts.items()} if isinstance(texts, dict) else {},
            tuple(
                (Attainment(row[0]) if row[0] else None, str(row[1]))
                for row in (rows if isinstance(rows, list) else [])
            ),
        )

    @property
    def empty(self) -> bool:
        """Nothing was said."""
        return not any(self.texts.values()) and not any(a or note for a, note in self.attainment)


def parse_answers(fields: Mapping[str, object], goals: int) -> Answers:
    """The input card's answers: `activity`, `competence`, … and `attainment_<n>`,
    `attainment_note_<n>` per goal.

    Raises:
        InvalidInput: an answer too long, an unknown attainment, or nothing at all.
    """
    texts = {name: _text(fields, name, INPUT_CHARS) for name in INPUT_FIELDS}
    attainment = []
    for n in range(goals):
        level = _text(fields, f"attainment_{n}", 20)
        if level and level not in Attainment.__members__.values():
            raise InvalidInput("annual.invalid.attainment")
        note = _text(fields, f"attainment_note_{n}", GOAL_CHARS)
        attainment.append((Attainment(level) if level else None, note))
    answers = Answers(texts, tuple(attainment))
    if answers.empty:
        raise InvalidInput("annual.invalid.empty")
    return answers


def priorities_day(year: int, configured: str | None) -> date:
    """The day a year's priorities case opens: `configured` (`MM-DD`, moved to the next working
    day), by default the first working day of January.

    Raises:
        ValueError: `configured` is not a `MM-DD` date.
    """
    if not configured:
        return next_working_day(date(year, 1, 1))
    month, _, dom = configured.partition("-")
    return next_working_day(date(year, int(month), int(dom)))


def due_year(now: datetime, configured: str | None, registered: datetime) -> int | None:
    """The Oslo year whose scheduled day (`configured` `MM-DD`, or the first working day of
    January when None) has come for a network registered at `registered`, or None. A network
    registered after this year's day waits for next year's: the case is the year's start."""
    today = now.astimezone(OSLO).date()
    scheduled = priorities_day(today.year, configured)
    if today < scheduled or registered.astimezone(OSLO).date() > scheduled:
        return None
    return today.year


def at_close(day: date) -> datetime:
    """A deadline on `day`: 16:00 Oslo, the end of the working day."""
    return datetime.combine(day, DEADLINE_TIME, OSLO)


def default_deadlines(now: datetime) -> tuple[datetime, datetime]:
    """Inputs due in ten working days, the report in twenty-five (leaving room for the leader's
    reminders 14, 7 and 2 working days before)."""
    today = now.astimezone(OSLO).date()
    return (
        at_close(add_working_days(today, INPUT_WORKING_DAYS)),
        at_close(add_working_days(today, REPORT_WORKING_DAYS)),
    )


_START = re.compile(r"^\s*(\d{4})(?:\s+(\d{4}-\d{2}-\d{2}))?(?:\s+(\d{4}-\d{2}-\d{2}))?\s*$")


@dataclass(frozen=True)
class StartRequest:
    """`report start 2026 [input deadline] [report deadline]`."""

    year: int
    input_deadline: datetime | None = None
    report_deadline: datetime | None = None


def parse_start(args: str, now: datetime) -> StartRequest:
    """The year and optional deadlines (dates, 16:00 Oslo) of `report start`.

    Raises:
        InvalidInput: not a year, bad dates, a past deadline, or the report due before inputs.
    """
    match = _START.match(args)
    if match is None:
        raise InvalidInput("annual.invalid.start")
    year = int(match[1])
    if not 2000 <= year <= now.astimezone(OSLO).year + 1:
        raise InvalidInput("annual.invalid.start")
    try:
        inputs = at_close(date.fromisoformat(match[2])) if match[2] else None
        report = at_close(date.fromisoformat(match[3])) if match[3] else None
    except ValueError:
        raise InvalidInput("annual.invalid.start") from None
    check_deadlines(inputs, report, now)
    return StartRequest(year, inputs, report)


def check_deadlines(inputs: datetime | None, report: datetime | None, now: datetime) -> None:
    """Deadlines lie ahead, and inputs are due no later than the report.

    Raises:
        InvalidInput.
    """
    if any(d is not None and d <= now for d in (inputs, report)):
        raise InvalidInput("annual.invalid.deadline_past")
    if inputs and report and report < inputs:
        raise InvalidInput("annual.invalid.deadline_order")


def input_open(deadline: datetime, now: datetime) -> bool:
    """Inputs are taken, and edited, until the input deadline."""
    return now <= deadline


def sections_of_kind(kind: str) -> tuple[Section, ...]:
    """The headings a network's report carries: councils and working groups report to their
    parent and have no councils section of their own."""
    if kind in ("council", "working_group"):
        return tuple(s for s in Section if s is not Section.COUNCILS)
    return tuple(Section)


def reports_to_parent(kind: str) -> bool:
    """Councils and working groups report to the network above them, not to the directors."""
    return kind in ("council", "working_group")


# -- condensing to one page -------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def shorten(text: str, limit: int = BULLET_CHARS) -> str:
    """`text` on one line within `limit` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:- ")
    return (cut or line[: limit - 1]) + "…"


def first_sentence(text: str) -> str:
    """The first sentence or line of an answer: the bullet that stands for it."""
    for part in _SENTENCE.split(text.strip()):
        if part.strip():
            return part.strip()
    return ""


def bullets_from_answers(answers: Iterable[tuple[str, str]]) -> list[str]:
    """One bullet per answer, `(who, text)`: the first sentence, prefixed by the member's HF or
    name; identical bullets are said once."""
    seen: dict[str, None] = {}
    for who, text in answers:
        sentence = first_sentence(text)
        if sentence:
            seen.setdefault(f"{who}: {sentence}" if who else sentence)
    return list(seen)


@dataclass(frozen=True)
class Cut:
    """What `fit` removed from one section: whole bullets dropped, bullets shortened."""

    dropped: int = 0
    shortened: int = 0


@dataclass(frozen=True)
class Fitted:
    """Sections within their limits, and what was cut to get there."""

    sections: Mapping[Section, tuple[str, ...]]
    cuts: Mapping[Section, Cut] = field(default_factory=dict)


def fit(sections: Mapping[Section, Sequence[str]]) -> Fitted:
    """Apply each section's limits: blank bullets go, long ones are shortened, extra ones are
    dropped (the first ones are kept: callers put facts and the most telling bullets first)."""
    fitted: dict[Section, tuple[str, ...]] = {}
    cuts: dict[Section, Cut] = {}
    for section in Section:
        if section not in sections:
            continue
        lines = [" ".join(b.split()) for b in sections[section]]
        lines = [b for b in lines if b]
        limit = SECTION_LIMITS[section]
        kept = lines[:limit]
        short = tuple(shorten(b) for b in kept)
        dropped = len(lines) - len(kept)
        shortened = sum(1 for a, b in zip(kept, short, strict=True) if a != b)
        fitted[section] = short
        if dropped or shortened:
            cuts[section] = Cut(dropped, shortened)
    return Fitted(fitted, cuts)


def bullets_of(text: str | None) -> list[str]:
    """A section edited on the card: one bullet per line, leading `-`/`•` removed."""
    if not text:
        return []
    return [line.strip().lstrip("-•*").strip() for line in text.splitlines() if line.strip()]


def attainment_of(goal_index: int, inputs: Iterable[Answers]) -> tuple[Attainment | None, str]:
    """A goal's attainment across inputs: the most common judgement (ties go to the more
    cautious one), with the first note that explains it."""
    counts = {a: 0 for a in Attainment}
    note = ""
    for answers in inputs:
        if goal_index >= len(answers.attainment):
            continue
        level, text = answers.attainment[goal_index]
        if level:
            counts[level] += 1
        if text and not note:
            note = text
    best = max(counts.values())
    if best == 0:
        return None, note
    cautious = (Attainment.NOT_ACHIEVED, Attainment.PARTLY, Attainment.ACHIEVED)
    return next(a for a in cautious if counts[a] == best), note


@dataclass(frozen=True)
class YearFacts:
    """What the record says about a network's year."""

    meetings: int = 0
    followups_closed: int = 0
    decisions: tuple[str, ...] = ()
    """`3/2026 Title` per decision, in number order."""
    approved: tuple[str, ...] = ()
    """Regional procedures and patient pathways decided, `3/2026 Title`."""
    escalations: tuple[tuple[str, str], ...] = ()
    """`(3/2026 Title, outcome)` per case raised."""
    councils: tuple[str, ...] = ()
    """Names of the councils and working groups whose report for the year is approved."""


def compose(
    facts: YearFacts,
    goals: Sequence[Goal],
    inputs: Sequence[Answers],
    sections: Sequence[Section],
    lang: Lang,
) -> Fitted:
    """The draft: the year's facts first, then the members' inputs condensed to bullets, under
    the template's headings, fitted to one page."""
    raw: dict[Section, list[str]] = {s: [] for s in sections}

    def add(section: Section, lines: Iterable[str]) -> None:
        if section in raw:
            raw[section].extend(lines)

    add(
        Section.ACTIVITY,
        [t("annual.fact.meetings", lang, count=facts.meetings, followups=facts.followups_closed)],
    )
    if facts.decisions:
        listed = "; ".join(facts.decisions)
        add(
            Section.ACTIVITY,
            [t("annual.fact.decisions", lang, count=len(facts.decisions), list=listed)],
        )
    else:
        add(Section.ACTIVITY, [t("annual.fact.decisions_none", lang)])
    for index, goal in enumerate(goals):
        level, note = attainment_of(index, inputs)
        label = t(
            f"annual.attainment.{level.value}" if level else "annual.attainment.unknown", lang
        )
        line = t("annual.fact.goal", lang, goal=goal.goal, level=label)
        add(Section.GOALS, [f"{line} — {note}" if note else line])
    add(
        Section.STANDARDISATION,
        [t("annual.fact.approved_line", lang, text=a) for a in facts.approved],
    )
    add(
        Section.ESCALATIONS,
        [t("annual.fact.escalation", lang, case=case, outcome=o) for case, o in facts.escalations],
    )
    add(Section.COUNCILS, [t("annual.fact.council", lang, network=n) for n in facts.councils])
    for name, section in FIELD_SECTION.items():
        add(section, bullets_from_answers(("", a.texts.get(name, "")) for a in inputs))
    return fit(raw)
