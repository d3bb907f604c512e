"""End to end over HTTP: registering a network, refusals, and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.connector import Connector, Person
from harness.db import BOTH
from harness.scenario import register_network
from storage.db import Sessions
from storage.models import Event, Membership, Network


@BOTH
async def test_first_person_registers_and_roster_is_taken_in(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    kari = people["kari"]
    response = await register_network(teams, kari, channel, secretary=people["per"])

    assert response.status == 200
    assert response.body["type"] == "application/vnd.microsoft.card.adaptive"
    confirmation = card_text(response.body["value"])
    assert "Hjertenettverket er registrert i denne kanalen" in confirmation
    assert "Per Olsen" in confirmation
    async with bot_sessions() as session:
        network = (await session.scalars(select(Network))).one()
        members = {m.aad_id: m for m in await session.scalars(select(Membership))}
        events = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    assert (network.team_id, network.channel_id) == (channel.team_id, channel.channel_id)
    assert network.tenant_id == connector.tenant_id
    # Six people in the team, listed two per page by the stand-in: every page was read.
    assert set(members) == {p.aad_id for k, p in people.items() if k != "eva"}
    assert members["aad-per"].role == "secretary"
    assert members["aad-kari"].role is None
    assert events[0] == "NetworkRegistered"
    assert events.count("MemberJoined") == 6
    assert events[-1] == "RoleAssigned"
    paged = [c for c in connector.calls if c.path.endswith("/pagedmembers")]
    assert len(paged) >= 3


async def test_registration_form_labels_every_input_and_titles_every_action(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await teams.say(people["kari"], "register", channel, locale="en-US")
    form = connector.cards()[-1]

    assert "Register a network in this channel" in card_text(form)
    assert all(i.get("label") for i in inputs_of(form))
    assert all(i.get("errorMessage") for i in inputs_of(form) if i.get("isRequired"))
    assert find_action(form, "network.register") == {"action": "network.register"}
    kinds = next(i for i in inputs_of(form) if i["id"] == "kind")
    assert {c["value"] for c in kinds["choices"]} == {
        "professional_leader",
        "council",
        "working_group",
        "quality_competence",
        "director",
    }
    secretaries = next(i for i in inputs_of(form) if i["id"] == "secretary")
    assert len(secretaries["choices"]) == 6


async def test_second_register_in_a_channel_names_the_network_already_there(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await register_network(teams, people["kari"], channel)
    await teams.say(people["kari"], "registrer", channel)

    assert "allerede knyttet til nettverket **Hjertenettverket**" in connector.texts()[-1]
    async with bot_sessions() as session:
        assert len((await session.scalars(select(Network))).all()) == 1


async def test_only_one_director_network(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    directors = Channel(channel.team_id, "19:directors@thread.tacv2", "Direktører")
    await register_network(
        teams, people["kari"], directors, name="Fagdirektørnettverket", kind="director"
    )
    refused = await register_network(
        teams,
        people["kari"],
        channel,
        name="Enda et direktørnettverk",
        kind="director",
        locale="en-US",
    )

    assert refused.body["type"] == "application/vnd.microsoft.activity.message"
    assert "A director network exists already" in refused.body["value"]
    async with bot_sessions() as session:
        kinds = [n.kind for n in await session.scalars(select(Network))]
    assert kinds == ["director"]


async def test_council_needs_a_parent_and_gets_it_as_escalation_target(
    teams: TeamsClient, people: dict[str, Person], channel: Channel, bot_sessions: Sessions
) -> None:
    kari = people["kari"]
    await register_network(teams, kari, channel)
    council_channel = Channel(channel.team_id, "19:council@thread.tacv2", "Fagråd")
    without_parent = await register_network(
        teams, kari, council_channel, name="Fagråd EKG", kind="council"
    )
    assert "må ha et overordnet nettverk" in without_parent.body["value"]

    async with bot_sessions() as session:
        parent = (await session.scalars(select(Network))).one()
    with_parent = await register_network(
        teams, kari, council_channel, name="Fagråd EKG", kind="council", parent_id=str(parent.id)
    )
    assert with_parent.body["type"] == "application/vnd.microsoft.card.adaptive"
    async with bot_sessions() as session:
        council = await session.scalar(select(Network).where(Network.kind == "council"))
    assert council is not None
    assert council.parent_id == parent.id
    assert council.escalation_target_id == parent.id


async def test_after_the_first_network_only_managers_register_more(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await register_network(teams, people["kari"], channel)
    other = Channel(channel.team_id, "19:other@thread.tacv2", "Annet")
    await teams.say(people["ola"], "register", other, locale="en-US")

    assert "Only a secretary or leader of one of this team's networks" in connector.texts()[-1]
    forged = await teams.click(
        people["ola"],
        {"action": "network.register"},
        other,
        inputs={"name": "Snik", "kind": "professional_leader", "secretary": "aad-ola"},
    )
    assert "Bare sekretær eller leder" in forged.body["value"]
    async with bot_sessions() as session:
        assert len((await session.scalars(select(Network))).all()) == 1


async def test_the_used_registration_form_shows_its_result_to_everyone(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    response = await register_network(teams, people["kari"], channel, secretary=people["per"])
    assert response.status == 200
    forms = [
        activity_id
        for activity_id, activity in connector.activities.items()
        if any(
            "network.register" in str(a.get("content")) or "er registrert" in str(a.get("content"))
            for a in activity.get("attachments") or []
        )
    ]
    assert len(forms) == 1, "the form message itself is replaced, no second card"
    shown = card_text(connector.activities[forms[0]]["attachments"][0]["content"])
    assert "Hjertenettverket er registrert i denne kanalen" in shown
    assert not any(
        a.get("data", {}).get("action") == "network.register"
        for a in connector.activities[forms[0]]["attachments"][0]["content"].get("actions") or []
    )
