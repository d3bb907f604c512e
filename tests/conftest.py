"""Fixtures shared by every test: databases, the connector stand-in, the bot over HTTP."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.app import OUTBOX, SERVICES, SESSIONS, create_app
from bot.retry import ConnectorRetry
from bot.settings import Settings
from bot.wiring import Services
from dialogs.outbox import BACKGROUND_TASK
from graph import Graph, RetryPolicy, graph_configured
from harness.client import Channel, TeamsClient
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.db import (
    UNAVAILABLE,
    create_process_database,
    drop_process_database,
    in_ci,
    reset_schema,
)
from harness.graph import FixedToken, GraphStandIn
from storage.db import Sessions, create_engine, create_sessions, migrate

# The tests describe their own settings: a developer's `.env` (which the README invites for
# running the bot) or exported bot credentials must not change what they test.
Settings.model_config["env_file"] = None
for _variable in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "HOST", "PORT"):
    os.environ.pop(_variable, None)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """This process's PostgreSQL database, or None where the server is absent."""
    url = create_process_database()
    yield url
    if url:
        drop_process_database(url)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """`sqlite` unless a test parametrizes it (see `harness.db.BOTH`)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
async def database_url(backend: str, tmp_path: Path, postgres_url: str | None) -> str:
    """An empty database of the chosen backend."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'fagnett.db'}"
    if postgres_url is None:
        reason = UNAVAILABLE[-1] if UNAVAILABLE else "PostgreSQL is not available"
        message = f"{reason} (set FAGNETT_TEST_POSTGRES_URL)"
        if in_ci():
            pytest.fail(f"{message}; CI requires it")
        pytest.skip(message)
    await reset_schema(postgres_url)
    return postgres_url


@pytest.fixture
async def sessions(database_url: str, clock: FakeClock) -> AsyncIterator[Sessions]:
    """A migrated database's session factory (for storage and service tests), on the test's
    clock."""
    engine = create_engine(database_url)
    await migrate(engine)
    yield create_sessions(engine, now=clock)
    # A service test's outbox may still be delivering in the background: let it finish before
    # its connections go, so none is left open (and warned about) in a later test.
    background = [t for t in asyncio.all_tasks() if t.get_name() == BACKGROUND_TASK]
    if background:
        await asyncio.wait(background, timeout=10)
    await engine.dispose()


@pytest.fixture
def people() -> dict[str, Person]:
    """The people of the tests: members from three HFs, an adviser, a director, an outsider."""
    return {
        p.key: p
        for p in [
            Person("kari", "Kari Nordmann", "aad-kari", "kari@stolav.no"),
            Person("ola", "Ola Hansen", "aad-ola", "ola@hmr.no"),
            Person("ingrid", "Ingrid Berg", "aad-ingrid", "ingrid@hnt.no"),
            Person("per", "Per Olsen", "aad-per", "per@stolav.no"),
            Person("siri", "Siri Dahl", "aad-siri", "siri@helse-midt.no"),
            Person("dag", "Dag Direktør", "aad-dag", "dag@stolav.no"),
            Person("eva", "Eva Utenfor", "aad-eva", "eva@example.org"),
        ]
    }


@pytest.fixture
def channel() -> Channel:
    """The team channel most tests register a network in."""
    return Channel("19:team-hjerte@thread.tacv2", "19:general-hjerte@thread.tacv2", "Hjerte")


@pytest.fixture
async def connector(people: dict[str, Person], channel: Channel) -> AsyncIterator[Connector]:
    """The loopback Bot Connector, with one team holding everyone but Eva."""
    stand_in = Connector()
    stand_in.teams[channel.team_id] = [p for key, p in people.items() if key != "eva"]
    await stand_in.start()
    yield stand_in
    await stand_in.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Local-mode settings over the test database; tests may replace fields."""
    return Settings(database_url=database_url, admins=[], tenants=[])


@pytest.fixture
def clock() -> FakeClock:
    """The services' clock; it starts at the real time and moves only when a test moves it."""
    return FakeClock()


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[TestServer]:
    """The whole service on a loopback port, retrying quickly, on the test's clock."""
    app = create_app(settings, retry=ConnectorRetry(attempts=5, base=0.01, cap=0.2), now=clock)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
def bot_sessions(bot: TestServer) -> Sessions:
    """The running bot's session factory, to assert on what it stored."""
    return bot.app[SESSIONS]


@pytest.fixture
def bot_services(bot: TestServer) -> Services:
    """The running bot's services."""
    return bot.app[SERVICES]


@pytest.fixture
async def teams(bot: TestServer, connector: Connector) -> AsyncIterator[TeamsClient]:
    """A Teams-shaped client talking to the bot, with the stand-in as its service URL."""
    client = TeamsClient(str(bot.make_url("")).rstrip("/"), connector, settle=bot.app[OUTBOX].idle)
    yield client
    await client.close()


@pytest.fixture
async def graph_stand_in(people: dict[str, Person]) -> AsyncIterator[GraphStandIn]:
    """The loopback Microsoft Graph, with the test people in its directory."""
    server = GraphStandIn()
    server.add_people(people.values())
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def graph(graph_stand_in: GraphStandIn) -> AsyncIterator[Graph]:
    """`graph/` pointed at the stand-in, retrying without waiting."""
    client = graph_configured(
        credential=FixedToken(),
        base_url=graph_stand_in.url,
        retry=RetryPolicy(base_delay=0.0, max_delay=1.0),
    )
    assert client is not None
    yield client
    await client.aclose()
