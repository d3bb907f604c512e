"""Authentication over HTTP: every forged token a 401 with nothing stored, a valid one processed,
a hanging key endpoint never freezing the service, local mode's limits, tenants in any case.

The bot is the real service (`create_app` on a loopback TestServer) pointed at a loopback
OpenID configuration and JWKS whose RSA keys the test generates (`harness.openid`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import jwt
import pytest
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from bot.app import SESSIONS, create_app
from bot.auth import ConfigurationError, is_loopback_host, is_loopback_url
from bot.settings import Settings
from harness.clock import FakeClock
from harness.connector import Connector
from harness.openid import EMULATOR_ISSUER, HangingEndpoint, OpenIdStandIn, new_key, unsigned
from storage.db import Sessions
from storage.models import ConversationRef, Event

APP_ID = "6f0c5b52-5d3e-4a57-9e0a-7c1d2f3a4b5c"
APP_PASSWORD = "app-password-for-tests"
TENANT = "tenant-hmn"
ROOT = Path(__file__).resolve().parents[2]

TRIED: Counter[tuple[str, int]] = Counter()
"""(case, status) of every token this module sent, printed by the summary test."""


# --------------------------------------------------------------------------- fixtures, helpers


@pytest.fixture
async def openid() -> AsyncIterator[OpenIdStandIn]:
    stand_in = OpenIdStandIn()
    await stand_in.start()
    yield stand_in
    await stand_in.close()


def secured(settings: Settings, metadata_url: str, **update: Any) -> Settings:
    """Authenticated-mode settings over the test database."""
    values = {
        "app_id": APP_ID,
        "app_password": APP_PASSWORD,
        "openid_metadata_url": metadata_url,
        "auth_timeout_seconds": 1.0,
    }
    values.update(update)
    return settings.model_copy(update=values)


async def serve(settings: Settings, clock: FakeClock) -> TestServer:
    server = TestServer(create_app(settings, now=clock), host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
async def secured_bot(
    settings: Settings, openid: OpenIdStandIn, clock: FakeClock
) -> AsyncIterator[TestServer]:
    server = await serve(secured(settings, openid.metadata_url), clock)
    yield server
    await server.close()


def installation(
    service_url: str, *, channel_id: str = "msteams", tenant: str = TENANT
) -> dict[str, Any]:
    """The app installed personally: processed, it stores a conversation reference and an
    `AppInstalled` event, and sends nothing (so no outbound token is needed)."""
    return {
        "type": "installationUpdate",
        "action": "add",
        "id": "in-auth-1",
        "channelId": channel_id,
        "serviceUrl": service_url,
        "from": {"id": "29:kari", "name": "Kari Nordmann", "aadObjectId": "aad-kari"},
        "recipient": {"id": "28:fagnett-bot", "name": "Fagnett"},
        "conversation": {"id": "a:personal-kari", "conversationType": "personal"},
        "channelData": {"tenant": {"id": tenant}},
        "locale": "nb-NO",
    }


async def post(
    server: TestServer,
    activity: dict[str, Any],
    authorization: str | None,
    answer_headers: dict[str, str] | None = None,
) -> tuple[int, Any, float]:
    """POST an activity with an `Authorization` header; (status, body, seconds). The answer's
    headers go into `answer_headers` when given."""
    headers = {"Authorization": authorization} if authorization is not None else {}
    started = time.monotonic()
    async with (
        aiohttp.ClientSession() as http,
        http.post(server.make_url("/api/messages"), json=activity, headers=headers) as response,
    ):
        body = await response.json() if response.content_type == "application/json" else None
        if answer_headers is not None:
            answer_headers.update(response.headers)
        return response.status, body, time.monotonic() - started


async def stored(sessions: Sessions) -> tuple[int, int]:
    """(conversation references, events) in the bot's database."""
    async with sessions() as session:
        refs = await session.scalar(select(func.count(ConversationRef.id)))
        events = await session.scalar(select(func.count(Event.id)))
    return int(refs or 0), int(events or 0)


async def healthz(server: TestServer) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    async with aiohttp.ClientSession() as http, http.get(server.make_url("/healthz")) as response:
        return response.status, await response.json(), time.monotonic() - started


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _flip(segment: str) -> str:
    """The segment with one base64url character changed."""
    middle = len(segment) // 2
    swapped = "A" if segment[middle] != "A" else "B"
    return segment[:middle] + swapped + segment[middle + 1 :]


