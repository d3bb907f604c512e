"""Retrying Bot Connector calls that Teams throttles or drops.

botframework-connector retries GET and PUT but not POST (send, reply, create conversation): a
429 there raises `ErrorResponseException`. Every outbound POST goes through `connector_retry`,
which waits as the connector's `Retry-After` says, else backs off exponentially with jitter.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime
from typing import TypeVar

from msrest.exceptions import HttpOperationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from dialogs.outbox import status_of
from storage.clock import Now, system_clock

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRYABLE_STATUS = frozenset({412, 429, 502, 503, 504})


def retry_after(error: BaseException, now: Now = system_clock) -> float | None:
    """Seconds the connector asked us to wait (`Retry-After`: seconds or an HTTP date)."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - now()).total_seconds())
        except (TypeError, ValueError):
            return None


def is_retryable(error: BaseException) -> bool:
    """Throttling and transient gateway errors are retried; everything else is final."""
    return isinstance(error, HttpOperationError) and status_of(error) in RETRYABLE_STATUS


class _WaitRetryAfter:
    """Honour `Retry-After` when the connector gives one; otherwise exponential jitter."""

    def __init__(self, base: float, cap: float) -> None:
        self._fallback = wait_random_exponential(multiplier=base, max=cap)
        self._cap = cap

    def __call__(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        asked = retry_after(error) if error else None
        if asked is not None:
            return min(asked, self._cap)
        return float(self._fallback(state))


class ConnectorRetry:
    """A retry policy for connector POSTs; tests shrink its waits."""

    def __init__(self, *, attempts: int = 6, base: float = 0.5, cap: float = 60.0) -> None:
        self.attempts = attempts
        self.base = base
        self.cap = cap

    async def __call__(self, call: Callable[[], Awaitable[T]], what: str) -> T:
        """Run `call`, retrying throttled or transient failures; re-raise the last error."""
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(is_retryable),
            wait=_WaitRetryAfter(self.base, self.cap),
            stop=stop_after_attempt(self.attempts),
            before_sleep=lambda state: self._log_retry(state, what),
            reraise=True,
        ):
            with attempt:
                return await call()
        raise AssertionError("unreachable: tenacity re-raises the last error")

    @staticmethod
    def _log_retry(state: RetryCallState, what: str) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.warning(
            "connector %s failed with %s; retry %d",
            what,
            status_of(error) if error else None,
            state.attempt_number,
        )
