"""Settings from environment variables and an optional `.env` file.

Every setting, its environment variable and its default is listed in the README.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Fagnett's configuration."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    host: str = Field("127.0.0.1", validation_alias=AliasChoices("HOST", "host"))
    port: int = Field(3978, validation_alias=AliasChoices("PORT", "port"))
    database_url: str = Field(
        "sqlite+aiosqlite:///./data/fagnett.db",
        validation_alias=AliasChoices("DATABASE_URL", "database_url"),
    )
    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppPassword", "app_password")
    )
    app_tenant_id: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppTenantId", "app_tenant_id")
    )
    app_type: str = Field(
        "MultiTenant", validation_alias=AliasChoices("MicrosoftAppType", "app_type")
    )
    certificate_thumbprint: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppCertificateThumbprint", "cert_thumbprint")
    )
    certificate_private_key_file: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppCertificateKeyFile", "cert_key_file")
    )
    openid_metadata_url: str = Field(
        "https://login.botframework.com/v1/.well-known/openidconfiguration",
        validation_alias=AliasChoices("FAGNETT_OPENID_METADATA_URL", "openid_metadata_url"),
    )
    auth_timeout_seconds: float = Field(
        5,
        gt=0,
        validation_alias=AliasChoices("FAGNETT_AUTH_TIMEOUT_SECONDS", "auth_timeout_seconds"),
    )
    auth_refresh_seconds: float = Field(
        24 * 3600,
        gt=0,
        validation_alias=AliasChoices("FAGNETT_AUTH_REFRESH_SECONDS", "auth_refresh_seconds"),
    )
    local_mode_choice: bool | None = Field(
        None, validation_alias=AliasChoices("FAGNETT_LOCAL_MODE", "local_mode_choice")
    )
    """Unset: local mode when there is no app id and HOST is loopback; 1: local mode on any
    HOST (no app id allowed); 0: never local mode."""
    allowed_tenants: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("FAGNETT_ALLOWED_TENANTS", "tenants")
    )
    admins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("FAGNETT_ADMINS", "admins")
    )
    log_level: str = Field("INFO", validation_alias=AliasChoices("LOG_LEVEL", "log_level"))
    nudge_sweep_seconds: float = Field(
        60, validation_alias=AliasChoices("FAGNETT_NUDGE_SWEEP_SECONDS", "nudge_sweep_seconds")
    )

    nudge_plans: dict[str, dict[str, Any]] = Field(
        default_factory=dict, validation_alias=AliasChoices("FAGNETT_NUDGE_PLANS", "nudge_plans")
    )
    poll_close_seconds: float = Field(
        30, validation_alias=AliasChoices("FAGNETT_POLL_CLOSE_SECONDS", "poll_close_seconds")
    )
    escalation_retry_seconds: float = Field(
        120,
        validation_alias=AliasChoices(
            "FAGNETT_ESCALATION_RETRY_SECONDS", "escalation_retry_seconds"
        ),
    )
    outbox_seconds: float = Field(
        5, validation_alias=AliasChoices("FAGNETT_OUTBOX_SECONDS", "outbox_seconds")
    )
    digest_seconds: float = Field(
        300, validation_alias=AliasChoices("FAGNETT_DIGEST_SECONDS", "digest_seconds")
    )
    outbox_lease_seconds: float = Field(
        600,
        validation_alias=AliasChoices("FAGNETT_OUTBOX_LEASE_SECONDS", "outbox_lease_seconds"),
    )
    shutdown_grace_seconds: float = Field(
        10,
        validation_alias=AliasChoices("FAGNETT_SHUTDOWN_GRACE_SECONDS", "shutdown_grace_seconds"),
    )
    public_url: str = Field("", validation_alias=AliasChoices("FAGNETT_PUBLIC_URL", "public_url"))
    export_secret: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        validation_alias=AliasChoices("FAGNETT_EXPORT_SECRET", "export_secret"),
    )
    # Microsoft Graph (meetings, free/busy, channels, people, files). Without credentials those
    # features say what is missing and the rest of the bot works as before.
    graph_tenant_id: str = Field(
        "", validation_alias=AliasChoices("FAGNETT_GRAPH_TENANT_ID", "graph_tenant_id")
    )
    graph_client_id: str = Field(
        "", validation_alias=AliasChoices("FAGNETT_GRAPH_CLIENT_ID", "graph_client_id")
    )
    graph_client_secret: str = Field(
        "", validation_alias=AliasChoices("FAGNETT_GRAPH_CLIENT_SECRET", "graph_client_secret")
    )
    graph_certificate_path: str = Field(
        "",
        validation_alias=AliasChoices("FAGNETT_GRAPH_CERTIFICATE_PATH", "graph_certificate_path"),
    )
    graph_managed_identity: bool = Field(
        False,
        validation_alias=AliasChoices("FAGNETT_GRAPH_MANAGED_IDENTITY", "graph_managed_identity"),
    )
    graph_base_url: str = Field(
        "https://graph.microsoft.com/v1.0",
        validation_alias=AliasChoices("FAGNETT_GRAPH_BASE_URL", "graph_base_url"),
    )
    meeting_organiser: str = Field(
        "",
        validation_alias=AliasChoices("FAGNETT_MEETING_ORGANISER", "meeting_organiser"),
    )
    """The mailbox whose calendar holds the meetings (a shared mailbox); empty: the secretary's."""
    gathering_invitees: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        validation_alias=AliasChoices("FAGNETT_GATHERING_INVITEES", "gathering_invitees"),
    )
    """E-mail addresses of the directors and heads of clinic invited to the annual gathering."""
    annual_priorities_date: str = Field(
        "",
        pattern=r"^(\d{2}-\d{2})?$",
        validation_alias=AliasChoices("FAGNETT_ANNUAL_PRIORITIES_DATE", "annual_priorities_date"),
    )
    """`MM-DD` on which each network's priorities case opens; empty: the first working day of
    January."""
    annual_report_date: str = Field(
        "",
        pattern=r"^(\d{2}-\d{2})?$",
        validation_alias=AliasChoices("FAGNETT_ANNUAL_REPORT_DATE", "annual_report_date"),
    )
    """`MM-DD` on which the report cycles open by themselves; empty: only `report start`."""
    annual_seconds: float = Field(
        3600, validation_alias=AliasChoices("FAGNETT_ANNUAL_SECONDS", "annual_seconds")
    )
    """How often the annual job looks for priorities cases and report cycles to open."""

    _split_lists = field_validator(
        "allowed_tenants", "admins", "gathering_invitees", mode="before"
    )(_split)

    @field_validator("local_mode_choice", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def public_base_url(self) -> str:
        """Where users' browsers reach the bot (export links); defaults to HOST:PORT."""
        return self.public_url or f"http://{self.host}:{self.port}"

    @property
    def local_mode(self) -> bool:
        """No app id: requests are not authenticated (emulator, Agents Playground, tests) —
        allowed only on a loopback HOST or with FAGNETT_LOCAL_MODE=1 (`bot.auth.check_mode`)."""
        return not self.app_id
