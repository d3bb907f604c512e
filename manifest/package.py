"""Build Fagnett's Teams app package and check it against Microsoft's schemas, offline.

    python -m manifest.package --out dist/fagnett.zip [--validate]

The zip holds `manifest.json`, `nb.json` (Norwegian bokmål), `color.png` and `outline.png` at its
root. `manifest.template.json` and `nb.template.json` hold the fixed text; `{{placeholders}}` are
filled from the environment and `pyproject.toml`, and the bot's `commandLists` are generated from
`dialogs.commands.COMMANDS`, never listed by hand:

- `MicrosoftAppId`: the bot's Entra app id, also the Teams app id (default: an all-zero GUID,
  good for validation only)
- `FAGNETT_APP_NAME`: the app's short name (default "Fagnett")
- `FAGNETT_PUBLIC_HOST`: the bot's public host name, listed in `validDomains`
- `FAGNETT_WEBSITE_URL`, `FAGNETT_PRIVACY_URL`, `FAGNETT_TERMS_URL`: the developer's pages
- the app version is `[project].version` in `pyproject.toml`

`--validate` checks the result with `manifest/node/validate.js` (npm `@microsoft/app-manifest`,
installed by `tests/cards/node/install.sh`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogs.commands import COMMANDS, Command, Scope
from dialogs.i18n import Lang
from manifest.icons import ACCENT

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_DIR = HERE / "node"
VALIDATOR = NODE_DIR / "validate.js"

MANIFEST_VERSION = "1.19"
PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000"
DEFAULT_NAME = "Fagnett"
DEFAULT_HOST = "fagnett.example.org"
DEFAULT_WEBSITE_URL = "https://www.helse-midt.no/"
DEFAULT_PRIVACY_URL = "https://www.helse-midt.no/personvern"
DEFAULT_TERMS_URL = "https://www.helse-midt.no/vilkar"

MAX_COMMANDS_PER_SCOPE = 10
MAX_TITLE_LENGTH = 32
MAX_DESCRIPTION_LENGTH = 128
MAX_SHORT_NAME_LENGTH = 30

SCOPE_ORDER: tuple[Scope, ...] = ("team", "personal", "groupChat")
"""The order of the bot's `commandLists`; `nb.json` addresses the lists by this index."""

ICONS = ("color.png", "outline.png")

