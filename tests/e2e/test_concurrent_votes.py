"""Under load: hundreds of concurrent votes over HTTP lose nothing, and a poll closes once.

Prints the measured figures; asserts only on what was stored.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import func, select

from bot.wiring import Services
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.connector import Connector, Person
from harness.db import BOTH
from harness.scenario import create_case, ok_card, open_poll, register_network
from storage.db import Sessions
from storage.models import Event, Poll, Stance

VOTERS = 200
CHANGES = 50
HFS = ("st_olav", "hmr", "hnt")


async def crowded_network(
    teams: TeamsClient, connector: Connector, channel: Channel, secretary: Person
) -> list[Person]:
    """A team of 200 voters over three HFs (plus the secretary), roles set through the card."""
    crowd = [
        Person(f"m{i:03}", f"Medlem {i:03}", f"aad-m{i:03}", f"m{i:03}@hmn.no")
        for i in range(VOTERS)
    ]
    connector.teams[channel.team_id] = [secretary, *crowd]
    connector.page_size_cap = 100
    ok_card(await register_network(teams, secretary, channel, name="Stort nettverk"))
    await teams.say(secretary, "medlemmer", channel)
    roles = ok_card(
        await teams.click(secretary, find_action(connector.cards()[-1], "members.edit"), channel)
    )
    by_name = {p.name: i for i, p in enumerate(crowd)}
    while any(a["data"].get("action") == "members.assign" for a in roles.get("actions") or []):
        # A page of the roles card at a time; saving a page opens the next.
        values = {}
        for field in inputs_of(roles):
            index = by_name.get(field["label"].split(" for ", 1)[1])
            if index is None:
                values[field["id"]] = field.get("value") or (
                    "secretary" if field["id"].startswith("role") else "st_olav"
                )
            elif field["id"].startswith("role"):
                values[field["id"]] = "member"
            else:
                values[field["id"]] = HFS[index % 3]
        roles = ok_card(
            await teams.click(
                secretary, find_action(roles, "members.assign"), channel, inputs=values
            )
        )
    return crowd


@BOTH
async def test_concurrent_votes_lose_nothing_and_the_poll_closes_once(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
    bot_services: Services,
    backend: str,
) -> None:
    secretary = people["per"]
    crowd = await crowded_network(teams, connector, channel, secretary)
    case_card = await create_case(teams, secretary, channel, title="Belastningsprøve")
    poll_card = await open_poll(teams, secretary, channel, case_card)
    assert len(poll_card["refresh"]["userIds"]) == 60
    holdout, voters = crowd[0], crowd[1:]

    def click(person: Person, stance: str, reason: str = "") -> asyncio.Future:  # type: ignore[type-arg]
        return asyncio.ensure_future(
            teams.click(
                person,
                {"action": "poll.vote", "poll_id": 1, "stance": stance},
                channel,
                inputs={"reason": reason},
            )
        )

    started = time.perf_counter()
    first = [click(p, "agree") for p in voters]
    changes = [click(p, "block", "Endret syn") for p in voters[:CHANGES]]
    responses = await asyncio.gather(*first, *changes)
    elapsed = time.perf_counter() - started
    assert all(r.status == 200 for r in responses)
    assert all(r.body["type"] == "application/vnd.microsoft.card.adaptive" for r in responses)

    async with bot_sessions() as session:
        stored = {s.aad_id: s.stance for s in await session.scalars(select(Stance))}
        cast = (
            await session.scalars(
                select(Event).where(Event.kind == "StanceCast").order_by(Event.id)
            )
        ).all()
        poll = (await session.scalars(select(Poll))).one()
    assert len(stored) == VOTERS - 1
    assert len(cast) == VOTERS - 1 + CHANGES
    last_event = {e.actor: e.data["after"]["stance"] for e in cast}
    assert stored == last_event
    assert poll.state == "open"
    puts = [c for c in connector.calls if c.method == "PUT"]

    # The holdout's vote, the secretary's close and the deadline job race: one close wins.
    services = bot_services
    race = await asyncio.gather(
        click(holdout, "agree"),
        teams.click(secretary, {"action": "poll.close", "poll_id": 1}, channel),
        services.polls.close(None, 1, "deadline"),
        services.polls.close(None, 1, "deadline"),
    )
    async with bot_sessions() as session:
        closes = (await session.scalars(select(Event).where(Event.kind == "PollClosed"))).all()
        decisions = await session.scalar(
            select(func.count()).select_from(Event).where(Event.kind == "DecisionRecorded")
        )
        poll = (await session.scalars(select(Poll))).one()
    assert len(closes) == 1
    assert decisions == 1
    assert poll.state == "closed"
    assert sum(1 for r in race[2:] if r) <= 1
    outcome_notes = [t for t in connector.texts() if "Avstemningen om sak" in t]
    assert len(outcome_notes) == 1
    assert poll.card_activity_id is not None
    channel_card = connector.activities[poll.card_activity_id]["attachments"][0]["content"]
    assert "Lukket: Ikke konsensus" in card_text(channel_card)
    print(
        f"\n[{backend}] {VOTERS - 1 + CHANGES} concurrent votes over HTTP in {elapsed:.2f} s "
        f"({(VOTERS - 1 + CHANGES) / elapsed:.0f} votes/s); stored {len(stored)} stances and "
        f"{len(cast)} StanceCast events; {len(puts)} card updates (coalesced); close race: "
        f"{len(closes)} PollClosed event"
    )
