"""The aiohttp application: `POST /api/messages`, `GET /healthz`, start-up and shutdown."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import text

from bot.activity import MAX_BODY_BYTES, BadActivity, parse_body, screen
from bot.adapter import FagnettAdapter
from bot.auth import Refused, RequestAuth
from bot.handler import INVOKES, FagnettBot
from bot.outbox import TeamsTransport
from bot.retry import ConnectorRetry
from bot.scheduler import Clock
from bot.settings import Settings
from bot.teams import tenant_of
from bot.wiring import Services, build_router, build_services, connect_graph
from dialogs.outbox import Outbox
from graph import Graph
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
GRAPH: web.AppKey[Graph | None] = web.AppKey("graph")

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
        body = parse_body(await request.read())
    except BadActivity as bad:
        return web.json_response({"error": bad.reason}, status=400)
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
    try:
        _, activity = screen(body)
    except BadActivity as bad:
        log.warning("refused activity from %s: %s", request.remote, bad.reason)
        return web.json_response({"error": bad.reason}, status=400)
    if activity.type == "invoke" and activity.name not in INVOKES:
        # botbuilder would answer 501; Teams sends these only for features the app lacks.
        return web.json_response({"error": "unsupported invoke"}, status=400)
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


async def download(request: web.Request) -> web.Response:
    """A document through a signed, time-limited link (`dialogs.links`)."""
    status, document = await request.app[SERVICES].links.open(
        request.match_info["kind"],
        request.match_info["name"],
        request.query.get("expires", ""),
        request.query.get("sig", ""),
    )
    if document is None:
        reasons = {400: "incomplete link", 403: "link invalid or expired", 404: "not found"}
        return web.json_response({"error": reasons.get(status, "not found")}, status=status)
    return web.Response(
        body=document.body,
        headers={
            "Content-Type": document.content_type,
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "no-store",
        },
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
    graph: Graph | None = None,
) -> web.Application:
    """The whole service; the database is migrated and the clock started on start-up.

    `retry` and `now` let tests shorten waits and move time; `graph` hands in a Graph client
    (tests point one at a loopback stand-in) instead of the one the settings configure.
    """
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS] = settings
    app[NOW] = now
    app[GRAPH] = graph if graph is not None else connect_graph(settings)
    # A turn's own reply is retried briefly; what Teams still refuses goes to the outbox, so
    # the request is answered within seconds whatever the connector does.
    app[ADAPTER] = FagnettAdapter(settings, retry or ConnectorRetry(attempts=3, cap=2.0))
    # Raises bot.auth.ConfigurationError for an unsafe mode (no credentials off loopback).
    app[AUTH] = RequestAuth(settings, now)
    app[CLOCK] = Clock()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/files/{kind}/{name}", download)
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
    services = build_services(sessions, outbox, settings, graph=app[GRAPH], now=app[NOW])
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
    app[CLOCK].every("quality.evaluations", 3600, services.quality.open_due_evaluations)
    app[CLOCK].every("annual.open_due", settings.annual_seconds, services.annual.open_due)
    app[CLOCK].every("summary.digests", settings.digest_seconds, services.summary.send_digests)
    app[CLOCK].start()
    log.info("Fagnett is up on %s:%s", settings.host, settings.port)
    outbox.kick()
    yield
    await app[CLOCK].stop()
    await outbox.stop(settings.shutdown_grace_seconds)
    graph = app[GRAPH]
    if graph is not None:
        await graph.aclose()
    await engine.dispose()
