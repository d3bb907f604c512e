"""User-facing text in Norwegian bokmål (default) and English.

Every message the bot shows lives in a catalog below under one key, with both languages side by
side so a reviewer can read them together. Dates and numbers are formatted with Babel.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

Lang = Literal["nb", "en"]
OSLO = ZoneInfo("Europe/Oslo")

_BABEL_LOCALE: Mapping[Lang, str] = {"nb": "nb_NO", "en": "en_GB"}

_catalogs: dict[str, dict[Lang, str]] = {}


def register(messages: Mapping[str, Mapping[Lang, str]]) -> None:
    """Add a capability's messages to the catalog. Keys must be unique across capabilities."""
    for key, texts in messages.items():
        if key in _catalogs:
            raise ValueError(f"message key {key!r} registered twice")
        if set(texts) != {"nb", "en"}:
            raise ValueError(f"message key {key!r} needs exactly nb and en")
        _catalogs[key] = dict(texts)


def lang_of(locale: str | None) -> Lang:
    """Map a Teams locale (`en-US`, `nb-NO`, `nn-NO`, None) to the language we answer in."""
    if locale and locale.lower().startswith("en"):
        return "en"
    return "nb"


def t(key: str, lang: Lang, **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled from `values`."""
    return _catalogs[key][lang].format(**values)


def keys() -> frozenset[str]:
    """Every registered message key (for tests)."""
    return frozenset(_catalogs)


def when(moment: datetime, lang: Lang) -> str:
    """An aware UTC moment as the user reads it: Europe/Oslo, e.g. `24. nov. 2026 kl. 14:00`."""
    local = moment.astimezone(OSLO)
    if lang == "nb":
        return format_datetime(local, "d. MMM y 'kl.' HH:mm", locale=_BABEL_LOCALE[lang])
    return format_datetime(local, "d MMM y, HH:mm", locale=_BABEL_LOCALE[lang])


def day(value: date, lang: Lang) -> str:
    """A calendar date as the user reads it."""
    return format_date(value, "d. MMM y" if lang == "nb" else "d MMM y", locale=_BABEL_LOCALE[lang])
