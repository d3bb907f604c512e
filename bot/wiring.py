"""Building the services once and handing them to each capability's handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.settings import Settings
from dialogs.cases.handlers import CaseHandlers
from dialogs.cases.service import CaseService
from dialogs.decisions.handlers import DecisionHandlers
from dialogs.decisions.service import DecisionService
from dialogs.escalation.cards import EscalationCards
from dialogs.escalation.handlers import EscalationHandlers
from dialogs.escalation.service import EscalationService
from dialogs.help.handlers import HelpHandlers
from dialogs.links import SignedLinks
from dialogs.members.handlers import MemberHandlers
from dialogs.members.service import MemberService
from dialogs.networks.handlers import NetworkHandlers
from dialogs.networks.service import NetworkService
from dialogs.nudges.handlers import NudgeHandlers
from dialogs.nudges.rules import plans_with
from dialogs.nudges.service import NudgeService
from dialogs.outbox import Outbox
from dialogs.polls.cards import PollCards
from dialogs.polls.handlers import PollHandlers
from dialogs.polls.service import PollService
from dialogs.routing import Capability, Router, router_of
from graph import Graph, graph_configured
from storage.clock import system_clock
from storage.db import Sessions


@dataclass(frozen=True)
class Services:
    """The capabilities' services, built once per process."""

    networks: NetworkService
    members: MemberService
    nudges: NudgeService
    cases: CaseService
    polls: PollService
    decisions: DecisionService
    links: SignedLinks
    escalations: EscalationService
    graph: Graph | None
    """Microsoft Graph, or None where no credentials are configured."""


def build_services(
    sessions: Sessions,
    outbox: Outbox,
    settings: Settings,
    *,
    graph: Graph | None = None,
    now: Callable[[], datetime] = system_clock,
) -> Services:
    """Construct every service over one session factory, one outbox and one clock."""
    admins = settings.admins
    members = MemberService(sessions, admins=admins)
    networks = NetworkService(sessions, members, admins=admins, now=now)
    nudges = NudgeService(sessions, outbox, plans=plans_with(settings.nudge_plans), now=now)
    decisions = DecisionService(sessions, members, outbox, nudges, now=now)
    escalations = EscalationService(
        sessions,
        members,
        outbox,
        nudges,
        EscalationCards(),
        now=now,
        retry_interval=timedelta(seconds=settings.escalation_retry_seconds),
    )
    return Services(
        networks=networks,
        members=members,
        nudges=nudges,
        cases=CaseService(sessions, members, now=now),
        polls=PollService(
            sessions,
            members,
            outbox,
            nudges,
            PollCards(),
            now=now,
            escalations=escalations,
        ),
        decisions=decisions,
        links=SignedLinks(settings.public_base_url, settings.export_secret, now=now),
        escalations=escalations,
        graph=graph,
    )


def connect_graph(settings: Settings) -> Graph | None:
    """Graph from the settings' credentials, or None when none are configured."""
    return graph_configured(
        tenant_id=settings.graph_tenant_id,
        client_id=settings.graph_client_id,
        client_secret=settings.graph_client_secret,
        certificate_path=settings.graph_certificate_path,
        managed_identity=settings.graph_managed_identity,
        base_url=settings.graph_base_url,
    )


def build_router(services: Services) -> Router:
    """One router over every capability's commands and card actions."""
    capabilities: list[Capability] = [
        HelpHandlers(services.networks, services.members),
        NetworkHandlers(services.networks),
        MemberHandlers(services.networks, services.members, services.nudges),
        NudgeHandlers(services.nudges),
        CaseHandlers(services.networks, services.members, services.cases),
        PollHandlers(services.networks, services.cases, services.polls, services.decisions),
        DecisionHandlers(services.networks, services.members, services.decisions, services.links),
        EscalationHandlers(services.networks, services.escalations),
    ]
    return router_of(capabilities)
