"""Who may call `/api/messages`: Bot Framework tokens, checked here, and local mode's limits.

botbuilder 4.17 validates tokens with a synchronous `requests.get` of the OpenID metadata and
keys, without a timeout, on the event loop, and raises a zoo of exceptions. Instead this module:

- fetches the OpenID metadata and its JWKS with aiohttp under one timeout, at start-up and then
  in the background (`OpenIdKeys`); the keys are cached, a fetch never blocks the event loop,
  and while no keys can be had a request with a token is refused at once (503);
- validates the token itself with PyJWT (`BotFrameworkTokens`), following the Bot Framework's
  rules for a channel → bot token: RS256 only; a `kid` the key set lists; issuer
  `https://api.botframework.com`; audience = the app id; `exp`/`nbf` with 5 minutes' leeway on
  the service's one clock; the `serviceurl` claim equal to the activity's `serviceUrl`; and,
  when the key carries endorsements, the activity's channel among them. Every failure is a
  `Refused` with a short reason (one log line, never a traceback);
- in local mode (no app id) accepts requests without a token but only while bound to a loopback
  address, and only for activities whose `serviceUrl` is a loopback URL (`check_mode`,
  `RequestAuth.check`).

The claims of a valid token are handed to botbuilder as a pre-validated identity
(`FagnettAdapter.authenticated`), so botbuilder's own validation never runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard
from urllib.parse import urlsplit

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from bot.settings import Settings
from storage.clock import Now

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
"""The issuer of every token the Bot Framework (Teams included) sends to a bot."""
ALGORITHM = "RS256"
LEEWAY_SECONDS = 300
"""Clock skew allowed on `exp` and `nbf`, as the Bot Framework specifies (5 minutes)."""
UNKNOWN_KID_REFRESH_SECONDS = 300.0
"""A token naming a key we do not hold fetches the key set again, at most this often."""
KEYS_MAX_AGE_SECONDS = 5 * 24 * 3600.0
"""Keys last fetched longer ago than this are no longer trusted (the endpoint kept failing)."""
RETRY_FIRST_SECONDS = 5.0
RETRY_MAX_SECONDS = 300.0
MIN_RSA_BITS = 2048

Mode = Literal["local", "authenticated"]


class Refused(Exception):
    """The request is refused: `status` and a short `reason` (for the log; the client gets
    `public` only)."""

    def __init__(self, status: int, reason: str, public: str = "unauthorized") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.public = public


class ConfigurationError(Exception):
    """The settings ask for something unsafe; the service does not start."""


def is_loopback_host(host: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1 (brackets allowed); anything else, including '' and
    0.0.0.0 (every interface), is not."""
    name = host.strip().lower().removeprefix("[").removesuffix("]")
    if name in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: object) -> bool:
    """An http(s) URL whose host is a loopback address (what local mode may post to)."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018  # raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(hostname) and is_loopback_host(hostname or "")


def _fetchable_url(url: object) -> bool:
    """Key material only over https, or http to a loopback stand-in (tests)."""
    if not isinstance(url, str):
        return False
    scheme = urlsplit(url).scheme
    return scheme == "https" or (scheme == "http" and is_loopback_url(url))


def check_mode(settings: Settings) -> Mode:
    """Which mode the settings run, or `ConfigurationError` when they are unsafe or
    contradictory.

    Local (unauthenticated) mode needs no app id and either a loopback `HOST` or an explicit
    `FAGNETT_LOCAL_MODE=1`; `FAGNETT_LOCAL_MODE=0` forbids it even on loopback."""
    choice = settings.local_mode_choice
    if settings.app_id:
        if choice:
            raise ConfigurationError(
                "FAGNETT_LOCAL_MODE=1 and MicrosoftAppId are both set: "
                "unset one (local mode does not authenticate requests)"
            )
        if not _fetchable_url(settings.openid_metadata_url):
            raise ConfigurationError(
                "FAGNETT_OPENID_METADATA_URL must be an https URL (or http on a loopback address)"
            )
        return "authenticated"
    if choice is False:
        raise ConfigurationError(
            "MicrosoftAppId is not set and FAGNETT_LOCAL_MODE=0 forbids local mode: "
            "set the app's credentials"
        )
    if not is_loopback_host(settings.host) and not choice:
        raise ConfigurationError(
            f"MicrosoftAppId is not set and HOST={settings.host!r} is not a loopback address: "
            "refusing to serve unauthenticated requests on the network. Set the app's "
            "credentials, bind to 127.0.0.1, or set FAGNETT_LOCAL_MODE=1 to run local mode anyway"
        )
    return "local"


@dataclass(frozen=True)
class SigningKey:
    """One public key of the key set, and the channels it is endorsed for (empty: any)."""

    key: RSAPublicKey
    endorsements: frozenset[str]


def parse_jwks(document: object) -> dict[str, SigningKey]:
    """The usable RSA signing keys of a JWKS document, by `kid` (others are skipped)."""
    keys = document.get("keys") if isinstance(document, Mapping) else None
    if not isinstance(keys, list):
        raise ValueError("JWKS document has no 'keys' list")
    found: dict[str, SigningKey] = {}
    for entry in keys:
        if not isinstance(entry, Mapping):
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid or entry.get("kty") != "RSA":
            continue
        if entry.get("use") not in (None, "sig"):
            continue
        try:
            key = jwt.PyJWK(dict(entry), algorithm=ALGORITHM).key
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            continue
        if not isinstance(key, RSAPublicKey) or key.key_size < MIN_RSA_BITS:
            continue
        endorsements = entry.get("endorsements")
        names = (
            frozenset(e for e in endorsements if isinstance(e, str))
            if isinstance(endorsements, list)
            else frozenset()
        )
        found[kid] = SigningKey(key, names)
    if not found:
        raise ValueError("JWKS document holds no usable RSA signing key")
    return found


class OpenIdKeys:
    """The signing keys behind an OpenID metadata URL: fetched with aiohttp under a timeout,
    cached, refreshed in the background; never fetched on a request's critical path except for
    the first fetch at start-up and a rate-limited fetch for an unknown `kid` (both bounded by
    the timeout, and shared by concurrent requests)."""

    def __init__(self, metadata_url: str, *, timeout: float, refresh_seconds: float) -> None:
        self.metadata_url = metadata_url
        self.timeout = timeout
        self.refresh_seconds = refresh_seconds
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._last_attempt = float("-inf")
        self._attempts_done = 0
        self._last_error: str | None = None
        self._inflight: asyncio.Task[bool] | None = None
        self._runner: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Begin the first fetch now (not awaited) and the background refresh loop."""
        self._http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout), trust_env=True
        )
        first = self._refresh_task()
        self._runner = asyncio.create_task(self._run(first), name="auth.keys.refresh")

    async def stop(self) -> None:
        """Cancel the refresh loop and any fetch in flight; close the HTTP session."""
        for task in (self._runner, self._inflight):
            if task is not None and not task.done():
                task.cancel()
        for task in (self._runner, self._inflight):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._http is not None:
            await self._http.close()

    def _usable(self) -> bool:
        loop = asyncio.get_running_loop()
        return (
            bool(self._keys)
            and self._fetched_at is not None
            and loop.time() - self._fetched_at < KEYS_MAX_AGE_SECONDS
        )

    @property
    def status(self) -> str:
        """`ok` while fresh keys are held and the last fetch succeeded; `degraded` otherwise
        (no keys yet, or the endpoint failing while older keys are still used)."""
        return "ok" if self._usable() and self._last_error is None else "degraded"

    def health(self) -> dict[str, Any]:
        """What `/healthz` reports about authentication."""
        report: dict[str, Any] = {"auth": self.status, "auth_keys": len(self._keys)}
        if self._last_error:
            report["auth_error"] = self._last_error
        return report

    async def key(self, kid: str) -> SigningKey | None:
        """The key named `kid`, or None when the key set does not list it.

        Raises `Refused(503)` while no keys can be had: at once once a fetch has failed (the
        background loop keeps retrying); only before the first fetch has finished does a
        request wait for it, at most the timeout."""
        if not self._usable():
            task = self._inflight
            if self._attempts_done == 0 and task is not None and not task.done():
                await asyncio.wait({task}, timeout=self.timeout)
            if not self._usable():
                raise Refused(
                    503,
                    f"no signing keys to check the token ({self._last_error or 'fetching'})",
                    "authentication keys unavailable",
                )
        found = self._keys.get(kid)
        loop = asyncio.get_running_loop()
        interval = min(UNKNOWN_KID_REFRESH_SECONDS, self.refresh_seconds)
        if found is None and loop.time() - self._last_attempt >= interval:
            await asyncio.wait({self._refresh_task()}, timeout=self.timeout)
            found = self._keys.get(kid)
        return found

    def _refresh_task(self) -> asyncio.Task[bool]:
        """The fetch in flight, or a new one: concurrent callers share one fetch."""
        if self._inflight is None or self._inflight.done():
            self._last_attempt = asyncio.get_running_loop().time()
            self._inflight = asyncio.create_task(self._refresh(), name="auth.keys.fetch")
        return self._inflight

    async def _refresh(self) -> bool:
        try:
            keys = await self._fetch()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # any failure of the endpoint is one log line, not a crash
            self._last_error = _describe(error)
            held = "keeping the cached keys" if self._usable() else "no keys held"
            log.warning(
                "auth: could not fetch signing keys from %s: %s (%s)",
                self.metadata_url,
                self._last_error,
                held,
            )
            return False
        finally:
            self._attempts_done += 1
        first = self._fetched_at is None
        self._keys = keys
        self._fetched_at = asyncio.get_running_loop().time()
        if first or self._last_error is not None:
            log.info("auth: %d signing keys fetched from %s", len(keys), self.metadata_url)
        self._last_error = None
        return True

    async def _fetch(self) -> dict[str, SigningKey]:
        assert self._http is not None, "start() first"
        async with asyncio.timeout(self.timeout):
            async with self._http.get(self.metadata_url) as response:
                response.raise_for_status()
                metadata = await response.json(content_type=None)
            jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, Mapping) else None
            if not _fetchable_url(jwks_uri):
                raise ValueError("OpenID metadata has no https jwks_uri")
            async with self._http.get(str(jwks_uri)) as response:
                response.raise_for_status()
                document = await response.json(content_type=None)
        return parse_jwks(document)

    async def _run(self, first: asyncio.Task[bool]) -> None:
        ok = await asyncio.shield(first)
        retry = RETRY_FIRST_SECONDS
        while True:
            if ok:
                delay, retry = self.refresh_seconds, RETRY_FIRST_SECONDS
            else:
                delay, retry = min(retry, self.refresh_seconds), min(retry * 2, RETRY_MAX_SECONDS)
            await asyncio.sleep(delay)
            ok = await asyncio.shield(self._refresh_task())


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class BotFrameworkTokens:
    """Validates the `Authorization` header of a channel → bot request."""

    def __init__(self, app_id: str, keys: OpenIdKeys, now: Now) -> None:
        self.app_id = app_id
        self.keys = keys
        self._now = now

    async def claims(
        self, authorization: str, service_url: object, channel_id: object
    ) -> dict[str, Any]:
        """The token's claims, or `Refused` (401; 503 while no keys can be had)."""
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if not authorization.strip():
            raise Refused(401, "no Authorization header")
        if scheme.lower() != "bearer" or not token:
            raise Refused(401, "Authorization is not a Bearer token")
        try:
            header = jwt.get_unverified_header(token)
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise Refused(401, f"malformed token ({_describe(error)})") from None
        alg = header.get("alg")
        if alg != ALGORITHM:
            raise Refused(401, f"algorithm {str(alg)[:20]!r} not allowed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Refused(401, "token names no key (kid)")
        signing = await self.keys.key(kid)
        if signing is None:
            raise Refused(401, f"unknown signing key {kid[:64]!r}")
        if signing.endorsements and channel_id not in signing.endorsements:
            raise Refused(
                401, f"key {kid[:64]!r} is not endorsed for channel {str(channel_id)[:32]!r}"
            )
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                signing.key,
                algorithms=[ALGORITHM],
                audience=self.app_id,
                issuer=ISSUER,
                options={
                    "require": ["exp", "iss", "aud"],
                    "verify_exp": False,  # checked below on the service's one clock
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise Refused(401, f"token rejected ({_describe(error)})") from None
        now = self._now().timestamp()
        exp, nbf = claims.get("exp"), claims.get("nbf")
        if not _number(exp) or now > exp + LEEWAY_SECONDS:
            raise Refused(401, "token expired")
        if nbf is not None and (not _number(nbf) or now < nbf - LEEWAY_SECONDS):
            raise Refused(401, "token not yet valid (nbf)")
        claimed_url = claims.get("serviceurl")
        if not isinstance(claimed_url, str):
            raise Refused(401, "token has no serviceurl claim")
        if claimed_url != service_url:
            raise Refused(401, "serviceurl claim differs from the activity's serviceUrl")
        return claims


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class RequestAuth:
    """The service's authentication, whichever mode runs: `check` each request, `health` for
    `/healthz`, `start`/`stop` with the application."""

    def __init__(self, settings: Settings, now: Now) -> None:
        self.mode: Mode = check_mode(settings)
        self.settings = settings
        self.keys: OpenIdKeys | None = None
        self.tokens: BotFrameworkTokens | None = None
        if self.mode == "authenticated":
            self.keys = OpenIdKeys(
                settings.openid_metadata_url,
                timeout=settings.auth_timeout_seconds,
                refresh_seconds=settings.auth_refresh_seconds,
            )
            self.tokens = BotFrameworkTokens(settings.app_id, self.keys, now)

    async def start(self) -> None:
        """Say which mode runs; begin fetching keys."""
        if self.keys is None:
            log.warning(
                "LOCAL MODE: MicrosoftAppId is not set, requests are NOT authenticated; only "
                "loopback serviceUrls are accepted (HOST=%s%s). Use this only with the emulator, "
                "Agents Playground or tests.",
                self.settings.host,
                ", forced by FAGNETT_LOCAL_MODE=1" if self.settings.local_mode_choice else "",
            )
            return
        log.info(
            "AUTHENTICATED MODE: Bot Framework tokens for app %s, keys from %s "
            "(timeout %.1f s, refreshed every %.0f s)",
            self.settings.app_id,
            self.keys.metadata_url,
            self.keys.timeout,
            self.keys.refresh_seconds,
        )
        await self.keys.start()

    async def stop(self) -> None:
        """Stop the background key refresh."""
        if self.keys is not None:
            await self.keys.stop()

    def health(self) -> dict[str, Any]:
        """Fields for `/healthz`: nothing in local mode, the key set's state otherwise."""
        return self.keys.health() if self.keys is not None else {}

    async def check(
        self, authorization: str, service_url: object, channel_id: object
    ) -> dict[str, Any] | None:
        """The validated token's claims (authenticated mode), None (local mode, a loopback
        `serviceUrl`), or `Refused`."""
        if self.tokens is None:
            if not is_loopback_url(service_url):
                raise Refused(
                    400,
                    f"local mode: serviceUrl {str(service_url)[:100]!r} is not a loopback URL",
                    "local mode accepts only a loopback serviceUrl (http://127.0.0.1/…, "
                    "http://localhost/…, http://[::1]/…)",
                )
            return None
        return await self.tokens.claims(authorization, service_url, channel_id)
