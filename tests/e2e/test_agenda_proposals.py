"""Agenda proposals and assignments, end to end over HTTP.

The RHF adviser proposes a national matter to the Hjerte network from her personal chat; it is
posted in the network's channel, the secretary accepts it there and it becomes a case marked as
brought by the RHF; a second proposal is declined with a reason. Siri hears of both in her
personal chat. A director gives the Hjerte network an assignment from the director channel; it
becomes a case, the secretary is nudged, the summary shows it overdue, and the secretary's
answer reaches the director thread it was given in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import OUTBOX
from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO, t
from dialogs.nudges.rules import DEFAULT_PLANS, due_moments
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import HJERTE_ROLES, assign_roles, message, ok_card, register_network
from storage.db import Sessions
from storage.models import AgendaProposal, Assignment, Case, Reminder

DIRECTORS = Channel("19:team-dir@thread.tacv2", "19:general-dir@thread.tacv2", "Fagdirektører")

START = datetime(2026, 11, 23, 10, 0, tzinfo=OSLO).astimezone(UTC)
"""A Monday morning in Oslo."""


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Periodic jobs wait an hour: the test runs the outbox and the nudge sweep itself."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
        digest_seconds=3600,
    )


async def build_world(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
) -> None:
    """Hjertenettverket with Per as secretary and Siri as RHF adviser; the director network in
    its own team with Dag as director."""
    clock.set(START)
    connector.teams[DIRECTORS.team_id] = [people["dag"], people["eva"]]
    ok_card(await register_network(teams, people["kari"], channel, secretary=people["per"]))
    await assign_roles(teams, people["per"], channel, people, HJERTE_ROLES)
    ok_card(
        await register_network(
            teams, people["eva"], DIRECTORS, name="Fagdirektørnettverket", kind="director"
        )
    )
    await assign_roles(teams, people["eva"], DIRECTORS, people, {"dag": ("director", "st_olav")})


async def deliver(bot: TestServer) -> None:
    """Let the outbox deliver everything queued so far."""
    await bot.app[OUTBOX].idle()
    await bot.app[OUTBOX].deliver_due()


def choice(card: dict[str, Any], input_id: str, title: str) -> str:
    """The value of the choice titled `title` in the card's choice set `input_id`."""
    field = next(f for f in inputs_of(card) if f["id"] == input_id)
    return str(next(c["value"] for c in field["choices"] if c["title"] == title))


async def personal_card(teams: TeamsClient, person: Person, text: str) -> dict[str, Any]:
    """Say `text` in the person's personal chat; the card the bot answered with."""
    said = await teams.say(person, text)
    assert said.status in (200, 201), said
    return teams.connector.cards(f"a:personal-{person.key}")[-1]


