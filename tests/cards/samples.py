"""Sample Adaptive Cards that `test_cards_render.py` validates and renders.

Every capability that builds cards adds its cards here: call the capability's card builders with
realistic data, in both languages, and return them from `all_samples()` under a unique name such
as `"help-nb"` (letters, digits, `.`, `_` and `-`: the name becomes `artifacts/cards/<name>.png`).
The checks then run Microsoft's own Adaptive Cards renderer over each card: unknown elements,
invalid values, inputs without a label, required inputs without an error message and duplicate
ids fail the build.

The two hand-written cards below only show the shape; replace them with real builders' output.
"""

from __future__ import annotations

from typing import Any

Card = dict[str, Any]


def _example_form() -> Card:
    """A form: a required, labelled text input and an `Action.Execute` that submits it."""
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": [
            {
                "type": "TextBlock",
                "text": "Foreslå et tema for neste møte",
                "style": "heading",
                "wrap": True,
            },
            {
                "type": "Input.Text",
                "id": "topic",
                "label": "Tema",
                "placeholder": "For eksempel: felles prosedyre for sårbehandling",
                "isRequired": True,
                "errorMessage": "Skriv inn et tema.",
                "maxLength": 200,
            },
        ],
        "actions": [
            {
                "type": "Action.Execute",
                "title": "Send forslag",
                "verb": "example.propose",
                "data": {"network": "sårbehandling"},
            }
        ],
    }


def _example_summary() -> Card:
    """A read-only summary with facts and a Teams `msteams.width` hint."""
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "msteams": {"width": "Full"},
        "body": [
            {"type": "TextBlock", "text": "Network members", "style": "heading", "wrap": True},
            {
                "type": "FactSet",
                "facts": [
                    {"title": "St. Olavs hospital", "value": "4"},
                    {"title": "Helse Møre og Romsdal", "value": "3"},
                    {"title": "Helse Nord-Trøndelag", "value": "2"},
                ],
            },
        ],
    }


def all_samples() -> list[tuple[str, Card]]:
    """Every sample card as `(name, card JSON)`; names are unique."""
    return [
        ("example-form-nb", _example_form()),
        ("example-summary-en", _example_summary()),
    ]
