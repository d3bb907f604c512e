"""Cards at real sizes: a 150-member network and a 150-voter poll stay under what Teams takes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from samples import _network, crowd, crowded_poll_view

from dialogs.cardkit import as_json
from dialogs.i18n import Lang
from dialogs.members.cards import ROLES_PAGE_SIZE, composition_card, roles_card, roles_pages
from dialogs.polls.cards import poll_card
from harness.client import card_text, execute_actions, inputs_of

TEAMS_LIMIT = 28 * 1024
"""Teams refuses a message above about 28 KB, card JSON included."""


def _size(card: Any) -> int:
    return len(json.dumps(as_json(card), ensure_ascii=False).encode())


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_of_the_roles_card_fits_at_150_members(lang: Lang) -> None:
    members = crowd(150)
    pages = roles_pages(members)
    assert pages == 10
    seen: set[str] = set()
    for page in range(pages):
        card = roles_card(_network(), members, lang, page=page)
        assert _size(card) < TEAMS_LIMIT, (page, _size(card))
        ids = [i["id"] for i in inputs_of(as_json(card))]
        assert len(ids) == 2 * ROLES_PAGE_SIZE
        assert all(i["label"] for i in inputs_of(as_json(card)))
        seen.update(ids)
    assert len(seen) == 2 * 150, "every member is on exactly one page"


def test_roles_card_pages_link_to_each_other() -> None:
    members = crowd(40)
    first, middle, last = (roles_card(_network(), members, "nb", page=p) for p in (0, 1, 2))
    data = [[a["data"] for a in execute_actions(as_json(c))] for c in (first, middle, last)]
    assert {"action": "members.edit", "network_id": 1, "page": 1} in data[0]
    assert not any(d.get("page") == -1 for d in data[0])
    assert {"action": "members.edit", "network_id": 1, "page": 0} in data[1]
    assert {"action": "members.edit", "network_id": 1, "page": 2} in data[1]
    assert not any(d["action"] == "members.edit" and d["page"] == 3 for d in data[2])
    assert "Side 3 av 3: medlem 31–40." in card_text(as_json(last))


def test_roles_card_shows_whole_health_trust_names_at_full_width() -> None:
    card = as_json(roles_card(_network(), crowd(3), "nb"))
    assert not any(item.get("type") == "ColumnSet" for item in card["body"])
    hf_input = next(i for i in inputs_of(card) if i["id"].startswith("hf_"))
    assert "Helse Møre og Romsdal HF" in [c["title"] for c in hf_input["choices"]]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_composition_card_fits_at_150_members(lang: Lang) -> None:
    card = composition_card(_network(), crowd(150), lang, can_edit=True)
    assert _size(card) < TEAMS_LIMIT
    assert "150 medlemmer" in card_text(as_json(card)) or "150 members" in card_text(as_json(card))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_poll_card_fits_with_150_voters_who_all_gave_reasons(lang: Lang) -> None:
    big = crowded_poll_view(lang)
    card = poll_card(big, lang, me="aad-1")
    assert _size(card) < TEAMS_LIMIT, _size(card)
