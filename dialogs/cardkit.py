"""Small builders shared by every capability's cards (Adaptive Cards 1.5 through Teams' models)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    ExecuteAction,
    Fact,
    FactSet,
    TextBlock,
)

VERSION: Literal["1.5"] = "1.5"


def card(body: Sequence[CardElement], actions: Sequence[ExecuteAction] = ()) -> AdaptiveCard:
    """An Adaptive Card at the version Teams renders for Universal Actions."""
    return AdaptiveCard(version=VERSION, body=list(body), actions=list(actions) or None)


def heading(text: str) -> TextBlock:
    """The card's title line."""
    return TextBlock(text=text, weight="Bolder", size="Medium", wrap=True, style="heading")


def paragraph(text: str, *, subtle: bool = False) -> TextBlock:
    """A wrapped line of body text."""
    return TextBlock(text=text, wrap=True, is_subtle=subtle or None)


def facts(pairs: Sequence[tuple[str, str]]) -> FactSet:
    """Label–value pairs."""
    return FactSet(facts=[Fact(title=title, value=value) for title, value in pairs])


def execute(title: str, action: str, **data: Any) -> ExecuteAction:
    """A button that sends `{"action": action, **data}` as a Universal Action (`verb` = action)."""
    return ExecuteAction(title=title, verb=action, data={"action": action, **data})


def as_json(value: AdaptiveCard) -> dict[str, Any]:
    """The card as the JSON Teams receives."""
    return value.model_dump(by_alias=True, exclude_none=True, mode="json")
