"""End to end over HTTP: January's priorities case opens by itself and is decided by a consensus
poll; a report cycle opens, three members answer through their cards, the fourth is nudged, a late
input is refused, the leader edits and approves, the one-page DOCX lands in the channel's files
through the Graph stand-in, and the director network's channel gets the report card.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import OUTBOX, create_app
from bot.retry import ConnectorRetry
from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO
from graph import Graph
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.graph import GraphStandIn
from harness.office import pdf_pages
from harness.scenario import (
    HJERTE_ROLES,
    assign_roles,
    message,
    ok_card,
    open_poll,
    register_network,
    vote,
)
from storage.db import Sessions
from storage.models import Event, ReportCycle, ReportInput

DIRECTOR_ROLES = {
    "dag": ("director", "st_olav"),
    "ingrid": ("director", "hnt"),
    "siri": ("secretary", "rhf"),
}
VOTERS = ("kari", "ola", "ingrid", "dag")


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Periodic jobs wait an hour: the test runs the annual job and sweeps itself."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
        annual_seconds=3600,
    )


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock, graph: Graph) -> AsyncIterator[TestServer]:
    """The whole service with Graph pointed at the stand-in."""
    app = create_app(
        settings, retry=ConnectorRetry(attempts=5, base=0.01, cap=0.2), now=clock, graph=graph
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
def director_channel(connector: Connector, people: dict[str, Person]) -> Channel:
    """The director network's channel, in its own team."""
    where = Channel("19:team-direktor@thread.tacv2", "19:general-direktor@thread.tacv2", "Dir")
    connector.teams[where.team_id] = [people[k] for k in ("dag", "ingrid", "siri")]
    return where


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO).astimezone(UTC)


