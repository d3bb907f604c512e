"""End to end: escalation to the director network and the decision flowing back, through Teams."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from dialogs.cases.rules import numbering_year
from dialogs.i18n import OSLO, Lang, lang_of, when
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.db import BOTH
from harness.scenario import (
    assign_roles,
    create_case,
    hjerte_network,
    message,
    ok_card,
    open_poll,
    register_network,
    vote,
)
from storage.db import Sessions
from storage.models import Case, Decision, Escalation, Event, Network, Poll, Reminder

DIRECTOR_ROLES = {
    "dag": ("director", "st_olav"),
    "ingrid": ("director", "hnt"),
    "siri": ("secretary", "rhf"),
    "per": ("member", "st_olav"),
}


@pytest.fixture
def director_channel(connector: Connector, people: dict[str, Person]) -> Channel:
    """The director network's channel, in its own team."""
    where = Channel("19:team-direktor@thread.tacv2", "19:general-direktor@thread.tacv2", "Dir")
    connector.teams[where.team_id] = [people[k] for k in ("dag", "ingrid", "siri", "per")]
    return where


async def director_network(teams: TeamsClient, people: dict[str, Person], where: Channel) -> None:
    """Fagdirektørnettverket with Dag and Ingrid as directors and Siri as secretary."""
    ok_card(
        await register_network(
            teams,
            people["siri"],
            where,
            name="Fagdirektørnettverket",
            kind="director",
            secretary=people["siri"],
        )
    )
    await assign_roles(teams, people["siri"], where, people, DIRECTOR_ROLES)


async def blocked_case(
    teams: TeamsClient,
    people: dict[str, Person],
    where: Channel,
    *,
    title: str = "Felles innkjøp av defibrillatorer",
    close: bool = True,
) -> dict[str, Any]:
    """A case in the Hjerte network whose poll Ola blocks; Per closes it. Returns the case card."""
    case_card = await create_case(
        teams, people["per"], where, title=title, proposal="Regionen kjøper inn felles."
    )
    poll_card = await open_poll(teams, people["per"], where, case_card)
    await vote(teams, people["ola"], where, poll_card, "block", "Vi har nettopp kjøpt nye.")
    await vote(teams, people["kari"], where, poll_card, "agree")
    if close:
        poll_id = find_action(poll_card, "poll.close")["poll_id"]
        await teams.click(people["per"], {"action": "poll.close", "poll_id": poll_id}, where)
    return case_card


async def council_network(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    *,
    name: str,
    parent_id: str,
) -> Channel:
    """A council in its own team under `parent_id`, Per as secretary, voters from three HFs."""
    council = Channel("19:team-rad@thread.tacv2", "19:general-rad@thread.tacv2", "Fagråd")
    connector.teams[council.team_id] = [people[k] for k in ("kari", "ola", "per", "ingrid")]
    ok_card(
        await register_network(
            teams,
            people["per"],
            council,
            name=name,
            kind="council",
            secretary=people["per"],
            parent_id=parent_id,
        )
    )
    await assign_roles(
        teams,
        people["per"],
        council,
        people,
        {"kari": ("leader", "st_olav"), "ola": ("member", "hmr"), "ingrid": ("member", "hnt")},
    )
    return council


def escalation_cards(connector: Connector, where: Channel) -> list[dict[str, Any]]:
    """Escalation cards posted (or updated) in a channel."""
    return [
        c
        for c in connector.cards(where.channel_id)
        if "Eskalert sak" in card_text(c) or "Uenighet om sammensetningen" in card_text(c)
    ]


def thread_texts(connector: Connector, conversation_id: str) -> list[str]:
    """Texts the bot sent into exactly this thread."""
    return [
        a.get("text") or ""
        for a in connector.activities.values()
        if a.get("conversation", {}).get("id") == conversation_id
    ]


def escalation_cards_in(connector: Connector, where: Channel, lang: Lang) -> list[dict[str, Any]]:
    """Escalation cards in a channel, in either language."""
    marks = (
        ("Eskalert sak", "Uenighet om") if lang == "nb" else ("Escalated case", "Disagreement on")
    )
    return [c for c in connector.cards(where.channel_id) if any(m in card_text(c) for m in marks)]


