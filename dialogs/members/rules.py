"""Roles, health trusts (HF) and who votes. Pure functions, no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from dialogs.errors import NotAllowed


class Role(StrEnum):
    """A member's role in one network (DESIGN.md, "Who uses it")."""

    LEADER = "leader"
    SECRETARY = "secretary"
    MEMBER = "member"
    RHF_ADVISER = "rhf_adviser"
    DIRECTOR = "director"
    USER_REPRESENTATIVE = "user_representative"
    OBSERVER = "observer"


class HF(StrEnum):
    """The health trusts a member can represent."""

    ST_OLAV = "st_olav"
    HMR = "hmr"
    HNT = "hnt"
    SYKEHUSAPOTEKENE = "sykehusapotekene"
    HEMIT = "hemit"
    RHF = "rhf"
    OTHER = "other"


HF_NAMES: dict[HF, str] = {
    HF.ST_OLAV: "St. Olavs hospital HF",
    HF.HMR: "Helse Møre og Romsdal HF",
    HF.HNT: "Helse Nord-Trøndelag HF",
    HF.SYKEHUSAPOTEKENE: "Sykehusapotekene i Midt-Norge HF",
    HF.HEMIT: "Hemit HF",
    HF.RHF: "Helse Midt-Norge RHF",
    HF.OTHER: "Annen virksomhet",
}

# The secretary and the leader manage a network (with the administrators named in settings).
MANAGER_ROLES = frozenset({Role.SECRETARY.value, Role.LEADER.value})

# Leaders, members and directors speak for their HF. The secretary coordinates and the RHF adviser
# carries information; neither represents an HF, so neither votes. Observers take part, never vote.
_VOTING = frozenset({Role.LEADER, Role.MEMBER, Role.DIRECTOR})


def can_vote(role: str | None, *, user_representatives_vote: bool) -> bool:
    """Whether a member with `role` votes in consensus polls of their network."""
    if role == Role.USER_REPRESENTATIVE:
        return user_representatives_vote
    return role in _VOTING


@dataclass(frozen=True)
class Seat:
    """A member as the composition view needs them."""

    name: str
    role: str | None
    hf: str | None


def composition(seats: Iterable[Seat]) -> dict[str | None, dict[str | None, list[str]]]:
    """Group members by HF, then role, names sorted; unassigned HF/role grouped under None."""
    grouped: dict[str | None, dict[str | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    for seat in seats:
        grouped[seat.hf][seat.role].append(seat.name)
    order_hf = {hf.value: i for i, hf in enumerate(HF)}
    order_role = {role.value: i for i, role in enumerate(Role)}
    return {
        hf: {
            role: sorted(names, key=str.casefold)
            for role, names in sorted(
                by_role.items(), key=lambda item: order_role.get(item[0] or "", 99)
            )
        }
        for hf, by_role in sorted(grouped.items(), key=lambda item: order_hf.get(item[0] or "", 99))
    }


def may_manage(*, actor: str, admins: Collection[str], managers: Collection[str]) -> None:
    """Only the network's secretary or leader, or an administrator, manage a network.

    Raises:
        NotAllowed: otherwise.
    """
    if actor not in admins and actor not in managers:
        raise NotAllowed()
