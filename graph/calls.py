"""What every Graph call shares: the SDK client, error wrapping, and Graph's time format."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from azure.core.exceptions import AzureError
from kiota_abstractions.api_error import APIError
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.graph_service_client import GraphServiceClient

from graph.errors import GraphError, wrap

T = TypeVar("T")

PREFER_UTC = 'outlook.timezone="UTC"'
"""Sent with calendar calls so Graph answers in UTC whatever the mailbox's own zone."""

_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Coordinated Universal Time", "tzone://Microsoft/Utc"})


class GraphCalls:
    """Holds the SDK client; the capability classes (`Calendars`, `Teams`) build on it."""

    def __init__(self, client: GraphServiceClient) -> None:
        self._client = client

    @property
    def base_url(self) -> str:
        """The Graph root the client talks to, e.g. `https://graph.microsoft.com/v1.0`."""
        return str(self._client.request_adapter.base_url).rstrip("/")

    async def _call(self, call: Awaitable[T], *, operation: str, permission: str) -> T:
        """Await one SDK call, turning whatever it raises into a `GraphError`."""
        try:
            return await call
        except GraphError:
            raise
        except (APIError, httpx.HTTPError, AzureError) as error:
            raise wrap(error, operation=operation, permission=permission) from None


def to_graph_time(moment: datetime) -> DateTimeTimeZone:
    """An aware datetime as Graph's `dateTimeTimeZone`, in UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Graph times must be timezone-aware")
    utc = moment.astimezone(UTC)
    return DateTimeTimeZone(date_time=utc.strftime("%Y-%m-%dT%H:%M:%S"), time_zone="UTC")


def from_graph_time(value: DateTimeTimeZone | None, *, operation: str) -> datetime:
    """Graph's `dateTimeTimeZone` as an aware UTC datetime.

    Raises:
        GraphError: the value is missing or names a time zone this module cannot read.
    """
    if value is None or not value.date_time:
        raise GraphError(operation, code="MissingDateTime")
    text = value.date_time
    if "." in text:
        whole, fraction = text.split(".", 1)
        text = f"{whole}.{fraction[:6]}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise GraphError(operation, code="InvalidDateTime") from None
    if moment.tzinfo is None:
        zone_name = value.time_zone or "UTC"
        if zone_name in _UTC_NAMES:
            moment = moment.replace(tzinfo=UTC)
        else:
            try:
                moment = moment.replace(tzinfo=ZoneInfo(zone_name))
            except (ZoneInfoNotFoundError, ValueError):
                raise GraphError(operation, code="UnknownTimeZone") from None
    return moment.astimezone(UTC)