def sent_exactly_to(connector: Connector, conversation_id: str) -> list[dict[str, Any]]:
    """Activities the bot sent into exactly this conversation or thread."""
    return [
        a
        for a in connector.activities.values()
        if a.get("conversation", {}).get("id") == conversation_id
    ]


def mentioned(activity: dict[str, Any]) -> set[str]:
    """The Teams ids an activity @mentions."""
    return {
        e["mentioned"]["id"] for e in activity.get("entities") or [] if e.get("type") == "mention"
    }


def fact(card: dict[str, Any], title: str) -> str:
    """The value of the (first) fact titled `title` in a card."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("title") == title and isinstance(node.get("value"), str):
                found.append(node["value"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    assert found, f"no fact {title!r}"
    return found[0]


def deadline_shown(deadline: datetime, moved: bool, lang: Lang) -> str:
    """A decision deadline as the cards and notes show it."""
    shown = when(deadline, lang)
    if not moved:
        return shown
    return (
        f"{shown} (flyttet fra helg/helligdag)"
        if lang == "nb"
        else f"{shown} (moved from a weekend/holiday)"
    )


def created_in(connector: Connector, where: Channel) -> list[Any]:
    """Successful new-thread POSTs into a channel."""
    return [
        c
        for c in connector.posts()
        if c.path == "/v3/conversations"
        and (c.body.get("channelData") or {}).get("channel", {}).get("id") == where.channel_id
    ]


@BOTH
async def test_a_blocked_poll_goes_to_the_directors_and_their_decision_comes_back(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    await blocked_case(teams, people, channel)

    assert len(created_in(connector, director_channel)) == 1
    cards = escalation_cards(connector, director_channel)
    assert len(cards) == 1
    shown = card_text(cards[0])
    for expected in (
        "Hjertenettverket",
        "Felles innkjøp av defibrillatorer",
        "Beskrivelse av Felles innkjøp av defibrillatorer",
        "Ola Hansen (Helse Møre og Romsdal HF)",
        "Uenig – blokkerer: Vi har nettopp kjøpt nye.",
        "Kari Nordmann (St. Olavs hospital HF)",
        "Venter på beslutning",
        "om forslaget «Regionen kjøper inn felles.» skal vedtas",
        "Frist for beslutning",
    ):
        assert expected in shown, expected
    assert all(i.get("label") for i in inputs_of(cards[0]))
    assert [a["title"] for a in cards[0]["actions"]] == [
        "Godkjenn",
        "Avvis",
        "Send tilbake med veiledning",
    ]
    async with bot_sessions() as session:
        case = (await session.scalars(select(Case))).one()
        escalation = (await session.scalars(select(Escalation))).one()
        nudges = (
            await session.scalars(select(Reminder).where(Reminder.kind == "director_decision"))
        ).all()
    assert escalation.state == "delivered"
    assert escalation.deadline is not None
    assert escalation.deadline.astimezone(OSLO).time() == time(15, 0), "as polls, not the minute"
    deadline = when(escalation.deadline, "nb")
    assert deadline.endswith("kl. 15:00")
    assert deadline in shown
    assert {n.recipient_aad_id for n in nudges} == {"aad-dag", "aad-ingrid"}
    assert any(
        f"er sendt til Fagdirektørnettverket for beslutning. Frist for beslutning: {deadline}"
        in text
        for text in thread_texts(connector, case.thread_id)
    )

    approve = find_action(cards[0], "escalation.decide")
    assert approve["verdict"] == "approved"
    refused = await teams.click(
        people["siri"], approve, director_channel, inputs={"text": "Godkjent av meg"}
    )
    assert message(refused).startswith("Bare fagdirektører i fagdirektørnettverket")
    outsider = await teams.click(
        people["ola"], approve, director_channel, inputs={"text": "Jeg bestemmer"}
    )
    assert message(outsider).startswith("Bare fagdirektører")

    decided = ok_card(
        await teams.click(
            people["dag"],
            approve,
            director_channel,
            inputs={"text": "Innkjøpet gjennomføres regionalt fra 2027."},
        )
    )
    assert "Beslutning: Godkjent.** Registrert av Dag Direktør" in card_text(decided)
    assert not inputs_of(decided)
    updated = escalation_cards(connector, director_channel)
    assert len(updated) == 1
    assert "Registrert av Dag Direktør" in card_text(updated[0])

    twice = await teams.click(
        people["ingrid"],
        {**approve, "verdict": "rejected"},
        director_channel,
        inputs={"text": "Nei"},
    )
    assert message(twice) == "Denne saken er allerede avgjort. Ingenting ble endret."

    assert any(
        "Fagdirektørnettverket har avgjort sak 1/" in text and "**Godkjent**" in text
        for text in thread_texts(connector, case.thread_id)
    )
    async with bot_sessions() as session:
        case = (await session.scalars(select(Case))).one()
        decisions = (await session.scalars(select(Decision).order_by(Decision.id))).all()
        kinds = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
        pending = (
            await session.scalars(
                select(Reminder).where(
                    Reminder.kind == "director_decision", Reminder.state == "pending"
                )
            )
        ).all()
    assert case.state == "decided"
    final = decisions[-1]
    assert (final.outcome, final.decided_by) == ("approved", "director_network")
    assert (final.escalation_id, final.case_id) == (escalation.id, case.id)
    assert final.text == "Innkjøpet gjennomføres regionalt fra 2027."
    assert pending == []
    for kind in ("CaseEscalated", "EscalationDelivered", "DirectorDecisionRecorded"):
        assert kinds.count(kind) == 1, kind

    await teams.say(people["kari"], "vedtak", channel)
    log = card_text(connector.cards()[-1])
    assert "Innkjøpet gjennomføres regionalt fra 2027." in log
    assert "Godkjent" in log


@BOTH
async def test_throttled_twice_still_posts_exactly_once(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    await blocked_case(teams, people, channel, close=False)

    # Only "create conversation" (the new director thread) is throttled, not the thread notes.
    connector.fail_next(2, status=429, retry_after="0", path="/v3/conversations")
    await teams.click(people["per"], {"action": "poll.close", "poll_id": 1}, channel)

    throttled = [c for c in connector.calls if c.status == 429]
    assert [c.path for c in throttled] == ["/v3/conversations", "/v3/conversations"]
    assert {c.body["channelData"]["channel"]["id"] for c in throttled} == {
        director_channel.channel_id
    }
    assert len(created_in(connector, director_channel)) == 1
    assert len(escalation_cards(connector, director_channel)) == 1
    async with bot_sessions() as session:
        escalation = (await session.scalars(select(Escalation))).one()
    assert escalation.state == "delivered"


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        (
            "nb-NO",
            {
                "no_director": "<at>Per Olsen</at>, det finnes ikke noe fagdirektørnettverk i "
                "Fagnett ennå, så saken kan ikke sendes videre nå.",
                "listing": "escalations",
                "to": ("Til", "Fagdirektørnettverket"),
                "waiting": "Venter på at fagdirektørnettverket registreres.",
                "directors": "<at>Siri Dahl</at>, 1 eskalert sak venter på beslutning her, men "
                "ingen i nettverket har rollen fagdirektør ennå. Gi fagdirektørene rollen med "
                "**medlemmer**, så kan de avgjøre den.",
            },
        ),
        (
            "en-US",
            {
                "no_director": "<at>Per Olsen</at>, there is no director network in Fagnett yet, "
                "so the case cannot be sent on now.",
                "listing": "escalations",
                "to": ("To", "Director network"),
                "waiting": "Waiting for the director network to be registered.",
                "directors": "<at>Siri Dahl</at>, 1 escalated case is waiting for a decision "
                "here, but nobody in the network has the director role yet. Give the directors "
                "their role with **members** so they can decide it.",
            },
        ),
    ],
)
async def test_waiting_escalations_go_out_as_the_director_network_registers(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
    bot_services: Any,
    locale: str,
    said: dict[str, Any],
) -> None:
    teams.locale = locale
    lang = lang_of(locale)
    await hjerte_network(teams, people, channel)
    await blocked_case(teams, people, channel)
    async with bot_sessions() as session:
        case = (await session.scalars(select(Case))).one()
        escalation = (await session.scalars(select(Escalation))).one()
    assert (escalation.state, escalation.target_network_id) == ("requested", None)

    # The originating network's secretary is @mentioned, not addressed by a plain word.
    notice = [
        a for a in sent_exactly_to(connector, case.thread_id) if "<at>" in (a.get("text") or "")
    ]
    assert len(notice) == 1
    assert notice[0]["text"].startswith(said["no_director"])
    assert mentioned(notice[0]) == {people["per"].teams_id}

    await teams.say(people["per"], said["listing"], channel)
    listing = connector.cards()[-1]
    assert fact(listing, said["to"][0]) == said["to"][1]
    assert said["waiting"] in card_text(listing)

    # Registering the director network delivers at once: no job run in between.
    ok_card(
        await register_network(
            teams,
            people["siri"],
            director_channel,
            name="Fagdirektørnettverket",
            kind="director",
            secretary=people["siri"],
        )
    )
    async with bot_sessions() as session:
        escalation = (await session.scalars(select(Escalation))).one()
        director = await session.scalar(select(Network).where(Network.kind == "director"))
    assert escalation.state == "delivered"
    assert len(escalation_cards_in(connector, director_channel, lang)) == 1
    ask = [
        a for a in connector.sent_to(director_channel.channel_id) if "<at>" in (a.get("text") or "")
    ]
    assert [a["text"] for a in ask] == [said["directors"]]
    assert mentioned(ask[0]) == {people["siri"].teams_id}

    # Once only, however often registration's follow-up or the job runs.
    assert director is not None
    assert await bot_services.escalations.director_network_registered(director, lang) == 0
    assert await bot_services.escalations.deliver_due() == 0
    assert len(escalation_cards_in(connector, director_channel, lang)) == 1
    assert [
        a for a in connector.sent_to(director_channel.channel_id) if "<at>" in (a.get("text") or "")
    ] == ask
    async with bot_sessions() as session:
        kinds = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    for kind in ("EscalationRetargeted", "EscalationDelivered", "DirectorsRequested"):
        assert kinds.count(kind) == 1, kind


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        (
            "nb-NO",
            {
                "retry": "Den kom ikke fram til Fagdirektørnettverket ennå. Fagnett prøver igjen "
                "{when}.",
                "listing": "eskaleringer",
                "not_delivered": "Ikke levert ennå. Prøves igjen {when}.",
                "delivered": "er sendt til Fagdirektørnettverket for beslutning.",
            },
        ),
        (
            "en-US",
            {
                "retry": "It has not reached Fagdirektørnettverket yet. Fagnett tries again "
                "{when}.",
                "listing": "escalations",
                "not_delivered": "Not delivered yet. Will be tried again {when}.",
                "delivered": "has gone to Fagdirektørnettverket for a decision.",
            },
        ),
    ],
)
async def test_a_failed_delivery_says_when_it_is_tried_again_without_http_codes(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
    bot_services: Any,
    clock: FakeClock,
    locale: str,
    said: dict[str, str],
) -> None:
    teams.locale = locale
    lang = lang_of(locale)
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    await blocked_case(teams, people, channel, close=False)
    # The connector refuses for good: the escalation is visibly not delivered.
    connector.fail_next(1, status=403, retry_after=None, path="/v3/conversations")
    await teams.click(people["per"], {"action": "poll.close", "poll_id": 1}, channel)
    async with bot_sessions() as session:
        case = (await session.scalars(select(Case))).one()
        escalation = (await session.scalars(select(Escalation))).one()
    assert escalation.state == "not_delivered"
    assert escalation.last_error == "HTTP 403"
    assert escalation.next_attempt_at is not None
    retry = when(escalation.next_attempt_at, lang)

    notes = thread_texts(connector, case.thread_id)
    assert said["retry"].format(when=retry) in notes
    assert not any("HTTP" in text for text in notes)
    await teams.say(people["per"], said["listing"], channel)
    listing = card_text(connector.cards()[-1])
    assert said["not_delivered"].format(when=retry) in listing
    assert "HTTP" not in listing
    assert await bot_services.escalations.deliver_due() == 0  # not due yet

    clock.advance(minutes=10)
    # Throttling and a flaky gateway are the outbox's to absorb: delayed, never doubled.
    connector.fail_next(2, status=429, retry_after="0", path_contains="/v3/conversations")
    connector.fail_next(2, status=503, retry_after="0", path_contains="/v3/conversations")
    assert await bot_services.escalations.deliver_due() == 1
    assert await bot_services.escalations.deliver_due() == 0
    assert len(created_in(connector, director_channel)) == 1
    assert len(escalation_cards_in(connector, director_channel, lang)) == 1
    notes = thread_texts(connector, case.thread_id)
    assert any(said["delivered"] in text for text in notes)
    assert sum(said["retry"].split("{")[0] in text for text in notes) == 1, "told once"
    async with bot_sessions() as session:
        kinds = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    assert kinds.count("EscalationDeliveryFailed") == 1
    assert kinds.count("EscalationDelivered") == 1


@pytest.mark.parametrize(
    ("locale", "reply"),
    [
        (
            "nb-NO",
            (
                "Sak {label} er sendt til eskalering.",
                "Den kom ikke fram til Fagdirektørnettverket ennå. Fagnett prøver igjen {when}.",
            ),
        ),
        (
            "en-US",
            (
                "Case {label} is sent for escalation.",
                "It has not reached Fagdirektørnettverket yet. Fagnett tries again {when}.",
            ),
        ),
    ],
)
async def test_escalating_directly_when_delivery_fails_tells_the_secretary_when_it_is_retried(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
    clock: FakeClock,
    locale: str,
    reply: tuple[str, str],
) -> None:
    teams.locale = locale
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    await create_case(teams, people["per"], channel, title="Direkte eskalert sak")
    label = f"1/{numbering_year(clock())}"
    connector.fail_next(1, status=403, retry_after=None, path="/v3/conversations")
    await teams.say(people["per"], f"eskaler {label}", channel)
    async with bot_sessions() as session:
        escalation = (await session.scalars(select(Escalation))).one()
    assert escalation.state == "not_delivered"
    assert escalation.next_attempt_at is not None
    retry = reply[1].format(when=when(escalation.next_attempt_at, lang_of(locale)))
    said = connector.texts(channel.channel_id)
    # The answer may arrive before the outcome of the delivery; whichever is known is said, with
    # the retry time, and never a bare "not delivered".
    answer = [text for text in said if text.startswith(reply[0].format(label=label))]
    assert len(answer) == 1
    assert answer[0].endswith(("Leveres nå.", "Being delivered.", retry))
    assert retry in said
    assert not any("Ikke levert" in text or "HTTP" in text for text in said)


@BOTH
async def test_a_returned_case_reopens_for_a_new_poll(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    await blocked_case(teams, people, channel)
    card = escalation_cards(connector, director_channel)[0]
    returned = [a["data"] for a in card["actions"] if a["data"]["verdict"] == "returned"][0]
    decided = ok_card(
        await teams.click(
            people["ingrid"],
            returned,
            director_channel,
            inputs={"text": "Avklar først hvilke HF som har kjøpt nytt."},
        )
    )
    assert "Beslutning: Sendt tilbake med veiledning" in card_text(decided)
    async with bot_sessions() as session:
        case = (await session.scalars(select(Case))).one()
    assert case.state == "open"
    assert any(
        "Avklar først hvilke HF" in text and "Sekretæren kan starte en ny avstemning" in text
        for text in thread_texts(connector, case.thread_id)
    )

    await teams.say(people["per"], f"sak {case.number}/{case.year}", channel)
    case_card = connector.cards()[-1]
    second = await open_poll(teams, people["per"], channel, case_card)
    assert "Felles innkjøp av defibrillatorer" in card_text(second)
    async with bot_sessions() as session:
        decision = (
            await session.scalars(select(Decision).where(Decision.outcome == "returned"))
        ).one()
    assert decision.decided_by == "director_network"


async def test_a_council_escalates_to_its_parent_and_then_to_the_directors(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    council = await council_network(
        teams, connector, people, name="Fagråd for hjerterehabilitering", parent_id="2"
    )
    case_card = await create_case(
        teams, people["per"], council, title="Felles rehabiliteringsforløp", proposal="Innføres."
    )
    poll_card = await open_poll(teams, people["per"], council, case_card)
    await vote(teams, people["ola"], council, poll_card, "block", "Mangler kapasitet i HMR.")
    await vote(teams, people["kari"], council, poll_card, "agree")
    await vote(teams, people["ingrid"], council, poll_card, "agree")

    # Not at the directors yet: a new case of the parent's, in the parent's channel.
    assert escalation_cards(connector, director_channel) == []
    assert len(created_in(connector, channel)) == 1
    async with bot_sessions() as session:
        council_case, parent_case = (await session.scalars(select(Case).order_by(Case.id))).all()
        first = (await session.scalars(select(Escalation))).one()
    assert first.parent_case_id == parent_case.id
    assert parent_case.network_id == 2
    assert "Ola Hansen (Helse Møre og Romsdal HF): Uenig – blokkerer: Mangler kapasitet i HMR." in (
        parent_case.description
    )
    assert any(
        "sendt videre til Hjertenettverket" in text
        for text in thread_texts(connector, council_case.thread_id)
    )
    parent_card = next(
        c
        for c in connector.cards(channel.channel_id)
        if "Felles rehabiliteringsforløp" in card_text(c) and "Sak " in card_text(c)
    )

    # The parent's own poll fails too: on to the director network.
    parent_poll = await open_poll(teams, people["per"], channel, parent_card)
    await vote(teams, people["ola"], channel, parent_poll, "block", "Fortsatt for dyrt.")
    poll_id = find_action(parent_poll, "poll.close")["poll_id"]
    await teams.click(people["per"], {"action": "poll.close", "poll_id": poll_id}, channel)
    cards = escalation_cards(connector, director_channel)
    assert len(cards) == 1
    assert "Hjertenettverket" in card_text(cards[0])
    assert "Mangler kapasitet i HMR." in card_text(cards[0])

    await teams.click(
        people["dag"],
        find_action(cards[0], "escalation.decide"),
        director_channel,
        inputs={"text": "Forløpet innføres i hele regionen."},
    )
    async with bot_sessions() as session:
        escalations = (await session.scalars(select(Escalation).order_by(Escalation.id))).all()
        reloaded = await session.get(Case, council_case.id)
        assert reloaded is not None
        council_case = reloaded
        council_decision = (
            await session.scalars(
                select(Decision).where(Decision.network_id == 3, Decision.outcome == "approved")
            )
        ).one()
    assert [e.state for e in escalations] == ["decided", "decided"]
    assert council_case is not None
    assert council_case.state == "decided"
    assert council_decision.escalation_id == escalations[0].id
    assert council_decision.decided_by == "director_network"
    assert any(
        "**Godkjent**" in text and "Forløpet innføres" in text
        for text in thread_texts(connector, council_case.thread_id)
    )
    assert any("**Godkjent**" in text for text in thread_texts(connector, parent_case.thread_id))


async def test_a_composition_dispute_and_a_direct_escalation_are_listed_and_decided(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
    clock: FakeClock,
) -> None:
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    refused = await teams.say(people["ola"], "eskaler sammensetning HMR bør ha to plasser", channel)
    assert refused.status in (200, 201)
    assert connector.texts()[-1] == "Du har ikke tilgang til dette. Ingenting ble endret."

    thread = f"{channel.channel_id};messageid=composition"
    await teams.say(
        people["per"],
        "eskaler sammensetning Vi er uenige om HMR skal ha to plasser.",
        channel,
        conversation_id=thread,
    )
    assert len([t for t in thread_texts(connector, thread) if t]) == 1, "one confirmation"
    cards = escalation_cards(connector, director_channel)
    assert len(cards) == 1
    assert "Uenighet om sammensetningen av Hjertenettverket" in card_text(cards[0])
    assert "Vi er uenige om HMR skal ha to plasser." in card_text(cards[0])

    await create_case(teams, people["per"], channel, title="Direkte eskalert sak")
    await teams.say(people["per"], f"eskaler 1/{numbering_year(clock())}", channel)
    assert len(escalation_cards(connector, director_channel)) == 2
    again = await teams.say(people["per"], f"eskaler 1/{numbering_year(clock())}", channel)
    assert again.status in (200, 201)
    assert "er allerede eskalert" in connector.texts()[-1]

    rejected = [a["data"] for a in cards[0]["actions"] if a["data"]["verdict"] == "rejected"][0]
    await teams.click(
        people["dag"], rejected, director_channel, inputs={"text": "Sammensetningen står."}
    )
    assert any(
        "har avgjort uenigheten om sammensetningen: **Avvist**" in text
        for text in thread_texts(connector, thread)
    )
    async with bot_sessions() as session:
        decision = (
            await session.scalars(select(Decision).where(Decision.outcome == "rejected"))
        ).one()
    assert (decision.network_id, decision.case_id) == (2, None)
    assert decision.escalation_id is not None

    clock.advance(days=30)
    await teams.say(people["siri"], "eskaleringer", director_channel)
    listing = connector.cards()[-1]
    shown = card_text(listing)
    assert "Eskaleringer: Fagdirektørnettverket" in shown
    assert "Direkte eskalert sak — Hjertenettverket" in shown
    assert "Forfalt" in shown
    assert "Avvist" in shown
    overdue = [block for block in _blocks(listing) if block.get("text") == "Forfalt"]
    assert overdue
    assert overdue[0]["color"] == "Warning"
    await teams.say(people["per"], "eskaleringer", channel)
    assert "Direkte eskalert sak" in card_text(connector.cards()[-1])


@pytest.mark.parametrize(
    ("locale", "confirmation"),
    [
        (
            "nb-NO",
            "Uenigheten om sammensetningen er sendt til Fagdirektørnettverket for beslutning. "
            "Frist: {deadline}.",
        ),
        (
            "en-US",
            "The disagreement on the composition has gone to Fagdirektørnettverket for a "
            "decision. Deadline: {deadline}.",
        ),
    ],
)
async def test_a_composition_dispute_is_confirmed_once_with_its_deadline(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
    locale: str,
    confirmation: str,
) -> None:
    teams.locale = locale
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    thread = f"{channel.channel_id};messageid=composition"
    await teams.say(
        people["per"],
        "eskaler sammensetning Vi er uenige om HMR skal ha to plasser.",
        channel,
        conversation_id=thread,
    )
    async with bot_sessions() as session:
        escalation = (await session.scalars(select(Escalation))).one()
    assert escalation.deadline is not None
    assert when(escalation.deadline, lang_of(locale)).endswith("15:00")
    deadline = deadline_shown(escalation.deadline, escalation.deadline_moved, lang_of(locale))
    assert [t for t in thread_texts(connector, thread) if t] == [
        confirmation.format(deadline=deadline)
    ]
    assert len(escalation_cards_in(connector, director_channel, lang_of(locale))) == 1


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        (
            "nb-NO",
            {
                "note": "Frist for beslutning: {deadline}. Svaret kommer i denne tråden.",
                "intro": "Start en avstemning; frist for beslutning: {deadline}.",
                "listing": "eskaleringer",
                "deadline": "Frist for beslutning",
                "to": "Til",
                "unset": "ikke satt ennå",
            },
        ),
        (
            "en-US",
            {
                "note": "Decision deadline: {deadline}. The answer will come in this thread.",
                "intro": "Start a poll; decision deadline: {deadline}.",
                "listing": "escalations",
                "deadline": "Decision deadline",
                "to": "To",
                "unset": "not set yet",
            },
        ),
    ],
)
async def test_a_council_escalation_to_its_parent_has_a_deadline(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
    locale: str,
    said: dict[str, str],
) -> None:
    teams.locale = locale
    lang = lang_of(locale)
    await hjerte_network(teams, people, channel)
    council = await council_network(teams, connector, people, name="Fagråd EKG", parent_id="1")
    case_card = await create_case(teams, people["per"], council, title="Felles EKG-tolkning")
    poll_card = await open_poll(teams, people["per"], council, case_card)
    await vote(teams, people["ola"], council, poll_card, "block", "Uklart ansvar.")
    for key in ("kari", "ingrid"):
        await vote(teams, people[key], council, poll_card, "agree")

    async with bot_sessions() as session:
        council_case = await session.scalar(select(Case).where(Case.network_id == 2))
        escalation = (await session.scalars(select(Escalation))).one()
    assert council_case is not None
    assert escalation.state == "delivered"
    assert escalation.deadline is not None
    assert escalation.deadline.astimezone(OSLO).time() == time(15, 0)
    deadline = deadline_shown(escalation.deadline, escalation.deadline_moved, lang)
    assert any(
        said["note"].format(deadline=deadline) in text
        for text in thread_texts(connector, council_case.thread_id)
    )
    assert any(
        said["intro"].format(deadline=deadline) in t for t in connector.texts(channel.channel_id)
    )

    for where in (council, channel):
        await teams.say(people["per"], said["listing"], where)
        listing = connector.cards()[-1]
        assert fact(listing, said["deadline"]) == deadline
        assert fact(listing, said["to"]) == "Hjertenettverket"
        assert said["unset"] not in card_text(listing)


def _blocks(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if node.get("type") == "TextBlock" else []
        return own + [b for value in node.values() for b in _blocks(value)]
    if isinstance(node, list):
        return [b for item in node for b in _blocks(item)]
    return []


async def test_the_parent_networks_consensus_answers_the_council(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
) -> None:
    await hjerte_network(teams, people, channel)
    council = await council_network(teams, connector, people, name="Fagråd EKG", parent_id="1")
    case_card = await create_case(teams, people["per"], council, title="Felles EKG-tolkning")
    poll_card = await open_poll(teams, people["per"], council, case_card)
    await vote(teams, people["ola"], council, poll_card, "block", "Uklart ansvar.")
    for key in ("kari", "ingrid"):
        await vote(teams, people[key], council, poll_card, "agree")

    parent_card = next(
        c for c in connector.cards(channel.channel_id) if "Felles EKG-tolkning" in card_text(c)
    )
    parent_poll = await open_poll(teams, people["per"], channel, parent_card)
    for key in ("kari", "ola", "ingrid", "dag"):
        await vote(teams, people[key], channel, parent_poll, "agree")

    async with bot_sessions() as session:
        council_case = await session.scalar(select(Case).where(Case.network_id == 2))
        escalation = (await session.scalars(select(Escalation))).one()
        answer = await session.scalar(
            select(Decision).where(Decision.network_id == 2, Decision.outcome == "approved")
        )
    assert council_case is not None
    assert council_case.state == "decided"
    assert escalation.state == "decided"
    assert answer is not None
    assert answer.decided_by == "parent_network"
    assert answer.escalation_id == escalation.id
    assert any("**Godkjent**" in t for t in thread_texts(connector, council_case.thread_id))


async def test_the_secretary_escalates_an_inconclusive_poll_to_the_directors(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    director_channel: Channel,
    bot_sessions: Sessions,
    bot_services: Any,
    clock: FakeClock,
) -> None:
    await director_network(teams, people, director_channel)
    await hjerte_network(teams, people, channel)
    case_card = await create_case(teams, people["per"], channel, title="Ventelister")
    poll_card = await open_poll(teams, people["per"], channel, case_card)
    await vote(teams, people["kari"], channel, poll_card, "agree")
    async with bot_sessions() as session:
        deadline = (await session.scalars(select(Poll.deadline))).one()
    clock.set(deadline + timedelta(seconds=1))
    assert await bot_services.polls.close_due() == 1
    ask = next(c for c in connector.cards() if "ble **ikke avgjort**" in card_text(c))

    escalated = await teams.click(people["per"], find_action(ask, "poll.escalate"), channel)
    assert (
        message(escalated)
        == "Sak 1/"
        + str(numbering_year(clock()))
        + " er meldt til eskalering til Fagdirektørnettverket."
    )
    again = await teams.click(people["per"], find_action(ask, "poll.escalate"), channel)
    assert message(again) == message(escalated)
    cards = escalation_cards(connector, director_channel)
    assert len(cards) == 1
    assert "Avstemningen ble ikke avgjort" in card_text(cards[0])
    async with bot_sessions() as session:
        escalation = (await session.scalars(select(Escalation))).one()
    assert (escalation.reason, escalation.state) == ("inconclusive", "delivered")
