"""Remembering where the bot can speak later (installations), for proactive messages."""

from __future__ import annotations

from botbuilder.core import TurnContext
from sqlalchemy import select

from bot.teams import place_of
from storage.db import Sessions
from storage.events import record
from storage.models import ConversationRef


async def remember(sessions: Sessions, context: TurnContext) -> None:
    """Store (or reactivate) this conversation's reference; record `AppInstalled` when new."""
    activity = context.activity
    place = place_of(activity)
    reference = TurnContext.get_conversation_reference(activity).serialize()
    personal = place.scope == "personal"
    sender = activity.from_property
    conversation_id = place.conversation_id.split(";")[0]
    async with sessions.begin() as session:
        row = await session.scalar(
            select(ConversationRef).where(ConversationRef.conversation_id == conversation_id)
        )
        if row is None:
            row = ConversationRef(conversation_id=conversation_id, scope=place.scope)
            session.add(row)
        became_active = not row.active if row.id else True
        row.scope = place.scope
        row.tenant_id = place.tenant_id
        row.team_id = place.team_id
        row.service_url = place.service_url
        row.reference = reference
        row.active = True
        if activity.locale:
            row.locale = activity.locale[:20]
        if personal:
            row.aad_id = sender.aad_object_id
            row.teams_id = sender.id
        if became_active:
            record(
                session,
                "AppInstalled",
                actor=(sender.aad_object_id or sender.id) if sender else "system",
                subject=f"conversation:{conversation_id}",
                scope=place.scope,
                team_id=place.team_id,
            )


async def forget(sessions: Sessions, context: TurnContext) -> None:
    """Mark this conversation's reference inactive (uninstall); nothing is deleted."""
    activity = context.activity
    conversation_id = place_of(activity).conversation_id.split(";")[0]
    sender = activity.from_property
    async with sessions.begin() as session:
        row = await session.scalar(
            select(ConversationRef).where(ConversationRef.conversation_id == conversation_id)
        )
        if row is None or not row.active:
            return
        row.active = False
        record(
            session,
            "AppUninstalled",
            actor=(sender.aad_object_id or sender.id) if sender else "system",
            subject=f"conversation:{conversation_id}",
            scope=row.scope,
        )
