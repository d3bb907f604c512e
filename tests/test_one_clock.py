"""Product code reads time only from the one injected clock (`storage/clock.py`)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "dialogs", "graph", "storage", "manifest")
THE_CLOCK = ROOT / "storage" / "clock.py"
WALL_CLOCK = re.compile(
    r"\b(?:datetime\.(?:now|utcnow|today)|date\.today|time\.time|time\.localtime"
    r"|utcnow|time\.gmtime)\s*\("
)


def wall_clock_reads() -> list[str]:
    """Every line of product code, outside the clock module, that reads the wall clock."""
    found = []
    for folder in PRODUCT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == THE_CLOCK or "node_modules" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_product_code_reads_the_wall_clock_beside_the_injected_one() -> None:
    assert wall_clock_reads() == []


def test_the_check_finds_a_wall_clock_read() -> None:
    assert WALL_CLOCK.search("    year = datetime.now(UTC).year")
    assert WALL_CLOCK.search("x = utcnow()")
    assert WALL_CLOCK.search("today = date.today()")
    assert not WALL_CLOCK.search("now = self._now()")
