"""Case types, numbers and validation. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO


class CaseType(StrEnum):
    """The kinds of case the mandate names."""

    REGIONAL_PROCEDURE = "regional_procedure"
    PATIENT_PATHWAY = "patient_pathway"
    METHOD_ASSESSMENT = "method_assessment"
    COMPETENCE_INPUT = "competence_input"
    PROCUREMENT = "procurement"
    RESEARCH_INNOVATION = "research_innovation"
    COMPOSITION = "composition"
    OTHER = "other"


class CaseState(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    POLLING = "polling"
    DECIDED = "decided"
    ESCALATED = "escalated"


_NUMBER = re.compile(r"^\s*(\d{1,5})\s*/\s*(\d{4})\s*$")


def numbering_year(moment: datetime) -> int:
    """The year a case or decision made at `moment` is numbered in: the calendar year in Oslo,
    so a case opened at 00:30 on 1 January is the new year's."""
    return moment.astimezone(OSLO).year


def case_label(number: int, year: int) -> str:
    """`7/2026`."""
    return f"{number}/{year}"


def parse_label(text: str) -> tuple[int, int]:
    """`"7/2026"` → `(7, 2026)`.

    Raises:
        InvalidInput: when the text is not a case number.
    """
    match = _NUMBER.match(text)
    if match is None:
        raise InvalidInput("case.invalid.number", text=text)
    return int(match[1]), int(match[2])


@dataclass(frozen=True)
class CaseDraft:
    """A validated case form."""

    title: str
    description: str
    proposal: str
    case_type: CaseType
    user_participation: bool
    needs_anchoring: bool


def validate_case(
    *,
    title: str | None,
    description: str | None,
    proposal: str | None,
    case_type: str | None,
    user_participation: bool,
    needs_anchoring: bool,
) -> CaseDraft:
    """Check a case form.

    Raises:
        InvalidInput: naming the field that is wrong.
    """
    if not title or not 3 <= len(title.strip()) <= 200:
        raise InvalidInput("case.invalid.title")
    try:
        typed = CaseType(case_type or "")
    except ValueError:
        raise InvalidInput("case.invalid.type") from None
    if description and len(description) > 4000:
        raise InvalidInput("case.invalid.description")
    if proposal and len(proposal) > 2000:
        raise InvalidInput("case.invalid.proposal")
    return CaseDraft(
        title.strip(),
        (description or "").strip(),
        (proposal or "").strip(),
        typed,
        user_participation,
        needs_anchoring,
    )
