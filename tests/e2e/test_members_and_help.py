"""End to end: composition, roles and HFs, help in both languages, personal chat."""

from __future__ import annotations

from sqlalchemy import select

from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.connector import Connector, Person
from harness.scenario import HJERTE_ROLES, hjerte_network, message, ok_card
from storage.db import Sessions
from storage.models import Event, Membership


async def test_roles_and_hfs_are_assigned_on_the_card_and_logged(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    await teams.say(people["ola"], "medlemmer", channel)
    composition = card_text(connector.cards()[-1])

    assert "Sammensetning: Hjertenettverket" in composition
    assert "6 medlemmer, 4 med stemmerett." in composition
    assert "St. Olavs hospital HF" in composition
    assert "Dag Direktør, Kari Nordmann" not in composition  # grouped by role, not mixed
    assert "Leder\nKari Nordmann" in composition
    assert "Medlem\nDag Direktør" in composition
    assert "RHF-rådgiver\nSiri Dahl" in composition
    # Ola is a member, not a manager: no edit button for him.
    assert connector.cards()[-1].get("actions") is None
    async with bot_sessions() as session:
        roles = {m.aad_id: (m.role, m.hf) for m in await session.scalars(select(Membership))}
        assigned = (await session.scalars(select(Event).where(Event.kind == "RoleAssigned"))).all()
    assert roles == {people[k].aad_id: v for k, v in HJERTE_ROLES.items()}
    kari = next(e for e in assigned if e.subject == "person:aad-kari" and e.actor == "aad-per")
    assert kari.data["before"] == {"role": None, "hf": None}
    assert kari.data["after"] == {"role": "leader", "hf": "st_olav"}


async def test_a_member_cannot_edit_roles_even_with_a_forged_click(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    await teams.say(people["per"], "medlemmer", channel)
    edit = find_action(connector.cards()[-1], "members.edit")

    refused = await teams.click(people["ola"], edit, channel, locale="en-US")
    assert message(refused) == "You're not allowed to do that. Nothing was changed."
    roles_card = ok_card(await teams.click(people["per"], edit, channel))
    ola_role = next(i["id"] for i in inputs_of(roles_card) if i["label"] == "Rolle for Ola Hansen")
    forged = await teams.click(
        people["ola"],
        find_action(roles_card, "members.assign"),
        channel,
        inputs={ola_role: "leader"},
    )
    assert message(forged) == "Du har ikke tilgang til dette. Ingenting ble endret."
    unknown_role = await teams.click(
        people["per"],
        find_action(roles_card, "members.assign"),
        channel,
        inputs={ola_role: "emperor"},
    )
    assert message(unknown_role) == "Ukjent rolle. Ingenting ble endret."
    async with bot_sessions() as session:
        ola = await session.scalar(select(Membership).where(Membership.aad_id == "aad-ola"))
    assert ola is not None
    assert (ola.role, ola.hf) == ("member", "hmr")


async def test_the_last_manager_cannot_be_removed(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    await teams.say(people["per"], "medlemmer", channel)
    edit = find_action(connector.cards()[-1], "members.edit")
    roles_card = ok_card(await teams.click(people["per"], edit, channel))
    ids = {i["label"]: i["id"] for i in inputs_of(roles_card)}
    demoted = await teams.click(
        people["per"],
        find_action(roles_card, "members.assign"),
        channel,
        inputs={ids["Rolle for Per Olsen"]: "member", ids["Rolle for Kari Nordmann"]: "member"},
    )
    assert (
        message(demoted) == "Nettverket må ha minst én sekretær eller leder. Ingenting ble endret."
    )
    async with bot_sessions() as session:
        managers = set(
            await session.scalars(
                select(Membership.aad_id).where(Membership.role.in_(["secretary", "leader"]))
            )
        )
    assert managers == {"aad-per", "aad-kari"}


async def test_help_lists_what_the_caller_may_use_in_their_language(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await hjerte_network(teams, people, channel)
    await teams.say(people["per"], "hjelp", channel)
    secretary_help = card_text(connector.cards()[-1])
    await teams.say(people["ola"], "help", channel, locale="en-GB")
    member_help = card_text(connector.cards()[-1])
    await teams.say(people["ola"], "help", locale="en-US")
    personal_help = card_text(connector.cards()[-1])

    assert "Dette kan jeg hjelpe med" in secretary_help
    assert "Denne kanalen er nettverket **Hjertenettverket**." in secretary_help
    assert "avstemning 7/2026" in secretary_help
    assert "What I can help with" in member_help
    assert "poll 7/2026" not in member_help
    assert "members [network]" in member_help
    assert "Type a command here in the chat." in personal_help
    assert "reminders" in personal_help
    assert "case [7/2026]" not in personal_help


async def test_members_of_a_named_network_in_personal_chat(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await hjerte_network(teams, people, channel)
    await teams.say(people["siri"], "medlemmer")
    assert (
        connector.texts()[-1]
        == "Hvilket nettverk? Skriv for eksempel **medlemmer Hjertenettverket**."
    )
    await teams.say(people["siri"], "medlemmer hjerte")
    assert "Sammensetning: Hjertenettverket" in card_text(connector.cards()[-1])
    await teams.say(people["siri"], "members lunge", locale="en-US")
    assert connector.texts()[-1] == "Couldn't find “lunge”. Nothing was changed."


async def test_commands_need_a_registered_channel(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await teams.say(people["ola"], "saker", channel)
    assert connector.texts()[-1].startswith("Denne kanalen er ikke knyttet til et nettverk ennå.")


async def test_a_large_network_is_edited_a_page_at_a_time(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    crowd = [
        Person(f"p{i}", f"Deltaker {i:02d}", f"aad-p{i}", f"p{i}@stolav.no") for i in range(34)
    ]
    connector.teams[channel.team_id].extend(crowd)
    await hjerte_network(teams, people, channel)
    await teams.say(people["per"], "medlemmer", channel)
    assert "40 medlemmer" in card_text(connector.cards()[-1])

    first = ok_card(
        await teams.click(
            people["per"], find_action(connector.cards()[-1], "members.edit"), channel
        )
    )
    assert "Side 1 av 3: medlem 1–15." in card_text(first)
    on_first = [i for i in inputs_of(first) if i["id"].startswith("role_")]
    assert len(on_first) == 15
    target = on_first[0]
    saved = await teams.click(
        people["per"],
        find_action(first, "members.assign"),
        channel,
        inputs={target["id"]: "observer"},
    )
    second = ok_card(saved)
    assert "Side 2 av 3: medlem 16–30." in card_text(second)
    assert "Lagret 1 endring." in connector.texts()
    async with bot_sessions() as session:
        member_id = int(target["id"].removeprefix("role_"))
        changed = await session.get(Membership, member_id)
    assert changed is not None
    assert changed.role == "observer"

    previous = next(a for a in second["actions"] if a["title"] == "Forrige side")
    back = ok_card(await teams.click(people["per"], previous["data"], channel))
    assert "Side 1 av 3: medlem 1–15." in card_text(back)
