"""End to end over HTTP: the secretary records a meeting's minutes; the decision taken in the
meeting lands in the log, each case's thread gets its part, the meeting is held, the DOCX
downloads through its signed link; a follow-up item is nudged and closed by its owner.

The meeting is planned through Teams (`møte`, without Graph: recorded as planned, agenda of the
open cases); the clock then moves past its start.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import docx
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.app import OUTBOX
from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO
from dialogs.minutes.rules import due_moment
from dialogs.nudges.rules import DEFAULT_PLANS, due_moments
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import create_case, hjerte_network, message, ok_card
from storage.db import Sessions
from storage.models import Case, Decision, FollowUp, Meeting, Reminder

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
NOT_ALLOWED = "Du har ikke tilgang til dette. Ingenting ble endret."


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The bot's periodic jobs wait an hour: the test sweeps the nudges itself."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
    )


async def plan_meeting(teams: TeamsClient, secretary: Person, channel: Channel) -> int:
    """`møte` → the planning form → the first slot offered; the meeting's id."""
    await teams.say(secretary, "møte", channel)
    form = teams.connector.cards()[-1]
    defaults = {f["id"]: f["value"] for f in inputs_of(form) if f.get("value")}
    proposal = ok_card(
        await teams.click(
            secretary,
            find_action(form, "meeting.propose"),
            channel,
            inputs={**defaults, "title": "Nettverksmøte november", "duration": "60"},
        )
    )
    book = find_action(proposal, "meeting.book")
    assert book["slot"] == 0
    await teams.click(secretary, book, channel)
    return int(book["meeting_id"])


async def fetch(bot: TestServer, url: str) -> tuple[int, bytes]:
    local = str(bot.make_url(urlsplit(url).path)) + "?" + urlsplit(url).query
    async with aiohttp.ClientSession() as http, http.get(local) as response:
        return response.status, await response.read()


def choice_value(form: dict[str, Any], field_id: str, title: str) -> str:
    field = next(f for f in inputs_of(form) if f["id"] == field_id)
    return str(next(c["value"] for c in field["choices"] if c["title"] == title))


def in_thread(connector: Connector, thread_id: str) -> list[str]:
    return [
        a.get("text") or ""
        for a in connector.activities.values()
        if a.get("conversation", {}).get("id") == thread_id
    ]


