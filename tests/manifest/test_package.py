"""The Teams app package: its files, icons, command lists and Microsoft's schema, offline.

Schema checks need Node.js and `npm ci` in `manifest/node` (`tests/cards/node/install.sh`). Without
them those tests are skipped, unless `FAGNETT_CI=1`, where they fail.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tomllib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "7a0c5b52-3f8e-4d43-9a55-0b8f6d2c1e90"
SCOPES = ("team", "personal", "groupChat")


def unavailable(reason: str) -> NoReturn:
    """Skip for a missing tool, or fail when `FAGNETT_CI=1` says every tool must be there."""
    if os.environ.get("FAGNETT_CI") == "1":
        pytest.fail(f"{reason} (FAGNETT_CI=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def package() -> Iterator[ModuleType]:
    """`manifest.package`, imported with the project root on `sys.path`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        from manifest import package as module

        yield module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    """The zip that `python -m manifest.package` writes, with test settings."""
    out = tmp_path_factory.mktemp("package") / "fagnett.zip"
    env = {
        **os.environ,
        "MicrosoftAppId": APP_ID,
        "FAGNETT_APP_NAME": "Fagnett test",
        "FAGNETT_PUBLIC_HOST": "fagnett.test.example",
    }
    result = subprocess.run(
        [sys.executable, "-m", "manifest.package", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        yield archive


def _json(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(archive.read(name))
    return loaded


@dataclass(frozen=True)
class Png:
    """A decoded 8-bit PNG: size, colour type and pixel rows."""

    width: int
    height: int
    color_type: int
    rows: list[bytes]


def read_png(data: bytes) -> Png:
    """Decode an 8-bit, non-interlaced PNG (all five row filters)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks: dict[bytes, bytes] = {}
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunks[kind] = chunks.get(kind, b"") + data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, interlace) == (8, 0), "only 8-bit non-interlaced PNGs are decoded"
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    stride = width * channels
    raw = zlib.decompress(chunks[b"IDAT"])
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return Png(width, height, color_type, rows)


def test_zip_holds_manifest_localization_and_icons_at_its_root(built: zipfile.ZipFile) -> None:
    assert sorted(built.namelist()) == ["color.png", "manifest.json", "nb.json", "outline.png"]
    manifest = _json(built, "manifest.json")
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["webApplicationInfo"] == {"id": APP_ID, "resource": f"api://botid-{APP_ID}"}
    assert manifest["validDomains"] == ["fagnett.test.example"]
    assert manifest["name"]["short"] == "Fagnett test"
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert manifest["version"] == tomllib.load(file)["project"]["version"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "en",
        "additionalLanguages": [{"languageTag": "nb", "file": "nb.json"}],
    }
    assert _json(built, "nb.json")["name.short"] == "Fagnett test"
    assert "{{" not in built.read("manifest.json").decode() + built.read("nb.json").decode()


def test_bot_and_permissions(built: zipfile.ZipFile) -> None:
    manifest = _json(built, "manifest.json")
    (bot,) = manifest["bots"]
    assert sorted(bot["scopes"]) == sorted(SCOPES)
    assert bot["supportsFiles"] is False
    assert manifest["developer"]["name"] == "Helse Midt-Norge RHF"
    assert manifest["authorization"]["permissions"]["resourceSpecific"] == [
        {"name": "TeamMember.Read.Group", "type": "Application"},
    ]


def test_command_lists_are_generated_from_dialogs_commands(
    package: ModuleType, built: zipfile.ZipFile
) -> None:
    from dialogs.commands import COMMANDS

    manifest = _json(built, "manifest.json")
    localization = _json(built, "nb.json")
    lists = manifest["bots"][0]["commandLists"]
    expected_scopes = [
        s for s in package.SCOPE_ORDER if any(s in c.scopes and c.menu for c in COMMANDS)
    ]
    assert [command_list["scopes"] for command_list in lists] == [[s] for s in expected_scopes]
    for i, command_list in enumerate(lists):
        (scope,) = command_list["scopes"]
        in_scope = [c for c in COMMANDS if scope in c.scopes and c.menu]
        assert [entry["title"] for entry in command_list["commands"]] == [c.name for c in in_scope]
        for j, (entry, command) in enumerate(zip(command_list["commands"], in_scope, strict=True)):
            assert entry["description"].startswith(command.description("en"))
            key = f"bots[0].commandLists[{i}].commands[{j}]"
            assert localization[f"{key}.title"] == command.alias_nb
            assert localization[f"{key}.description"].startswith(command.description("nb"))
    command_keys = {key for key in localization if key.startswith("bots[")}
    assert len(command_keys) == 2 * sum(len(cl["commands"]) for cl in lists)


def test_icons_have_the_sizes_teams_requires(built: zipfile.ZipFile) -> None:
    color = read_png(built.read("color.png"))
    outline = read_png(built.read("outline.png"))
    assert (color.width, color.height) == (192, 192)
    assert (outline.width, outline.height) == (32, 32)


def test_committed_icons_are_what_icons_py_draws(package: ModuleType) -> None:
    from manifest import icons

    assert (ROOT / "manifest" / "color.png").read_bytes() == icons.color_icon()
    assert (ROOT / "manifest" / "outline.png").read_bytes() == icons.outline_icon()


def test_color_icon_is_opaque_and_coloured(built: zipfile.ZipFile) -> None:
    color = read_png(built.read("color.png"))
    assert color.color_type in (2, 6)
    channels = 4 if color.color_type == 6 else 3
    pixels = {row[i : i + channels] for row in color.rows for i in range(0, len(row), channels)}
    if channels == 4:
        assert all(p[3] == 255 for p in pixels), "the colour icon should be opaque"
    assert any(len({p[0], p[1], p[2]}) > 1 for p in pixels), "the colour icon has no colour"


def test_outline_icon_is_white_on_transparent(built: zipfile.ZipFile) -> None:
    outline = read_png(built.read("outline.png"))
    assert outline.color_type == 6, "the outline icon needs an alpha channel (RGBA)"
    pixels = [row[i : i + 4] for row in outline.rows for i in range(0, len(row), 4)]
    assert all(p[:3] == b"\xff\xff\xff" for p in pixels if p[3] > 0), "visible pixels not white"
    alphas = {p[3] for p in pixels}
    assert 0 in alphas, "no transparent background"
    assert 255 in alphas, "no opaque glyph"


@dataclass(frozen=True)
class _StubCommand:
    """Stands in for `dialogs.commands.Command` with texts of any length."""

    name: str
    alias_nb: str
    scopes: frozenset[str]
    text: str = "Does something."
    menu: bool = True

    def word(self, lang: str) -> str:
        return self.alias_nb if lang == "nb" else self.name

    def description(self, lang: str) -> str:
        return self.text

    def example(self, lang: str) -> str:
        return self.word(lang)


def _build(package: ModuleType, commands: list[_StubCommand]) -> None:
    package.build_manifest(
        app_id=APP_ID,
        name="Fagnett",
        host="fagnett.example.org",
        version="1.2.3",
        commands=commands,
    )


def test_package_refuses_a_title_over_32_characters(package: ModuleType) -> None:
    long = _StubCommand("x" * 33, "y", frozenset({"team"}))
    with pytest.raises(package.ManifestError, match="at most 32"):
        _build(package, [long])


def test_package_refuses_a_description_over_128_characters(package: ModuleType) -> None:
    wordy = _StubCommand("x", "y", frozenset({"team"}), text="z" * 129)
    with pytest.raises(package.ManifestError, match="at most 128"):
        _build(package, [wordy])


def test_package_refuses_more_than_10_commands_in_a_scope(package: ModuleType) -> None:
    many = [_StubCommand(f"c{i}", f"k{i}", frozenset({"personal"})) for i in range(11)]
    with pytest.raises(package.ManifestError, match="'personal' has 11 commands"):
        _build(package, many)


def test_cli_explains_an_app_id_that_is_not_a_guid(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "manifest.package", "--out", str(tmp_path / "x.zip")],
        cwd=ROOT,
        env={**os.environ, "MicrosoftAppId": "not-a-guid"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "not a GUID (MicrosoftAppId)" in result.stderr
    assert not (tmp_path / "x.zip").exists()


@pytest.fixture(scope="module")
def validator(package: ModuleType) -> ModuleType:
    """`manifest.package`, once its Node.js schema validator is known to be usable."""
    problem = package.validator_problem()
    if problem:
        unavailable(f"cannot check Microsoft's manifest schema: {problem}")
    return package


def test_package_matches_microsofts_schemas(validator: ModuleType, built: zipfile.ZipFile) -> None:
    errors = validator.schema_errors(
        {"manifest.json": _json(built, "manifest.json"), "nb.json": _json(built, "nb.json")}
    )
    assert errors == {"manifest.json": [], "nb.json": []}


def test_cli_validate_passes(tmp_path: Path, validator: ModuleType) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "manifest.package", "--out", str(tmp_path / "f.zip"), "--validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "f.zip").is_file()


def _set(document: dict[str, Any], path: tuple[str | int, ...], value: object) -> None:
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


@pytest.mark.parametrize(
    ("file", "path", "value", "complaint"),
    [
        ("manifest.json", ("bots", 0, "botId"), "not-a-guid", "/bots/0/botId must match pattern"),
        (
            "manifest.json",
            ("bots", 0, "commandLists", 0, "commands", 0, "title"),
            "t" * 33,
            "/bots/0/commandLists/0/commands/0/title must NOT have more than 32 characters",
        ),
        ("manifest.json", ("manifestVersion",), "1.18", "/manifestVersion must be equal"),
        ("manifest.json", ("supportsFiles",), False, "must NOT have additional properties"),
        (
            "nb.json",
            ("bots[0].commandLists[0].commands[0].title",),
            "t" * 33,
            "/bots[0].commandLists[0].commands[0].title must NOT have more than 32 characters",
        ),
        ("nb.json", ("name.short",), "n" * 31, "/name.short must NOT have more than 30"),
    ],
)
def test_schema_rejects_a_broken_field(
    validator: ModuleType,
    built: zipfile.ZipFile,
    file: str,
    path: tuple[str | int, ...],
    value: object,
    complaint: str,
) -> None:
    document = _json(built, file)
    _set(document, path, value)
    errors = validator.schema_errors({file: document})[file]
    assert any(complaint in error for error in errors), errors
