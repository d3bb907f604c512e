"""End to end over HTTP: nudges reach people personally, in working hours, once; the rest by
an @mention in the channel; `påminnelser` lists what is coming; *remind me tomorrow* works.

The bot's own nudge service sweeps on the test's clock, through the bot's outbox and the Bot
Connector stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO
from dialogs.workdays import in_working_hours
from harness.client import Channel, TeamsClient, card_text, find_action
from harness.clock import FakeClock
from harness.connector import Connector, Person
from storage.db import Sessions
from storage.models import Membership, Network

DEADLINE = datetime(2026, 11, 30, 12, 0, tzinfo=OSLO)  # Monday noon
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=OSLO)
FRIDAY = datetime(2026, 11, 27, 12, 0, tzinfo=OSLO)


async def network_with(
    sessions: Sessions, connector: Connector, channel: Channel, people: list[Person]
) -> int:
    async with sessions.begin() as session:
        network = Network(
            name="Hjertenettverket",
            kind="professional_leader",
            tenant_id=connector.tenant_id,
            team_id=channel.team_id,
            channel_id=channel.channel_id,
            service_url=connector.url,
            created_by="aad-kari",
        )
        session.add(network)
        await session.flush()
        for p in people:
            session.add(
                Membership(network_id=network.id, aad_id=p.aad_id, teams_id=p.teams_id, name=p.name)
            )
        return network.id


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The bot's periodic jobs wait an hour: the test sweeps itself, moving the clock between
    sweeps, which a periodic run must not see mid-delivery."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
    )


def personal_nudges(connector: Connector, person: Person) -> list[dict[str, object]]:
    return connector.cards(f"a:personal-{person.key}")


async def test_three_people_nudged_personally_in_working_hours_and_one_by_mention(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
    bot_services: Services,
    clock: FakeClock,
) -> None:
    kari, ola, per, ingrid = (people[k] for k in ("kari", "ola", "per", "ingrid"))
    await teams.install(kari)
    await teams.install(per)
    teams.locale = "en-GB"
    await teams.install(ola)
    teams.locale = "nb-NO"
    network_id = await network_with(bot_sessions, connector, channel, [kari, ola, per, ingrid])

    now = datetime(2026, 11, 25, 13, 0, tzinfo=OSLO).astimezone(UTC)
    clock.set(now)
    nudges = bot_services.nudges
    async with bot_sessions.begin() as session:
        pending = await nudges.schedule(
            session,
            subject="poll:12",
            kind="poll_vote",
            network_id=network_id,
            deadline=DEADLINE,
            recipients=[p.aad_id for p in (kari, ola, per, ingrid)],
            action={"action": "poll.open_ballot", "poll_id": 12},
            params={"network": "Hjertenettverket", "title": "7/2026 Ny prosedyre"},
        )
    assert pending == 8

    arrivals: dict[str, list[datetime]] = {}
    seen = 0
    while now < DEADLINE.astimezone(UTC) + timedelta(days=1):
        clock.set(now)
        if now == (THURSDAY + timedelta(hours=1)).astimezone(UTC):
            async with bot_sessions.begin() as session:  # Ola votes after Thursday's nudge
                assert await nudges.cancel(session, subject="poll:12", recipient=ola.aad_id) == 1
        await nudges.sweep()
        for activity in list(connector.activities.values())[seen:]:
            conversation = str(activity["conversation"]["id"]).split(";")[0]
            arrivals.setdefault(conversation, []).append(now)
        seen = len(connector.activities)
        now += timedelta(minutes=30)

    thursday, friday = THURSDAY.astimezone(UTC), FRIDAY.astimezone(UTC)
    assert arrivals[f"a:personal-{kari.key}"] == [thursday, friday]
    assert arrivals[f"a:personal-{per.key}"] == [thursday, friday]
    assert arrivals[f"a:personal-{ola.key}"] == [thursday], "voted: nothing the next day"
    assert arrivals[channel.channel_id] == [thursday, friday], "Ingrid: @mention in the channel"
    assert all(in_working_hours(m) for times in arrivals.values() for m in times)

    card = personal_nudges(connector, kari)[0]
    text = card_text(card)
    assert "Avstemningen venter på din stemme" in text
    assert "7/2026 Ny prosedyre" in text
    assert "Hjertenettverket" in text
    assert "30. nov. 2026 kl. 12:00" in text
    assert find_action(card, "poll.open_ballot") == {"action": "poll.open_ballot", "poll_id": 12}
    assert "Vote now" in card_text(personal_nudges(connector, ola)[0]), "in Ola's language"

    mention = connector.sent_to(channel.channel_id)[0]
    assert f"<at>{ingrid.name}</at>" in str(mention["text"])
    assert mention["entities"][0]["mentioned"] == {"id": ingrid.teams_id, "name": ingrid.name}
    assert await nudges.unreachable(network_id) == {ingrid.aad_id}

    # Remind me tomorrow, clicked on Friday's card (on Tuesday, the day after the deadline).
    snooze = find_action(personal_nudges(connector, kari)[-1], "nudge.snooze")
    clicked = await teams.click(kari, snooze)
    assert clicked.status == 200
    assert "jeg minner deg på det igjen" in card_text(clicked.body["value"])
    refused = await teams.click(per, snooze)
    assert "Fant ikke denne påminnelsen" in str(refused.body)

    # `påminnelser` in personal chat lists it; in a channel it points to the personal chat.
    await teams.say(kari, "påminnelser")
    listing = card_text(connector.cards(f"a:personal-{kari.key}")[-1])
    assert "Dine påminnelser" in listing
    assert "7/2026 Ny prosedyre" in listing
    await teams.say(kari, "påminnelser", channel)
    assert "personlig chat" in connector.texts()[-1]
