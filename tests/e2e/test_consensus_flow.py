"""End to end: cases, consensus polls, anchoring and the decision log, through Teams."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.wiring import Services
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.db import BOTH
from harness.scenario import (
    create_case,
    hjerte_network,
    message,
    ok_card,
    open_poll,
    vote,
)
from storage.db import Sessions
from storage.models import Case, Decision, Escalation, Event, Poll, Stance


@BOTH
async def test_consensus_with_a_changed_stance_is_logged_as_a_decision(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    case_card = await create_case(
        teams,
        people["per"],
        channel,
        title="Ny prosedyre for hjertestans",
        proposal="Prosedyren vedtas som regional fagprosedyre.",
    )
    assert "Sak 1/" in card_text(case_card)
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    assert all(i.get("label") for i in inputs_of(poll_card))
    titles = [a["title"] for a in poll_card["actions"]]
    assert titles == [
        "Enig",
        "Kan leve med det",
        "Avstår",
        "Uenig – blokkerer",
        "Lukk avstemningen",
    ]
    assert len(poll_card["refresh"]["userIds"]) == 4

    own = ok_card(await vote(teams, people["kari"], channel, poll_card, "agree"))
    assert "Din stemme: **Enig**" in card_text(own)
    await vote(teams, people["ola"], channel, poll_card, "agree")
    changed = ok_card(
        await vote(teams, people["ola"], channel, poll_card, "stand_aside", "Kan leve med det")
    )
    assert "Din stemme: **Kan leve med det**" in card_text(changed)
    await vote(teams, people["ingrid"], channel, poll_card, "agree")
    channel_card = connector.cards()[-1]
    assert (
        "Stemmer: Enig 2 · Kan leve med det 1 · Avstår 0 · Uenig – blokkerer 0 (3 av 4)"
        in card_text(channel_card)
    )
    assert "Ola Hansen (Helse Møre og Romsdal HF)" in card_text(channel_card)

    # The last voter closes the poll.
    last = ok_card(await vote(teams, people["dag"], channel, poll_card, "abstain"))
    assert "Lukket: Konsensus" in card_text(last)
    assert "Din stemme: **Avstår**. Avstemningen er lukket." in card_text(last)
    assert "til avstemningen lukkes" not in card_text(last)
    assert any("endte" in t or "avsluttet med **konsensus**" in t for t in connector.texts())

    async with bot_sessions() as session:
        poll = (await session.scalars(select(Poll))).one()
        stances = {s.aad_id: s.stance for s in await session.scalars(select(Stance))}
        decision = (await session.scalars(select(Decision))).one()
        case = (await session.scalars(select(Case))).one()
        cast = [e for e in await session.scalars(select(Event).where(Event.kind == "StanceCast"))]
    assert poll.outcome == "consensus"
    assert poll.close_reason == "all_voted"
    assert stances == {
        "aad-kari": "agree",
        "aad-ola": "stand_aside",
        "aad-ingrid": "agree",
        "aad-dag": "abstain",
    }
    assert decision.text == "Prosedyren vedtas som regional fagprosedyre."
    assert decision.outcome == "consensus"
    assert decision.anchoring_hfs == []
    assert case.state == "decided"
    assert len(cast) == 5
    ola_changes = [
        (e.data["before"]["stance"], e.data["after"]["stance"])
        for e in cast
        if e.actor == "aad-ola"
    ]
    assert ola_changes == [(None, "agree"), ("agree", "stand_aside")]

    await teams.say(people["siri"], "vedtak", channel)
    log = connector.cards()[-1]
    assert "Vedtak V1/" in card_text(log)
    assert "Prosedyren vedtas som regional fagprosedyre." in card_text(log)
    assert "Krever ikke forankring" in card_text(log)


@BOTH
async def test_a_block_with_a_reason_ends_without_consensus_and_escalates(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    case_card = await create_case(
        teams, people["per"], channel, title="Felles innkjøp av defibrillatorer"
    )
    poll_card = await open_poll(teams, people["per"], channel, case_card)

    refused = await vote(teams, people["ola"], channel, poll_card, "block")
    assert (
        message(refused)
        == "Skriv en begrunnelse i feltet før du blokkerer. Stemmen ble ikke registrert."
    )
    await vote(teams, people["ola"], channel, poll_card, "block", "Vi har nettopp kjøpt nye.")
    await vote(teams, people["kari"], channel, poll_card, "agree")
    closed = ok_card(
        await teams.click(people["per"], {"action": "poll.close", "poll_id": 1}, channel)
    )
    assert "Lukket: Ikke konsensus" in card_text(closed)
    assert "Vi har nettopp kjøpt nye." in card_text(closed)

    # Closing again (a retried close, the deadline job) changes nothing.
    again = await teams.click(people["per"], {"action": "poll.close", "poll_id": 1}, channel)
    assert "Lukket: Ikke konsensus" in card_text(ok_card(again))
    async with bot_sessions() as session:
        escalations = (await session.scalars(select(Escalation))).all()
        case = (await session.scalars(select(Case))).one()
        decision = (await session.scalars(select(Decision))).one()
        closes = (await session.scalars(select(Event).where(Event.kind == "PollClosed"))).all()
    assert len(escalations) == 1
    assert escalations[0].reason == "no_consensus"
    assert case.state == "escalated"
    assert decision.outcome == "no_consensus"
    assert decision.escalation_id == escalations[0].id
    assert len(closes) == 1
    assert any("uten konsensus" in t for t in connector.texts())


async def test_anchoring_makes_a_decision_final_only_after_every_hf_confirms(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    case_card = await create_case(
        teams, people["per"], channel, title="Felles anskaffelse av MR", needs_anchoring=True
    )
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    for key in ("kari", "ola", "ingrid", "dag"):
        await vote(teams, people[key], channel, poll_card, "agree")

    anchoring = next(c for c in connector.cards() if "Forankring av vedtak" in card_text(c))
    buttons = {a["data"]["hf"]: a["data"] for a in anchoring["actions"]}
    assert set(buttons) == {"st_olav", "hmr", "hnt"}
    assert any("**foreløpig**" in t for t in connector.texts())

    wrong_hf = await teams.click(people["ola"], buttons["hnt"], channel)
    assert "Bare stemmeberettigede representanter" in message(wrong_hf)
    adviser = await teams.click(people["siri"], buttons["st_olav"], channel)
    assert "Bare stemmeberettigede representanter" in message(adviser)

    after_one = ok_card(await teams.click(people["dag"], buttons["st_olav"], channel))
    assert {a["data"]["hf"] for a in after_one["actions"]} == {"hmr", "hnt"}
    twice = await teams.click(people["kari"], buttons["st_olav"], channel)
    assert message(twice) == "St. Olavs hospital HF har allerede bekreftet forankring."
    await teams.click(people["ola"], buttons["hmr"], channel)
    async with bot_sessions() as session:
        finals = (
            await session.scalars(select(Event).where(Event.kind == "DecisionFinalised"))
        ).all()
    assert finals == []

    final = await teams.click(people["ingrid"], buttons["hnt"], channel)
    assert "er nå **endelig**" in message(final)
    assert any("er nå **endelig**" in t for t in connector.texts())
    async with bot_sessions() as session:
        finals = (
            await session.scalars(select(Event).where(Event.kind == "DecisionFinalised"))
        ).all()
    assert len(finals) == 1

    await teams.say(people["per"], "vedtak", channel)
    assert "Endelig (forankret)" in card_text(connector.cards()[-1])


async def test_refusals_change_nothing(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    await teams.say(people["ola"], "sak", channel)
    assert connector.texts()[-1] == "Du har ikke tilgang til dette. Ingenting ble endret."
    case_card = await create_case(teams, people["per"], channel, title="Retningslinje for EKG")
    poll_card = await open_poll(teams, people["per"], channel, case_card)

    adviser = await vote(teams, people["siri"], channel, poll_card, "agree")
    assert message(adviser).startswith("Du var ikke blant de stemmeberettigede")
    forged = await teams.click(
        people["ola"],
        {"action": "poll.vote", "poll_id": 1, "stance": "veto", "voter": "aad-kari"},
        channel,
    )
    assert (
        message(forged) == "Skjemaet hadde ugyldige verdier, så ingenting ble endret. Prøv igjen."
    )
    other_poll = await teams.click(
        people["ola"], {"action": "poll.vote", "poll_id": 99, "stance": "agree"}, channel
    )
    assert (
        message(other_poll)
        == "Fant ikke det du valgte; det kan være fjernet. Ingenting ble endret."
    )
    not_manager = await teams.click(people["ola"], {"action": "poll.close", "poll_id": 1}, channel)
    assert message(not_manager) == "Du har ikke tilgang til dette. Ingenting ble endret."
    # A voter claiming to be someone else in the payload still votes as themselves.
    await teams.click(
        people["ola"],
        {"action": "poll.vote", "poll_id": 1, "stance": "agree", "voter": "aad-kari"},
        channel,
    )
    await teams.click(people["per"], {"action": "poll.close", "poll_id": 1}, channel)
    late = await vote(teams, people["kari"], channel, poll_card, "agree")
    assert message(late) == "Avstemningen er lukket, så stemmen ble ikke registrert."

    async with bot_sessions() as session:
        stances = {s.aad_id: s.stance for s in await session.scalars(select(Stance))}
    assert stances == {"aad-ola": "agree"}


async def test_deadline_on_a_holiday_moves_and_the_deadline_job_closes_the_poll(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
    clock: FakeClock,
    bot_services: Services,
) -> None:
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=UTC))
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Julerutiner")
    form = ok_card(await teams.click(people["per"], find_action(case_card, "poll.form"), channel))
    opened = await teams.click(
        people["per"],
        find_action(form, "poll.open"),
        channel,
        inputs={"deadline_date": "2026-12-25", "deadline_time": "12:00"},
    )
    assert "Til avstemning" in card_text(ok_card(opened))
    moved = "28. des. 2026 kl. 12:00 (flyttet fra helg/helligdag)"
    assert any(moved in text for text in connector.texts())
    # Everyone in the channel now sees the case being voted on in place of the case card.
    assert "Til avstemning" in card_text(connector.activities[_message_of(connector, case_card)])
    await teams.click(
        people["kari"], {"action": "poll.vote", "poll_id": 1, "stance": "agree"}, channel
    )

    services = bot_services
    assert await services.polls.close_due() == 0
    clock.set(datetime(2026, 12, 28, 11, 0, 1, tzinfo=UTC))
    assert await services.polls.close_due() == 1
    assert await services.polls.close_due() == 0
    async with bot_sessions() as session:
        poll = (await session.scalars(select(Poll))).one()
    assert (poll.close_reason, poll.outcome) == ("deadline", "inconclusive")
    inconclusive = next(c for c in connector.cards() if "ble **ikke avgjort**" in card_text(c))
    assert [a["title"] for a in inconclusive["actions"]] == ["Forleng fristen", "Eskaler saken"]


async def test_an_inconclusive_poll_is_extended_and_then_decided(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
    clock: FakeClock,
    bot_services: Services,
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Ventetider")
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    await vote(teams, people["kari"], channel, poll_card, "agree")
    clock.set(datetime(2026, 12, 1, 14, 0, 1, tzinfo=UTC))
    assert await bot_services.polls.close_due() == 1
    ask = next(c for c in connector.cards() if "ble **ikke avgjort**" in card_text(c))

    not_manager = await teams.click(people["ola"], find_action(ask, "poll.extend"), channel)
    assert message(not_manager) == "Du har ikke tilgang til dette. Ingenting ble endret."
    extended = await teams.click(
        people["per"],
        find_action(ask, "poll.extend"),
        channel,
        inputs={"deadline_date": "2026-12-08", "deadline_time": "12:00"},
    )
    assert message(extended).startswith("Avstemningen om sak 1/2026 er forlenget til 8. des. 2026")
    for key in ("ola", "ingrid", "dag"):
        await vote(teams, people[key], channel, poll_card, "agree")
    async with bot_sessions() as session:
        poll = (await session.scalars(select(Poll))).one()
        closes = (await session.scalars(select(Event).where(Event.kind == "PollClosed"))).all()
    assert (poll.round, poll.outcome, poll.close_reason) == (2, "consensus", "all_voted")
    assert [e.data["outcome"] for e in closes] == ["inconclusive", "consensus"]
    again = await teams.click(people["per"], find_action(ask, "poll.escalate"), channel)
    assert message(again).startswith("Bare en avstemning som endte uavgjort")


async def test_a_vote_counts_even_when_teams_refuses_the_card_update(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Robusthet")
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    connector.fail_next(10, status=403, retry_after=None, method="PUT")
    before = len(connector.calls)

    own = ok_card(await vote(teams, people["kari"], channel, poll_card, "agree"))
    assert "Din stemme: **Enig**" in card_text(own)
    assert [c.status for c in connector.calls[before:] if c.method == "PUT"] == [403]
    async with bot_sessions() as session:
        stances = {s.aad_id: s.stance for s in await session.scalars(select(Stance))}
    assert stances == {"aad-kari": "agree"}


async def test_a_member_is_refused_the_poll_form_before_filling_it_in(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], channel: Channel
) -> None:
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Ventetider")

    clicked = await teams.click(people["ola"], find_action(case_card, "poll.form"), channel)
    assert message(clicked) == "Du har ikke tilgang til dette. Ingenting ble endret."
    before = len(connector.cards())
    await teams.say(people["ola"], f"avstemning {case_label_of(case_card)}", channel)
    assert len(connector.cards()) == before, "no form for a member"
    assert connector.texts()[-1] == "Du har ikke tilgang til dette. Ingenting ble endret."

    form = ok_card(await teams.click(people["per"], find_action(case_card, "poll.form"), channel))
    assert find_action(form, "poll.open")


def _message_of(connector: Connector, card: dict[str, Any]) -> str:
    """The id of the channel message that showed `card` when the test read it."""
    title = card_text(card).split("\n")[0]
    for activity_id, activity in connector.activities.items():
        for attachment in activity.get("attachments") or []:
            if card_text(attachment["content"]).split("\n")[0] == title:
                return activity_id
    raise AssertionError(f"no message shows {title!r}")


def case_label_of(case_card: dict[str, Any]) -> str:
    """The `7/2026` in a case card's title."""
    match = re.search(r"\b(\d+/\d{4})\b", card_text(case_card))
    assert match, card_text(case_card)
    return match.group(1)