async def test_a_year_from_priorities_to_the_approved_one_page_report(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    clock: FakeClock,
    bot: TestServer,
    bot_services: Services,
    bot_sessions: Sessions,
    graph_stand_in: GraphStandIn,
) -> None:
    kari, per = people["kari"], people["per"]
    team = graph_stand_in.add_team(channel.team_id, "Fagnettverk hjerte")
    team.channels[channel.channel_id] = {
        "id": channel.channel_id,
        "displayName": "Hjerte",
        "description": "",
        "membershipType": "standard",
    }
    clock.set(_at(2025, 12, 15, 10, 0))
    ok_card(await register_network(teams, kari, channel, name="Hjertenettverket", secretary=per))
    await assign_roles(teams, per, channel, people, HJERTE_ROLES)
    ok_card(
        await register_network(
            teams,
            people["siri"],
            director_channel,
            name="Fagdirektørnettverket",
            kind="director",
            secretary=people["siri"],
        )
    )
    await assign_roles(teams, people["siri"], director_channel, people, DIRECTOR_ROLES)

    # New Year's Day is a holiday: the job opens nothing until Friday 2 January.
    clock.set(_at(2025, 12, 31, 12, 0))
    assert await bot_services.annual.open_due() == 0
    clock.set(_at(2026, 1, 2, 7, 0))
    assert await bot_services.annual.open_due() == 1
    assert await bot_services.annual.open_due() == 0, "once per network and year"
    await bot.app[OUTBOX].flush()
    posted = [c for c in connector.cards(channel.channel_id) if "Prioriterte mål" in card_text(c)]
    assert len(posted) == 1
    assert "1/2026" in card_text(posted[0])

    # Per fills in the goals and the sources, then opens the poll on case 1/2026.
    form = ok_card(
        await teams.click(per, find_action(posted[0], "annual.priorities_form"), channel)
    )
    saved = ok_card(
        await teams.click(
            per,
            find_action(form, "annual.priorities_save"),
            channel,
            inputs={
                "goal_0": "Felles regional prosedyre for hjertesvikt",
                "measures_0": "Arbeidsgruppe, høring i alle HF",
                "owner_0": "Kari",
                "task_0": "standardisation",
                "goal_1": "Kompetanseplan for hjertesykepleiere",
                "measures_1": "Kartlegging av behov",
                "owner_1": "Ola",
                "task_1": "competence",
                "sources": "quality_registries,staffing",
            },
        )
    )
    assert "Felles regional prosedyre for hjertesvikt" in card_text(saved)
    case_said = await teams.say(per, "sak 1/2026", channel)
    assert case_said.status in (200, 201)
    case_card = connector.cards()[-1]
    poll_card = await open_poll(teams, per, channel, case_card)
    for key in VOTERS:
        assert (await vote(teams, people[key], channel, poll_card, "agree")).status == 200
    priorities = await bot_services.annual.priorities_of(1, 2026)
    assert priorities is not None
    assert priorities.decided
    assert [g.goal for g in priorities.goals] == [
        "Felles regional prosedyre for hjertesvikt",
        "Kompetanseplan for hjertesykepleiere",
    ]

    # November: Per starts the report cycle; every voter gets a personal card.
    for key in VOTERS:
        await teams.install(people[key])
    clock.set(_at(2026, 11, 16, 9, 0))
    said = await teams.say(per, "rapport start 2026", channel)
    assert said.status in (200, 201)
    assert any("4 medlemmer har fått et innspillskort" in x for x in connector.texts())
    again = await teams.say(per, "rapport start 2026", channel)
    assert again.status in (200, 201)
    assert any("allerede startet" in x for x in connector.texts())
    await bot.app[OUTBOX].flush()
    for key in VOTERS:
        cards = connector.cards(f"a:personal-{people[key].key}")
        invitations = [c for c in cards if "annual.input_form" in str(c)]
        assert len(invitations) == 1, key

    # Ola, Ingrid and Dag answer through their cards.
    answers = {
        "ola": "Innført felles sjekkliste for utskriving ved alle sykehus.",
        "ingrid": "Etablert ukentlig videomøte med kommunene om hjertesviktpasienter.",
        "dag": "Tre nye kliniske studier startet i regionen.",
    }
    for key, text in answers.items():
        person = people[key]
        invitation = connector.cards(f"a:personal-{person.key}")[0]
        form = ok_card(await teams.click(person, find_action(invitation, "annual.input_form")))
        assert {"attainment_0", "attainment_1", "activity", "competence"} <= {
            f["id"] for f in inputs_of(form)
        }
        answered = await teams.click(
            person,
            find_action(form, "annual.input_give"),
            inputs={
                "activity": text,
                "competence": "Behov for flere hjertesykepleiere med videreutdanning.",
                "attainment_0": "partly",
                "attainment_note_0": "Prosedyren er på høring.",
                "attainment_1": "achieved",
            },
        )
        ok_card(answered)
    status_said = await teams.say(per, "rapport status", channel)
    assert status_said.status in (200, 201)
    status = card_text(connector.cards()[-1])
    assert "3 av 4" in status
    assert "Kari" in status

    # Kari has not answered: the reminder engine nudges her (and not Ola) in working hours.
    clock.set(_at(2026, 11, 23, 8, 0))
    await bot_services.nudges.sweep()
    await bot.app[OUTBOX].flush()
    kari_cards = connector.cards(f"a:personal-{kari.key}")
    assert any("innspill til årsrapporten" in card_text(c).lower() for c in kari_cards[1:])
    ola_cards = connector.cards(f"a:personal-{people['ola'].key}")
    assert not any("Gi innspill til årsrapporten" in card_text(c) for c in ola_cards[1:])

    # After the input deadline Ingrid's edit is refused politely; nothing changes.
    clock.set(_at(2026, 12, 1, 9, 0))
    ingrid = people["ingrid"]
    invitation = connector.cards(f"a:personal-{ingrid.key}")[0]
    late = await teams.click(
        ingrid,
        {"action": "annual.input_give", "cycle_id": invitation_cycle(invitation)},
        inputs={"activity": "Endret etter fristen."},
    )
    assert "Fristen for innspill" in message(late)

    # Kari reads the draft, edits one section and approves.
    await teams.say(kari, "rapport utkast", channel)
    draft = connector.cards()[-1]
    assert "Felles regional prosedyre for hjertesvikt" in str(draft)
    assert "sjekkliste" in str(draft)
    edited = ok_card(
        await teams.click(
            kari,
            find_action(draft, "annual.draft_save"),
            channel,
            inputs={"section_other": "Nettverket fikk ny sekretær i mars."},
        )
    )
    assert "ny sekretær" in str(edited)
    approved = ok_card(await teams.click(kari, find_action(edited, "annual.approve"), channel))
    assert "Årsrapport 2026" in card_text(approved)
    await bot.app[OUTBOX].flush()

    # The DOCX is in the channel's files, one page long.
    files = graph_stand_in.channel_files(channel.team_id, channel.channel_id)
    assert list(files) == ["arsrapport-2026-hjertenettverket.docx"]
    assert pdf_pages(files["arsrapport-2026-hjertenettverket.docx"]) == 1

    # The director network's channel gets the report card.
    director_cards = [
        c for c in connector.cards(director_channel.channel_id) if "Årsrapport 2026" in card_text(c)
    ]
    assert len(director_cards) == 1
    assert "ny sekretær" in card_text(director_cards[0])
    async with bot_sessions() as session:
        cycle = await session.scalar(select(ReportCycle))
        assert cycle is not None
        assert cycle.state == "submitted"
        inputs = (await session.scalars(select(ReportInput).order_by(ReportInput.id))).all()
        assert sorted(cycle.drew_on["inputs"]) == sorted(i.id for i in inputs if i.answers)
        assert len(cycle.drew_on["decisions"]) == 1
        kinds = set(await session.scalars(select(Event.kind)))
    assert {"PrioritiesCaseOpened", "ReportCycleOpened", "ReportInputGiven", "ReportApproved"} <= (
        kinds
    )


def invitation_cycle(invitation: dict[str, object]) -> int:
    """The cycle id an invitation card's button carries."""
    return int(find_action(invitation, "annual.input_form")["cycle_id"])
