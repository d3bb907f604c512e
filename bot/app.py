"""The aiohttp application: `POST /api/messages`, `GET /healthz`, start-up and shutdown."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from botbuilder.schema import Activity
from sqlalchemy import text

from bot.adapter import FagnettAdapter
from bot.auth import Refused, RequestAuth
from bot.handler import FagnettBot
from bot.outbox import TeamsTransport
from bot.retry import ConnectorRetry
from bot.scheduler import Clock
from bot.settings import Settings
from bot.teams import tenant_of
from bot.wiring import Services, build_router, build_services
from dialogs.decisions.rules import to_csv, to_markdown, verify
from dialogs.outbox import Outbox
from storage.clock import system_clock
from storage.db import Sessions, create_engine, create_sessions, migrate

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ADAPTER = web.AppKey("adapter", FagnettAdapter)
AUTH = web.AppKey("auth", RequestAuth)
BOT = web.AppKey("bot", FagnettBot)
SESSIONS = web.AppKey("sessions", Sessions)
SERVICES = web.AppKey("services", Services)
CLOCK = web.AppKey("clock", Clock)
TRANSPORT = web.AppKey("transport", TeamsTransport)
OUTBOX = web.AppKey("outbox", Outbox)
NOW: web.AppKey[Callable[[], datetime]] = web.AppKey("now")

_REQUIRED = (("type",), ("channelId",), ("serviceUrl",), ("conversation", "id"), ("from", "id"))


def missing_fields(body: Any) -> list[str]:
    """The required Bot Framework activity fields that `body` lacks."""
    if not isinstance(body, dict):
        return ["activity"]
    absent = []
    for path in _REQUIRED:
        node: Any = body
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, str) or not node:
            absent.append(".".join(path))
    return absent


async def messages(request: web.Request) -> web.Response:
    """Receive one activity from the Bot Connector and run the bot on it.

    Written out rather than `CloudAdapter.process`, which serialises invoke bodies twice and
    answers 500 to every card action.
    """
    app = request.app
    if request.content_type != "application/json":
        return web.json_response({"error": "expected application/json"}, status=415)
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return web.json_response({"error": "malformed JSON"}, status=400)
    absent = missing_fields(body)
    if absent:
        return web.json_response({"error": "missing fields", "fields": absent}, status=400)
    try:
        # Before anything else reads the activity: a forged request goes no further.
        claims = await app[AUTH].check(
            request.headers.get("Authorization", ""), body["serviceUrl"], body["channelId"]
        )
    except Refused as refused:
        # One line, no traceback: who asked, and why they were refused.
        log.warning("refused request from %s: %s", request.remote, refused.reason)
        headers = {"Retry-After": "30"} if refused.status == 503 else {}
        if refused.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return web.json_response({"error": refused.public}, status=refused.status, headers=headers)
    activity = Activity().deserialize(body)
    allowed = {tenant.lower() for tenant in app[SETTINGS].allowed_tenants}
    tenant = tenant_of(activity)
    if allowed and (tenant or "").lower() not in allowed:
        log.warning("refused activity from tenant %s", tenant)
        return web.json_response({"error": "tenant not allowed"}, status=403)
    response = await app[ADAPTER].process_activity(
        app[ADAPTER].authenticated(claims), activity, app[BOT].on_turn
    )
    if response is None:
        return web.Response(status=201)
    return web.json_response(response.body, status=response.status)


async def export_decisions(request: web.Request) -> web.Response:
    """A network's decision log as CSV or Markdown, through a signed, time-limited link."""
    query = request.query
    try:
        network_id, fmt = int(query["network"]), query["format"]
        expires, signature = int(query["expires"]), query["sig"]
    except (KeyError, ValueError):
        return web.json_response({"error": "incomplete link"}, status=400)
    secret = request.app[SETTINGS].export_secret
    now = int(request.app[NOW]().timestamp())
    if fmt not in ("csv", "md") or not verify(secret, network_id, fmt, expires, signature, now):
        return web.json_response({"error": "link invalid or expired"}, status=403)
    services = request.app[SERVICES]
    network = await services.networks.get(network_id)
    entries = await services.decisions.entries([network_id])
    filename = f"vedtak-{network_id}.{fmt}"
    if fmt == "csv":
        body, content_type = to_csv(entries), "text/csv"
    else:
        body, content_type = to_markdown(entries, network.name), "text/markdown"
    return web.Response(
        text=body,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 otherwise. In authenticated mode it also reports the
    signing keys (`auth`: `ok`, or `degraded` while they cannot be fetched — then `status` is
    `degraded` but the answer stays 200: restarting the service would not bring the keys)."""
    auth = request.app[AUTH].health()
    try:
        async with request.app[SESSIONS]() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check: database unreachable")
        return web.json_response({"status": "unavailable", "database": "down", **auth}, status=503)
    status = "degraded" if auth.get("auth") == "degraded" else "ok"
    return web.json_response(
        {"status": status, "database": "up", "scheduler": request.app[CLOCK].running, **auth}
    )


def create_app(
    settings: Settings,
    *,
    retry: ConnectorRetry | None = None,
    now: Callable[[], datetime] = system_clock,
) -> web.Application:
    """The whole service; the database is migrated and the clock started on start-up.

    `retry` and `now` let tests shorten waits and move time.
    """
    app = web.Application()
    app[SETTINGS] = settings
    app[NOW] = now
    # A turn's own reply is retried briefly; what Teams still refuses goes to the outbox, so
    # the request is answered within seconds whatever the connector does.
    app[ADAPTER] = FagnettAdapter(settings, retry or ConnectorRetry(attempts=3, cap=2.0))
    # Raises bot.auth.ConfigurationError for an unsafe mode (no credentials off loopback).
    app[AUTH] = RequestAuth(settings, now)
    app[CLOCK] = Clock()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/exports/decisions", export_decisions)
    app.cleanup_ctx.append(_authentication)
    app.cleanup_ctx.append(_lifecycle)
    return app


async def _authentication(app: web.Application):  # type: ignore[no-untyped-def]
    """Log the mode; fetch and refresh the signing keys in the background."""
    await app[AUTH].start()
    yield
    await app[AUTH].stop()


async def _lifecycle(app: web.Application):  # type: ignore[no-untyped-def]
    settings = app[SETTINGS]
    engine = create_engine(settings.database_url)
    await migrate(engine)
    sessions = create_sessions(engine, now=app[NOW])
    transport = TeamsTransport(app[ADAPTER], sessions)
    outbox = Outbox(
        sessions,
        transport,
        now=app[NOW],
        lease=timedelta(seconds=settings.outbox_lease_seconds),
    )
    services = build_services(sessions, outbox, settings, now=app[NOW])
    app[TRANSPORT] = transport
    app[OUTBOX] = outbox
    app[SESSIONS] = sessions
    app[SERVICES] = services
    app[BOT] = FagnettBot(build_router(services), sessions, outbox)
    app[CLOCK].every("nudges.sweep", settings.nudge_sweep_seconds, services.nudges.sweep)
    app[CLOCK].every("polls.close_due", settings.poll_close_seconds, services.polls.close_due)
    app[CLOCK].every(
        "escalations.deliver", settings.escalation_retry_seconds, services.escalations.deliver_due
    )
    app[CLOCK].every("outbox.deliver", settings.outbox_seconds, outbox.deliver_due)
    app[CLOCK].start()
    log.info("Fagnett is up on %s:%s", settings.host, settings.port)
    outbox.kick()
    yield
    await app[CLOCK].stop()
    await outbox.stop(settings.shutdown_grace_seconds)
    await engine.dispose()
