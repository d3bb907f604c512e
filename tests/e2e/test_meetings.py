"""End to end over HTTP: a secretary plans a meeting from free/busy, books it as a Teams meeting
through the Graph stand-in, the channel gets the card with the join link, attendees are reminded
the working day before, and the meeting is moved and cancelled; a meeting removed in Outlook is
reported as gone. Without Graph the same steps give a planned meeting and an `.ics` invitation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from icalendar import Calendar
from sqlalchemy import select

from bot.app import create_app
from bot.retry import ConnectorRetry
from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO, t
from dialogs.workdays import in_working_hours
from graph import Graph
from harness.client import Channel, TeamsClient, card_text, find_action, inputs_of
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.graph import GraphStandIn
from harness.scenario import HJERTE_ROLES, assign_roles, create_case, ok_card, register_network
from storage.db import Sessions
from storage.models import Event, Meeting

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
"""The secretary plans on Monday morning; the window runs Tue 24 Nov .. Tue 8 Dec."""

ROLES = {**HJERTE_ROLES, "liv": ("member", "hmr")}
VOTERS = ("kari", "ola", "ingrid", "dag", "liv")
"""Five voting members (the leader among them) from St. Olav, HMR and HNT."""


@pytest.fixture
def people(people: dict[str, Person]) -> dict[str, Person]:
    """The usual people and Liv, a fifth voter."""
    return {**people, "liv": Person("liv", "Liv Lund", "aad-liv", "liv@hmr.no")}


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Periodic jobs wait an hour: the test sweeps the reminders itself on its clock."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
        gathering_invitees=["fagdirektor@helse-midt.no"],
    )


@pytest.fixture
def with_graph() -> bool:
    """Whether the bot has Graph credentials (a test parametrizes it to False)."""
    return True


@pytest.fixture
async def bot(
    settings: Settings, clock: FakeClock, with_graph: bool, graph: Graph
) -> AsyncIterator[TestServer]:
    """The whole service, with Graph pointed at the stand-in unless `with_graph` is False."""
    app = create_app(
        settings,
        retry=ConnectorRetry(attempts=5, base=0.01, cap=0.2),
        now=clock,
        graph=graph if with_graph else None,
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


async def _network(
    teams: TeamsClient, people: dict[str, Person], channel: Channel, clock: FakeClock
) -> None:
    clock.set(MONDAY.astimezone(UTC))
    ok_card(
        await register_network(
            teams, people["kari"], channel, name="Hjertenettverket", secretary=people["per"]
        )
    )
    await assign_roles(teams, people["per"], channel, people, ROLES)
    await create_case(teams, people["per"], channel, title="Felles prosedyre for hjertesvikt")
    await create_case(teams, people["per"], channel, title="Kompetanseplan 2027")


async def _plan(
    teams: TeamsClient,
    person: Person,
    channel: Channel,
    *,
    adviser: bool = False,
    title: str = "Nettverksmøte desember",
    **inputs: str,
) -> dict[str, Any]:
    """`møte`, then submit the form with its defaults; returns the proposal card."""
    said = await teams.say(person, "møte", channel)
    assert said.status in (200, 201)
    form = teams.connector.cards()[-1]
    defaults = {field["id"]: field.get("value") for field in inputs_of(form)}
    assert defaults["earliest"] == "2026-11-24"
    assert defaults["latest"] == "2026-12-08"
    values = {**defaults, "title": title, "adviser": "true" if adviser else "false", **inputs}
    answer = await teams.click(person, find_action(form, "meeting.propose"), channel, inputs=values)
    return ok_card(answer)


def _channel_meeting_cards(connector: Connector, channel: Channel) -> list[dict[str, Any]]:
    """The meeting cards in the channel, as each was last posted or updated."""
    cards: dict[str, dict[str, Any]] = {}
    for activity_id, activity in connector.activities.items():
        conversation = str(activity.get("conversation", {}).get("id", ""))
        if conversation.split(";")[0] != channel.channel_id:
            continue
        for attachment in activity.get("attachments") or []:
            content = attachment.get("content") or {}
            title = str((content.get("body") or [{}])[0].get("text", ""))
            if title.startswith("Møte: "):
                cards[activity_id] = content
    return list(cards.values())


def _open_urls(card: dict[str, Any]) -> list[str]:
    return [a["url"] for a in card.get("actions") or [] if a.get("type") == "Action.OpenUrl"]


async def _meeting(sessions: Sessions) -> Meeting:
    async with sessions() as session:
        meeting = await session.scalar(select(Meeting).order_by(Meeting.id.desc()).limit(1))
    assert meeting is not None
    return meeting


@pytest.mark.parametrize("after_store", [True, False], ids=["answer-lost", "refused-first"])
async def test_secretary_plans_books_is_reminded_moves_and_cancels(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    graph_stand_in: GraphStandIn,
    bot_sessions: Sessions,
    bot_services: Services,
    after_store: bool,
) -> None:
    await _network(teams, people, channel, clock)
    per, kari, ola, ingrid = (people[k] for k in ("per", "kari", "ola", "ingrid"))
    await teams.install(kari)
    # Kari is away all Tuesday, Ola busy Wednesday morning, Ingrid tentative Thursday 08–09.
    graph_stand_in.busy(
        kari.email,
        datetime(2026, 11, 24, 7, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 16, 0, tzinfo=UTC),
        "oof",
    )
    graph_stand_in.busy(
        ola.email,
        datetime(2026, 11, 25, 8, 0, tzinfo=OSLO),
        datetime(2026, 11, 25, 12, 0, tzinfo=OSLO),
    )
    graph_stand_in.busy(
        ingrid.email,
        datetime(2026, 11, 26, 8, 0, tzinfo=OSLO),
        datetime(2026, 11, 26, 9, 0, tzinfo=OSLO),
        "tentative",
    )

    proposal = await _plan(teams, per, channel, adviser=True)
    text = card_text(proposal)
    assert "Tid 1: onsdag 25. nov. 2026 kl. 12:00–13:00" in text, text
    assert "Tid 2: torsdag 26. nov. 2026 kl. 09:00–10:00" in text, text
    assert "Tid 3: fredag 27. nov. 2026 kl. 08:00–09:00" in text, text
    assert "tirsdag" not in text, "Kari is away all Tuesday"
    assert [a["data"]["slot"] for a in proposal["actions"]] == [0, 1, 2]
    schedule_calls = graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")
    assert len(schedule_calls) == 1
    asked = {s.lower() for s in schedule_calls[0].body.get("Schedules") or []}
    assert asked == {people[k].email for k in (*VOTERS, "siri")}

    graph_stand_in.fail("POST", "/users/*/events", status=429, times=1, after_store=after_store)
    booked = ok_card(await teams.click(per, find_action(proposal, "meeting.book"), channel))
    # A second click (a retry by Teams, or an impatient secretary) changes nothing.
    again = ok_card(await teams.click(per, find_action(proposal, "meeting.book"), channel))

    events = graph_stand_in.events_of(per.email)
    assert len(events) == 1
    event = events[0]
    assert sorted(event.attendee_emails()) == sorted(people[k].email for k in (*VOTERS, "siri"))
    types = {a["emailAddress"]["address"]: a["type"] for a in event.attendees}
    assert types["siri@helse-midt.no"] == "optional"
    assert types["kari@stolav.no"] == "required"
    assert "1/2026" in event.body_html
    assert "2/2026" in event.body_html
    assert event.join_url
    assert event.join_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert event.start == datetime(2026, 11, 25, 12, 0, tzinfo=OSLO)
    assert event.online
    assert _open_urls(booked) == [event.join_url]
    assert _open_urls(again) == [event.join_url]

    meeting = await _meeting(bot_sessions)
    assert meeting.state == "booked"
    assert meeting.event_id == event.id
    assert event.transaction_id == meeting.transaction_id
    shared = _channel_meeting_cards(connector, channel)
    assert len(shared) == 1, "one card in the channel"
    assert _open_urls(shared[0]) == [event.join_url]
    assert "1/2026" in card_text(shared[0])
    assert "Felles prosedyre for hjertesvikt" in card_text(shared[0])

    # The reminder goes out the working day before, in working hours, to Kari personally.
    seen = len(connector.activities)
    arrivals: list[datetime] = []
    moment = datetime(2026, 11, 23, 16, 0, tzinfo=OSLO).astimezone(UTC)
    while moment < datetime(2026, 11, 25, 12, 0, tzinfo=OSLO):
        clock.set(moment)
        await bot_services.nudges.sweep()
        fresh = list(connector.activities.values())[seen:]
        seen = len(connector.activities)
        if any(a["conversation"]["id"] == f"a:personal-{kari.key}" for a in fresh):
            arrivals.append(moment)
        moment += timedelta(minutes=30)
    assert arrivals == [datetime(2026, 11, 24, 12, 0, tzinfo=OSLO).astimezone(UTC)]
    assert in_working_hours(arrivals[0])
    nudge = connector.cards(f"a:personal-{kari.key}")[-1]
    assert "Nettverksmøte desember" in card_text(nudge)

    # Move to Friday 10:00 from the channel card's button.
    form = ok_card(await teams.click(per, find_action(shared[0], "meeting.move_form"), channel))
    moved = ok_card(
        await teams.click(
            per,
            find_action(form, "meeting.move"),
            channel,
            inputs={"day": "2026-11-27", "start": "10:00", "duration": "90"},
        )
    )
    assert "fredag 27. nov. 2026 kl. 10:00–11:30" in card_text(moved)
    assert event.start == datetime(2026, 11, 27, 10, 0, tzinfo=OSLO)
    assert event.end == datetime(2026, 11, 27, 11, 30, tzinfo=OSLO)
    shared = _channel_meeting_cards(connector, channel)
    assert len(shared) == 1, "the card is updated in place"
    assert "fredag 27. nov. 2026 kl. 10:00–11:30" in card_text(shared[0])

    cancelled = ok_card(await teams.click(per, find_action(shared[0], "meeting.cancel"), channel))
    assert "avlyst" in card_text(cancelled)
    assert event.cancelled
    assert event.cancel_comment == t("meeting.cancel.comment", "nb")
    shared = _channel_meeting_cards(connector, channel)
    assert t("meeting.card.cancelled", "nb") in card_text(shared[0])
    assert _open_urls(shared[0]) == [], "no join link on a cancelled meeting"
    async with bot_sessions() as session:
        kinds = list(
            await session.scalars(
                select(Event.kind)
                .where(Event.subject == f"meeting:{meeting.id}", Event.kind.like("Meeting%"))
                .order_by(Event.id)
            )
        )
    assert kinds == ["MeetingProposed", "MeetingBooked", "MeetingMoved", "MeetingCancelled"]


async def test_a_meeting_removed_in_outlook_is_reported_gone(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    graph_stand_in: GraphStandIn,
    bot_sessions: Sessions,
) -> None:
    await _network(teams, people, channel, clock)
    per = people["per"]
    proposal = await _plan(teams, per, channel)
    ok_card(await teams.click(per, find_action(proposal, "meeting.book"), channel))
    (event,) = graph_stand_in.events_of(per.email)
    del graph_stand_in.events[event.organiser_id][event.id]

    shared = _channel_meeting_cards(connector, channel)
    answer = ok_card(await teams.click(per, find_action(shared[0], "meeting.cancel"), channel))
    assert t("meeting.gone", "nb") in card_text(answer)
    assert (await _meeting(bot_sessions)).state == "gone"
    shared = _channel_meeting_cards(connector, channel)
    assert len(shared) == 1
    assert t("meeting.card.gone", "nb") in card_text(shared[0])
    assert _open_urls(shared[0]) == []


async def test_without_permission_to_read_free_busy_the_card_names_it(
    teams: TeamsClient,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    graph_stand_in: GraphStandIn,
) -> None:
    await _network(teams, people, channel, clock)
    graph_stand_in.fail("POST", "/users/*/calendar/getSchedule", status=403)
    proposal = await _plan(teams, people["per"], channel)
    text = card_text(proposal)
    assert "Calendars.ReadBasic" in text
    assert "Tid 1: tirsdag 24. nov. 2026 kl. 08:00–09:00" in text
    assert t("meeting.slot.unknown", "nb") in text


async def test_graph_busy_on_booking_leaves_nothing_half_done(
    teams: TeamsClient,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    graph_stand_in: GraphStandIn,
    bot_sessions: Sessions,
) -> None:
    await _network(teams, people, channel, clock)
    per = people["per"]
    proposal = await _plan(teams, per, channel)
    graph_stand_in.fail("POST", "/users/*/events", status=503, times=10)
    answer = await teams.click(per, find_action(proposal, "meeting.book"), channel)
    assert answer.body["value"] == t("meeting.graph_busy", "nb")
    meeting = await _meeting(bot_sessions)
    assert meeting.state == "proposed"
    assert meeting.start_at is None
    assert graph_stand_in.events_of(per.email) == []

    graph_stand_in.faults.clear()
    ok_card(await teams.click(per, find_action(proposal, "meeting.book"), channel))
    assert len(graph_stand_in.events_of(per.email)) == 1
    assert (await _meeting(bot_sessions)).state == "booked"


@pytest.mark.parametrize("with_graph", [False])
async def test_without_graph_the_meeting_is_planned_with_an_ics_invitation(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    bot: TestServer,
    bot_sessions: Sessions,
) -> None:
    await _network(teams, people, channel, clock)
    per = people["per"]
    proposal = await _plan(teams, per, channel)
    text = card_text(proposal)
    assert "Microsoft Graph er ikke satt opp" in text
    assert "Calendars.ReadBasic" in text
    assert "Calendars.ReadWrite" in text
    assert "Tid 1: tirsdag 24. nov. 2026 kl. 08:00–09:00" in text
    assert t("meeting.slot.unknown", "nb") in text

    planned = ok_card(await teams.click(per, find_action(proposal, "meeting.book"), channel))
    assert "Møtet er planlagt" in card_text(planned)
    (ics_url,) = _open_urls(planned)
    meeting = await _meeting(bot_sessions)
    assert meeting.state == "planned"

    link = urlsplit(ics_url)
    async with (
        aiohttp.ClientSession() as http,
        http.get(str(bot.make_url(f"{link.path}?{link.query}"))) as response,
    ):
        assert response.status == 200
        assert response.content_type == "text/calendar"
        body = await response.read()
    calendar = Calendar.from_ical(body)
    assert str(calendar["method"]) == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == meeting.transaction_id
    assert vevent.decoded("dtstart") == datetime(2026, 11, 24, 8, 0, tzinfo=OSLO)
    assert vevent.decoded("dtend") == datetime(2026, 11, 24, 9, 0, tzinfo=OSLO)
    attendees = sorted(str(a).removeprefix("mailto:") for a in vevent.get("attendee"))
    assert attendees == sorted(people[k].email for k in VOTERS)
    assert "1/2026" in str(vevent["description"])
    assert str(vevent["organizer"]) == f"mailto:{per.email}"

    shared = _channel_meeting_cards(connector, channel)
    assert len(shared) == 1
    assert _open_urls(shared[0]) == []
    assert "Planlagt" in card_text(shared[0])

    # Moving without Graph updates the record and the card, and offers a fresh invitation.
    form = ok_card(await teams.click(per, find_action(shared[0], "meeting.move_form"), channel))
    moved = ok_card(
        await teams.click(
            per,
            find_action(form, "meeting.move"),
            channel,
            inputs={"day": "2026-11-30", "start": "13:00", "duration": "60"},
        )
    )
    (fresh_url,) = _open_urls(moved)
    link = urlsplit(fresh_url)
    async with (
        aiohttp.ClientSession() as http,
        http.get(str(bot.make_url(f"{link.path}?{link.query}"))) as response,
    ):
        (vevent,) = Calendar.from_ical(await response.read()).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2026, 11, 30, 13, 0, tzinfo=OSLO)
    assert vevent.decoded("sequence") == 1
    assert "mandag 30. nov. 2026 kl. 13:00–14:00" in card_text(
        _channel_meeting_cards(connector, channel)[0]
    )

    cancelled = ok_card(await teams.click(per, find_action(shared[0], "meeting.cancel"), channel))
    assert "avlyst" in card_text(cancelled)
    assert (await _meeting(bot_sessions)).state == "cancelled"


@pytest.mark.parametrize("with_graph", [False])
async def test_a_member_typing_mote_is_refused_before_any_form(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    bot_sessions: Sessions,
) -> None:
    await _network(teams, people, channel, clock)
    conversation = f"{channel.channel_id};messageid=member-asks"
    await teams.say(people["ola"], "møte", channel, conversation_id=conversation)
    replies = [a for a in connector.activities.values() if a["conversation"]["id"] == conversation]
    assert [a.get("text") for a in replies] == [t("error.not_allowed", "nb")]
    assert not any(a.get("attachments") for a in replies)
    async with bot_sessions() as session:
        assert (await session.scalar(select(Meeting.id))) is None


async def test_an_rhf_adviser_plans_the_annual_gathering(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    graph_stand_in: GraphStandIn,
    bot_sessions: Sessions,
) -> None:
    await _network(teams, people, channel, clock)
    siri, per = people["siri"], people["per"]

    conversation = f"{channel.channel_id};messageid=secretary-gathering"
    await teams.say(per, "møte samling", channel, conversation_id=conversation)
    replies = [a for a in connector.activities.values() if a["conversation"]["id"] == conversation]
    assert [a.get("text") for a in replies] == [t("error.not_allowed", "nb")]

    await teams.say(siri, "møte samling", channel)
    form = connector.cards()[-1]
    assert t("meeting.gathering.form.title", "nb") in card_text(form)
    assert "adviser" not in {field["id"] for field in inputs_of(form)}
    values = {field["id"]: field.get("value") for field in inputs_of(form)}
    proposal = ok_card(
        await teams.click(
            siri,
            find_action(form, "meeting.propose"),
            channel,
            inputs={**values, "title": "Årlig samling 2026"},
        )
    )
    assert "fagdirektor@helse-midt.no" in card_text(proposal), "not in the directory: unknown"
    ok_card(await teams.click(siri, find_action(proposal, "meeting.book"), channel))
    (event,) = graph_stand_in.events_of(siri.email)
    assert sorted(event.attendee_emails()) == ["fagdirektor@helse-midt.no", "kari@stolav.no"]
    meeting = await _meeting(bot_sessions)
    assert meeting.kind == "gathering"
    assert meeting.agenda == []

    # The network's secretary may not cancel the RHF's gathering; the adviser may.
    shared = _channel_meeting_cards(connector, channel)
    refused = await teams.click(per, find_action(shared[0], "meeting.cancel"), channel)
    assert refused.body["value"] == t("error.not_allowed", "nb")
    ok_card(await teams.click(siri, find_action(shared[0], "meeting.cancel"), channel))
    assert event.cancelled