async def test_minutes_decision_threads_document_and_a_followup_closed_by_its_owner(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot: TestServer,
    bot_sessions: Sessions,
    bot_services: Services,
    clock: FakeClock,
) -> None:
    clock.set(MONDAY.astimezone(UTC))
    per, ola, ingrid = people["per"], people["ola"], people["ingrid"]
    await teams.install(ola)
    await hjerte_network(teams, people, channel)
    await create_case(
        teams, per, channel, title="Ny prosedyre", needs_anchoring=True, proposal="Forslag A"
    )
    await create_case(teams, per, channel, title="Utstyr")
    meeting_id = await plan_meeting(teams, per, channel)
    async with bot_sessions() as session:
        planned = await session.get(Meeting, meeting_id)
    assert planned is not None
    assert planned.state == "planned"
    assert planned.start_at is not None
    assert len(planned.agenda) == 2

    # Before it starts there is nothing to record.
    await teams.say(per, "referat", channel)
    assert "Jeg finner ikke noe møte" in connector.texts()[-1]
    clock.set(planned.start_at + timedelta(minutes=90))
    due = (clock() + timedelta(days=14)).astimezone(OSLO).date()

    # A plain member is refused before any form.
    cards_before = len(connector.cards())
    await teams.say(ola, "referat", channel)
    assert connector.texts()[-1] == NOT_ALLOWED
    assert len(connector.cards()) == cards_before

    await teams.say(per, "referat", channel)
    form = connector.cards()[-1]
    assert "Referat: Nettverksmøte november" in card_text(form)
    async with bot_sessions() as session:
        first, second = (await session.scalars(select(Case).order_by(Case.id))).all()
    ids = {f["id"] for f in inputs_of(form)}
    assert {f"discussed_{first.id}", f"decision_{second.id}", "task_0", "owner_0"} <= ids
    present = next(f for f in inputs_of(form) if f["id"] == "present")
    recorded = await teams.click(
        per,
        find_action(form, "minutes.record"),
        channel,
        inputs={
            "present": present["value"],
            f"discussed_{first.id}": "Utkastet ble gjennomgått linje for linje.",
            f"decision_{first.id}": "Prosedyren vedtas som foreslått.",
            f"discussed_{second.id}": "Innkjøpet venter på tilbud.",
            f"decision_{second.id}": "",
            "task_0": "Sende prosedyren til HF-ene",
            "case_0": str(first.id),
            "owner_0": choice_value(form, "owner_0", ola.name),
            "due_0": due.isoformat(),
        },
    )
    summary = ok_card(recorded)
    assert "Referat fra møtet: Nettverksmøte november" in card_text(summary)
    await bot.app[OUTBOX].idle()

    # The meeting is held; the decision is in the log, decided in the meeting, anchoring pending.
    async with bot_sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
        decision = await session.scalar(select(Decision))
        item = await session.scalar(select(FollowUp))
    assert meeting is not None
    assert (meeting.state, meeting.held_at) == ("held", clock())
    assert decision is not None
    assert decision.meeting_id == meeting_id
    assert item is not None
    await teams.say(ola, "vedtak", channel)
    log = card_text(connector.cards()[-1])
    assert "Prosedyren vedtas som foreslått." in log
    assert "nettverket i møte" in log
    assert "Foreløpig – venter på forankring fra:" in log

    # Each case's thread got its part; the channel got the summary.
    assert any(
        "Prosedyren vedtas som foreslått." in t for t in in_thread(connector, first.thread_id)
    )
    assert any("Innkjøpet venter på tilbud." in t for t in in_thread(connector, second.thread_id))
    assert any(
        "Referat fra møtet: Nettverksmøte november" in card_text(c)
        for c in connector.cards(channel.channel_id)
    )

    # A second submit is refused politely.
    again = await teams.click(per, find_action(form, "minutes.record"), channel)
    assert "allerede lagret" in message(again)

    # The DOCX downloads through the signed link and holds the texts.
    docx_url = next(a["url"] for a in summary["actions"] if a["title"] == "Last ned Word")
    status, body = await fetch(bot, docx_url)
    assert status == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "Utkastet ble gjennomgått linje for linje." in text
    assert "Prosedyren vedtas som foreslått." in text
    markdown_url = next(a["url"] for a in summary["actions"] if a["title"] == "Last ned Markdown")
    status, markdown = await fetch(bot, markdown_url)
    assert status == 200
    assert "Sende prosedyren til HF-ene" in markdown.decode()

    # The follow-up item is nudged two working days before it is due.
    async with bot_sessions() as session:
        first_nudge = await session.scalar(
            select(func.min(Reminder.due_at)).where(Reminder.subject == f"followup:{item.id}")
        )
    assert first_nudge is not None
    assert first_nudge == due_moments(DEFAULT_PLANS["followup"], due_moment(due), clock())[0]
    clock.set(first_nudge)
    await bot_services.nudges.sweep()
    personal = connector.cards(f"a:personal-{ola.key}")
    nudges = [c for c in personal if "Et oppfølgingspunkt venter på deg" in card_text(c)]
    assert len(nudges) == 1, [card_text(c) for c in personal]
    nudge = nudges[0]
    assert "Sende prosedyren til HF-ene" in card_text(nudge)
    assert f"{first.number}/{first.year}: Sende prosedyren" in card_text(nudge)
    done = find_action(nudge, "followup.done")
    assert done == {"action": "followup.done", "followup_id": item.id}

    # In the channel the secretary sees it; someone who isn't the owner can't close it.
    await teams.say(per, "oppfølging", channel)
    listing = connector.cards()[-1]
    assert "Sende prosedyren til HF-ene" in card_text(listing)
    refused = await teams.click(ingrid, done, channel)
    assert message(refused) == NOT_ALLOWED

    # Its owner closes it from the nudge card; the reminders after it are cancelled.
    closed = ok_card(await teams.click(ola, done))
    assert "Ingen åpne oppfølgingspunkter." in card_text(closed)
    async with bot_sessions() as session:
        item = await session.get(FollowUp, item.id)
        pending = await session.scalar(
            select(Reminder.id).where(
                Reminder.subject == f"followup:{item.id if item else 0}",
                Reminder.state == "pending",
            )
        )
    assert item is not None
    assert (item.state, item.done_by) == ("done", ola.aad_id)
    assert pending is None
