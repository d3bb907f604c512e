"""Proactive sending through the connector stand-in: threads, replies, updates, 1:1, installs —
the transport's single attempts, and the outbox delivering through it."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import OUTBOX, SESSIONS, TRANSPORT
from dialogs.cardkit import card, paragraph
from dialogs.outbox import ChannelAddress, Message, Posted, Unreachable
from dialogs.turn import Reply
from harness.client import Channel, TeamsClient
from harness.connector import Connector, Person
from storage.db import Sessions
from storage.models import ConversationRef, Event, OutboxMessage


async def test_install_remembers_and_uninstall_keeps_but_deactivates(
    teams: TeamsClient, people: dict[str, Person], channel: Channel, bot_sessions: Sessions
) -> None:
    await teams.install(people["kari"])
    await teams.install(people["kari"], channel)
    await teams.install(people["kari"])
    await teams.install(people["kari"], remove=True)

    async with bot_sessions() as session:
        refs = {r.scope: r for r in await session.scalars(select(ConversationRef))}
        kinds = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    assert set(refs) == {"personal", "channel"}
    assert refs["personal"].aad_id == "aad-kari"
    assert refs["personal"].active is False
    assert refs["channel"].team_id == channel.team_id
    assert refs["channel"].reference["serviceUrl"] == teams.connector.url
    assert kinds == ["AppInstalled", "AppInstalled", "AppUninstalled"]


async def test_personal_message_reaches_an_installed_user_only(
    teams: TeamsClient, connector: Connector, people: dict[str, Person], bot: TestServer
) -> None:
    transport = bot.app[TRANSPORT]
    await teams.install(people["kari"])

    posted = await transport.send_personal("aad-kari", Message(text="Husk avstemningen"))
    assert posted.conversation_id == "a:personal-kari"
    assert connector.texts("a:personal-kari") == ["Husk avstemningen"]
    with pytest.raises(Unreachable):
        await transport.send_personal("aad-ola", Message(text="Hei"))

    await teams.install(people["kari"], remove=True)
    with pytest.raises(Unreachable):
        await transport.send_personal("aad-kari", Message(text="Hei igjen"))


async def test_new_thread_reply_and_update_in_a_channel(
    connector: Connector, channel: Channel, bot: TestServer
) -> None:
    outbox, sessions = bot.app[OUTBOX], bot.app[SESSIONS]
    address = ChannelAddress(
        connector.url, connector.tenant_id, channel.team_id, channel.channel_id
    )
    connector.fail_next(2, status=429, retry_after="0", path_contains="/v3/conversations")

    async with sessions.begin() as session:
        post = outbox.post(
            session, address, Reply(card=card([paragraph("Sak 1/2026")])), subject="test:post"
        )
        await outbox.update(
            session,
            post,
            Reply(card=card([paragraph("Sak 1/2026 – oppdatert")])),
            key="test:card",
            subject="test:card",
        )
    await outbox.flush()
    async with sessions() as session:
        rows = {r.subject: r for r in await session.scalars(select(OutboxMessage))}
    assert {r.state for r in rows.values()} == {"sent"}
    assert rows["test:post"].attempts == 2, "two refused attempts, then the accepted one"
    result = rows["test:post"].result
    assert result is not None
    thread = Posted(result["service_url"], result["conversation_id"], result["activity_id"])
    async with sessions.begin() as session:
        outbox.reply(session, thread, Reply(text="Avstemningen er åpnet"), subject="test:note")
    await outbox.flush()

    creates = [c for c in connector.calls if c.path == "/v3/conversations"]
    assert [c.status for c in creates] == [429, 429, 201]
    assert creates[-1].body["channelData"]["channel"]["id"] == channel.channel_id
    assert thread.conversation_id.startswith(channel.channel_id + ";messageid=")
    in_thread = connector.sent_to(thread.conversation_id)
    assert [a["id"] for a in in_thread][0] == thread.activity_id
    assert connector.cards(thread.conversation_id)[0]["body"][0]["text"] == "Sak 1/2026 – oppdatert"
    assert "Avstemningen er åpnet" in connector.texts(thread.conversation_id)
