"""The one error type of `graph/`: what Microsoft Graph refused, in terms a service can act on.

Messages name the operation, the HTTP status, Graph's error code and, for 403, the application
permission the call needed. They never repeat Graph's own message text (which may name people),
and the SDK exception is not chained, so a logged `GraphError` carries no personal data.
"""

from __future__ import annotations

import httpx
from kiota_abstractions.api_error import APIError
from msgraph.generated.models.o_data_errors.o_data_error import ODataError

THROTTLED_STATUSES = frozenset({429, 503, 504})


class GraphError(Exception):
    """Microsoft Graph answered with an error, or could not be reached."""

    def __init__(
        self,
        operation: str,
        *,
        status: int | None = None,
        code: str | None = None,
        permission: str | None = None,
    ) -> None:
        self.operation = operation
        self.status = status
        self.code = code
        self.permission = permission
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"Graph {self.operation} failed"]
        if self.status is not None:
            parts.append(f"status {self.status}")
        if self.code:
            parts.append(f"code {self.code}")
        if self.permission:
            parts.append(f"needs application permission {self.permission}")
        return ", ".join(parts)


class NotFound(GraphError):
    """404: the user, event, team or channel does not exist (or no longer does)."""


class Forbidden(GraphError):
    """403: the app lacks `permission` (or an access policy blocks it)."""


class Conflict(GraphError):
    """409, or a name already in use: the thing exists already."""


class Throttled(GraphError):
    """429, 503 or 504 after the SDK's own retries ran out; `retry_after` in seconds if given."""

    def __init__(
        self,
        operation: str,
        *,
        status: int | None = None,
        code: str | None = None,
        permission: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(operation, status=status, code=code, permission=permission)

    def _describe(self) -> str:
        text = super()._describe()
        if self.retry_after is not None:
            text += f", retry after {self.retry_after:g} s"
        return text


class Unavailable(GraphError):
    """Graph could not be reached, timed out, or failed with another 5xx."""


def _retry_after(headers: object) -> float | None:
    if headers is None:
        return None
    value: object = None
    getter = getattr(headers, "get", None)
    if callable(getter):
        value = getter("retry-after") or getter("Retry-After")
    if not isinstance(value, str):
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


_CONFLICT_CODES = frozenset({"NameAlreadyExists", "Conflict", "ErrorItemAlreadyExists"})


def wrap(error: BaseException, *, operation: str, permission: str) -> GraphError:
    """The `GraphError` for an exception raised while calling Graph through the SDK.

    `operation` names the call (`getSchedule`, `create event`); `permission` is the application
    permission the call needs, kept on a `Forbidden`.
    """
    if isinstance(error, GraphError):
        return error
    if isinstance(error, httpx.TimeoutException):
        return Unavailable(operation, code="Timeout")
    if isinstance(error, httpx.HTTPError):
        return Unavailable(operation, code=type(error).__name__)
    if not isinstance(error, APIError):
        return GraphError(operation, code=type(error).__name__)
    status = error.response_status_code
    code: str | None = None
    message = ""
    if isinstance(error, ODataError) and error.error is not None:
        code = error.error.code
        message = error.error.message or ""
    if status == 404:
        return NotFound(operation, status=status, code=code)
    if status == 403:
        return Forbidden(operation, status=status, code=code, permission=permission)
    if (
        status == 409
        or code in _CONFLICT_CODES
        or (status == 400 and "already exist" in message.lower())
    ):
        return Conflict(operation, status=status, code=code or "Conflict")
    if status in THROTTLED_STATUSES:
        return Throttled(
            operation,
            status=status,
            code=code,
            retry_after=_retry_after(error.response_headers),
        )
    if status is not None and status >= 500:
        return Unavailable(operation, status=status, code=code)
    return GraphError(operation, status=status, code=code)
