"""Users, team members, channels, app installs and channel files, through the real SDK."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph import Conflict, Graph, NotFound, TeamMember, User
from harness.connector import Person
from harness.graph import GraphStandIn

TEAM = "group-hjerte"
APP = "f2e5b4c1-0000-4000-8000-fagnett00001"


@pytest.fixture
async def graph_stand_in(people: dict[str, Person]) -> AsyncIterator[GraphStandIn]:
    """The loopback Graph: the test people, and one team of five."""
    server = GraphStandIn()
    server.add_people(people.values())
    server.add_user(
        "aad-kari",
        "Kari Nordmann",
        "kari@stolav.no",
        company_name="St. Olavs hospital HF",
        department="Klinikk for hjertemedisin",
    )
    server.add_team(
        TEAM,
        "Fagnettverk hjerte",
        {
            "aad-siri": ["owner"],
            "aad-kari": [],
            "aad-ola": [],
            "aad-ingrid": [],
            "aad-per": [],
        },
    )
    await server.start()
    yield server
    await server.close()


async def test_a_user_comes_with_company_and_department(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    user = await graph.get_user(user="kari@stolav.no")

    assert user == User(
        id="aad-kari",
        display_name="Kari Nordmann",
        mail="kari@stolav.no",
        company_name="St. Olavs hospital HF",
        department="Klinikk for hjertemedisin",
    )
    (call,) = graph_stand_in.calls_to("GET", "/users/*")
    assert set(call.query["$select"].split(",")) >= {"companyName", "department"}


async def test_a_deleted_user_is_not_found(graph: Graph) -> None:
    with pytest.raises(NotFound) as raised:
        await graph.get_user(user="aad-gone")

    assert raised.value.status == 404


async def test_members_are_read_across_pages(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    members = await graph.list_team_members(team_id=TEAM)

    assert [m.user_id for m in members] == [
        "aad-siri",
        "aad-kari",
        "aad-ola",
        "aad-ingrid",
        "aad-per",
    ]
    assert members[0] == TeamMember("aad-siri", "Siri Dahl", "siri@helse-midt.no", ("owner",))
    assert len(graph_stand_in.calls_to("GET", "/teams/*/members")) == 3


async def test_a_standard_channel_is_created_and_found(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    created = await graph.create_channel(
        team_id=TEAM, name="Sak 12: Trombolyse", description="Høring", private=False
    )

    assert created.id.startswith("19:")
    assert created.web_url
    found = await graph.find_channel(team_id=TEAM, name="sak 12: trombolyse")
    assert found == created
    (post,) = graph_stand_in.calls_to("POST", "/teams/*/channels")
    assert post.body["displayName"] == "Sak 12: Trombolyse"
    assert post.body["membershipType"] == "standard"
    (get,) = graph_stand_in.calls_to("GET", "/teams/*/channels")
    assert get.query["$filter"] == "displayName eq 'sak 12: trombolyse'"


async def test_a_private_channel_names_its_owner(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    await graph.create_channel(
        team_id=TEAM,
        name="Arbeidsgruppe",
        description="Lukket",
        private=True,
        owner_user_id="aad-siri",
    )

    (post,) = graph_stand_in.calls_to("POST", "/teams/*/channels")
    assert post.body["membershipType"] == "private"
    (owner,) = post.body["members"]
    assert owner["@odata.type"] == "#microsoft.graph.aadUserConversationMember"
    assert owner["roles"] == ["owner"]
    assert owner["user@odata.bind"] == "https://graph.microsoft.com/v1.0/users('aad-siri')"


async def test_a_taken_channel_name_is_a_conflict_and_can_be_looked_up(graph: Graph) -> None:
    first = await graph.create_channel(
        team_id=TEAM, name="Kari's sak", description="", private=False
    )

    with pytest.raises(Conflict) as raised:
        await graph.create_channel(team_id=TEAM, name="KARI'S SAK", description="", private=False)

    assert raised.value.status == 409
    assert raised.value.code == "NameAlreadyExists"
    assert await graph.find_channel(team_id=TEAM, name="Kari's sak") == first


async def test_a_missing_channel_is_none(graph: Graph) -> None:
    assert await graph.find_channel(team_id=TEAM, name="Finnes ikke") is None


async def test_installing_twice_counts_as_success(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    await graph.install_app_for_user(user_id="aad-kari", teams_app_id=APP)
    await graph.install_app_for_user(user_id="aad-kari", teams_app_id=APP)

    assert graph_stand_in.installed_apps == {"aad-kari": {APP}}
    posts = graph_stand_in.calls_to("POST", "/users/*/teamwork/installedApps")
    assert [c.status for c in posts] == [201, 409]
    assert posts[0].body["teamsApp@odata.bind"] == (
        f"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{APP}"
    )


async def test_installing_for_an_unknown_user_is_not_found(graph: Graph) -> None:
    with pytest.raises(NotFound):
        await graph.install_app_for_user(user_id="aad-gone", teams_app_id=APP)


async def test_a_file_lands_in_the_channel_folder(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    channel = await graph.create_channel(
        team_id=TEAM, name="Beslutninger", description="", private=False
    )

    url = await graph.upload_channel_file(
        team_id=TEAM, channel_id=channel.id, name="Vedtak 2025-03 æøå.docx", content=b"PK\x03\x04"
    )

    assert graph_stand_in.channel_files(TEAM, channel.id) == {
        "Vedtak 2025-03 æøå.docx": b"PK\x03\x04"
    }
    assert url.startswith("https://contoso.sharepoint.com/sites/")
    assert url.endswith("/Beslutninger/Vedtak%202025-03%20%C3%A6%C3%B8%C3%A5.docx")
    (folder,) = graph_stand_in.calls_to("GET", "/teams/*/channels/*/filesFolder")
    assert folder.path == f"/teams/{TEAM}/channels/{channel.id}/filesFolder"
    (put,) = graph_stand_in.calls_to("PUT", "/drives/*/items/**")
    assert put.path.endswith(":/Vedtak 2025-03 æøå.docx:/content")
    assert put.body == b"PK\x03\x04"


async def test_a_file_for_a_deleted_channel_is_not_found(graph: Graph) -> None:
    with pytest.raises(NotFound):
        await graph.upload_channel_file(
            team_id=TEAM, channel_id="19:gone@thread.tacv2", name="x.txt", content=b"x"
        )
