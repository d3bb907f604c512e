"""Teams meetings in the organiser's calendar, through the real SDK against the loopback Graph."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from graph import Attendee, Event, Graph, NotFound, Throttled
from harness.graph import GraphStandIn

START = datetime(2025, 3, 12, 13, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
ATTENDEES = [
    Attendee("kari@stolav.no", "Kari Nordmann", required=True),
    Attendee("ola@hmr.no", "Ola Hansen", required=False),
]


async def _create(graph: Graph, transaction_id: str = "fagnett-meeting-1") -> Event:
    return await graph.create_event(
        organiser="siri@helse-midt.no",
        subject="Fagrådsmøte hjerte",
        body_html="<p>Agenda følger.</p>",
        start=START.astimezone(ZoneInfo("Europe/Oslo")),
        end=END,
        attendees=ATTENDEES,
        transaction_id=transaction_id,
    )


async def test_a_meeting_gets_a_teams_link(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    event = await graph.create_event(
        organiser="siri@helse-midt.no",
        subject="Fagrådsmøte hjerte",
        body_html="<p>Agenda følger.</p>",
        start=START.astimezone(ZoneInfo("Europe/Oslo")),
        end=END,
        attendees=ATTENDEES,
        transaction_id="fagnett-meeting-1",
    )

    assert event.start == START
    assert event.end == END
    assert event.start.tzinfo is UTC
    assert event.join_url is not None
    assert event.join_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert event.web_link
    (stored,) = graph_stand_in.events_of("siri@helse-midt.no")
    assert stored.id == event.id
    (call,) = graph_stand_in.calls_to("POST", "/users/*/events")
    assert call.headers["prefer"] == 'outlook.timezone="UTC"'
    assert call.body["isOnlineMeeting"] is True
    assert call.body["onlineMeetingProvider"] == "teamsForBusiness"
    assert call.body["transactionId"] == "fagnett-meeting-1"
    assert call.body["start"] == {"dateTime": "2025-03-12T13:00:00", "timeZone": "UTC"}
    assert call.body["body"] == {"contentType": "html", "content": "<p>Agenda følger.</p>"}
    assert [(a["emailAddress"]["address"], a["type"]) for a in call.body["attendees"]] == [
        ("kari@stolav.no", "required"),
        ("ola@hmr.no", "optional"),
    ]


async def test_an_offline_meeting_has_no_link(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    event = await graph.create_event(
        organiser="siri@helse-midt.no",
        subject="Møte på St. Olav",
        body_html="<p>Rom 3.</p>",
        start=START,
        end=END,
        attendees=ATTENDEES,
        transaction_id="fagnett-meeting-2",
        online=False,
    )

    assert event.join_url is None
    (call,) = graph_stand_in.calls_to("POST", "/users/*/events")
    assert call.body["isOnlineMeeting"] is False
    assert "onlineMeetingProvider" not in call.body


async def test_an_invitation_shows_as_tentative_in_the_attendees_schedule(graph: Graph) -> None:
    await _create(graph)

    kari, siri = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no", "siri@helse-midt.no"],
        start=START - timedelta(hours=1),
        end=END + timedelta(hours=1),
        interval_minutes=60,
    )

    assert kari.availability_view == "010"
    assert siri.availability_view == "020"


async def test_the_same_transaction_id_twice_makes_one_event(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    first = await _create(graph)
    second = await _create(graph)

    assert first == second
    assert len(graph_stand_in.events_of("siri@helse-midt.no")) == 1


async def test_a_lost_answer_to_the_post_still_makes_one_event(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.fail("POST", "/users/*/events", status=429, retry_after=0, after_store=True)

    event = await _create(graph)

    posts = graph_stand_in.calls_to("POST", "/users/*/events")
    assert [c.status for c in posts] == [429, 201]
    assert {c.body["transactionId"] for c in posts} == {"fagnett-meeting-1"}
    (stored,) = graph_stand_in.events_of("siri@helse-midt.no")
    assert stored.id == event.id


async def test_a_post_throttled_to_the_end_reports_throttling_and_one_event(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.fail(
        "POST", "/users/*/events", status=429, retry_after=0, times=4, after_store=True
    )

    with pytest.raises(Throttled) as raised:
        await _create(graph)

    assert raised.value.status == 429
    assert len(graph_stand_in.calls_to("POST", "/users/*/events")) == 4
    assert len(graph_stand_in.events_of("siri@helse-midt.no")) == 1
    again = await _create(graph)
    (stored,) = graph_stand_in.events_of("siri@helse-midt.no")
    assert again.id == stored.id


async def test_update_moves_the_meeting(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    created = await graph.create_event(
        organiser="siri@helse-midt.no",
        subject="Fagrådsmøte",
        body_html="<p>x</p>",
        start=START,
        end=END,
        attendees=ATTENDEES,
        transaction_id="fagnett-meeting-3",
    )

    updated = await graph.update_event(
        organiser="siri@helse-midt.no",
        event_id=created.id,
        start=START + timedelta(days=1),
        end=END + timedelta(days=1),
        subject="Fagrådsmøte (flyttet)",
    )

    assert updated.start == START + timedelta(days=1)
    assert updated.subject == "Fagrådsmøte (flyttet)"
    (patch,) = graph_stand_in.calls_to("PATCH", "/users/*/events/*")
    assert set(patch.body) <= {"@odata.type", "start", "end", "subject"}
    fetched = await graph.get_event(organiser="siri@helse-midt.no", event_id=created.id)
    assert fetched == updated
    assert fetched.join_url == created.join_url


async def test_cancel_tells_why_and_the_event_is_gone(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    created = await graph.create_event(
        organiser="siri@helse-midt.no",
        subject="Fagrådsmøte",
        body_html="<p>x</p>",
        start=START,
        end=END,
        attendees=ATTENDEES,
        transaction_id="fagnett-meeting-4",
    )

    await graph.cancel_event(
        organiser="siri@helse-midt.no", event_id=created.id, comment="Saken er avgjort."
    )

    (stored,) = graph_stand_in.events_of("siri@helse-midt.no")
    assert stored.cancelled
    assert stored.cancel_comment == "Saken er avgjort."
    with pytest.raises(NotFound) as raised:
        await graph.get_event(organiser="siri@helse-midt.no", event_id=created.id)
    assert raised.value.code == "ErrorItemNotFound"
    with pytest.raises(NotFound):
        await graph.cancel_event(
            organiser="siri@helse-midt.no", event_id=created.id, comment="Igjen."
        )
