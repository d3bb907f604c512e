"""Every user-facing text, in both languages, reads right in Teams."""

from __future__ import annotations

import re

import pytest

import bot.wiring  # noqa: F401  (registers every capability's texts)
from dialogs.i18n import Lang, keys, t, template

# Teams renders text as HTML: `<description>` vanishes. Only the mention tag is meant as markup.
_TAG = re.compile(r"<(?!/?at>)[^>\s]+>")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_text_holds_an_angle_bracket_placeholder(lang: Lang) -> None:
    eaten = {key: template(key, lang) for key in keys() if _TAG.search(template(key, lang))}
    assert not eaten, eaten


def test_the_check_catches_a_placeholder() -> None:
    assert _TAG.search("escalate composition <description>")
    assert not _TAG.search("<at>Fagnett</at> hjelp")


@pytest.mark.parametrize(
    ("key", "lang", "count", "expected"),
    [
        ("members.summary", "nb", 1, "1 medlem, 1 med stemmerett."),
        ("members.summary", "nb", 2, "2 medlemmer, 1 med stemmerett."),
        ("members.summary", "en", 1, "1 member, 1 with a vote."),
        ("members.summary", "en", 150, "150 members, 1 with a vote."),
        ("members.saved", "nb", 0, "Ingen endringer å lagre."),
        ("members.saved", "nb", 1, "Lagret 1 endring."),
        ("members.saved", "en", 1, "Saved 1 change."),
        ("members.saved", "en", 3, "Saved 3 changes."),
        ("escalations.age", "nb", 0, "Meldt i dag"),
        ("escalations.age", "nb", 1, "Meldt for 1 dag siden"),
        ("escalations.age", "nb", 12, "Meldt for 12 dager siden"),
        ("escalations.age", "en", 0, "Raised today"),
        ("escalations.age", "en", 1, "Raised 1 day ago"),
    ],
)
def test_counted_texts_take_the_languages_plural_forms(
    key: str, lang: Lang, count: int, expected: str
) -> None:
    assert t(key, lang, count=count, voters=1) == expected


def test_a_counted_text_without_a_count_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        t("members.saved", "nb")
