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
    public_url: str = Field("", validation_alias=AliasChoices("FAGNETT_PUBLIC_URL", "public_url"))
    export_secret: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        validation_alias=AliasChoices("FAGNETT_EXPORT_SECRET", "export_secret"),
    )

    _split_lists = field_validator("allowed_tenants", "admins", mode="before")(_split)

    @property
    def public_base_url(self) -> str:
        """Where users' browsers reach the bot (export links); defaults to HOST:PORT."""
        return self.public_url or f"http://{self.host}:{self.port}"

    @property
    def local_mode(self) -> bool:
        """No app id: requests are not authenticated (emulator, Agents Playground, tests)."""
        return not self.app_id
