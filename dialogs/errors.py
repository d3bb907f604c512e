"""Domain errors. Each carries a message key; one error handler turns it into a polite reply."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user should read: nothing was changed."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **values: object) -> None:
        super().__init__(key or self.key)
        if key:
            self.key = key
        self.values = values


class NotAllowed(DomainError):
    """The actor's role does not permit this here."""

    key = "error.not_allowed"


class NotRegistered(DomainError):
    """The channel is not bound to a network."""

    key = "error.not_registered"


class InvalidInput(DomainError):
    """A form or command argument is wrong; the key says what."""

    key = "error.invalid_input"


class NotFound(DomainError):
    """The thing named does not exist (or is not visible to the actor). A bare number is an
    internal id from a card, which means nothing to the user: it is not shown."""

    key = "error.not_found"

    def __init__(self, key: str | None = None, **values: object) -> None:
        name = values.get("name")
        if key is None and isinstance(name, str) and name.isdigit():
            key = "error.not_found.item"
        super().__init__(key, **values)


class RosterUnavailable(DomainError):
    """Teams would not list this conversation's members (not a team the bot is in)."""

    key = "error.roster_unavailable"
