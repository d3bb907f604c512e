"""Building the services once and handing them to each capability's handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.settings import Settings
from dialogs.agenda.handlers import AgendaHandlers
from dialogs.agenda.service import AgendaService
from dialogs.annual.cards import AnnualCards
from dialogs.annual.handlers import AnnualHandlers
from dialogs.annual.service import AnnualService
from dialogs.cases.handlers import CaseHandlers
from dialogs.cases.service import CaseService
from dialogs.decisions.handlers import DecisionHandlers
from dialogs.decisions.service import DecisionService
from dialogs.escalation.cards import EscalationCards
from dialogs.escalation.handlers import EscalationHandlers
from dialogs.escalation.service import EscalationService
from dialogs.help.handlers import HelpHandlers
from dialogs.links import SignedLinks
from dialogs.meetings.cards import MeetingCards
from dialogs.meetings.handlers import MeetingHandlers
from dialogs.meetings.service import MeetingService
from dialogs.members.handlers import MemberHandlers
from dialogs.members.service import MemberService
from dialogs.minutes.handlers import MinutesHandlers
from dialogs.minutes.service import MinutesService
from dialogs.networks.handlers import NetworkHandlers
from dialogs.networks.service import NetworkService
from dialogs.nudges.handlers import NudgeHandlers
from dialogs.nudges.rules import plans_with
from dialogs.nudges.service import NudgeService
from dialogs.outbox import Outbox
from dialogs.polls.cards import PollCards
from dialogs.polls.handlers import PollHandlers
from dialogs.polls.service import PollService
from dialogs.quality.handlers import QualityHandlers
from dialogs.quality.service import QualityService
from dialogs.routing import Capability, Router, router_of
from dialogs.summary.handlers import SummaryHandlers
from dialogs.summary.service import SummaryService
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
    minutes: MinutesService
    meetings: MeetingService
    graph: Graph | None
    """Microsoft Graph, or None where no credentials are configured."""
    summary: SummaryService
    annual: AnnualService
    quality: QualityService
    agenda: AgendaService


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
    cases = CaseService(sessions, members, now=now)
    escalations = EscalationService(
        sessions,
        members,
        outbox,
        nudges,
        EscalationCards(),
        now=now,
        retry_interval=timedelta(seconds=settings.escalation_retry_seconds),
    )
    networks.on_director_registered(escalations.director_network_registered)
    return Services(
        networks=networks,
        members=members,
        nudges=nudges,
        cases=cases,
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
        minutes=MinutesService(sessions, members, outbox, nudges, now=now),
        meetings=MeetingService(
            sessions,
            members,
            outbox,
            nudges,
            MeetingCards(),
            graph=graph,
            organiser=settings.meeting_organiser,
            gathering_invitees=settings.gathering_invitees,
            now=now,
        ),
        graph=graph,
        quality=QualityService(sessions, members, outbox, nudges, now=now),
        summary=SummaryService(sessions, outbox, admins=admins, now=now),
        agenda=AgendaService(sessions, members, cases, outbox, nudges, admins=admins, now=now),
        annual=AnnualService(
            sessions,
            members,
            outbox,
            nudges,
            AnnualCards(),
            files=graph,
            admins=admins,
            priorities_date=settings.annual_priorities_date,
            report_date=settings.annual_report_date,
            now=now,
        ),
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
        MinutesHandlers(services.networks, services.minutes, services.links),
        MeetingHandlers(services.networks, services.meetings, services.links),
        QualityHandlers(services.networks, services.quality, services.links),
        SummaryHandlers(services.summary, services.links),
        AgendaHandlers(services.networks, services.agenda),
        AnnualHandlers(services.networks, services.members, services.annual, services.links),
    ]
    return router_of(capabilities)
