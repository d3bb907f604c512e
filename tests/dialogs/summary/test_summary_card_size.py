"""The summary card for 40 networks, every figure filled in and long names: each page stays
under Teams' 28 KB card limit, and the pages cover every network."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from dialogs.cardkit import as_json
from dialogs.i18n import Lang
from dialogs.summary.cards import details_card, digest_card, summary_card
from dialogs.summary.rules import Filters, NetworkRow
from dialogs.summary.service import RelatedCase, RelatedView, Summary

TEAMS_LIMIT = 28 * 1024
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def busy_rows(count: int) -> list[NetworkRow]:
    """`count` networks with long names and every figure non-empty."""
    return [
        NetworkRow(
            network_id=i,
            name=f"Fagledernettverk for tverrfaglig behandling og oppfølging nummer {i:02d} "
            "i Helse Midt-Norge",
            kind="professional_leader",
            team_id=f"19:team-{i}@thread.tacv2",
            channel_id=f"19:channel-{i:02d}-0123456789abcdef0123456789abcdef@thread.tacv2",
            tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",
            hfs=frozenset({"st_olav", "hmr", "hnt"}),
            open_cases=50 + i,
            running_polls=12,
            votes_cast=87,
            votes_possible=120,
            pending_escalations=4,
            oldest_escalation=NOW - timedelta(days=30 + i),
            overdue_escalations=2,
            decisions=140,
            anchoring_pending=9,
            next_meeting=NOW + timedelta(days=i + 1),
            overdue_followups=11,
            overdue_assignments=3,
            open_assignments=5,
            annual_report="Utkast til godkjenning hos leder",
        )
        for i in range(1, 41)
    ]


def related(count: int) -> list[RelatedView]:
    long = "Felles regional prosedyre for faste før narkose hos barn og voksne ved dagkirurgi"
    return [
        RelatedView(
            RelatedCase(2 * i, f"{i}/2026", long, "Fagledernettverk for barn og unge"),
            RelatedCase(2 * i + 1, f"{i}/2026", long, "Fagledernettverk for anestesi"),
            0.5,
            told=i % 2 == 0,
        )
        for i in range(10)
    ]


def page_card(rows: list[NetworkRow], page: int, lang: Lang) -> dict[str, object]:
    summary = Summary(rows, len(rows), True, Filters(page=page), related(10), digest=True, now=NOW)
    link = (
        "https://fagnett.example/files/summary/aad-0123456789.csv?expires=1799999999&sig="
        + "a" * 64
    )
    return as_json(summary_card(summary, lang, csv_url=link))


def network_ids(card: dict[str, object]) -> set[int]:
    found: set[int] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and data.get("action") == "summary.details":
                found.add(int(data["network_id"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def next_page(card: dict[str, object]) -> int | None:
    for action in card.get("actions", []):  # type: ignore[attr-defined]
        data = action.get("data", {})
        if data.get("action") == "summary.filter" and "page" in data:
            return int(data["page"])
    return None


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_forty_networks_page_under_the_limit_and_cover_all(lang: Lang) -> None:
    rows = busy_rows(40)
    seen: list[int] = []
    sizes: list[int] = []
    page: int | None = 0
    while page is not None:
        card = page_card(rows, page, lang)
        sizes.append(len(json.dumps(card, ensure_ascii=False).encode("utf-8")))
        seen += sorted(network_ids(card))
        page = next_page(card)
    print(f"\nsummary card, 40 networks ({lang}): {len(sizes)} pages, bytes {sizes}")
    assert max(sizes) < TEAMS_LIMIT
    assert sorted(seen) == list(range(1, 41)), "every network on exactly one page"
    digest = as_json(digest_card(rows, ["Hjertenettverket: 7/2026 Ny prosedyre"] * 20, NOW, lang))
    assert len(json.dumps(digest, ensure_ascii=False).encode("utf-8")) < TEAMS_LIMIT
    details = as_json(details_card(rows[0], NOW, lang))
    assert len(json.dumps(details, ensure_ascii=False).encode("utf-8")) < TEAMS_LIMIT
