"""What `graph/` returns: small frozen values, never msgraph model objects. Times are aware UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

FreeBusy = Literal["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"]


@dataclass(frozen=True)
class ScheduleItem:
    """One stretch of a calendar in a getSchedule answer."""

    start: datetime
    end: datetime
    status: FreeBusy


@dataclass(frozen=True)
class Schedule:
    """One person's free/busy over the requested window.

    `availability_view` has one digit per interval from the window's start: 0 free, 1 tentative,
    2 busy, 3 out of office, 4 working elsewhere. `error` is Graph's response code when it could
    not read this mailbox (e.g. `ErrorMailRecipientNotFound`); the view is then empty.
    """

    email: str
    availability_view: str
    items: tuple[ScheduleItem, ...]
    error: str | None = None


@dataclass(frozen=True)
class Attendee:
    """Someone invited to a meeting."""

    email: str
    name: str
    required: bool = True


@dataclass(frozen=True)
class Event:
    """A calendar event in the organiser's mailbox."""

    id: str
    start: datetime
    end: datetime
    join_url: str | None
    web_link: str | None
    subject: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class User:
    """A directory user."""

    id: str
    display_name: str
    mail: str | None
    company_name: str | None
    department: str | None


@dataclass(frozen=True)
class TeamMember:
    """A member of a team (`aadUserConversationMember`)."""

    user_id: str
    display_name: str
    email: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Channel:
    """A channel of a team."""

    id: str
    name: str
    web_url: str | None
