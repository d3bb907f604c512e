"""A loopback Bot Framework login service: OpenID metadata, a JWKS of RSA keys the test makes,
tokens signed with them, and an endpoint that never answers.

Point the bot at it with `FAGNETT_OPENID_METADATA_URL` (`Settings(openid_metadata_url=...)`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://api.botframework.com"
EMULATOR_ISSUER = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"


def new_key() -> rsa.RSAPrivateKey:
    """A fresh 2048-bit RSA key."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk(key: rsa.RSAPrivateKey, kid: str, endorsements: list[str] | None) -> dict[str, Any]:
    """The key's public half as a JWKS entry, shaped like login.botframework.com's."""
    numbers = key.public_key().public_numbers()
    entry: dict[str, Any] = {
        "kty": "RSA",
        "use": "sig",
        "kid": kid,
        "n": _b64(numbers.n),
        "e": _b64(numbers.e),
    }
    if endorsements is not None:
        entry["endorsements"] = endorsements
    return entry


@dataclass
class OpenIdStandIn:
    """Serves `/v1/.well-known/openidconfiguration` and `/v1/keys`; counts the fetches."""

    keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=dict)
    endorsements: list[str] | None = field(default_factory=lambda: ["msteams", "webchat"])
    fetches: int = 0
    jwks_uri: str | None = None
    """Where the metadata says the keys are (default: this stand-in's `/v1/keys`)."""
    server: TestServer | None = None

    def __post_init__(self) -> None:
        if not self.keys:
            self.keys["trusted-1"] = new_key()

    @property
    def metadata_url(self) -> str:
        """The URL the bot's `openid_metadata_url` setting takes."""
        assert self.server is not None
        return str(self.server.make_url("/v1/.well-known/openidconfiguration"))

    async def start(self) -> None:
        """Listen on a loopback port."""
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/keys", self._jwks)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        """Stop listening."""
        if self.server is not None:
            await self.server.close()

    async def _metadata(self, request: web.Request) -> web.Response:
        assert self.server is not None
        return web.json_response(
            {
                "issuer": ISSUER,
                "authorization_endpoint": "https://invalid.example/",
                "jwks_uri": self.jwks_uri or str(self.server.make_url("/v1/keys")),
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _jwks(self, request: web.Request) -> web.Response:
        self.fetches += 1
        return web.json_response(
            {"keys": [public_jwk(k, kid, self.endorsements) for kid, k in self.keys.items()]}
        )

    def token(
        self,
        *,
        app_id: str,
        service_url: str | None,
        now: datetime,
        kid: str | None = "trusted-1",
        key: rsa.RSAPrivateKey | None = None,
        issuer: str = ISSUER,
        lifetime: float = 3600,
        not_before: float = -300,
        extra: dict[str, Any] | None = None,
        drop: tuple[str, ...] = (),
    ) -> str:
        """A channel → bot token as the Bot Framework signs it (RS256 with a trusted key)."""
        issued = int(now.timestamp())
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": app_id,
            "iat": issued,
            "nbf": issued + int(not_before),
            "exp": issued + int(lifetime),
            "serviceurl": service_url,
        }
        claims.update(extra or {})
        for name in drop:
            claims.pop(name, None)
        signer = key if key is not None else self.keys[kid or "trusted-1"]
        headers = {"kid": kid} if kid is not None else {}
        return jwt.encode(claims, signer, algorithm="RS256", headers=headers)


def unsigned(claims: dict[str, Any], header: dict[str, Any]) -> str:
    """A token with whatever header and no signature (`alg: none` and friends)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}."


class HangingEndpoint:
    """A loopback TCP port that accepts connections and never answers a byte."""

    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._held: list[asyncio.StreamWriter] = []
        self.connections = 0

    @property
    def url(self) -> str:
        """A metadata URL on the silent port."""
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/v1/.well-known/openidconfiguration"

    async def start(self) -> None:
        """Listen on a loopback port."""

        async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            self._held.append(writer)  # never read, never written, never closed until close()

        self._server = await asyncio.start_server(hold, "127.0.0.1", 0)

    async def close(self) -> None:
        """Drop the held connections and stop listening."""
        for writer in self._held:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
