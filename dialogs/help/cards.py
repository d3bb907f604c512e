"""The help card. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_teams.cards import AdaptiveCard, CardElement

from dialogs.cardkit import card, facts, heading, paragraph
from dialogs.commands import Command
from dialogs.i18n import Lang, register, t

register(
    {
        "help.title": {"nb": "Dette kan jeg hjelpe med", "en": "What I can help with"},
        "help.intro.channel": {
            "nb": "Nevn meg med @ i kanalen, etterfulgt av en kommando.",
            "en": "Mention me with @ in the channel, followed by a command.",
        },
        "help.intro.personal": {
            "nb": "Skriv en kommando her i chatten.",
            "en": "Type a command here in the chat.",
        },
        "help.network": {
            "nb": "Denne kanalen er nettverket **{name}**.",
            "en": "This channel is the network **{name}**.",
        },
    }
)


def help_card(
    commands: Sequence[Command], lang: Lang, *, in_channel: bool, network: str | None
) -> AdaptiveCard:
    """Each command with how to type it and what it does."""
    body: list[CardElement] = [
        heading(t("help.title", lang)),
        paragraph(
            t("help.intro.channel" if in_channel else "help.intro.personal", lang), subtle=True
        ),
    ]
    if network:
        body.append(paragraph(t("help.network", lang, name=network)))
    body.append(facts([(c.example(lang), c.description(lang)) for c in commands]))
    return card(body)
