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
    menu: bool = True
    """Listed in Teams' command menu (the manifest's `commandLists`, at most ten per scope).
    Every command works when typed, and `help` shows it, either way."""

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
    Command("register", "registrer", _TEAM, audience="managers", menu=False),
    Command("members", "medlemmer", _EVERYWHERE),
    Command("case", "sak", _TEAM),
    Command("cases", "saker", _TEAM),
    Command("poll", "avstemning", _TEAM, audience="managers"),
    Command("decisions", "vedtak", _EVERYWHERE),
    Command("escalate", "eskaler", _TEAM, audience="managers"),
    Command("escalations", "eskaleringer", _TEAM, menu=False),
    Command("reminders", "påminnelser", frozenset[Scope]({"personal"})),
    Command("meeting", "møte", _TEAM, audience="managers"),
    Command("minutes", "referat", _TEAM, audience="managers"),
    Command("followups", "oppfølging", _EVERYWHERE),
    Command("quality", "kvalitet", _TEAM, menu=False),
    Command("agreements", "avtaler", _TEAM, menu=False),
    Command("budget", "budsjett", _TEAM, menu=False),
    Command("milestones", "milepæler", _TEAM, menu=False),
    Command("progress", "framdrift", _TEAM, menu=False),
    Command("summary", "oppsummering", frozenset[Scope]({"personal"})),
    Command("propose", "foreslå", frozenset[Scope]({"personal"})),
    Command("assignment", "oppdrag", _TEAM, menu=False),
    Command("report", "rapport", _TEAM, menu=False),
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
            "nb": "eskaler 7/2026 | eskaler sammensetning [beskrivelse]",
            "en": "escalate 7/2026 | escalate composition [description]",
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
        "command.meeting": {
            "nb": "Finner ledige tider for nettverket, booker Teams-møtet og legger ut sakslisten.",
            "en": "Finds free times for the network, books the Teams meeting and posts the agenda.",
        },
        "command.meeting.usage": {
            "nb": "møte | møte samling",
            "en": "meeting | meeting gathering",
        },
        "command.minutes": {
            "nb": "Fører referat fra møtet: drøftinger, vedtak og oppfølgingspunkter per sak.",
            "en": "Records a meeting's minutes: discussion, decisions and follow-up items per case.",
        },
        "command.minutes.usage": {"nb": "referat [møtenummer]", "en": "minutes [meeting number]"},
        "command.followups": {
            "nb": "Viser åpne oppfølgingspunkter: nettverkets i kanalen, dine egne i chat.",
            "en": "Shows open follow-up items: the network's in its channel, your own in chat.",
        },
        "command.followups.usage": {"nb": "oppfølging", "en": "followups"},
        "command.quality": {
            "nb": "Kvalitets- og kompetansenettverket: koordinerende HF, femårsperiode, engelsk "
            "navn og hva som mangler ved oppstart.",
            "en": "The quality and competence network: coordinating health trust, five-year "
            "term, English name and what start-up still lacks.",
        },
        "command.quality.usage": {"nb": "kvalitet", "en": "quality"},
        "command.agreements": {
            "nb": "Avtaler om deltidsstillinger: registrer, endre, avslutt, se historikk.",
            "en": "Part-time position agreements: record, change, end, see their history.",
        },
        "command.agreements.usage": {"nb": "avtaler", "en": "agreements"},
        "command.budget": {
            "nb": "Årets ramme og forbruk per region og måned.",
            "en": "The year's frame and its use per region and month.",
        },
        "command.budget.usage": {"nb": "budsjett [år]", "en": "budget [year]"},
        "command.milestones": {
            "nb": "Framdriftsplanen med milepæler, frister og status.",
            "en": "The progress plan: milestones, dates and states.",
        },
        "command.milestones.usage": {"nb": "milepæler", "en": "milestones"},
        "command.progress": {
            "nb": "Framdriftsrapport for en periode, grunnlag for fakturering; med **eRapport** "
            "årets tekst til eRapport.",
            "en": "The progress report for a period, the basis for invoicing; with **eRapport** "
            "the year's text for eRapport.",
        },
        "command.progress.usage": {
            "nb": "framdrift [fra-dato til-dato | eRapport år]",
            "en": "progress [from-date to-date | eRapport year]",
        },
        "command.report": {
            "nb": "Årsrapporten: start innsamlingen, se hvem som har svart, rediger utkastet, "
            "eller se årets mål.",
            "en": "The annual report: start collecting inputs, see who has answered, edit the "
            "draft, or see the year's goals.",
        },
        "command.report.usage": {
            "nb": "rapport start 2026 | rapport status | rapport utkast | rapport mål",
            "en": "report start 2026 | report status | report draft | report goals",
        },
        "command.summary": {
            "nb": "Oversikt over alle nettverk for RHF-rådgivere og fagdirektører; ellers dine egne.",
            "en": "An overview of every network for RHF advisers and directors; else your own.",
        },
        "command.summary.usage": {"nb": "oppsummering", "en": "summary"},
        "command.propose": {
            "nb": "For RHF-rådgivere: foreslår en nasjonal eller regional sak til et nettverks "
            "sakskart.",
            "en": "For RHF advisers: proposes a national or regional matter for a network's "
            "agenda.",
        },
        "command.propose.usage": {"nb": "foreslå", "en": "propose"},
        "command.assignment": {
            "nb": "For fagdirektører, i fagdirektørnettverkets kanal: gir et nettverk et oppdrag "
            "med frist.",
            "en": "For directors, in the director network's channel: gives a network an "
            "assignment with a deadline.",
        },
        "command.assignment.usage": {"nb": "oppdrag", "en": "assignment"},
    }
)


def find(word: str) -> Command | None:
    """The command a typed word names, in either language (case-insensitive)."""
    lowered = word.casefold()
    for command in COMMANDS:
        if lowered in (command.name, command.alias_nb):
            return command
    return None
