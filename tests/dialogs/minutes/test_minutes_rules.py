"""Minutes rules, table-driven: which meeting `referat` means, the form's checks, due and overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogs.errors import InvalidInput
from dialogs.i18n import OSLO
from dialogs.minutes.rules import (
    Attendee,
    CaseMinutes,
    FollowUpDraft,
    ItemOrder,
    MeetingSlot,
    MinutesDraft,
    attendees_of,
    due_moment,
    is_overdue,
    meeting_argument,
    meeting_to_record,
    ordered,
    parse_minutes,
    split_choices,
)

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("meetings", "expected", "why"),
    [
        ([], None, "no meetings"),
        ([MeetingSlot(1, "booked", at(30))], None, "not started yet"),
        ([MeetingSlot(1, "planned", at(20))], 1, "planned without Graph counts"),
        ([MeetingSlot(1, "booked", at(19)), MeetingSlot(2, "booked", at(20))], 2, "most recent"),
        ([MeetingSlot(1, "booked", at(19)), MeetingSlot(2, "held", at(20))], 1, "held is done"),
        ([MeetingSlot(1, "cancelled", at(19)), MeetingSlot(2, "gone", at(20))], None, "dead"),
        ([MeetingSlot(1, "proposed", at(19))], None, "proposed is not booked"),
        ([MeetingSlot(1, "booked", None)], None, "no start"),
        ([MeetingSlot(1, "booked", NOW)], 1, "starting now has started"),
    ],
)
def test_meeting_to_record(meetings: list[MeetingSlot], expected: int | None, why: str) -> None:
    assert meeting_to_record(meetings, NOW) == expected, why


@pytest.mark.parametrize(
    ("args", "expected"), [("", None), ("  ", None), ("12", 12), ("#7", 7), (" 3 ", 3)]
)
def test_meeting_argument(args: str, expected: int | None) -> None:
    assert meeting_argument(args) == expected


@pytest.mark.parametrize("args", ["tolv", "12 13", "-1", "1/2026"])
def test_meeting_argument_refuses_other_words(args: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        meeting_argument(args)
    assert refused.value.key == "minutes.invalid.meeting"


def test_split_choices_keeps_order_and_drops_blanks_and_repeats() -> None:
    assert split_choices("b, a,,b ,c") == ("b", "a", "c")
    assert split_choices(None) == ()


def test_attendees_of_reads_the_stored_list() -> None:
    stored: list[dict[str, object]] = [
        {"aad_id": "a", "name": "Kari", "email": "k@x", "required": True},
        {"aad_id": "b", "name": "Siri", "required": False},
        {"aad_id": "a", "name": "Kari again"},
        {"name": "No id"},
        {"aad_id": "c"},
    ]
    assert attendees_of(stored) == [
        Attendee("a", "Kari", True),
        Attendee("b", "Siri", False),
        Attendee("c", "c", True),
    ]


TODAY = date(2026, 11, 23)


def parse(fields: dict[str, object], present: str | None = "a,b") -> MinutesDraft:
    return parse_minutes(
        fields, present=present, attendees=["a", "b"], agenda=[5, 6], members=[10, 11], today=TODAY
    )


def test_a_full_form() -> None:
    draft = parse(
        {
            "discussed_5": " Gikk gjennom utkastet ",
            "decision_5": "Prosedyren vedtas",
            "task_0": "Send til HF-ene",
            "case_0": "5",
            "owner_0": "11",
            "due_0": "2026-12-10",
            "task_3": "Avklare budsjett",
            "owner_3": "10",
            "due_3": "2026-11-30",
            "discussed_6": "",
            "decision_6": "",
            "task_1": "",
            "owner_1": "",
            "due_1": "",
            "discussed_99": "not on the agenda: ignored",
        }
    )
    assert draft.present == ("a", "b")
    assert draft.cases == (
        CaseMinutes(5, "Gikk gjennom utkastet", "Prosedyren vedtas"),
        CaseMinutes(6, "", None),
    )
    assert draft.followups == (
        FollowUpDraft(5, 11, date(2026, 12, 10), "Send til HF-ene"),
        FollowUpDraft(None, 10, date(2026, 11, 30), "Avklare budsjett"),
    )


@pytest.mark.parametrize(
    ("fields", "present", "key"),
    [
        ({}, None, "minutes.invalid.present"),
        ({}, "a,z", "minutes.invalid.present"),
        ({"owner_0": "10"}, "a", "minutes.invalid.followup_text"),
        ({"due_1": "2026-12-01"}, "a", "minutes.invalid.followup_text"),
        ({"task_0": "X"}, "a", "minutes.invalid.followup_owner"),
        ({"task_0": "X", "owner_0": "99"}, "a", "minutes.invalid.followup_owner"),
        ({"task_0": "X", "owner_0": "ten"}, "a", "minutes.invalid.followup_owner"),
        ({"task_0": "X", "owner_0": "10"}, "a", "minutes.invalid.followup_due"),
        (
            {"task_0": "X", "owner_0": "10", "due_0": "2026-11-22"},
            "a",
            "minutes.invalid.followup_due",
        ),
        (
            {"task_0": "X", "owner_0": "10", "due_0": "neste uke"},
            "a",
            "minutes.invalid.followup_due",
        ),
        ({"discussed_5": "x" * 4001}, "a", "minutes.invalid.too_long"),
        ({"case_2": "5"}, "a", "minutes.invalid.followup_text"),
        (
            {"task_0": "X", "case_0": "99", "owner_0": "10", "due_0": "2026-12-01"},
            "a",
            "minutes.invalid.followup_case",
        ),
        ({"discussed_5": 7}, "a", "error.invalid_input"),
    ],
)
def test_a_wrong_form_is_refused(fields: dict[str, object], present: str | None, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse(fields, present)
    assert refused.value.key == key


def test_due_today_is_accepted() -> None:
    draft = parse({"task_5": "X", "owner_5": "10", "due_5": TODAY.isoformat()}, "b")
    assert draft.followups[0].due_on == TODAY


@pytest.mark.parametrize(
    ("due", "now", "overdue"),
    [
        (date(2026, 11, 23), datetime(2026, 11, 23, 22, 59, tzinfo=UTC), False),
        (date(2026, 11, 23), datetime(2026, 11, 23, 23, 0, tzinfo=UTC), True),  # Oslo midnight
        (date(2026, 11, 24), NOW, False),
        (date(2026, 11, 1), NOW, True),
    ],
)
def test_overdue_from_the_oslo_day_after(due: date, now: datetime, overdue: bool) -> None:
    assert is_overdue(due, now) is overdue


def test_due_moment_is_noon_in_oslo_across_dst() -> None:
    assert due_moment(date(2026, 12, 10)) == datetime(2026, 12, 10, 11, 0, tzinfo=UTC)
    assert due_moment(date(2026, 6, 10)) == datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


def test_overdue_items_come_first_then_by_due_date() -> None:
    items = [
        ItemOrder(1, date(2026, 12, 1)),
        ItemOrder(2, date(2026, 11, 20)),
        ItemOrder(3, date(2026, 11, 25)),
        ItemOrder(4, date(2026, 11, 10)),
        ItemOrder(5, date(2026, 11, 25)),
    ]
    assert ordered(items, NOW) == [4, 2, 3, 5, 1]