_USAGE: Mapping[Lang, str] = {
    "en": "{description} Type: {example}",
    "nb": "{description} Skriv: {example}",
}
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_HOST = re.compile(
    r"^(?=.{1,253}$)(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class ManifestError(ValueError):
    """The package cannot be built as asked: a Teams limit or a setting is violated."""


class ValidatorUnavailable(RuntimeError):
    """Node.js or the npm packages of `manifest/node` are missing."""


@dataclass(frozen=True)
class Settings:
    """What the package needs from the environment."""

    app_id: str
    name: str
    host: str
    website_url: str
    privacy_url: str
    terms_url: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read the settings from environment variables, with the documented defaults."""
        return cls(
            app_id=env.get("MicrosoftAppId") or PLACEHOLDER_APP_ID,
            name=env.get("FAGNETT_APP_NAME") or DEFAULT_NAME,
            host=env.get("FAGNETT_PUBLIC_HOST") or DEFAULT_HOST,
            website_url=env.get("FAGNETT_WEBSITE_URL") or DEFAULT_WEBSITE_URL,
            privacy_url=env.get("FAGNETT_PRIVACY_URL") or DEFAULT_PRIVACY_URL,
            terms_url=env.get("FAGNETT_TERMS_URL") or DEFAULT_TERMS_URL,
        )


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """`[project].version` from `pyproject.toml`."""
    with pyproject.open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def _render(value: Any, values: Mapping[str, Any]) -> Any:
    """`value` with every `{{key}}` replaced; a string that is only a placeholder takes any type."""
    if isinstance(value, dict):
        return {key: _render(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_render(item, values) for item in value]
    if not isinstance(value, str):
        return value

    def lookup(key: str) -> Any:
        if key not in values:
            raise ManifestError(f"template placeholder {{{{{key}}}}} has no value")
        return values[key]

    whole = _PLACEHOLDER.fullmatch(value)
    if whole:
        return lookup(whole.group(1))
    return _PLACEHOLDER.sub(lambda match: str(lookup(match.group(1))), value)


def _template(name: str) -> dict[str, Any]:
    with (HERE / name).open(encoding="utf-8") as file:
        loaded: dict[str, Any] = json.load(file)
    return loaded


def _command_entry(command: Command, lang: Lang) -> dict[str, str]:
    """One `commandLists` entry: the word a user of `lang` types and what it does."""
    title = command.word(lang)
    description = command.description(lang)
    example = command.example(lang)
    if len(title) > MAX_TITLE_LENGTH:
        raise ManifestError(
            f"command {command.name!r}: title {title!r} ({lang}) has {len(title)} characters; "
            f"Teams allows at most {MAX_TITLE_LENGTH}"
        )
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ManifestError(
            f"command {command.name!r}: description ({lang}) has {len(description)} characters; "
            f"Teams allows at most {MAX_DESCRIPTION_LENGTH}: {description!r}"
        )
    with_usage = _USAGE[lang].format(description=description, example=example)
    if example != title and len(with_usage) <= MAX_DESCRIPTION_LENGTH:
        description = with_usage
    return {"title": title, "description": description}


def command_lists(lang: Lang, commands: Sequence[Command] = COMMANDS) -> list[dict[str, Any]]:
    """The bot's `commandLists` in `lang`: one list per scope that has commands, `SCOPE_ORDER`."""
    lists: list[dict[str, Any]] = []
    for scope in SCOPE_ORDER:
        entries = [_command_entry(c, lang) for c in commands if scope in c.scopes and c.menu]
        if not entries:
            continue
        if len(entries) > MAX_COMMANDS_PER_SCOPE:
            raise ManifestError(
                f"scope {scope!r} has {len(entries)} commands; Teams shows at most "
                f"{MAX_COMMANDS_PER_SCOPE} per scope: leave some out of its scopes"
            )
        titles = [entry["title"] for entry in entries]
        duplicates = sorted({title for title in titles if titles.count(title) > 1})
        if duplicates:
            raise ManifestError(f"scope {scope!r} lists the same title twice: {duplicates}")
        lists.append({"scopes": [scope], "commands": entries})
    return lists


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > MAX_SHORT_NAME_LENGTH:
        raise ManifestError(
            f"app name {name!r} must have 1 to {MAX_SHORT_NAME_LENGTH} characters (FAGNETT_APP_NAME)"
        )


def build_manifest(
    *,
    app_id: str,
    name: str,
    host: str,
    version: str,
    website_url: str = DEFAULT_WEBSITE_URL,
    privacy_url: str = DEFAULT_PRIVACY_URL,
    terms_url: str = DEFAULT_TERMS_URL,
    commands: Sequence[Command] = COMMANDS,
) -> dict[str, Any]:
    """The English `manifest.json` for the bot `app_id`, with command lists from `commands`."""
    if not _GUID.fullmatch(app_id):
        raise ManifestError(f"app id {app_id!r} is not a GUID (MicrosoftAppId)")
    _check_name(name)
    if not _HOST.fullmatch(host):
        raise ManifestError(
            f"public host {host!r} must be a bare host name such as fagnett.example.org, "
            "without scheme, port or path (FAGNETT_PUBLIC_HOST)"
        )
    if not _SEMVER.fullmatch(version):
        raise ManifestError(f"version {version!r} must be MAJOR.MINOR.PATCH for Teams")
    manifest: dict[str, Any] = _render(
        _template("manifest.template.json"),
        {
            "app_id": app_id,
            "name": name,
            "host": host,
            "version": version,
            "website_url": website_url,
            "privacy_url": privacy_url,
            "terms_url": terms_url,
            "accent_color": "#{:02x}{:02x}{:02x}".format(*ACCENT),
            "command_lists": command_lists("en", commands),
        },
    )
    return manifest


def build_localization(*, name: str, commands: Sequence[Command] = COMMANDS) -> dict[str, Any]:
    """The Norwegian bokmål `nb.json`: app name, description and every command list entry."""
    _check_name(name)
    localization: dict[str, Any] = _render(_template("nb.template.json"), {"name": name})
    for i, command_list in enumerate(command_lists("nb", commands)):
        for j, entry in enumerate(command_list["commands"]):
            for field in ("title", "description"):
                localization[f"bots[0].commandLists[{i}].commands[{j}].{field}"] = entry[field]
    return localization


def write_package(out: Path, manifest: Mapping[str, Any], localization: Mapping[str, Any]) -> None:
    """Write the app package zip to `out`; the same input gives the same bytes."""
    files: dict[str, bytes] = {
        "manifest.json": _json_bytes(manifest),
        "nb.json": _json_bytes(localization),
    }
    files.update({icon: (HERE / icon).read_bytes() for icon in ICONS})
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _json_bytes(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def validator_problem() -> str | None:
    """Why `schema_errors` cannot run here (no `node`, or `npm ci` not run), or None."""
    if shutil.which("node") is None:
        return "node (Node.js) is not on PATH"
    if not (NODE_DIR / "node_modules" / "@microsoft" / "app-manifest").is_dir():
        return f"npm packages missing in {NODE_DIR}: run tests/cards/node/install.sh"
    return None


def schema_errors(documents: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Schema errors per document (file name → JSON), checked by `manifest/node/validate.js`.

    Each document is checked against the Microsoft schema its `$schema` names, bundled in npm
    `@microsoft/app-manifest`; nothing is downloaded. Raises `ValidatorUnavailable` when Node.js
    or the npm packages are missing.
    """
    problem = validator_problem()
    if problem:
        raise ValidatorUnavailable(problem)
    with tempfile.TemporaryDirectory(prefix="fagnett-manifest-") as tmp:
        paths = []
        for name, document in documents.items():
            path = Path(tmp) / name
            path.write_bytes(_json_bytes(document))
            paths.append(path)
        result = subprocess.run(
            ["node", str(VALIDATOR), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode not in (0, 1):
            raise RuntimeError(f"validate.js failed ({result.returncode}): {result.stderr.strip()}")
        report = json.loads(result.stdout)
    return {Path(entry["file"]).name: list(entry["errors"]) for entry in report}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the package, optionally validate it; 0 on success."""
    parser = argparse.ArgumentParser(
        prog="python -m manifest.package",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("dist/fagnett.zip"),
        help="where to write the zip (default: dist/fagnett.zip)",
    )
    parser.add_argument(
        "--validate",
        action="store_true",
        help="check manifest.json and nb.json against Microsoft's schemas",
    )
    args = parser.parse_args(argv)

    settings = Settings.from_env(os.environ)
    if settings.app_id == PLACEHOLDER_APP_ID:
        print("note: MicrosoftAppId is not set; using the placeholder app id", file=sys.stderr)
    try:
        manifest = build_manifest(
            app_id=settings.app_id,
            name=settings.name,
            host=settings.host,
            version=project_version(),
            website_url=settings.website_url,
            privacy_url=settings.privacy_url,
            terms_url=settings.terms_url,
        )
        localization = build_localization(name=settings.name)
    except ManifestError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.validate:
        try:
            errors = schema_errors({"manifest.json": manifest, "nb.json": localization})
        except ValidatorUnavailable as error:
            print(f"error: cannot validate: {error}", file=sys.stderr)
            return 2
        failures = [
            f"{file}: {message}" for file, messages in errors.items() for message in messages
        ]
        if failures:
            print(
                "\n".join(["error: the package does not match Microsoft's schema:", *failures]),
                file=sys.stderr,
            )
            return 1
    write_package(args.out, manifest, localization)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