# --------------------------------------------------------------------------- the forgeries

Forge = Callable[[OpenIdStandIn, str, Any], tuple[str | None, dict[str, Any]]]
"""(stand-in, the activity's serviceUrl, now) → (Authorization header, activity overrides)."""


def _claims(service_url: str, now: Any) -> dict[str, Any]:
    issued = int(now.timestamp())
    return {
        "iss": "https://api.botframework.com",
        "aud": APP_ID,
        "iat": issued,
        "nbf": issued - 300,
        "exp": issued + 3600,
        "serviceurl": service_url,
    }


def _hs256(claims: dict[str, Any], secret: bytes, kid: str | None = "trusted-1") -> str:
    header: dict[str, Any] = {"alg": "HS256", "typ": "JWT"}
    if kid:
        header["kid"] = kid
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def _public_pem(openid: OpenIdStandIn) -> bytes:
    return (
        openid.keys["trusted-1"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def _tamper_payload(openid: OpenIdStandIn, url: str, now: Any) -> str:
    head, _payload, signature = openid.token(app_id=APP_ID, service_url=url, now=now).split(".")
    claims = _claims(url, now) | {"aud": APP_ID, "exp": int(now.timestamp()) + 10 * 365 * 86400}
    return f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"


def _tamper_signature(openid: OpenIdStandIn, url: str, now: Any) -> str:
    head, payload, signature = openid.token(app_id=APP_ID, service_url=url, now=now).split(".")
    return f"{head}.{payload}.{_flip(signature)}"


FORGERIES: dict[str, Forge] = {
    "no Authorization header": lambda o, u, n: (None, {}),
    "empty Bearer": lambda o, u, n: ("Bearer ", {}),
    "Basic scheme": lambda o, u, n: ("Basic " + _b64(b"app:" + APP_PASSWORD.encode()), {}),
    "garbage": lambda o, u, n: ("Bearer this-is-not-a-jwt", {}),
    "garbage in three segments": lambda o, u, n: ("Bearer abc.def.ghi", {}),
    "header not JSON": lambda o, u, n: ("Bearer " + _b64(b"[1,2") + ".e30.", {}),
    "alg none": lambda o, u, n: (
        "Bearer " + unsigned(_claims(u, n), {"alg": "none", "kid": "trusted-1"}),
        {},
    ),
    "alg None, no kid": lambda o, u, n: ("Bearer " + unsigned(_claims(u, n), {"alg": "None"}), {}),
    "HS256 with the app password": lambda o, u, n: (
        "Bearer " + _hs256(_claims(u, n), APP_PASSWORD.encode()),
        {},
    ),
    "HS256 with the public key (key confusion)": lambda o, u, n: (
        "Bearer " + _hs256(_claims(u, n), _public_pem(o)),
        {},
    ),
    "RS512 with the trusted key": lambda o, u, n: (
        "Bearer "
        + jwt.encode(
            _claims(u, n), o.keys["trusted-1"], algorithm="RS512", headers={"kid": "trusted-1"}
        ),
        {},
    ),
    "RS256, unknown kid": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, kid="unknown", key=new_key()),
        {},
    ),
    "RS256, trusted key under an unknown kid": lambda o, u, n: (
        "Bearer "
        + o.token(app_id=APP_ID, service_url=u, now=n, kid="other", key=o.keys["trusted-1"]),
        {},
    ),
    "RS256, no kid": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, kid=None, key=o.keys["trusted-1"]),
        {},
    ),
    "another key under a trusted kid": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, key=new_key()),
        {},
    ),
    "expired": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, lifetime=-3600, not_before=-7200),
        {},
    ),
    "nbf in the future": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, not_before=3600, lifetime=7200),
        {},
    ),
    "no exp": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, drop=("exp",)),
        {},
    ),
    "tampered payload": lambda o, u, n: ("Bearer " + _tamper_payload(o, u, n), {}),
    "tampered signature": lambda o, u, n: ("Bearer " + _tamper_signature(o, u, n), {}),
    "wrong audience": lambda o, u, n: (
        "Bearer " + o.token(app_id="00000000-0000-0000-0000-000000000bad", service_url=u, now=n),
        {},
    ),
    "no audience": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, drop=("aud",)),
        {},
    ),
    "wrong issuer": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, issuer="https://evil.example.com"),
        {},
    ),
    "emulator issuer": lambda o, u, n: (
        "Bearer "
        + o.token(
            app_id=APP_ID,
            service_url=u,
            now=n,
            issuer=EMULATOR_ISSUER,
            extra={"appid": APP_ID, "ver": "1.0"},
        ),
        {},
    ),
    "no serviceurl claim": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n, drop=("serviceurl",)),
        {},
    ),
    "serviceurl claim differs from the activity": lambda o, u, n: (
        "Bearer "
        + o.token(app_id=APP_ID, service_url="https://smba.trafficmanager.net/emea/", now=n),
        {},
    ),
    "activity's serviceUrl differs from the claim": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n),
        {"serviceUrl": "http://127.0.0.3:9/"},
    ),
    "key not endorsed for the activity's channel": lambda o, u, n: (
        "Bearer " + o.token(app_id=APP_ID, service_url=u, now=n),
        {"channelId": "skype"},
    ),
}


