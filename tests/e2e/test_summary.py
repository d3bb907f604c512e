"""The summary across networks, end to end over HTTP: three networks in three teams set up the
way their people would, the adviser's `oppsummering` (sorted, filtered, details, CSV through
the signed link), the weekly digest on Monday 08:00 Oslo time and on the Tuesday after Easter
Monday, related cases told to both secretaries with one click, and a member's own view."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import OUTBOX, SERVICES
from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO
from harness.client import Channel, TeamsClient, card_text, execute_actions, find_action
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import (
    HJERTE_ROLES,
    assign_roles,
    latest_poll_card,
    ok_card,
    open_poll,
    register_network,
    vote,
)
from storage.db import Sessions
from storage.models import Case

HJERTE = Channel("19:team-hjerte@thread.tacv2", "19:general-hjerte@thread.tacv2", "Hjerte")
BARN = Channel("19:team-barn@thread.tacv2", "19:general-barn@thread.tacv2", "Barn")
ANESTESI = Channel("19:team-an@thread.tacv2", "19:general-an@thread.tacv2", "Anestesi")

START = datetime(2026, 11, 18, 10, 0, tzinfo=OSLO).astimezone(UTC)
"""A Wednesday morning: the week's digest moment has passed."""


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Periodic jobs wait an hour: the test runs the digest job and the outbox itself."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
        digest_seconds=3600,
    )


async def new_case(
    teams: TeamsClient, secretary: Person, where: Channel, title: str, description: str
) -> dict[str, Any]:
    """`sak` in the channel and the form submitted; returns the case card."""
    await teams.say(secretary, "sak", where)
    form = teams.connector.cards()[-1]
    return ok_card(
        await teams.click(
            secretary,
            find_action(form, "case.create"),
            where,
            inputs={
                "title": title,
                "description": description,
                "proposal": "",
                "case_type": "regional_procedure",
                "user_participation": "false",
                "needs_anchoring": "false",
            },
        )
    )


async def build_world(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], clock: FakeClock
) -> None:
    """Hjertenettverket (a running poll with one vote of four, and a case on regular
    medication), Barnenettverket (fasting before anaesthesia in children) and
    Anestesinettverket (preoperative fasting, and regular meetings with the municipalities),
    each in its own team, with Siri the RHF adviser in all three."""
    clock.set(START)
    p = people
    connector.teams.clear()
    connector.teams[HJERTE.team_id] = [p[k] for k in HJERTE_ROLES]
    connector.teams[BARN.team_id] = [p["ingrid"], p["kari"], p["siri"]]
    connector.teams[ANESTESI.team_id] = [p["ola"], p["per"], p["siri"]]

    ok_card(await register_network(teams, p["kari"], HJERTE, secretary=p["per"]))
    await assign_roles(teams, p["per"], HJERTE, p, HJERTE_ROLES)
    ok_card(
        await register_network(
            teams, p["ingrid"], BARN, name="Barnenettverket", secretary=p["ingrid"]
        )
    )
    await assign_roles(
        teams,
        p["ingrid"],
        BARN,
        p,
        {"kari": ("member", "st_olav"), "siri": ("rhf_adviser", "rhf")},
    )
    ok_card(
        await register_network(
            teams, p["ola"], ANESTESI, name="Anestesinettverket", secretary=p["ola"]
        )
    )
    await assign_roles(
        teams,
        p["ola"],
        ANESTESI,
        p,
        {"per": ("member", "st_olav"), "siri": ("rhf_adviser", "rhf")},
    )

    troponin = await new_case(
        teams,
        p["per"],
        HJERTE,
        "Referanseområder for troponin",
        "Harmonisering av troponinanalysen mellom sykehusene.",
    )
    await open_poll(teams, p["per"], HJERTE, troponin)
    assert (await vote(teams, p["ola"], HJERTE, latest_poll_card(teams), "agree")).status == 200
    await new_case(
        teams,
        p["per"],
        HJERTE,
        "Faste legemidler ved hjertesvikt",
        "Legemiddelgjennomgang av fast medisinering.",
    )
    await new_case(
        teams,
        p["ingrid"],
        BARN,
        "Faste før narkose hos barn",
        "Hvor lenge skal barn faste før anestesi ved dagkirurgi?",
    )
    await new_case(
        teams,
        p["ola"],
        ANESTESI,
        "Preoperativ faste",
        "Felles retningslinje for faste og klare væsker før operasjon.",
    )
    await new_case(
        teams,
        p["ola"],
        ANESTESI,
        "Faste møter med kommunene",
        "Faste møter om utskrivningsklare pasienter.",
    )


