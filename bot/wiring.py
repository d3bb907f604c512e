"""Building the services once and handing them to each capability's handlers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from dialogs.help.handlers import HelpHandlers
from dialogs.members.handlers import MemberHandlers
from dialogs.members.service import MemberService
from dialogs.networks.handlers import NetworkHandlers
from dialogs.networks.service import NetworkService
from dialogs.outbox import Outbox
from dialogs.routing import Router
from storage.db import Sessions


@dataclass(frozen=True)
class Services:
    """The capabilities' services, built once per process."""

    networks: NetworkService
    members: MemberService


def build_services(sessions: Sessions, outbox: Outbox, settings: Settings) -> Services:
    """Construct every service over one session factory and one outbox."""
    admins = settings.admins
    members = MemberService(sessions, admins=admins)
    networks = NetworkService(sessions, members, admins=admins)
    return Services(networks=networks, members=members)


def build_router(services: Services) -> Router:
    """One router over every capability's commands and card actions."""
    capabilities = [
        HelpHandlers(services.networks, services.members),
        NetworkHandlers(services.networks),
        MemberHandlers(services.networks, services.members),
    ]
    command_handlers = {}
    action_routes = []
    for capability in capabilities:
        command_handlers.update(capability.commands())
        action_routes.extend(capability.actions())
    return Router(command_handlers, action_routes)