@pytest.mark.parametrize("case", list(FORGERIES))
async def test_a_forged_token_is_401_with_one_log_line_and_nothing_stored(
    case: str,
    secured_bot: TestServer,
    openid: OpenIdStandIn,
    connector: Connector,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    authorization, overrides = FORGERIES[case](openid, connector.url, clock())
    activity = installation(connector.url) | overrides
    caplog.clear()
    with caplog.at_level(logging.INFO):
        headers: dict[str, str] = {}
        status, body, _ = await post(secured_bot, activity, authorization, headers)
    TRIED[(case, status)] += 1

    assert status == 401, body
    assert body == {"error": "unauthorized"}
    assert headers.get("WWW-Authenticate") == "Bearer"
    assert await stored(secured_bot.app[SESSIONS]) == (0, 0)
    assert connector.calls == []
    refusals = [r for r in caplog.records if r.getMessage().startswith("refused request")]
    assert len(refusals) == 1, [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_a_correctly_signed_token_is_processed(
    secured_bot: TestServer, openid: OpenIdStandIn, connector: Connector, clock: FakeClock
) -> None:
    token = openid.token(app_id=APP_ID, service_url=connector.url, now=clock())
    status, _, _ = await post(secured_bot, installation(connector.url), f"Bearer {token}")
    TRIED[("valid", status)] += 1
    assert status in (200, 201)
    assert await stored(secured_bot.app[SESSIONS]) == (1, 1), "a reference and AppInstalled"

    # Within the 5 minutes' clock skew the Bot Framework allows, and with `bearer` in any case.
    clock.advance(hours=1, minutes=4)
    status, _, _ = await post(secured_bot, installation(connector.url), f"bearer {token}")
    TRIED[("valid, 4 min past exp", status)] += 1
    assert status in (200, 201)

    code, health, _ = await healthz(secured_bot)
    assert (code, health["status"], health["auth"], health["auth_keys"]) == (200, "ok", "ok", 1)


async def test_a_rolled_key_is_fetched_once_for_an_unknown_kid(
    settings: Settings, openid: OpenIdStandIn, connector: Connector, clock: FakeClock
) -> None:
    """Microsoft rolls its keys: a token under a new kid makes the bot fetch the key set again
    (at most once per interval), not refuse the new key until the daily refresh."""
    server = await serve(secured(settings, openid.metadata_url, auth_refresh_seconds=0.2), clock)
    try:
        first = openid.token(app_id=APP_ID, service_url=connector.url, now=clock())
        assert (await post(server, installation(connector.url), f"Bearer {first}"))[0] == 201
        openid.keys["rolled-2"] = new_key()
        await asyncio.sleep(0.25)
        rolled = openid.token(app_id=APP_ID, service_url=connector.url, now=clock(), kid="rolled-2")
        status, _, _ = await post(server, installation(connector.url), f"Bearer {rolled}")
        TRIED[("valid, rolled key", status)] += 1
        assert status in (200, 201)
    finally:
        await server.close()


# --------------------------------------------------------------------------- a hanging endpoint


@pytest.mark.parametrize("hangs", ["metadata", "jwks"])
async def test_a_hanging_key_endpoint_never_freezes_the_service(
    hangs: str,
    settings: Settings,
    openid: OpenIdStandIn,
    connector: Connector,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    silent = HangingEndpoint()
    await silent.start()
    if hangs == "metadata":
        metadata_url = silent.url
    else:
        openid.jwks_uri = silent.url.replace("/.well-known/openidconfiguration", "/keys")
        metadata_url = openid.metadata_url
    timeout = 1.0
    server = await serve(secured(settings, metadata_url, auth_timeout_seconds=timeout), clock)
    token = "Bearer " + openid.token(app_id=APP_ID, service_url=connector.url, now=clock())
    try:
        # While the first fetch hangs: /healthz answers at once, and says auth is degraded; a
        # request with a token waits for that fetch at most the timeout, then is refused.
        (status, body, rejected_in), (code, health, health_in) = await asyncio.gather(
            post(server, installation(connector.url), token), healthz(server)
        )
        TRIED[(f"valid, {hangs} hangs (first)", status)] += 1
        assert health_in < 1.0
        assert (code, health["status"], health["auth"]) == (200, "degraded", "degraded")
        assert status == 503
        assert body == {"error": "authentication keys unavailable"}
        assert rejected_in < timeout + 0.75

        # Once a fetch has failed, a token is refused at once; /healthz still answers.
        again, _, again_in = await post(server, installation(connector.url), token)
        TRIED[(f"valid, {hangs} hangs (after)", again)] += 1
        assert again == 503
        assert again_in < 0.5
        code, health, health_in = await healthz(server)
        assert (code, health["auth"], health.get("auth_error")) == (200, "degraded", "timed out")
        assert health_in < 1.0
        # A forgery is still a 401 (it fails before any key is needed), and nothing is stored.
        garbage, _, _ = await post(server, installation(connector.url), "Bearer garbage")
        assert garbage == 401
        assert await stored(server.app[SESSIONS]) == (0, 0)
        assert silent.connections >= 1
        assert not [r for r in caplog.records if r.exc_info]
        print(
            f"\n[{hangs} endpoint hangs, timeout {timeout:.1f} s] /healthz answered in "
            f"{health_in * 1000:.0f} ms; first token rejected ({status}) in "
            f"{rejected_in * 1000:.0f} ms; next one in {again_in * 1000:.0f} ms"
        )
    finally:
        await server.close()
        await silent.close()


# --------------------------------------------------------------------------- local mode


@pytest.mark.parametrize(
    "service_url",
    [
        "http://10.0.0.7:3978/",
        "https://smba.trafficmanager.net/emea/",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://127.0.0.1.nip.io/",
        "http://localhost@evil.example.com/",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0:3978/",
        "http://127.0.0.1:notaport/",
        "ftp://127.0.0.1/",
    ],
)
async def test_local_mode_refuses_a_non_loopback_service_url(
    service_url: str, bot: TestServer, connector: Connector, caplog: pytest.LogCaptureFixture
) -> None:
    status, body, _ = await post(bot, installation(service_url), None)
    assert status == 400
    assert "loopback" in body["error"]
    assert await stored(bot.app[SESSIONS]) == (0, 0)
    assert connector.calls == []
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    "service_url", ["http://127.0.0.3:9/", "http://localhost:9/", "http://[::1]:9/"]
)
async def test_local_mode_accepts_loopback_service_urls(service_url: str, bot: TestServer) -> None:
    status, _, _ = await post(bot, installation(service_url), None)
    assert status == 201
    assert await stored(bot.app[SESSIONS]) == (1, 1)


async def test_local_mode_ignores_a_token_rather_than_fetching_keys(
    bot: TestServer, connector: Connector
) -> None:
    """botbuilder would validate a token it is given even in local mode (and fetch keys)."""
    status, _, _ = await post(bot, installation(connector.url), "Bearer whatever")
    assert status == 201


@pytest.mark.parametrize(
    ("update", "refused"),
    [
        ({"host": "0.0.0.0"}, "not a loopback address"),
        ({"host": "10.1.2.3"}, "not a loopback address"),
        ({"host": "::"}, "not a loopback address"),
        ({"host": ""}, "not a loopback address"),
        ({"local_mode_choice": False}, "forbids local mode"),
        ({"app_id": APP_ID, "local_mode_choice": True}, "both set"),
        ({"app_id": APP_ID, "openid_metadata_url": "http://login.example.com/x"}, "https"),
    ],
)
def test_unsafe_modes_refuse_to_start(
    settings: Settings, update: dict[str, Any], refused: str
) -> None:
    with pytest.raises(ConfigurationError, match=refused):
        create_app(settings.model_copy(update=update))


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_local_mode_starts_on_loopback(settings: Settings, host: str) -> None:
    create_app(settings.model_copy(update={"host": host}))


def test_local_mode_on_the_network_only_when_asked(settings: Settings) -> None:
    create_app(settings.model_copy(update={"host": "0.0.0.0", "local_mode_choice": True}))


def test_loopback_checks() -> None:
    assert is_loopback_host("127.8.9.10")
    assert is_loopback_host("LOCALHOST")
    assert not is_loopback_host("0.0.0.0")
    assert not is_loopback_host("localhost.evil.example")
    assert is_loopback_url("https://[::1]:8443/v3/")
    assert not is_loopback_url(None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_bot(env: dict[str, str], tmp_path: Path) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "FAGNETT_"))}
    clean.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"} | env)
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_python_m_bot_refuses_a_network_host_without_credentials(tmp_path: Path) -> None:
    process = _run_bot({"HOST": "0.0.0.0", "PORT": str(_free_port())}, tmp_path)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "not starting" in output
    assert "FAGNETT_LOCAL_MODE=1" in output
    assert "Traceback" not in output


