"""End to end with a controllable clock: a poll nudges those who have not voted, in working
hours, exactly once per planned moment; voting stops the nudges; closing cancels the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO
from harness.client import Channel, TeamsClient, card_text, find_action
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import create_case, hjerte_network, ok_card, open_poll, vote
from storage.db import Sessions
from storage.models import Reminder

VOTERS = ("kari", "ola", "ingrid", "dag")


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The bot's periodic jobs wait an hour: the test sweeps and closes itself, moving the clock
    in between, which a periodic run must not see mid-delivery."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
    )


def oslo(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in November 2026, Oslo time, as UTC."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=OSLO).astimezone(UTC)


def nudged(connector: Connector, person: Person) -> list[dict[str, object]]:
    return connector.cards(f"a:personal-{person.key}")


def mentions_of(connector: Connector, person: Person) -> list[dict[str, object]]:
    """Channel messages that @mention the person (the fallback for unreachable people)."""
    return [
        a
        for a in connector.activities.values()
        if any(
            e.get("type") == "mention" and e.get("mentioned", {}).get("id") == person.teams_id
            for e in a.get("entities") or []
        )
    ]


async def test_three_non_voters_get_three_nudges_and_a_voter_none_the_next_day(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_services: Services,
    bot_sessions: Sessions,
    clock: FakeClock,
) -> None:
    clock.set(oslo(23, 10))  # Monday
    for key in ("kari", "ola", "ingrid"):  # Dag has not installed the app personally
        await teams.install(people[key])
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Ny prosedyre")
    # Deadline Friday 27 November 15:00: nudges on Wednesday and Thursday at 15:00.
    poll_card = await open_poll(
        teams, people["per"], channel, case_card, deadline_date="2026-11-27", deadline_time="15:00"
    )
    await vote(teams, people["kari"], channel, poll_card, "agree")
    sweep = bot_services.nudges.sweep

    clock.set(oslo(25, 14, 59))
    await sweep()
    assert all(nudged(connector, people[k]) == [] for k in VOTERS)

    clock.set(oslo(25, 15, 0, 1))
    await sweep()
    await sweep()  # a second sweep at the same moment sends nothing more
    assert [len(nudged(connector, people[k])) for k in VOTERS] == [0, 1, 1, 0]
    assert len(mentions_of(connector, people["dag"])) == 1
    ola_nudge = nudged(connector, people["ola"])[0]
    assert "Hjertenettverket" in card_text(ola_nudge)
    assert "27. nov. 2026 kl. 15:00" in card_text(ola_nudge)

    # Ola votes straight from the nudge's button (it opens his view of the poll).
    ballot = ok_card(await teams.click(people["ola"], find_action(ola_nudge, "poll.refresh")))
    await vote(teams, people["ola"], channel, ballot, "stand_aside")

    clock.set(oslo(26, 15, 0, 1))
    await sweep()
    assert [len(nudged(connector, people[k])) for k in VOTERS] == [0, 1, 2, 0]
    assert len(mentions_of(connector, people["dag"])) == 2
    await teams.say(people["per"], "medlemmer", channel)
    assert (
        "Ikke nåbar personlig (har ikke installert appen, påminnelser går til kanalen): Dag Direktør"
        in card_text(connector.cards()[-1])
    )

    # The poll closes at its deadline; what is left of its reminders is cancelled.
    clock.set(oslo(27, 15, 0, 1))
    assert await bot_services.polls.close_due() == 1
    async with bot_sessions() as session:
        states = {r.state for r in await session.scalars(select(Reminder))}
    assert "pending" not in states
    assert [len(nudged(connector, people[k])) for k in VOTERS] == [0, 1, 2, 0]
