"""The command words users type, in English with their Norwegian aliases.

This is the one list of commands: the router parses against it, `help` renders it and the Teams
manifest's `commandLists` are generated from it. A capability adds its commands here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dialogs.i18n import Lang, register, t

Scope = Literal["team", "personal", "groupChat"]
Audience = Literal["everyone", "managers"]


@dataclass(frozen=True)
class Command:
    """A command word, the places it works and who sees it in `help`."""

    name: str
    alias_nb: str
    scopes: frozenset[Scope]
    audience: Audience = "everyone"

    def word(self, lang: Lang) -> str:
        """The word shown to a user of `lang`."""
        return self.alias_nb if lang == "nb" else self.name

    def description(self, lang: Lang) -> str:
        """One line saying what the command does."""
        return t(f"command.{self.name}", lang)

    def example(self, lang: Lang) -> str:
        """How to type it, e.g. `members [network]`."""
        return t(f"command.{self.name}.usage", lang)


_TEAM = frozenset[Scope]({"team"})
_EVERYWHERE = frozenset[Scope]({"team", "personal", "groupChat"})

COMMANDS: tuple[Command, ...] = (
    Command("help", "hjelp", _EVERYWHERE),
    Command("register", "registrer", _TEAM, audience="managers"),
    Command("members", "medlemmer", _EVERYWHERE),
    Command("case", "sak", _TEAM),
    Command("cases", "saker", _TEAM),
    Command("poll", "avstemning", _TEAM, audience="managers"),
    Command("decisions", "vedtak", _EVERYWHERE),
    Command("escalate", "eskaler", _TEAM, audience="managers"),
    Command("escalations", "eskaleringer", _TEAM),
    Command("reminders", "påminnelser", frozenset[Scope]({"personal"})),
)


register(
    {
        "command.help": {
            "nb": "Viser kommandoene du kan bruke her.",
            "en": "Shows the commands you can use here.",
        },
        "command.help.usage": {"nb": "hjelp", "en": "help"},
        "command.register": {
            "nb": "Knytter et nettverk til denne kanalen.",
            "en": "Binds a network to this channel.",
        },
        "command.register.usage": {"nb": "registrer", "en": "register"},
        "command.members": {
            "nb": "Viser nettverkets sammensetning etter helseforetak og rolle.",
            "en": "Shows the network's composition by health trust and role.",
        },
        "command.members.usage": {"nb": "medlemmer [nettverk]", "en": "members [network]"},
        "command.case": {
            "nb": "Oppretter en ny sak, eller viser en sak med nummeret.",
            "en": "Creates a new case, or shows the case with that number.",
        },
        "command.case.usage": {"nb": "sak [7/2026]", "en": "case [7/2026]"},
        "command.cases": {
            "nb": "Viser nettverkets åpne saker og hvor de står.",
            "en": "Shows the network's open cases and where they stand.",
        },
        "command.cases.usage": {"nb": "saker", "en": "cases"},
        "command.poll": {
            "nb": "Åpner en konsensusavstemning om en sak.",
            "en": "Opens a consensus poll on a case.",
        },
        "command.poll.usage": {"nb": "avstemning 7/2026", "en": "poll 7/2026"},
        "command.decisions": {
            "nb": "Viser vedtaksloggen med filtre og eksport.",
            "en": "Shows the decision log with filters and export.",
        },
        "command.decisions.usage": {"nb": "vedtak [nettverk]", "en": "decisions [network]"},
        "command.escalate": {
            "nb": "Løfter en sak, eller uenighet om sammensetningen, til fagdirektørnettverket.",
            "en": "Raises a case, or a composition dispute, to the director network.",
        },
        "command.escalate.usage": {
            "nb": "eskaler 7/2026 | eskaler sammensetning <beskrivelse>",
            "en": "escalate 7/2026 | escalate composition <description>",
        },
        "command.escalations": {
            "nb": "Viser ventende og avgjorte eskaleringer med alder og frist.",
            "en": "Shows pending and decided escalations with age and deadline.",
        },
        "command.escalations.usage": {"nb": "eskaleringer", "en": "escalations"},
        "command.reminders": {
            "nb": "Viser påminnelsene du har i vente.",
            "en": "Shows the reminders coming up for you.",
        },
        "command.reminders.usage": {"nb": "påminnelser", "en": "reminders"},
    }
)


def find(word: str) -> Command | None:
    """The command a typed word names, in either language (case-insensitive)."""
    lowered = word.casefold()
    for command in COMMANDS:
        if lowered in (command.name, command.alias_nb):
            return command
    return None