async def test_a_proposal_is_accepted_as_a_case_and_another_declined_with_its_reason(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    bot: TestServer,
    bot_sessions: Sessions,
) -> None:
    await build_world(teams, connector, people, channel, clock)
    siri, per, kari, ola = people["siri"], people["per"], people["kari"], people["ola"]
    await teams.install(siri)

    await teams.say(ola, "foreslå")
    assert connector.texts("a:personal-ola")[-1] == t("agenda.not_adviser", "nb")

    form = await personal_card(teams, siri, "foreslå")
    hjerte = choice(form, "network_id", "Hjertenettverket")
    sent = ok_card(
        await teams.click(
            siri,
            find_action(form, "agenda.propose"),
            inputs={
                "network_id": hjerte,
                "scope": "national",
                "title": "Ny nasjonal retningslinje for hjertesvikt",
                "description": "Helsedirektoratet har publisert en ny faglig retningslinje.",
                "source": "Helsedirektoratet, 12. november 2026",
            },
        )
    )
    assert "Venter på sekretæren" in card_text(sent)

    # The proposal reaches the network's channel with the secretary's two buttons.
    await deliver(bot)
    posted = [
        c for c in connector.cards(channel.channel_id) if "Forslag til sakskartet" in card_text(c)
    ]
    assert len(posted) == 1
    accept = find_action(posted[0], "agenda.accept")
    assert "Nasjonal sak" in card_text(posted[0])
    assert "Helsedirektoratet, 12. november 2026" in card_text(posted[0])

    assert message(await teams.click(ola, accept, channel)) == t("error.not_allowed", "nb")
    accepted = ok_card(await teams.click(per, accept, channel))
    assert "Tatt opp på sakskartet" in card_text(accepted)
    assert "1/2026 Ny nasjonal retningslinje for hjertesvikt" in card_text(accepted)
    again = await teams.click(kari, accept, channel)
    assert message(again) == t("agenda.already_decided", "nb")

    async with bot_sessions() as session:
        cases = list(await session.scalars(select(Case)))
        proposal = await session.scalar(select(AgendaProposal))
    assert [(c.number, c.title) for c in cases] == [
        (1, "Ny nasjonal retningslinje for hjertesvikt")
    ]
    assert proposal is not None
    assert (proposal.state, proposal.case_id) == ("accepted", cases[0].id)

    # The case is a normal case of the network, marked as brought by the RHF.
    await teams.say(per, "sak 1/2026", channel)
    case_card = connector.cards()[-1]
    assert "Meldt inn av RHF (Siri Dahl): Nasjonal sak." in card_text(case_card)
    await teams.say(per, "saker", channel)
    assert "Ny nasjonal retningslinje for hjertesvikt" in card_text(connector.cards()[-1])

    await deliver(bot)
    told = [x for x in connector.texts("a:personal-siri") if "Per Olsen har tatt forslaget" in x]
    assert told == [
        "Per Olsen har tatt forslaget ditt «Ny nasjonal retningslinje for hjertesvikt» opp på "
        "sakskartet i Hjertenettverket som sak 1/2026."
    ]

    # A second, regional proposal is declined; the reason is required and goes back to Siri.
    form = await personal_card(teams, siri, "foreslå")
    ok_card(
        await teams.click(
            siri,
            find_action(form, "agenda.propose"),
            inputs={
                "network_id": hjerte,
                "scope": "regional",
                "title": "Felles pasientforløp for hjerterehabilitering",
                "description": "Regionalt forslag fra RHF-styret.",
                "source": "Styresak 88/2026",
            },
        )
    )
    await deliver(bot)
    second = [
        c
        for c in connector.cards(channel.channel_id)
        if "Felles pasientforløp for hjerterehabilitering" in card_text(c)
    ][-1]
    decline = find_action(second, "agenda.decline")
    assert message(await teams.click(per, decline, channel)) == t("agenda.invalid.reason", "nb")
    declined = ok_card(
        await teams.click(
            per, decline, channel, inputs={"reason": "Dekkes av sak 1/2026 og arbeidsgruppen."}
        )
    )
    assert "Avslått" in card_text(declined)
    await deliver(bot)
    reasons = [x for x in connector.texts("a:personal-siri") if "har avslått" in x]
    assert reasons == [
        "Per Olsen har avslått forslaget ditt «Felles pasientforløp for hjerterehabilitering» "
        "til Hjertenettverket. Begrunnelse: Dekkes av sak 1/2026 og arbeidsgruppen."
    ]
    async with bot_sessions() as session:
        assert len(list(await session.scalars(select(Case)))) == 1


