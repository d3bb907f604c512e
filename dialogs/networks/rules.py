"""Rules for networks: kinds, what each kind needs, escalation targets and who may manage.

Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dialogs.errors import InvalidInput, NotAllowed


class Kind(StrEnum):
    """The kinds of network the mandates describe."""

    PROFESSIONAL_LEADER = "professional_leader"
    COUNCIL = "council"
    WORKING_GROUP = "working_group"
    QUALITY_COMPETENCE = "quality_competence"
    DIRECTOR = "director"


NEEDS_PARENT = frozenset({Kind.COUNCIL, Kind.WORKING_GROUP})


@dataclass(frozen=True)
class Registration:
    """A validated registration form."""

    name: str
    kind: Kind
    parent_id: int | None
    end_date: date | None
    secretary_aad_id: str


def validate_registration(
    *,
    name: str | None,
    kind: str | None,
    parent_id: int | None,
    end_date: date | None,
    secretary_aad_id: str | None,
    today: date,
    parent_kinds: dict[int, Kind],
    director_exists: bool,
) -> Registration:
    """Check a registration form against the mandate's rules.

    Raises:
        InvalidInput: with a key naming the first rule the form breaks.
    """
    if not name or len(name.strip()) < 2 or len(name) > 200:
        raise InvalidInput("network.invalid.name")
    try:
        typed_kind = Kind(kind or "")
    except ValueError:
        raise InvalidInput("network.invalid.kind") from None
    if typed_kind is Kind.DIRECTOR and director_exists:
        raise InvalidInput("network.invalid.second_director")
    if typed_kind in NEEDS_PARENT:
        if parent_id is None or parent_id not in parent_kinds:
            raise InvalidInput("network.invalid.parent_required")
        if parent_kinds[parent_id] is Kind.DIRECTOR:
            raise InvalidInput("network.invalid.parent_director")
    elif parent_id is not None:
        raise InvalidInput("network.invalid.parent_not_allowed")
    if typed_kind is Kind.WORKING_GROUP:
        if end_date is None:
            raise InvalidInput("network.invalid.end_date_required")
        if end_date <= today:
            raise InvalidInput("network.invalid.end_date_past")
    elif end_date is not None:
        end_date = None
    if not secretary_aad_id:
        raise InvalidInput("network.invalid.secretary")
    return Registration(name.strip(), typed_kind, parent_id, end_date, secretary_aad_id)


def may_register(
    *,
    actor: str,
    admins: Collection[str],
    managers_in_team: Collection[str],
    team_has_network: bool,
) -> None:
    """Who may bind a channel to a network.

    Administrators named in settings may, always. Where none is named, the first person in a
    team may (so a pilot can start); after that, the secretaries and leaders of the team's
    networks may.

    Raises:
        NotAllowed: when the actor is none of those.
    """
    if actor in admins:
        return
    if admins:
        raise NotAllowed("network.register.admins_only")
    if team_has_network and actor not in managers_in_team:
        raise NotAllowed("network.register.managers_only")


def default_escalation_target(
    kind: Kind, parent_id: int | None, director_id: int | None
) -> int | None:
    """Where a case without consensus goes by default: a council or working group to its parent,
    every other network to the director network. The director network escalates nowhere."""
    if kind is Kind.DIRECTOR:
        return None
    if kind in NEEDS_PARENT:
        return parent_id
    return director_id
