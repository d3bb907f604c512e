"""Microsoft Graph through msgraph-sdk: meetings, free/busy, users, channels, members, files.

Rules and services depend on `Graph` and the values in `graph.models`, never on msgraph
directly. Build one with `graph_configured(...)`; every call raises `GraphError` (see
`graph.errors`) for what Graph refuses.
"""

from graph.client import Graph, RetryPolicy, build_credential, graph_configured
from graph.errors import Conflict, Forbidden, GraphError, NotFound, Throttled, Unavailable
from graph.models import (
    Attendee,
    Channel,
    Event,
    FreeBusy,
    Schedule,
    ScheduleItem,
    TeamMember,
    User,
)

__all__ = [
    "Attendee",
    "Channel",
    "Conflict",
    "Event",
    "Forbidden",
    "FreeBusy",
    "Graph",
    "GraphError",
    "NotFound",
    "RetryPolicy",
    "Schedule",
    "ScheduleItem",
    "TeamMember",
    "Throttled",
    "Unavailable",
    "User",
    "build_credential",
    "graph_configured",
]
