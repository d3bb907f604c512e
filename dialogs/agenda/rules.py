"""What a valid agenda proposal and assignment are, and what the case they become reads.
Pure functions: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from dialogs.cases.rules import CaseDraft, CaseType, parse_label
from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO

ADVISER = "rhf_adviser"
"""The role that proposes matters for a network's agenda."""

DIRECTOR = "director"
"""The role that gives assignments from the director network."""

ASSIGNMENT_DUE_AT = time(16, 0)
"""An assignment is due at the end of the working day of its deadline, Oslo time."""

LONGEST_ASSIGNMENT = timedelta(days=730)


class Scope(StrEnum):
    """Whose matter a proposal brings: national or regional."""

    NATIONAL = "national"
    REGIONAL = "regional"


class ProposalState(StrEnum):
    """Where a proposal stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AssignmentState(StrEnum):
    """Where an assignment stands (the summary counts `open` ones past their deadline)."""

    OPEN = "open"
    ANSWERED = "answered"


@dataclass(frozen=True)
class ProposalDraft:
    """A validated proposal form."""

    network_id: int
    scope: Scope
    title: str
    description: str
    source: str


@dataclass(frozen=True)
class AssignmentDraft:
    """A validated assignment form; `deadline` in UTC."""

    network_id: int
    title: str
    description: str
    deadline: datetime


@dataclass(frozen=True)
class AnswerDraft:
    """A validated answer to an assignment: a text, a decision (`(number, year)`), or both."""

    text: str
    decision: tuple[int, int] | None


def validate_proposal(
    *,
    network_id: int | None,
    scope: str | None,
    title: str | None,
    description: str | None,
    source: str | None,
) -> ProposalDraft:
    """Check a proposal form.

    Raises:
        InvalidInput: naming the field that is wrong.
    """
    if network_id is None:
        raise InvalidInput("agenda.invalid.network")
    try:
        typed = Scope(scope or "")
    except ValueError:
        raise InvalidInput("agenda.invalid.scope") from None
    if not title or not 3 <= len(title.strip()) <= 200:
        raise InvalidInput("agenda.invalid.title")
    if not description or not description.strip() or len(description) > 3000:
        raise InvalidInput("agenda.invalid.description")
    if not source or not source.strip() or len(source) > 500:
        raise InvalidInput("agenda.invalid.source")
    return ProposalDraft(network_id, typed, title.strip(), description.strip(), source.strip())


def validate_reason(reason: str | None) -> str:
    """A decline's reason: required, at most 1000 characters.

    Raises:
        InvalidInput: `agenda.invalid.reason`.
    """
    if not reason or len(reason.strip()) < 3 or len(reason) > 1000:
        raise InvalidInput("agenda.invalid.reason")
    return reason.strip()


def proposal_case(title: str, description: str, brought_by: str) -> CaseDraft:
    """The case an accepted proposal becomes: its description ends with the line saying the RHF
    brought it (`brought_by`, already in the network's language), with its source."""
    text = f"{description}\n\n{brought_by}"
    return CaseDraft(
        title=title,
        description=text[:4000],
        proposal="",
        case_type=CaseType.OTHER,
        user_participation=False,
        needs_anchoring=False,
    )


def due_moment(day: date) -> datetime:
    """The moment an assignment due on `day` falls due, in UTC."""
    return datetime.combine(day, ASSIGNMENT_DUE_AT, OSLO).astimezone(UTC)


def validate_assignment(
    *,
    network_id: int | None,
    director_network_id: int,
    title: str | None,
    description: str | None,
    deadline: str | None,
    now: datetime,
) -> AssignmentDraft:
    """Check an assignment form: a network other than the director network, a title, and a
    deadline after today (Oslo) and within two years.

    Raises:
        InvalidInput: naming the field that is wrong.
    """
    if network_id is None or network_id == director_network_id:
        raise InvalidInput("assignment.invalid.network")
    if not title or not 3 <= len(title.strip()) <= 200:
        raise InvalidInput("assignment.invalid.title")
    if description and len(description) > 3000:
        raise InvalidInput("assignment.invalid.description")
    try:
        day = date.fromisoformat((deadline or "").strip()[:10])
    except ValueError:
        raise InvalidInput("assignment.invalid.deadline") from None
    moment = due_moment(day)
    if day <= now.astimezone(OSLO).date() or moment - now > LONGEST_ASSIGNMENT:
        raise InvalidInput("assignment.invalid.deadline")
    return AssignmentDraft(network_id, title.strip(), (description or "").strip(), moment)


def assignment_case(title: str, description: str, given_by: str) -> CaseDraft:
    """The case an assignment becomes in the network: its description ends with the line saying
    the director network gave it, with its deadline (`given_by`, in the network's language)."""
    text = f"{description}\n\n{given_by}" if description else given_by
    return CaseDraft(
        title=title,
        description=text[:4000],
        proposal="",
        case_type=CaseType.OTHER,
        user_participation=False,
        needs_anchoring=False,
    )


def validate_answer(text: str | None, decision: str | None) -> AnswerDraft:
    """An answer needs a text, a decision number (`3/2026`), or both.

    Raises:
        InvalidInput: `assignment.invalid.answer`, or `case.invalid.number` for a wrong number.
    """
    cleaned = (text or "").strip()
    if len(cleaned) > 3000:
        raise InvalidInput("assignment.invalid.answer")
    label = parse_label(decision) if decision and decision.strip() else None
    if not cleaned and label is None:
        raise InvalidInput("assignment.invalid.answer")
    return AnswerDraft(cleaned, label)


def is_overdue(deadline: datetime, now: datetime, state: str) -> bool:
    """An open assignment whose deadline has passed (as the summary counts it)."""
    return state == AssignmentState.OPEN and deadline < now
