"""The Bot Framework adapter: credentials from settings, pre-validated identities (`bot.auth`),
and retried sends."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import Activity, CallerIdConstants, ResourceResponse
from botframework.connector.auth import (
    AuthenticateRequestResult,
    CertificateServiceClientCredentialsFactory,
    ClaimsIdentity,
)

from bot.retry import ConnectorRetry
from bot.settings import Settings
from dialogs.i18n import lang_of, t

log = logging.getLogger(__name__)


class FagnettAdapter(CloudAdapter):
    """CloudAdapter whose every send is retried on throttling (the connector does not retry POST)."""

    def __init__(self, settings: Settings, retry: ConnectorRetry) -> None:
        configuration = SimpleNamespace(
            APP_ID=settings.app_id,
            APP_PASSWORD=settings.app_password,
            APP_TYPE=settings.app_type,
            APP_TENANTID=settings.app_tenant_id,
        )
        if settings.certificate_thumbprint and settings.certificate_private_key_file:
            credentials = CertificateServiceClientCredentialsFactory(
                settings.certificate_thumbprint,
                Path(settings.certificate_private_key_file).read_text(encoding="utf-8"),
                settings.app_id,
                settings.app_tenant_id or None,
            )
        else:
            credentials = ConfigurationServiceClientCredentialFactory(configuration)
        super().__init__(
            ConfigurationBotFrameworkAuthentication(configuration, credentials_factory=credentials)
        )
        self.app_id = settings.app_id
        self.retry = retry
        self.on_turn_error = self._on_error

    def authenticated(self, claims: dict[str, Any] | None) -> AuthenticateRequestResult | str:
        """What `process_activity` takes for a request `bot.auth` has already checked: the
        validated token's claims as botbuilder's identity, so that botbuilder's own (blocking,
        exception-prone) token validation never runs. Local mode (`None`) passes an empty
        header, which botbuilder answers with its anonymous identity, without any network call.
        """
        if claims is None:
            return ""
        authentication = self.bot_framework_authentication
        identity = ClaimsIdentity(claims, True, "Bearer")
        result = AuthenticateRequestResult()
        result.claims_identity = identity
        result.audience = authentication.get_originating_audience()
        result.caller_id = CallerIdConstants.public_azure_channel
        result.connector_factory = authentication.create_connector_factory(identity)
        return result

    async def _on_error(self, context: TurnContext, error: Exception) -> None:
        """Log the failure; tell the user politely, never with a trace."""
        log.error("unhandled error in turn %s", context.activity.id, exc_info=error)
        if context.activity.type == "message":
            lang = lang_of(context.activity.locale)
            try:
                await context.send_activity(t("bot.unexpected", lang))
            except Exception as unsent:  # the connector that failed the turn may fail this too
                log.warning("could not apologise for turn %s: %s", context.activity.id, unsent)

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        """Send one by one, each retried on 429/412/502/503/504 with `Retry-After` honoured —
        except for the outbox's proactive sends, which make one attempt and let the outbox
        reschedule."""
        if context.turn_state.get("fagnett.single_attempt"):
            return await CloudAdapter.send_activities(self, context, activities)  # type: ignore[no-any-return]
        responses: list[ResourceResponse] = []
        for activity in activities:

            async def send_one(one: Activity = activity) -> list[ResourceResponse]:
                return await CloudAdapter.send_activities(self, context, [one])  # type: ignore[no-any-return]

            responses.extend(await self.retry(send_one, "send"))
        return responses
