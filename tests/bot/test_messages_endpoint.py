"""`/api/messages` over HTTP: bad input, tenants, authentication, invoke bodies, throttling."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.app import create_app
from bot.settings import Settings
from harness.client import Channel, TeamsClient
from harness.connector import Connector, Person
from storage.db import Sessions
from storage.models import Event


async def count_events(sessions: Sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count(Event.id))) or 0)


async def test_malformed_json_is_400_and_stores_nothing(
    teams: TeamsClient, bot_sessions: Sessions
) -> None:
    response = await teams.post(None, raw=b'{"type": "message", ')
    assert response.status == 400
    assert response.body == {"error": "malformed JSON"}
    assert await count_events(bot_sessions) == 0


@pytest.mark.parametrize(
    ("drop", "field"),
    [
        ("type", "type"),
        ("serviceUrl", "serviceUrl"),
        ("conversation", "conversation.id"),
        ("from", "from.id"),
        ("channelId", "channelId"),
    ],
)
async def test_activity_missing_required_field_is_400(
    teams: TeamsClient,
    people: dict[str, Person],
    connector: Connector,
    drop: str,
    field: str,
    bot_sessions: Sessions,
) -> None:
    activity = {
        "type": "installationUpdate",
        "action": "add",
        "channelId": "msteams",
        "serviceUrl": connector.url,
        "conversation": {"id": "a:1"},
        "from": {"id": "29:kari", "aadObjectId": "aad-kari"},
        "recipient": {"id": "28:bot"},
    }
    del activity[drop]
    response = await teams.post(activity)
    assert response.status == 400
    assert response.body["fields"] == [field]
    assert await count_events(bot_sessions) == 0


async def test_wrong_content_type_is_415(teams: TeamsClient) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{teams.bot_url}/api/messages", data="hei", headers={"Content-Type": "text/plain"}
        ) as response,
    ):
        assert response.status == 415


async def test_unknown_command_gets_a_hint_in_the_users_language(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await teams.say(people["kari"], "lag kaffe", channel)
    await teams.say(people["kari"], "make coffee", channel, locale="en-GB")
    assert connector.texts()[-2] == (
        "Jeg forstod ikke «lag kaffe». Skriv **hjelp** for å se hva jeg kan gjøre."
    )
    assert (
        connector.texts()[-1]
        == "I didn't understand “make coffee”. Type **help** to see what I can do."
    )


async def test_card_action_answers_200_with_the_body_not_500(
    teams: TeamsClient, people: dict[str, Person], channel: Channel
) -> None:
    """CloudAdapter.process would serialise this body twice and answer 500."""
    response = await teams.click(people["kari"], {"action": "no.such.action"}, channel)
    assert response.status == 200
    assert response.body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "Denne knappen kjenner jeg ikke igjen. Prøv kommandoen på nytt.",
    }


async def test_card_action_with_wrong_types_is_refused_politely(
    teams: TeamsClient, people: dict[str, Person], channel: Channel
) -> None:
    response = await teams.click(
        people["kari"],
        {"action": "members.edit", "network_id": "not-a-number"},
        channel,
        locale="en-US",
    )
    assert (
        response.body["value"]
        == "The form had invalid values, so nothing was changed. Please try again."
    )


async def test_reply_is_retried_when_the_connector_throttles(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    connector.fail_next(2, status=429, retry_after="0")
    await teams.say(people["kari"], "hjelp", channel)

    refused = [c for c in connector.calls if c.status == 429]
    assert len(refused) == 2
    delivered = connector.posts("/activities")
    assert len(delivered) == 1
    assert connector.cards()[-1]["body"][0]["text"] == "Dette kan jeg hjelpe med"


async def test_a_reply_teams_keeps_throttling_is_answered_now_and_delivered_later(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    # More refusals than the turn's own retries: the request does not wait for Teams.
    connector.fail_next(7, status=429, retry_after="0", path_contains="/activities")
    said = await teams.say(people["kari"], "hjelp", channel)

    assert said.status in (200, 201)
    statuses = [c.status for c in connector.calls if "/activities" in c.path]
    assert statuses == [429] * 7 + [201], "the outbox delivered it once Teams let it through"
    assert connector.cards()[-1]["body"][0]["text"] == "Dette kan jeg hjelpe med"


async def test_reply_retry_honours_a_retry_after_date_and_gateway_errors(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    connector.fail_next(1, status=502, retry_after=None)
    connector.fail_next(1, status=429, retry_after="Mon, 23 Nov 2026 00:00:00 GMT")
    await teams.say(people["kari"], "help", channel)
    assert [c.status for c in connector.calls if c.method == "POST"] == [502, 429, 201]


async def test_a_final_connector_error_is_not_retried(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    connector.fail_next(1, status=403, retry_after=None)
    await teams.say(people["kari"], "help", channel)
    # One refused reply, not retried; then one apology, never a stack trace.
    assert [c.status for c in connector.calls if c.method == "POST"] == [403, 201]
    assert connector.texts()[-1].startswith("Beklager, noe gikk galt hos meg.")


async def test_tenant_outside_the_allowlist_is_403(
    settings: Settings, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    allowed = settings.model_copy(update={"allowed_tenants": ["another-tenant"]})
    server = TestServer(create_app(allowed), host="127.0.0.1")
    await server.start_server()
    client = TeamsClient(str(server.make_url("")).rstrip("/"), connector)
    try:
        response = await client.say(people["kari"], "help", channel)
    finally:
        await client.close()
        await server.close()
    assert response.status == 403
    assert connector.calls == []


async def test_with_an_app_id_a_request_without_a_token_is_401(
    settings: Settings, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    secured = settings.model_copy(
        update={"app_id": "00000000-0000-0000-0000-00000000b07", "app_password": "secret"}
    )
    server = TestServer(create_app(secured), host="127.0.0.1")
    await server.start_server()
    client = TeamsClient(str(server.make_url("")).rstrip("/"), connector)
    try:
        response = await client.say(people["kari"], "help", channel)
    finally:
        await client.close()
        await server.close()
    assert response.status == 401
    assert connector.calls == []


async def test_roster_paging_does_not_block_the_event_loop(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot: TestServer,
) -> None:
    """The stand-in holds the roster page until the bot has answered a health check: a
    synchronous Teams call (as TeamsInfo.get_team_details makes) would deadlock here."""
    served = asyncio.Event()
    connector.roster_gate = served

    async def health() -> int:
        async with aiohttp.ClientSession() as http, http.get(bot.make_url("/healthz")) as r:
            served.set()
            return r.status

    said, status = await asyncio.gather(teams.say(people["kari"], "register", channel), health())
    assert status == 200
    assert said.status in (200, 201)
    assert connector.cards()[-1]["body"][0]["text"] == "Registrer et nettverk i denne kanalen"