async def test_an_assignment_is_given_nudged_answered_and_the_answer_reaches_the_director_thread(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    bot: TestServer,
    bot_sessions: Sessions,
    bot_services: Services,
) -> None:
    await build_world(teams, connector, people, channel, clock)
    dag, per, siri = people["dag"], people["per"], people["siri"]
    for person in (per, siri):
        await teams.install(person)

    await teams.say(per, "oppdrag", DIRECTORS)
    assert connector.texts(DIRECTORS.channel_id)[-1] == t("assignment.not_director", "nb")
    await teams.say(dag, "oppdrag", channel)
    assert connector.texts(channel.channel_id)[-1] == t("assignment.not_director", "nb")

    await teams.say(dag, "oppdrag", DIRECTORS)
    form = connector.cards(DIRECTORS.channel_id)[-1]
    given = ok_card(
        await teams.click(
            dag,
            find_action(form, "assignment.give"),
            DIRECTORS,
            inputs={
                "network_id": choice(form, "network_id", "Hjertenettverket"),
                "title": "Kartlegg ventetider i hjertesviktpoliklinikkene",
                "description": "Oversikt per helseforetak til fagdirektørmøtet.",
                "deadline": "2026-12-10",
            },
        )
    )
    assert "1/2026 Kartlegg ventetider i hjertesviktpoliklinikkene" in card_text(given)
    async with bot_sessions() as session:
        assignment = await session.scalar(select(Assignment))
        assert assignment is not None
        case = await session.get(Case, assignment.case_id)
    assert case is not None
    assert case.title == "Kartlegg ventetider i hjertesviktpoliklinikkene"
    assert assignment.thread_id.startswith(f"{DIRECTORS.channel_id};messageid=")
    deadline = datetime(2026, 12, 10, 16, 0, tzinfo=OSLO)
    assert assignment.deadline == deadline

    # Posted in the network's channel with the answer button.
    await deliver(bot)
    posted = [
        c
        for c in connector.cards(channel.channel_id)
        if "Oppdrag fra fagdirektørnettverket" in card_text(c)
    ]
    assert len(posted) == 1
    answer_button = find_action(posted[0], "assignment.answer_form")
    assert answer_button == {"action": "assignment.answer_form", "assignment_id": assignment.id}

    # Nudged like any deadline: the first reminder reaches the secretary personally, once.
    first = due_moments(DEFAULT_PLANS["assignment"], deadline, START)[0]
    async with bot_sessions() as session:
        earliest = await session.scalar(
            select(Reminder.due_at)
            .where(Reminder.subject == f"assignment:{assignment.id}")
            .order_by(Reminder.due_at)
            .limit(1)
        )
    assert earliest == first
    for _ in range(2):
        clock.set(first)
        await bot_services.nudges.sweep()
        await deliver(bot)
    nudges = [
        c
        for c in connector.cards("a:personal-per")
        if "Et oppdrag fra fagdirektørnettverket venter på svar" in card_text(c)
    ]
    assert len(nudges) == 1
    assert "Kartlegg ventetider" in card_text(nudges[0])
    assert find_action(nudges[0], "assignment.answer_form") == answer_button

    # Past its deadline, the adviser's summary shows it overdue.
    clock.set(deadline + timedelta(hours=1))
    await teams.say(siri, "oppsummering")
    summary = connector.cards("a:personal-siri")[-1]
    assert "forfalte oppdrag 1" in card_text(summary), card_text(summary)

    # The secretary answers from the nudge; the answer reaches the director thread.
    form = ok_card(await teams.click(per, find_action(nudges[0], "assignment.answer_form")))
    assert "Åpent, over fristen" in card_text(form)
    answered = ok_card(
        await teams.click(
            per,
            find_action(form, "assignment.answer"),
            inputs={"text": "Ventetidene er kartlagt: median 34 dager, lengst ved HNT."},
        )
    )
    assert "Besvart" in card_text(answered)
    await deliver(bot)
    in_thread = [
        a
        for a in connector.activities.values()
        if a.get("conversation", {}).get("id") == assignment.thread_id
    ]
    answers = [
        card_text(attachment["content"])
        for a in in_thread
        for attachment in a.get("attachments") or []
        if "har svart på oppdraget" in card_text(attachment["content"])
    ]
    assert len(answers) == 1, in_thread
    assert "Hjertenettverket har svart på oppdraget" in answers[0]
    assert "median 34 dager" in answers[0]
    assert "Per Olsen" in answers[0]

    again = await teams.click(per, find_action(form, "assignment.answer"), inputs={"text": "Igjen"})
    assert message(again) == t("assignment.already_answered", "nb")
    async with bot_sessions() as session:
        pending = await session.scalar(
            select(Reminder.id).where(
                Reminder.subject == f"assignment:{assignment.id}", Reminder.state == "pending"
            )
        )
    assert pending is None
    await teams.say(siri, "oppsummering")
    assert "forfalte oppdrag 0" in card_text(connector.cards("a:personal-siri")[-1])
