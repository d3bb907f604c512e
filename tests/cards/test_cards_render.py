"""Every sample card passes Microsoft's Adaptive Cards library and renders in Chromium.

The cards come from `samples.all_samples()`. The checks need Node.js and `npm ci` in
`tests/cards/node` (`tests/cards/node/install.sh`); the gallery also needs Chromium
(`/usr/bin/chromium` or `CHROMIUM_PATH`). Without them the tests are skipped, unless
`FAGNETT_CI=1`, where they fail. Screenshots land in `artifacts/cards/<name>.png`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
ARTIFACTS = ROOT / "artifacts" / "cards"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

Samples = list[tuple[str, dict[str, Any]]]


def unavailable(reason: str) -> NoReturn:
    """Skip for a missing tool, or fail when `FAGNETT_CI=1` says every tool must be there."""
    if os.environ.get("FAGNETT_CI") == "1":
        pytest.fail(f"{reason} (FAGNETT_CI=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def samples() -> Iterator[Samples]:
    """`all_samples()` from `tests/cards/samples.py`, imported with the project on `sys.path`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        spec = importlib.util.spec_from_file_location("fagnett_card_samples", HERE / "samples.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module.all_samples()


@pytest.fixture(scope="module")
def node() -> str:
    """The `node` executable, once the npm packages of `tests/cards/node` are installed."""
    executable = shutil.which("node")
    if executable is None:
        unavailable("node (Node.js) is not on PATH")
    for package in ("adaptivecards", "playwright-core"):
        if not (NODE_DIR / "node_modules" / package).is_dir():
            unavailable(f"npm package {package} missing: run tests/cards/node/install.sh")
    return executable


def _write_cards(path: Path, cards: Samples) -> Path:
    path.write_text(
        json.dumps([{"name": name, "card": card} for name, card in cards], ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def _validate(node: str, cards_file: Path) -> dict[str, list[dict[str, str]]]:
    result = subprocess.run(
        [node, str(NODE_DIR / "validate.js"), str(cards_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return {entry["name"]: entry["events"] for entry in json.loads(result.stdout)}


def test_sample_names_are_unique_file_names(samples: Samples) -> None:
    names = [name for name, _ in samples]
    assert names, "samples.all_samples() returned no cards"
    assert len(set(names)) == len(names), "duplicate sample names"
    assert all(NAME.fullmatch(name) for name in names), names


def test_samples_pass_the_adaptive_cards_library(
    node: str, samples: Samples, tmp_path: Path
) -> None:
    events = _validate(node, _write_cards(tmp_path / "cards.json", samples))
    failures = {name: found for name, found in events.items() if found}
    assert failures == {}, json.dumps(failures, indent=2, ensure_ascii=False)
    assert sorted(events) == sorted(name for name, _ in samples)


def test_validator_rejects_a_bad_card(node: str, tmp_path: Path) -> None:
    bad = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "Input.Text", "id": "topic"},
            {"type": "Input.Text", "id": "topic", "label": "Again", "isRequired": True},
            {"type": "Scribble", "text": "no such element"},
            {"type": "TextBlock", "text": "typo", "wrapp": True, "size": "Huge"},
        ],
        "actions": [{"type": "Action.Execute", "title": "Send"}],
    }
    good = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "ok"}]}
    events = _validate(node, _write_cards(tmp_path / "bad.json", [("bad", bad), ("good", good)]))
    found = {event["event"] for event in events["bad"]}
    assert {
        "InputWithoutLabel",
        "UnknownElementType",
        "DuplicateId",
        "RequiredInputsShouldHaveErrorMessage",
        "UnknownProperty",
        "InvalidPropertyValue",
        "ExecuteWithoutVerb",
    } <= found, events["bad"]
    assert events["good"] == []


def test_gallery_renders_every_card(node: str, samples: Samples, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pictures = [ARTIFACTS / f"{name}.png" for name, _ in samples]
    for picture in pictures:
        picture.unlink(missing_ok=True)
    result = subprocess.run(
        [
            node,
            str(NODE_DIR / "gallery.js"),
            str(_write_cards(tmp_path / "cards.json", samples)),
            str(ARTIFACTS),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for picture in pictures:
        assert picture.is_file(), f"{picture} was not written"
        data = picture.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{picture} is not a PNG"
        assert len(data) > 1000, f"{picture} looks empty"
