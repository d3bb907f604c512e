"""User-facing text in Norwegian bokmål (default) and English.

Every message the bot shows lives in a catalog below under one key, with both languages side by
side so a reviewer can read them together. Dates and numbers are formatted with Babel.

A message that counts something gives its forms by CLDR plural category, chosen by Babel's rules
for the language from the `count` value, with exact values first where a language says it
differently: `{"one": "{count} medlem", "other": "{count} medlemmer"}`, or
`{"=0": "i dag", "one": "for {count} dag siden", "other": "for {count} dager siden"}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime

Lang = Literal["nb", "en"]
OSLO = ZoneInfo("Europe/Oslo")

_BABEL_LOCALE: Mapping[Lang, str] = {"nb": "nb_NO", "en": "en_GB"}
_PLURAL_RULES = {lang: Locale.parse(locale).plural_form for lang, locale in _BABEL_LOCALE.items()}

Text = str | Mapping[str, str]
"""A message: one text, or its forms by plural category (see the module docstring)."""

_catalogs: dict[str, dict[Lang, Text]] = {}


def register(messages: Mapping[str, Mapping[Lang, Text]]) -> None:
    """Add a capability's messages to the catalog. Keys must be unique across capabilities."""
    for key, texts in messages.items():
        if key in _catalogs:
            raise ValueError(f"message key {key!r} registered twice")
        if set(texts) != {"nb", "en"}:
            raise ValueError(f"message key {key!r} needs exactly nb and en")
        for forms in texts.values():
            if not isinstance(forms, str) and "other" not in forms:
                raise ValueError(f"message key {key!r} needs an 'other' plural form")
        _catalogs[key] = dict(texts)


def lang_of(locale: str | None) -> Lang:
    """Map a Teams locale (`en-US`, `nb-NO`, `nn-NO`, None) to the language we answer in."""
    if locale and locale.lower().startswith("en"):
        return "en"
    return "nb"


def t(key: str, lang: Lang, **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled from `values`; a counted
    message takes the form that `values["count"]` needs."""
    text = _catalogs[key][lang]
    if not isinstance(text, str):
        count = values["count"]
        if not isinstance(count, int):
            raise TypeError(f"message key {key!r} is counted: pass count=<int>")
        text = text.get(f"={count}") or text.get(_PLURAL_RULES[lang](count)) or text["other"]
    return text.format(**values)


def keys() -> frozenset[str]:
    """Every registered message key (for tests)."""
    return frozenset(_catalogs)


def template(key: str, lang: Lang) -> str:
    """The message `key` in `lang` as registered, placeholders unfilled, every form of a
    counted one on its own line (for tests)."""
    text = _catalogs[key][lang]
    return text if isinstance(text, str) else "\n".join(text.values())


def when(moment: datetime, lang: Lang) -> str:
    """An aware UTC moment as the user reads it: Europe/Oslo, e.g. `24. nov. 2026 kl. 14:00`."""
    local = moment.astimezone(OSLO)
    if lang == "nb":
        return format_datetime(local, "d. MMM y 'kl.' HH:mm", locale=_BABEL_LOCALE[lang])
    return format_datetime(local, "d MMM y, HH:mm", locale=_BABEL_LOCALE[lang])


def day(value: date, lang: Lang) -> str:
    """A calendar date as the user reads it."""
    return format_date(value, "d. MMM y" if lang == "nb" else "d MMM y", locale=_BABEL_LOCALE[lang])
