"""End to end: the decision log's filters, corrections and signed exports; the case list."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from dialogs.cases.rules import numbering_year
from harness.client import Channel, TeamsClient, card_text, execute_actions, find_action
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import create_case, hjerte_network, ok_card, open_poll, vote


async def decide(
    teams: TeamsClient, people: dict[str, Person], channel: Channel, title: str
) -> None:
    """A case decided by consensus."""
    case_card = await create_case(
        teams, people["per"], channel, title=title, proposal=f"Vedtak om {title}"
    )
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    for key in ("kari", "ola", "ingrid", "dag"):
        await vote(teams, people[key], channel, poll_card, "agree")


async def fetch(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def test_filters_correction_and_export(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot: TestServer,
    clock: FakeClock,
) -> None:
    await hjerte_network(teams, people, channel)
    await decide(teams, people, channel, "Hjertestans")
    await decide(teams, people, channel, "Pacemaker")

    await teams.say(people["per"], "vedtak", channel)
    log = connector.cards()[-1]
    assert "Viser 2 av 2 vedtak, nyeste først." in card_text(log)
    filtered = ok_card(
        await teams.click(
            people["per"],
            find_action(log, "decisions.filter"),
            channel,
            inputs={"text": "pacemaker"},
        )
    )
    assert "Vedtak om Pacemaker" in card_text(filtered)
    assert "Vedtak om Hjertestans" not in card_text(filtered)
    none = ok_card(
        await teams.click(
            people["per"], find_action(log, "decisions.filter"), channel, inputs={"year": "2020"}
        )
    )
    assert "Ingen vedtak passer filteret." in card_text(none)

    # A correction is a new decision; both show the link.
    first = next(
        a["data"]
        for a in execute_actions(log)
        if a["title"] == "Korriger vedtak V1/" + str(numbering_year(clock()))
    )
    form = ok_card(await teams.click(people["per"], first, channel))
    member_try = await teams.click(
        people["ola"], find_action(form, "decisions.amend"), channel, inputs={"text": "X"}
    )
    assert member_try.body["value"] == "Du har ikke tilgang til dette. Ingenting ble endret."
    corrected = ok_card(
        await teams.click(
            people["per"],
            find_action(form, "decisions.amend"),
            channel,
            inputs={"text": "Vedtak om Hjertestans, med nye doser"},
        )
    )
    year = numbering_year(clock())
    assert f"Korrigerer vedtak V1/{year}" in card_text(corrected)
    assert f"Korrigert av vedtak V3/{year}" in card_text(corrected)
    assert "Vedtak om Hjertestans" in card_text(corrected)

    # Export through the signed link the card offers.
    csv_url = next(a["url"] for a in corrected["actions"] if a["title"] == "Last ned CSV")
    md_url = next(a["url"] for a in corrected["actions"] if a["title"] == "Last ned Markdown")
    csv_url = str(bot.make_url(urlsplit(csv_url).path)) + "?" + urlsplit(csv_url).query
    md_url = str(bot.make_url(urlsplit(md_url).path)) + "?" + urlsplit(md_url).query
    status, content_type, body = await fetch(csv_url)
    assert status == 200
    assert content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["number"] for r in rows] == [f"V3/{year}", f"V2/{year}", f"V1/{year}"]
    assert rows[0]["amends"] == f"V1/{year}"
    assert rows[2]["amended_by"] == f"V3/{year}"
    status, _, markdown = await fetch(md_url)
    assert status == 200
    assert markdown.startswith("# Hjertenettverket")

    other_network = csv_url.replace("/files/decisions/1.csv", "/files/decisions/2.csv")
    assert (await fetch(other_network))[0] == 403
    assert (await fetch(csv_url.replace("1.csv", "1.xlsx")))[0] == 404
    assert (await fetch(csv_url.split("?")[0] + "?expires=soon"))[0] == 400
    clock.advance(minutes=16)
    assert (await fetch(csv_url))[0] == 403


@pytest.mark.parametrize(("locale", "command"), [("nb-NO", "vedtak"), ("en-US", "decisions")])
async def test_a_case_without_a_proposal_shows_its_title_once_in_the_log(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    locale: str,
    command: str,
) -> None:
    teams.locale = locale
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Hjertestans")
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    for key in ("kari", "ola", "ingrid", "dag"):
        await vote(teams, people[key], channel, poll_card, "agree")
    await decide(teams, people, channel, "Pacemaker")

    await teams.say(people["per"], command, channel)
    lines = card_text(connector.cards()[-1]).splitlines()
    year = numbering_year(clock())
    assert lines.count(f"1/{year} Hjertestans") == 1
    assert sum("Hjertestans" in line for line in lines) == 1
    # With a proposal, the case and the decision's text both show.
    assert f"2/{year} Pacemaker" in lines
    assert "Vedtak om Pacemaker" in lines


async def test_cases_lists_open_cases_with_their_state(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await hjerte_network(teams, people, channel)
    first = await create_case(teams, people["per"], channel, title="Første sak")
    await create_case(teams, people["per"], channel, title="Andre sak", needs_anchoring=True)
    await open_poll(teams, people["per"], channel, first)

    await teams.say(people["ola"], "saker", channel)
    listing = card_text(connector.cards()[-1])
    assert "Første sak — Til avstemning" in listing
    assert "Andre sak — Åpen" in listing
    await teams.say(people["ola"], "case 2/" + listing.split("2/")[1][:4], channel, locale="en-US")
    one = card_text(connector.cards()[-1])
    assert "Case 2/" in one
    assert "needs anchoring" in one
