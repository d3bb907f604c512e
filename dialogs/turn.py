"""What a handler knows about one Teams turn, without any Bot Framework types.

`bot/` builds a `Turn` from the incoming activity; handlers read it and return a `Reply`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from microsoft_teams.cards import AdaptiveCard

from dialogs.i18n import Lang

Scope = Literal["channel", "personal", "groupChat"]


@dataclass(frozen=True)
class Actor:
    """The authenticated sender: Entra object id, Teams user id (`29:...`) and display name."""

    aad_id: str
    teams_id: str
    name: str


@dataclass(frozen=True)
class Place:
    """Where the turn happens. `team_id`/`channel_id` are set in a team channel only."""

    scope: Scope
    conversation_id: str
    service_url: str
    tenant_id: str | None = None
    team_id: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class RosterEntry:
    """A person in the team, as Teams lists them."""

    aad_id: str
    teams_id: str
    name: str
    email: str | None = None


class TeamsPort(Protocol):
    """What a handler may ask of Teams during a turn."""

    async def roster(self) -> Sequence[RosterEntry]:
        """Every member of the current team (paged through the connector)."""
        ...


@dataclass(frozen=True)
class Turn:
    """One incoming message or card action, as the dialogs see it."""

    actor: Actor
    place: Place
    lang: Lang
    teams: TeamsPort


@dataclass(frozen=True)
class Reply:
    """What the bot answers: a text, a card, or both.

    For a card action, `card` replaces the clicked card in place for the clicking user; `text`
    alone becomes a short message. `for_everyone` replaces the clicked message for everyone in
    the conversation (a used form shows its result to all, not only to the person who used it).
    `extra` are further messages sent to the same conversation. `mentions` are people
    @mentioned in `text` as `(teams_id, name)`; the text must contain `<at>name</at>` for each.
    """

    text: str | None = None
    card: AdaptiveCard | None = None
    extra: Sequence[Reply] = field(default_factory=tuple)
    mentions: Sequence[tuple[str, str]] = field(default_factory=tuple)
    for_everyone: AdaptiveCard | None = None
