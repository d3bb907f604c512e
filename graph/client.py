"""Connecting to Microsoft Graph: the credential, the SDK client, and bounded retries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from azure.core.credentials_async import AsyncTokenCredential
from azure.identity.aio import (
    CertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
)
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.kiota_client_factory import KiotaClientFactory
from kiota_http.middleware import RetryHandler
from kiota_http.middleware.options import RetryHandlerOption, UrlReplaceHandlerOption
from msgraph._version import VERSION
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient
from msgraph_core import APIVersion, GraphClientFactory
from msgraph_core.middleware import GraphTelemetryHandler
from msgraph_core.middleware.options import GraphTelemetryHandlerOption

from graph.calendar import Calendars
from graph.teams import Teams

GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
GRAPH_SCOPES = ["https://graph.microsoft.com/.default"]


@dataclass(frozen=True)
class RetryPolicy:
    """How the SDK retries 429, 503 and 504.

    At most `max_retries` retries; each waits what `Retry-After` asks, or else
    `base_delay * 2**attempt`, never more than `max_delay`. When Graph asks for a longer wait
    the call gives up at once and the caller gets `Throttled` with `retry_after`. The total wait
    is thus at most `max_retries * max_delay` seconds.
    """

    max_retries: int = 3
    base_delay: float = 1.0
    max_delay: float = 30.0

    def __post_init__(self) -> None:
        if not 0 <= self.max_retries <= RetryHandlerOption.MAX_MAX_RETRIES:
            raise ValueError("max_retries must be within 0..10")
        if not 0 <= self.base_delay <= self.max_delay < RetryHandlerOption.MAX_DELAY:
            raise ValueError("delays must satisfy 0 <= base_delay <= max_delay < 180")


class BoundedRetryHandler(RetryHandler):
    """The SDK's retry middleware with the waits of a `RetryPolicy` (no jitter-only floor,
    no uncapped `Retry-After`)."""

    def __init__(self, policy: RetryPolicy) -> None:
        super().__init__(RetryHandlerOption(delay=0.0, max_retries=policy.max_retries))
        self.policy = policy

    def get_delay_time(
        self,
        retry_count: int,
        response: httpx.Response | None = None,
        delay: float = RetryHandlerOption.DEFAULT_DELAY,
    ) -> float:
        """Seconds to wait before retry `retry_count + 1`; `MAX_DELAY` means "do not retry"."""
        asked = self._get_retry_after(response)
        wait = (
            asked
            if asked is not None
            else min(self.policy.max_delay, self.policy.base_delay * 2**retry_count)
        )
        if wait > self.policy.max_delay:
            return RetryHandlerOption.MAX_DELAY
        return wait


def _http_client(
    *, retry: RetryPolicy, timeout: float
) -> tuple[httpx.AsyncClient, httpx.AsyncHTTPTransport]:
    options: dict[str, Any] = {
        UrlReplaceHandlerOption.get_key(): UrlReplaceHandlerOption(
            enabled=True, replacement_pairs={"/users/me-token-to-replace": "/me"}
        ),
    }
    middleware = [
        BoundedRetryHandler(retry) if isinstance(handler, RetryHandler) else handler
        for handler in KiotaClientFactory.get_default_middleware(options)
    ]
    middleware.append(
        GraphTelemetryHandler(
            options=GraphTelemetryHandlerOption(api_version=APIVersion.v1, sdk_version=VERSION)
        )
    )
    # The Graph transport that wraps this one does not pass `aclose()` on, so the client keeps
    # the connection pool to close it itself.
    transport = httpx.AsyncHTTPTransport(http2=True)
    client = httpx.AsyncClient(
        transport=transport, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0))
    )
    built: httpx.AsyncClient = GraphClientFactory.create_with_custom_middleware(
        middleware, client=client
    )
    return built, transport


class Graph(Calendars, Teams):
    """Microsoft Graph for Fagnett: calendars, users, teams, channels, files.

    Every method raises `graph.errors.GraphError` (or a subclass) for what Graph refuses; see
    each method's `Raises`. Close with `aclose()`.
    """

    def __init__(
        self,
        client: GraphServiceClient,
        *,
        http_client: httpx.AsyncClient,
        transport: httpx.AsyncBaseTransport,
        credential: AsyncTokenCredential | None = None,
    ) -> None:
        super().__init__(client)
        self._http = http_client
        self._transport = transport
        self._owned_credential = credential

    @classmethod
    def connect(
        cls,
        *,
        credential: AsyncTokenCredential,
        base_url: str = GRAPH_BASE_URL,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        close_credential: bool = False,
    ) -> Graph:
        """A client of the Graph at `base_url` that authenticates with `credential`.

        `close_credential` hands the credential to the client, which closes it in `aclose()`.
        """
        base_url = base_url.rstrip("/")
        http_client, transport = _http_client(retry=retry or RetryPolicy(), timeout=timeout)
        host = urlsplit(base_url).hostname or ""
        auth = AzureIdentityAuthenticationProvider(
            credential, scopes=GRAPH_SCOPES, allowed_hosts=[host]
        )
        adapter = GraphRequestAdapter(auth, client=http_client)
        adapter.base_url = base_url
        return cls(
            GraphServiceClient(request_adapter=adapter),
            http_client=http_client,
            transport=transport,
            credential=credential if close_credential else None,
        )

    async def aclose(self) -> None:
        """Close the HTTP connections (and the credential, if this client made it)."""
        await self._http.aclose()
        await self._transport.aclose()
        if self._owned_credential is not None:
            await self._owned_credential.close()


def build_credential(
    *,
    tenant_id: str = "",
    client_id: str = "",
    client_secret: str = "",
    certificate_path: str = "",
    managed_identity: bool = False,
) -> AsyncTokenCredential | None:
    """The app-only credential the settings describe, or None when they describe none.

    Managed identity wins, then a certificate, then a client secret. A secret or certificate
    needs both `tenant_id` and `client_id`; `client_id` with a managed identity selects a
    user-assigned identity.
    """
    if managed_identity:
        return ManagedIdentityCredential(client_id=client_id or None)
    if not (tenant_id and client_id):
        return None
    if certificate_path:
        return CertificateCredential(tenant_id, client_id, certificate_path)
    if client_secret:
        return ClientSecretCredential(tenant_id, client_id, client_secret)
    return None


def graph_configured(
    *,
    tenant_id: str = "",
    client_id: str = "",
    client_secret: str = "",
    certificate_path: str = "",
    managed_identity: bool = False,
    credential: AsyncTokenCredential | None = None,
    base_url: str = GRAPH_BASE_URL,
    retry: RetryPolicy | None = None,
    timeout: float = 30.0,
) -> Graph | None:
    """A `Graph` built from settings, or None when no credential is configured.

    `credential` (e.g. a fixed-token one in tests) replaces the settings' credential and stays
    the caller's to close; a credential built from the settings is closed by `Graph.aclose()`.
    `base_url` points the client elsewhere than `https://graph.microsoft.com/v1.0`.
    """
    owned = credential is None
    chosen = credential or build_credential(
        tenant_id=tenant_id,
        client_id=client_id,
        client_secret=client_secret,
        certificate_path=certificate_path,
        managed_identity=managed_identity,
    )
    if chosen is None:
        return None
    return Graph.connect(
        credential=chosen,
        base_url=base_url,
        retry=retry,
        timeout=timeout,
        close_credential=owned,
    )
