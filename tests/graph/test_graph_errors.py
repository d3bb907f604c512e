"""Retries, throttling and refusals: what callers see when Graph says no."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph import (
    Forbidden,
    Graph,
    GraphError,
    NotFound,
    RetryPolicy,
    Throttled,
    Unavailable,
    graph_configured,
)
from harness.connector import Person
from harness.graph import FixedToken, GraphStandIn

TEAM = "group-hjerte"
MONDAY = datetime(2025, 3, 10, tzinfo=UTC)


@pytest.fixture
async def graph_stand_in(people: dict[str, Person]) -> AsyncIterator[GraphStandIn]:
    """The loopback Graph, with the test people and one team."""
    server = GraphStandIn()
    server.add_people(people.values())
    server.add_team(TEAM, "Fagnettverk hjerte", {"aad-siri": ["owner"], "aad-kari": []})
    await server.start()
    yield server
    await server.close()


def _connect(url: str, *, max_delay: float = 2.0, timeout: float = 30.0) -> Graph:
    client = graph_configured(
        credential=FixedToken(),
        base_url=url,
        retry=RetryPolicy(base_delay=0.0, max_delay=max_delay),
        timeout=timeout,
    )
    assert client is not None
    return client


@pytest.fixture
async def graph(graph_stand_in: GraphStandIn) -> AsyncIterator[Graph]:
    """`graph/` pointed at the stand-in; it waits what Retry-After asks, up to 2 s."""
    client = _connect(graph_stand_in.url)
    yield client
    await client.aclose()


async def _schedule(graph: Graph) -> Any:
    return await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no"],
        start=MONDAY,
        end=MONDAY + timedelta(hours=1),
    )


async def test_throttling_is_retried_after_what_retry_after_asks(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.fail("POST", "/users/*/calendar/getSchedule", status=429, retry_after=1)
    began = time.monotonic()

    (kari,) = await _schedule(graph)

    assert time.monotonic() - began >= 0.9
    assert kari.availability_view == "00"
    calls = graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].headers["retry-attempt"] == "1"


async def test_three_refusals_are_absorbed(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    graph_stand_in.fail("GET", "/users/*", status=503, retry_after=0, times=3)

    user = await graph.get_user(user="kari@stolav.no")

    assert user.id == "aad-kari"
    assert [c.status for c in graph_stand_in.calls_to("GET", "/users/*")] == [503, 503, 503, 200]


@pytest.mark.parametrize("status", [429, 503, 504])
async def test_a_fourth_refusal_is_throttled(
    graph: Graph, graph_stand_in: GraphStandIn, status: int
) -> None:
    graph_stand_in.fail(
        "POST", "/users/*/calendar/getSchedule", status=status, retry_after=0, times=4
    )

    with pytest.raises(Throttled) as raised:
        await _schedule(graph)

    assert raised.value.status == status
    assert raised.value.retry_after == 0
    assert len(graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")) == 4


async def test_a_wait_longer_than_the_policy_allows_is_not_waited(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.fail("POST", "/users/*/calendar/getSchedule", status=429, retry_after=120)
    began = time.monotonic()

    with pytest.raises(Throttled) as raised:
        await _schedule(graph)

    assert time.monotonic() - began < 1
    assert raised.value.retry_after == 120
    assert len(graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")) == 1


Call = Callable[[Graph], Awaitable[Any]]

CALLS: list[tuple[str, str, str, Call]] = [
    (
        "POST",
        "/users/*/calendar/getSchedule",
        "Calendars.ReadBasic",
        _schedule,
    ),
    (
        "POST",
        "/users/*/events",
        "Calendars.ReadWrite",
        lambda g: g.create_event(
            organiser="siri@helse-midt.no",
            subject="Møte",
            body_html="",
            start=MONDAY,
            end=MONDAY + timedelta(hours=1),
            attendees=[],
            transaction_id="t-1",
        ),
    ),
    ("GET", "/users/*", "User.Read.All", lambda g: g.get_user(user="aad-kari")),
    ("GET", "/teams/*/members", "TeamMember.Read.All", lambda g: g.list_team_members(team_id=TEAM)),
    (
        "POST",
        "/teams/*/channels",
        "Channel.Create",
        lambda g: g.create_channel(team_id=TEAM, name="Ny", description="", private=False),
    ),
    (
        "GET",
        "/teams/*/channels",
        "Channel.ReadBasic.All",
        lambda g: g.find_channel(team_id=TEAM, name="General"),
    ),
    (
        "POST",
        "/users/*/teamwork/installedApps",
        "TeamsAppInstallation.ReadWriteSelfForUser.All",
        lambda g: g.install_app_for_user(user_id="aad-kari", teams_app_id="app-1"),
    ),
    (
        "GET",
        "/teams/*/channels/*/filesFolder",
        "Files.ReadWrite.All",
        lambda g: g.upload_channel_file(
            team_id=TEAM, channel_id=f"19:general-{TEAM}@thread.tacv2", name="a.txt", content=b"a"
        ),
    ),
]


@pytest.mark.parametrize(("method", "path", "permission", "call"), CALLS, ids=[c[2] for c in CALLS])
async def test_403_names_the_permission_the_call_needed(
    graph: Graph, graph_stand_in: GraphStandIn, method: str, path: str, permission: str, call: Call
) -> None:
    graph_stand_in.fail(method, path, status=403, code="Authorization_RequestDenied")

    with pytest.raises(Forbidden) as raised:
        await call(graph)

    assert raised.value.permission == permission
    assert raised.value.code == "Authorization_RequestDenied"
    assert permission in str(raised.value)


async def test_404_is_not_found(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    with pytest.raises(NotFound) as raised:
        await graph.get_event(organiser="siri@helse-midt.no", event_id="AAMk-gone")

    assert raised.value.code == "ErrorItemNotFound"
    assert raised.value.permission is None


async def test_an_error_carries_no_personal_data(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.fail(
        "GET",
        "/users/*",
        status=404,
        code="Request_ResourceNotFound",
        message="Resource 'kari@stolav.no' (Kari Nordmann) does not exist.",
    )

    with pytest.raises(NotFound) as raised:
        await graph.get_user(user="kari@stolav.no")

    text = str(raised.value)
    assert text == "Graph get user failed, status 404, code Request_ResourceNotFound"
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


async def test_an_unreachable_graph_is_unavailable() -> None:
    server = GraphStandIn()
    await server.start()
    url = server.url
    await server.close()
    graph = _connect(url)

    with pytest.raises(Unavailable) as raised:
        await graph.get_user(user="aad-kari")

    await graph.aclose()
    assert raised.value.status is None
    assert raised.value.code == "ConnectError"


async def test_a_slow_graph_times_out(graph_stand_in: GraphStandIn) -> None:
    graph_stand_in.latency = 1.0
    graph = _connect(graph_stand_in.url, timeout=0.2)

    with pytest.raises(Unavailable) as raised:
        await graph.get_user(user="aad-kari")

    await graph.aclose()
    assert raised.value.code == "Timeout"


async def test_a_wrong_token_is_a_graph_error(graph_stand_in: GraphStandIn) -> None:
    graph = graph_configured(credential=FixedToken("expired"), base_url=graph_stand_in.url)
    assert graph is not None

    with pytest.raises(GraphError) as raised:
        await graph.get_user(user="aad-kari")

    await graph.aclose()
    assert raised.value.status == 401
    assert raised.value.code == "InvalidAuthenticationToken"
