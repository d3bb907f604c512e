"""Driving the bot through Teams the way people do: register, assign roles, create cases, vote.

Every step goes over HTTP through the bot's own cards; nothing is written to the database
behind its back.
"""

from __future__ import annotations

from typing import Any

from harness.client import (
    Channel,
    Response,
    TeamsClient,
    card_text,
    execute_actions,
    find_action,
    inputs_of,
)
from harness.connector import Person

# Role and HF for each of the test people in the Hjerte network.
HJERTE_ROLES: dict[str, tuple[str, str]] = {
    "kari": ("leader", "st_olav"),
    "per": ("secretary", "st_olav"),
    "ola": ("member", "hmr"),
    "ingrid": ("member", "hnt"),
    "dag": ("member", "st_olav"),
    "siri": ("rhf_adviser", "rhf"),
}


def ok_card(response: Response) -> dict[str, Any]:
    """The card of a card-action response, failing with the bot's message otherwise."""
    assert response.status == 200, response
    body = response.body
    assert body["type"] == "application/vnd.microsoft.card.adaptive", body.get("value")
    return dict(body["value"])


def message(response: Response) -> str:
    """The text of a card-action response that answered with a message."""
    assert response.status == 200, response
    assert response.body["type"] == "application/vnd.microsoft.activity.message", response.body
    return str(response.body["value"])


async def register_network(
    teams: TeamsClient,
    person: Person,
    where: Channel,
    *,
    name: str = "Hjertenettverket",
    kind: str = "professional_leader",
    secretary: Person | None = None,
    locale: str | None = None,
    **inputs: str,
) -> Response:
    """`registrer`, then submit the form the bot answered with."""
    said = await teams.say(person, "registrer", where, locale=locale)
    assert said.status in (200, 201)
    form = teams.connector.cards()[-1]
    return await teams.click(
        person,
        find_action(form, "network.register"),
        where,
        locale=locale,
        inputs={"name": name, "kind": kind, "secretary": (secretary or person).aad_id, **inputs},
    )


async def assign_roles(
    teams: TeamsClient,
    manager: Person,
    where: Channel,
    people: dict[str, Person],
    roles: dict[str, tuple[str, str]],
) -> dict[str, Any]:
    """`medlemmer` → edit → fill each person's role and HF → save; returns the composition."""
    await teams.say(manager, "medlemmer", where)
    composition = teams.connector.cards()[-1]
    roles_card = ok_card(
        await teams.click(manager, find_action(composition, "members.edit"), where)
    )
    by_name = {p.name: key for key, p in people.items()}
    values: dict[str, str] = {}
    for field in inputs_of(roles_card):
        kind = field["id"].partition("_")[0]
        # Labels read "Rolle for Kari Nordmann" / "Helseforetak for Kari Nordmann".
        key = by_name.get(field["label"].split(" for ", 1)[1])
        if key in roles:
            values[field["id"]] = roles[key][0] if kind == "role" else roles[key][1]
        elif field.get("value"):
            values[field["id"]] = field["value"]
    return ok_card(
        await teams.click(manager, find_action(roles_card, "members.assign"), where, inputs=values)
    )


async def hjerte_network(teams: TeamsClient, people: dict[str, Person], where: Channel) -> None:
    """The Hjerte network with Per as secretary and voters from three HFs."""
    ok_card(
        await register_network(
            teams, people["kari"], where, name="Hjertenettverket", secretary=people["per"]
        )
    )
    await assign_roles(teams, people["per"], where, people, HJERTE_ROLES)


async def create_case(
    teams: TeamsClient,
    secretary: Person,
    where: Channel,
    *,
    title: str,
    needs_anchoring: bool = False,
    proposal: str = "",
    case_type: str = "regional_procedure",
    conversation_id: str | None = None,
) -> dict[str, Any]:
    """`sak`, then submit the form; returns the case card."""
    await teams.say(secretary, "sak", where, conversation_id=conversation_id)
    form = teams.connector.cards()[-1]
    return ok_card(
        await teams.click(
            secretary,
            find_action(form, "case.create"),
            where,
            inputs={
                "title": title,
                "description": f"Beskrivelse av {title}",
                "proposal": proposal,
                "case_type": case_type,
                "user_participation": "false",
                "needs_anchoring": "true" if needs_anchoring else "false",
            },
        )
    )


async def open_poll(
    teams: TeamsClient,
    secretary: Person,
    where: Channel,
    case_card: dict[str, Any],
    **deadline: str,
) -> dict[str, Any]:
    """Click the case card's poll button, accept (or set) the deadline; returns the poll card."""
    form = ok_card(await teams.click(secretary, find_action(case_card, "poll.form"), where))
    defaults = {field["id"]: field["value"] for field in inputs_of(form)}
    answer = await teams.click(
        secretary, find_action(form, "poll.open"), where, inputs={**defaults, **deadline}
    )
    opened = ok_card(answer)
    assert "Til avstemning" in card_text(opened) or "Being polled" in card_text(opened)
    said = teams.connector.texts()[-3:]
    assert any("er åpnet" in text or "is open" in text for text in said), said
    return latest_poll_card(teams)


def latest_poll_card(teams: TeamsClient) -> dict[str, Any]:
    """The newest poll card the bot posted or updated in a channel."""
    polls = [c for c in teams.connector.cards() if _has_action(c, "poll.vote")]
    assert polls, "no poll card was posted"
    return polls[-1]


def _has_action(card: dict[str, Any], action: str) -> bool:
    try:
        find_action(card, action)
    except AssertionError:
        return False
    return True


async def vote(
    teams: TeamsClient,
    person: Person,
    where: Channel,
    poll_card: dict[str, Any],
    stance: str,
    reason: str = "",
) -> Response:
    """Click a stance button on the poll card (with the reason field's text)."""
    buttons = [
        a
        for a in execute_actions(poll_card)
        if a["data"].get("action") == "poll.vote" and a["data"].get("stance") == stance
    ]
    assert buttons, f"no {stance} button"
    return await teams.click(person, dict(buttons[0]["data"]), where, inputs={"reason": reason})
