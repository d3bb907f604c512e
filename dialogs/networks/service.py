"""Registering networks and finding the network of a place."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.errors import DomainError, InvalidInput, NotFound, NotRegistered
from dialogs.i18n import OSLO, Lang
from dialogs.members.rules import Role
from dialogs.members.service import MemberService
from dialogs.networks import rules
from dialogs.networks.rules import Kind
from dialogs.turn import Actor, Place, RosterEntry
from storage.clock import Now, system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import Network

log = logging.getLogger(__name__)

DirectorHook = Callable[[Network, Lang], Awaitable[object]]
"""Called after the director network is registered, with the registrar's language."""


class AlreadyRegistered(DomainError):
    """The channel is bound to a network already."""

    key = "network.already_registered"


@dataclass(frozen=True)
class RegistrationForm:
    """What the registration card offers: possible parents and the team's people."""

    parents: Sequence[tuple[int, str]]
    people: Sequence[RosterEntry]
    default_secretary: str


@dataclass(frozen=True)
class RegisterRequest:
    """The submitted registration form, as typed by the user."""

    name: str | None
    kind: str | None
    parent_id: int | None
    end_date: date | None
    secretary_aad_id: str | None


class NetworkService:
    """Binds channels to networks and answers which network a place belongs to."""

    def __init__(
        self,
        sessions: Sessions,
        members: MemberService,
        *,
        admins: Collection[str],
        now: Now = system_clock,
    ):
        self._sessions = sessions
        self._members = members
        self._admins = frozenset(admins)
        self._now = now
        self._director_hooks: list[DirectorHook] = []

    def on_director_registered(self, hook: DirectorHook) -> None:
        """Run `hook` once the director network is registered (escalations that waited for
        it go out then)."""
        self._director_hooks.append(hook)

    @property
    def admins(self) -> frozenset[str]:
        """The administrators named in settings."""
        return self._admins

    async def of_place(self, place: Place) -> Network | None:
        """The network bound to this channel, if any."""
        if place.team_id is None or place.channel_id is None:
            return None
        async with self._sessions() as session:
            return await _network_of_channel(session, place.team_id, place.channel_id)

    async def require(self, place: Place) -> Network:
        """The network of this channel.

        Raises:
            NotRegistered: when the channel is not bound to one.
        """
        network = await self.of_place(place)
        if network is None:
            raise NotRegistered()
        return network

    async def get(self, network_id: int) -> Network:
        """A network by id.

        Raises:
            NotFound: no such network.
        """
        async with self._sessions() as session:
            network = await session.get(Network, network_id)
        if network is None:
            raise NotFound(name=str(network_id))
        return network

    async def by_name(self, name: str) -> Network | None:
        """A network whose name matches `name` (case-insensitive; a unique prefix will do)."""
        async with self._sessions() as session:
            networks = (await session.scalars(select(Network).order_by(Network.name))).all()
        wanted = name.casefold().strip()
        exact = [n for n in networks if n.name.casefold() == wanted]
        if exact:
            return exact[0]
        partial = [n for n in networks if wanted and wanted in n.name.casefold()]
        return partial[0] if len(partial) == 1 else None

    async def all(self) -> Sequence[Network]:
        """Every network, by name."""
        async with self._sessions() as session:
            return (await session.scalars(select(Network).order_by(Network.name))).all()

    async def registration_form(
        self, actor: Actor, place: Place, roster: Sequence[RosterEntry]
    ) -> RegistrationForm:
        """Check that the actor may register here, and what the form should offer.

        Raises:
            InvalidInput: outside a team channel.
            AlreadyRegistered: the channel has a network.
            NotAllowed: the actor may not register networks in this team.
        """
        team_id, channel_id = _channel_of(place)
        async with self._sessions() as session:
            await self._check_may_register(session, actor, team_id, channel_id)
            networks = (await session.scalars(select(Network).order_by(Network.name))).all()
        parents = [(n.id, n.name) for n in networks if Kind(n.kind) is not Kind.DIRECTOR]
        return RegistrationForm(
            parents, sorted(roster, key=lambda p: p.name.casefold()), actor.aad_id
        )

    async def register(
        self,
        actor: Actor,
        place: Place,
        form: RegisterRequest,
        roster: Sequence[RosterEntry],
        *,
        lang: Lang = "nb",
    ) -> Network:
        """Bind the channel to a new network, take the team's roster in, name the secretary;
        for the director network, then run the `on_director_registered` hooks.

        Raises:
            AlreadyRegistered, NotAllowed, InvalidInput: nothing is stored.
        """
        team_id, channel_id = _channel_of(place)
        try:
            async with self._sessions.begin() as session:
                await self._check_may_register(session, actor, team_id, channel_id)
                existing = (await session.scalars(select(Network))).all()
                director = next((n for n in existing if n.kind == Kind.DIRECTOR), None)
                people = {p.aad_id for p in roster} | {actor.aad_id}
                if form.secretary_aad_id and form.secretary_aad_id not in people:
                    raise InvalidInput("network.invalid.secretary")
                registration = rules.validate_registration(
                    name=form.name,
                    kind=form.kind,
                    parent_id=form.parent_id,
                    end_date=form.end_date,
                    secretary_aad_id=form.secretary_aad_id,
                    today=self._now().astimezone(OSLO).date(),
                    parent_kinds={n.id: Kind(n.kind) for n in existing},
                    director_exists=director is not None,
                )
                network = Network(
                    name=registration.name,
                    kind=registration.kind.value,
                    tenant_id=place.tenant_id,
                    team_id=team_id,
                    channel_id=channel_id,
                    service_url=place.service_url,
                    parent_id=registration.parent_id,
                    end_date=registration.end_date,
                    escalation_target_id=rules.default_escalation_target(
                        registration.kind, registration.parent_id, director.id if director else None
                    ),
                    created_by=actor.aad_id,
                )
                session.add(network)
                await session.flush()
                if registration.kind is Kind.DIRECTOR:
                    await _point_orphans_at(session, network.id)
                record(
                    session,
                    "NetworkRegistered",
                    actor=actor.aad_id,
                    network_id=network.id,
                    subject=f"network:{network.id}",
                    name=network.name,
                    kind=network.kind,
                    parent_id=network.parent_id,
                    end_date=network.end_date.isoformat() if network.end_date else None,
                    team_id=team_id,
                    channel_id=channel_id,
                )
                everyone = list(roster)
                if actor.aad_id not in {p.aad_id for p in roster}:
                    everyone.append(RosterEntry(actor.aad_id, actor.teams_id, actor.name))
                await self._members.take_roster(session, network, everyone, actor=actor.aad_id)
                await self._members.set_role(
                    session,
                    network,
                    registration.secretary_aad_id,
                    Role.SECRETARY,
                    actor=actor.aad_id,
                )
        except IntegrityError as clash:
            # Two registrations raced: the database's unique constraints decided.
            async with self._sessions() as session:
                here = await _network_of_channel(session, team_id, channel_id)
            if here is not None:
                raise AlreadyRegistered(name=here.name) from clash
            raise InvalidInput("network.invalid.second_director") from clash
        if network.kind == Kind.DIRECTOR:
            for hook in self._director_hooks:
                try:
                    await hook(network, lang)
                except Exception:
                    # The network is registered; the escalation job picks up what is left.
                    log.exception("after registering director network %s", network.id)
        return network

    async def _check_may_register(
        self, session: AsyncSession, actor: Actor, team_id: str, channel_id: str
    ) -> None:
        here = await _network_of_channel(session, team_id, channel_id)
        if here is not None:
            raise AlreadyRegistered(name=here.name)
        team_networks = (
            await session.scalars(select(Network.id).where(Network.team_id == team_id))
        ).all()
        managers: set[str] = set()
        for network_id in team_networks:
            managers |= await self._members.managers(session, network_id)
        rules.may_register(
            actor=actor.aad_id,
            admins=self._admins,
            managers_in_team=managers,
            team_has_network=bool(team_networks),
        )


def _channel_of(place: Place) -> tuple[str, str]:
    if place.scope != "channel" or place.team_id is None or place.channel_id is None:
        raise InvalidInput("network.register.channel_only")
    return place.team_id, place.channel_id


async def _network_of_channel(
    session: AsyncSession, team_id: str, channel_id: str
) -> Network | None:
    return await session.scalar(
        select(Network).where(Network.team_id == team_id, Network.channel_id == channel_id)
    )


async def _point_orphans_at(session: AsyncSession, director_id: int) -> None:
    """Networks registered before the director network escalate to it from now on."""
    orphans = await session.scalars(
        select(Network).where(
            Network.escalation_target_id.is_(None),
            Network.kind.in_([Kind.PROFESSIONAL_LEADER.value, Kind.QUALITY_COMPETENCE.value]),
            Network.id != director_id,
        )
    )
    for network in orphans:
        network.escalation_target_id = director_id
