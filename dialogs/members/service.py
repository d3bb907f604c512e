"""Taking the team's roster in, assigning roles and HFs, and reading the composition."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.errors import InvalidInput
from dialogs.members.rules import HF, MANAGER_ROLES, Role, can_vote, may_manage
from dialogs.turn import Actor, RosterEntry
from storage.db import Sessions
from storage.events import record
from storage.models import Membership, Network


@dataclass(frozen=True)
class Change:
    """A requested role and HF for one membership; None leaves it unassigned."""

    role: str | None
    hf: str | None


class MemberService:
    """Keeps each network's memberships in step with its team, and its roles assigned."""

    def __init__(self, sessions: Sessions, *, admins: Collection[str]) -> None:
        self._sessions = sessions
        self._admins = frozenset(admins)

    async def take_roster(
        self, session: AsyncSession, network: Network, roster: Sequence[RosterEntry], *, actor: str
    ) -> None:
        """Add people new to the team, mark those who left inactive; roles are kept."""
        current = {
            m.aad_id: m
            for m in await session.scalars(
                select(Membership).where(Membership.network_id == network.id)
            )
        }
        present = {person.aad_id for person in roster}
        for person in roster:
            membership = current.get(person.aad_id)
            if membership is None:
                session.add(
                    Membership(
                        network_id=network.id,
                        aad_id=person.aad_id,
                        teams_id=person.teams_id,
                        name=person.name,
                        email=person.email,
                    )
                )
                record(
                    session,
                    "MemberJoined",
                    actor=actor,
                    network_id=network.id,
                    subject=f"person:{person.aad_id}",
                    name=person.name,
                )
            elif not membership.active or membership.name != person.name:
                if not membership.active:
                    record(
                        session,
                        "MemberReturned",
                        actor=actor,
                        network_id=network.id,
                        subject=f"person:{person.aad_id}",
                        name=person.name,
                    )
                membership.active = True
                membership.name = person.name
                membership.teams_id = person.teams_id
        for aad_id, membership in current.items():
            if membership.active and aad_id not in present:
                membership.active = False
                record(
                    session,
                    "MemberLeft",
                    actor=actor,
                    network_id=network.id,
                    subject=f"person:{aad_id}",
                    name=membership.name,
                    role=membership.role,
                )
        await session.flush()

    async def set_role(
        self, session: AsyncSession, network: Network, aad_id: str, role: Role, *, actor: str
    ) -> None:
        """Give one member a role inside the caller's transaction."""
        membership = await session.scalar(
            select(Membership).where(
                Membership.network_id == network.id, Membership.aad_id == aad_id
            )
        )
        if membership is None:
            raise InvalidInput("members.invalid.person")
        if membership.role != role:
            record(
                session,
                "RoleAssigned",
                actor=actor,
                network_id=network.id,
                subject=f"person:{aad_id}",
                before={"role": membership.role},
                after={"role": role.value},
            )
            membership.role = role.value

    async def sync(self, actor: Actor, network: Network, roster: Sequence[RosterEntry]) -> None:
        """Bring the memberships in step with the team's current roster."""
        async with self._sessions.begin() as session:
            attached = await session.get(Network, network.id)
            assert attached is not None
            await self.take_roster(session, attached, roster, actor=actor.aad_id)

    async def memberships(
        self, network_id: int, *, active_only: bool = True
    ) -> Sequence[Membership]:
        """The network's memberships, by name."""
        async with self._sessions() as session:
            query = select(Membership).where(Membership.network_id == network_id)
            if active_only:
                query = query.where(Membership.active.is_(True))
            return (await session.scalars(query.order_by(Membership.name))).all()

    async def managers(self, session: AsyncSession, network_id: int) -> set[str]:
        """Entra ids of the network's active secretaries and leaders."""
        rows = await session.scalars(
            select(Membership.aad_id).where(
                Membership.network_id == network_id,
                Membership.active.is_(True),
                Membership.role.in_(MANAGER_ROLES),
            )
        )
        return set(rows)

    async def check_may_manage(self, actor: Actor, network_id: int) -> None:
        """Raises NotAllowed unless the actor is the network's secretary, leader or an admin."""
        async with self._sessions() as session:
            managers = await self.managers(session, network_id)
        may_manage(actor=actor.aad_id, admins=self._admins, managers=managers)

    async def is_manager(self, actor: Actor, network_id: int | None) -> bool:
        """Whether the actor manages this network (or any network, when `network_id` is None)."""
        if actor.aad_id in self._admins:
            return True
        async with self._sessions() as session:
            query = select(Membership.id).where(
                Membership.aad_id == actor.aad_id,
                Membership.active.is_(True),
                Membership.role.in_(MANAGER_ROLES),
            )
            if network_id is not None:
                query = query.where(Membership.network_id == network_id)
            return (await session.scalar(query.limit(1))) is not None

    async def assign(self, actor: Actor, network: Network, changes: Mapping[int, Change]) -> int:
        """Set roles and HFs from the roles card; returns how many memberships changed.

        Raises:
            NotAllowed: the actor does not manage the network.
            InvalidInput: an unknown role, HF or membership; nothing is changed.
        """
        async with self._sessions.begin() as session:
            may_manage(
                actor=actor.aad_id,
                admins=self._admins,
                managers=await self.managers(session, network.id),
            )
            for change in changes.values():
                if change.role is not None and change.role not in Role.__members__.values():
                    raise InvalidInput("members.invalid.role")
                if change.hf is not None and change.hf not in HF.__members__.values():
                    raise InvalidInput("members.invalid.hf")
            rows = {
                m.id: m
                for m in await session.scalars(
                    select(Membership).where(
                        Membership.network_id == network.id, Membership.id.in_(list(changes))
                    )
                )
            }
            if set(rows) != set(changes):
                raise InvalidInput("members.invalid.person")
            changed = 0
            for membership_id, change in changes.items():
                membership = rows[membership_id]
                before = {"role": membership.role, "hf": membership.hf}
                after = {"role": change.role, "hf": change.hf}
                if before == after:
                    continue
                membership.role, membership.hf = change.role, change.hf
                record(
                    session,
                    "RoleAssigned",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"person:{membership.aad_id}",
                    before=before,
                    after=after,
                    name=membership.name,
                )
                changed += 1
            await session.flush()
            # A network must keep someone who can manage it.
            if not await self.managers(session, network.id):
                raise InvalidInput("members.invalid.no_manager")
        return changed


def voters(memberships: Sequence[Membership], network: Network) -> list[Membership]:
    """The members who vote in this network's polls now."""
    return [
        m
        for m in memberships
        if m.active
        and can_vote(m.role, user_representatives_vote=network.user_representatives_vote)
    ]