async def test_python_m_bot_starts_in_local_mode_on_loopback_and_says_so(tmp_path: Path) -> None:
    port = _free_port()
    process = _run_bot({"HOST": "127.0.0.1", "PORT": str(port)}, tmp_path)
    try:
        body: dict[str, Any] = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                async with (
                    aiohttp.ClientSession() as http,
                    http.get(f"http://127.0.0.1:{port}/healthz") as response,
                ):
                    body = await response.json()
                    break
            except aiohttp.ClientError:
                await asyncio.sleep(0.2)
        assert body == {"status": "ok", "database": "up", "scheduler": True}
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "LOCAL MODE" in output


# --------------------------------------------------------------------------- tenants


@pytest.mark.parametrize(
    ("allowed", "sent", "expected"),
    [
        ("TENANT-HMN", "tenant-hmn", 201),
        ("tenant-hmn", "Tenant-HMN", 201),
        ("  Tenant-Hmn , other", "tenant-hmn", 201),
        ("another-tenant", "tenant-hmn", 403),
    ],
)
async def test_tenant_allow_list_ignores_case(
    settings: Settings,
    openid: OpenIdStandIn,
    connector: Connector,
    clock: FakeClock,
    allowed: str,
    sent: str,
    expected: int,
) -> None:
    configured = Settings(
        database_url=settings.database_url,
        tenants=allowed,
        app_id=APP_ID,
        app_password=APP_PASSWORD,
        openid_metadata_url=openid.metadata_url,
        auth_timeout_seconds=1.0,
    )
    server = await serve(configured, clock)
    try:
        token = openid.token(app_id=APP_ID, service_url=connector.url, now=clock())
        activity = installation(connector.url, tenant=sent)
        status, _, _ = await post(server, activity, f"Bearer {token}")
        assert status == expected
        assert await stored(server.app[SESSIONS]) == ((1, 1) if expected == 201 else (0, 0))
    finally:
        await server.close()


# --------------------------------------------------------------------------- summary


async def test_every_forgery_against_one_bot_prints_the_counts(
    secured_bot: TestServer, openid: OpenIdStandIn, connector: Connector, clock: FakeClock
) -> None:
    """All forgeries, then a valid token, against one running bot: the counts for the record."""
    statuses: Counter[int] = Counter()
    for case, forge in FORGERIES.items():
        authorization, overrides = forge(openid, connector.url, clock())
        status, _, _ = await post(
            secured_bot, installation(connector.url) | overrides, authorization
        )
        statuses[status] += 1
        assert status == 401, case
    assert await stored(secured_bot.app[SESSIONS]) == (0, 0)
    token = openid.token(app_id=APP_ID, service_url=connector.url, now=clock())
    valid, _, _ = await post(secured_bot, installation(connector.url), f"Bearer {token}")
    assert valid == 201
    print(
        f"\nforged tokens tried: {sum(statuses.values())} ({len(FORGERIES)} kinds) → "
        f"{dict(statuses)}; valid token → {valid}; stored after the forgeries: nothing"
    )
    if TRIED:
        print(f"this module's requests so far: {dict(Counter(s for (_, s) in TRIED.elements()))}")
