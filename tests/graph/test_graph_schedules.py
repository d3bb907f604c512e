"""getSchedule through the real SDK against the loopback Graph: views, items, batches, windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from graph import Graph, Schedule, ScheduleItem
from harness.graph import GraphStandIn

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = datetime(2025, 3, 10, tzinfo=UTC)


async def test_view_and_items_come_back_in_utc(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    graph_stand_in.busy("kari@stolav.no", MONDAY.replace(hour=9), MONDAY.replace(hour=10))
    graph_stand_in.busy(
        "kari@stolav.no", MONDAY.replace(hour=10, minute=30), MONDAY.replace(hour=11), "tentative"
    )
    graph_stand_in.busy("ola@hmr.no", MONDAY.replace(hour=7), MONDAY.replace(hour=20), "oof")
    start = datetime(2025, 3, 10, 9, 0, tzinfo=OSLO)  # 08:00 UTC

    schedules = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no", "ola@hmr.no"],
        start=start,
        end=start + timedelta(hours=4),
    )

    kari, ola = schedules
    assert kari == Schedule(
        email="kari@stolav.no",
        availability_view="00220100",
        items=(
            ScheduleItem(MONDAY.replace(hour=9), MONDAY.replace(hour=10), "busy"),
            ScheduleItem(MONDAY.replace(hour=10, minute=30), MONDAY.replace(hour=11), "tentative"),
        ),
    )
    assert kari.items[0].start.tzinfo is UTC
    assert ola.availability_view == "33333333"
    assert ola.error is None


async def test_the_sdk_body_is_pascal_case_and_asks_for_utc(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    start = datetime(2025, 3, 10, 9, 0, tzinfo=OSLO)

    await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no"],
        start=start,
        end=start + timedelta(hours=1),
        interval_minutes=15,
    )

    (call,) = graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")
    assert call.path == "/users/siri@helse-midt.no/calendar/getSchedule"
    assert call.headers["prefer"] == 'outlook.timezone="UTC"'
    assert call.headers["authorization"] == "Bearer stand-in-graph-token"
    assert call.body["Schedules"] == ["kari@stolav.no"]
    assert call.body["StartTime"] == {"dateTime": "2025-03-10T08:00:00", "timeZone": "UTC"}
    assert call.body["EndTime"] == {"dateTime": "2025-03-10T09:00:00", "timeZone": "UTC"}
    assert call.body["AvailabilityViewInterval"] == 15


async def test_an_unknown_mailbox_gets_an_error_entry(graph: Graph) -> None:
    schedules = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no", "gone@stolav.no"],
        start=MONDAY,
        end=MONDAY + timedelta(hours=1),
    )

    assert [s.error for s in schedules] == [None, "ErrorMailRecipientNotFound"]
    assert schedules[1].availability_view == ""
    assert schedules[1].items == ()


async def test_45_people_are_asked_20_at_a_time(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    emails = [f"person{n:02d}@stolav.no" for n in range(45)]
    for n, email in enumerate(emails):
        graph_stand_in.add_user(f"aad-person{n:02d}", f"Person {n}", email)
    graph_stand_in.busy("person44@stolav.no", MONDAY, MONDAY + timedelta(minutes=30))

    schedules = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=emails,
        start=MONDAY,
        end=MONDAY + timedelta(hours=1),
    )

    requests = graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")
    assert [len(c.body["Schedules"]) for c in requests] == [20, 20, 5]
    assert [s.email for s in schedules] == emails
    assert schedules[44].availability_view == "20"
    assert {s.availability_view for s in schedules[:44]} == {"00"}


async def test_a_long_window_is_split_below_62_days_and_joined(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    busy_from = MONDAY + timedelta(days=70, hours=9)
    graph_stand_in.busy("kari@stolav.no", busy_from, busy_from + timedelta(hours=2))
    end = MONDAY + timedelta(days=100)

    (kari,) = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no"],
        start=MONDAY,
        end=end,
        interval_minutes=60,
    )

    requests = graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")
    windows = [
        (
            datetime.fromisoformat(c.body["StartTime"]["dateTime"]),
            datetime.fromisoformat(c.body["EndTime"]["dateTime"]),
        )
        for c in requests
    ]
    assert len(windows) == 2
    assert all(upper - lower < timedelta(days=62) for lower, upper in windows)
    assert windows[0][1] == windows[1][0]
    assert len(kari.availability_view) == 100 * 24
    hour = 70 * 24 + 9
    assert kari.availability_view[hour - 1 : hour + 3] == "0220"
    assert kari.availability_view.count("2") == 2
    assert kari.items == (ScheduleItem(busy_from, busy_from + timedelta(hours=2), "busy"),)


async def test_an_item_across_the_window_split_is_listed_once(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    split = MONDAY + timedelta(minutes=(62 * 24 * 60 - 1) // 30 * 30)
    graph_stand_in.busy("kari@stolav.no", split - timedelta(hours=1), split + timedelta(hours=1))

    (kari,) = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["kari@stolav.no"],
        start=MONDAY,
        end=MONDAY + timedelta(days=63),
    )

    assert len(graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")) == 2
    assert len(kari.items) == 1
    assert kari.availability_view.count("2") == 4


async def test_naive_times_and_bad_intervals_are_refused_before_any_call(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await graph.get_schedules(
            organiser="siri@helse-midt.no",
            emails=["kari@stolav.no"],
            start=datetime(2025, 3, 10, 9, 0),  # noqa: DTZ001 - the naive time under test
            end=MONDAY + timedelta(hours=12),
        )
    with pytest.raises(ValueError, match="interval"):
        await graph.get_schedules(
            organiser="siri@helse-midt.no",
            emails=["kari@stolav.no"],
            start=MONDAY,
            end=MONDAY + timedelta(hours=1),
            interval_minutes=2,
        )
    assert graph_stand_in.calls == []


async def test_an_address_given_twice_is_asked_once(
    graph: Graph, graph_stand_in: GraphStandIn
) -> None:
    schedules = await graph.get_schedules(
        organiser="siri@helse-midt.no",
        emails=["Kari@StOlav.no", "kari@stolav.no"],
        start=MONDAY,
        end=MONDAY + timedelta(hours=1),
    )

    assert [(s.email, s.availability_view) for s in schedules] == [("Kari@StOlav.no", "00")]
    (call,) = graph_stand_in.calls_to("POST", "/users/*/calendar/getSchedule")
    assert call.body["Schedules"] == ["Kari@StOlav.no"]


async def test_no_emails_means_no_call(graph: Graph, graph_stand_in: GraphStandIn) -> None:
    assert (
        await graph.get_schedules(
            organiser="siri@helse-midt.no",
            emails=[],
            start=MONDAY,
            end=MONDAY + timedelta(hours=1),
        )
        == []
    )
    assert graph_stand_in.calls == []