def rows_of(card: dict[str, Any]) -> list[str]:
    """The network names on a summary card, in order (the bold text above each row)."""
    names: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Container" and node.get("items"):
                first = node["items"][0]
                if first.get("type") == "TextBlock" and first.get("weight") == "Bolder":
                    names.append(first["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return [n for n in names if n.endswith("nettverket")]


def open_urls(card: dict[str, Any]) -> list[str]:
    """The OpenUrl targets on a card."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.OpenUrl":
                found.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def summary_card(teams: TeamsClient, person: Person) -> dict[str, Any]:
    """`oppsummering` in the person's personal chat; the card it answered with."""
    said = await teams.say(person, "oppsummering")
    assert said.status in (200, 201), said
    return teams.connector.cards(f"a:personal-{person.key}")[-1]


async def test_the_advisers_summary_filters_details_csv_and_related_cases(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    clock: FakeClock,
    bot: TestServer,
    bot_sessions: Sessions,
    bot_services: Services,
) -> None:
    await build_world(teams, connector, people, clock)
    siri = people["siri"]
    card = await summary_card(teams, siri)
    text = card_text(card)
    assert rows_of(card) == ["Hjertenettverket", "Anestesinettverket", "Barnenettverket"], (
        "the poll with low turnout first, then by name"
    )
    assert "Åpne saker 2 · avstemninger 1 (25 % har stemt)" in text, text
    assert "Åpne saker 2 · avstemninger 0" in text
    assert "Du ser bare" not in text
    assert any(
        HJERTE.channel_id.replace(":", "%3A").replace("@", "%40") in u for u in open_urls(card)
    )

    # Related cases: fasting before anaesthesia in two networks is flagged; the two kinds of
    # "faste" (regular medication, regular meetings) are not.
    assert "Beslektede saker i ulike nettverk" in text
    tell = [a["data"] for a in execute_actions(card) if a["data"].get("action") == "summary.tell"]
    assert len(tell) == 1, tell
    async with bot_sessions() as session:
        titles = {c.id: c for c in await session.scalars(select(Case))}
    assert {titles[tell[0]["first"]].title, titles[tell[0]["second"]].title} == {
        "Faste før narkose hos barn",
        "Preoperativ faste",
    }

    # The filter: councils only → none; then St. Olavs → the networks with a member from it.
    filtered = ok_card(
        await teams.click(siri, find_action(card, "summary.filter"), inputs={"kind": "council"})
    )
    assert rows_of(filtered) == []
    hnt = ok_card(
        await teams.click(
            siri, find_action(card, "summary.filter"), inputs={"kind": "any", "hf": "hnt"}
        )
    )
    assert rows_of(hnt) == ["Hjertenettverket"], card_text(hnt)

    # Details of the Hjerte network.
    details_button = next(
        a["data"] for a in execute_actions(card) if a["data"].get("action") == "summary.details"
    )
    details = ok_card(await teams.click(siri, details_button))
    details_text = card_text(details)
    assert "Hjertenettverket" in details_text
    assert "25 %" in details_text

    # CSV through the signed link.
    csv_url = next(u for u in open_urls(card) if "/files/summary/" in u)
    local = str(bot.make_url(urlsplit(csv_url).path)) + "?" + urlsplit(csv_url).query
    async with aiohttp.ClientSession() as http:
        async with http.get(local) as response:
            assert response.status == 200
            body = (await response.read()).decode("utf-8-sig")
        async with http.get(local.replace("sig=", "sig=0")) as forged:
            assert forged.status == 403
    table = list(csv.DictReader(io.StringIO(body)))
    assert [r["network"] for r in table] == [
        "Hjertenettverket",
        "Anestesinettverket",
        "Barnenettverket",
    ]
    assert table[0]["open_cases"] == "2"
    assert table[0]["running_polls"] == "1"
    assert table[0]["turnout_percent"] == "25"
    assert table[1]["open_cases"] == "2"

    # One click tells both secretaries: both case threads get a note, once.
    told = await teams.click(siri, tell[0])
    assert "Beslektede" in card_text(ok_card(told))
    await bot.app[OUTBOX].idle()
    await bot.app[OUTBOX].deliver_due()
    for case_id, other in (
        (tell[0]["first"], tell[0]["second"]),
        (tell[0]["second"], tell[0]["first"]),
    ):
        notes = [
            t
            for t in connector.texts(titles[case_id].thread_id)
            if "gjør oppmerksom på en beslektet sak" in t
        ]
        assert len(notes) == 1, connector.texts(titles[case_id].thread_id)
        assert titles[other].title in notes[0]
    again = await summary_card(teams, siri)
    assert not [a for a in execute_actions(again) if a["data"].get("action") == "summary.tell"], (
        "told: no button again"
    )


async def test_a_member_sees_only_their_own_networks(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], clock: FakeClock
) -> None:
    await build_world(teams, connector, people, clock)
    card = await summary_card(teams, people["ola"])
    text = card_text(card)
    assert "Du ser bare nettverkene du er med i" in text
    assert "RHF-rådgivere og fagdirektører" in text, "the refusal says why"
    assert sorted(rows_of(card)) == ["Anestesinettverket", "Hjertenettverket"]
    assert "Beslektede" not in text
    assert not [a for a in execute_actions(card) if a["data"].get("action") == "summary.digest"]


async def digests_at(
    moment: datetime, clock: FakeClock, bot: TestServer, connector: Connector, siri: Person
) -> int:
    """Run the digest job and the outbox at `moment`; how many digests reached Siri so far."""
    clock.set(moment.astimezone(UTC))
    await bot.app[OUTBOX].idle()
    await bot.app[SERVICES].summary.send_digests()
    await bot.app[OUTBOX].deliver_due()
    return sum(
        "Ukens oppsummering" in card_text(c) for c in connector.cards(f"a:personal-{siri.key}")
    )


async def test_the_weekly_digest_on_monday_and_after_easter_monday(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    clock: FakeClock,
    bot: TestServer,
) -> None:
    await build_world(teams, connector, people, clock)
    siri = people["siri"]
    await teams.install(siri)

    assert await digests_at(START, clock, bot, connector, siri) == 1, (
        "this week's, when the job first runs on Wednesday"
    )
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)
    assert await digests_at(monday - timedelta(minutes=1), clock, bot, connector, siri) == 1
    assert await digests_at(monday, clock, bot, connector, siri) == 2
    assert await digests_at(monday + timedelta(hours=3), clock, bot, connector, siri) == 2
    digest = connector.cards(f"a:personal-{siri.key}")[-1]
    assert "Hjertenettverket" in card_text(digest)

    wednesday = datetime(2027, 3, 24, 10, 0, tzinfo=OSLO)
    assert await digests_at(wednesday, clock, bot, connector, siri) == 3, "the week before Easter"
    easter_monday = datetime(2027, 3, 29, 8, 0, tzinfo=OSLO)
    for moment in (easter_monday, easter_monday + timedelta(hours=8)):
        assert await digests_at(moment, clock, bot, connector, siri) == 3, moment
    tuesday = datetime(2027, 3, 30, 8, 0, tzinfo=OSLO)
    assert await digests_at(tuesday - timedelta(minutes=1), clock, bot, connector, siri) == 3
    assert await digests_at(tuesday, clock, bot, connector, siri) == 4
    assert await digests_at(tuesday + timedelta(days=1), clock, bot, connector, siri) == 4

    # Siri opts out from her summary card: the next Monday brings nothing.
    card = await summary_card(teams, siri)
    stop = next(
        a["data"] for a in execute_actions(card) if a["data"].get("action") == "summary.digest"
    )
    assert stop["on"] is False
    ok_card(await teams.click(siri, stop))
    assert (
        await digests_at(datetime(2027, 4, 5, 9, 0, tzinfo=OSLO), clock, bot, connector, siri) == 4
    )
