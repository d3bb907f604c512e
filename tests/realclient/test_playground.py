"""End to end through Microsoft's own Teams client: Microsoft 365 Agents Playground.

Starts the bot in local mode (no app id: the playground sends no Authorization header) on a fresh
SQLite file, starts the playground in front of it with `playground.yml` (five users in one team),
and runs `node/scenario.js`, which drives the playground's page in headless Chromium and plays the
consensus scenario in the team's channels, asserting on what the page shows.

Needs Node.js, `npm ci` in `tests/realclient/node` (`tests/cards/node/install.sh` does it) and
Chromium (`/usr/bin/chromium` or `CHROMIUM_PATH`). Without them the test is skipped, unless
`FAGNETT_CI=1`, where it fails. Screenshots of each step land in `artifacts/realclient/NN-*.png`;
on failure also `failure.png`, the page's text and the bot's and the playground's logs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
PLAYGROUND = NODE_DIR / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
CONFIG = HERE / "playground.yml"
ARTIFACTS = ROOT / "artifacts" / "realclient"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

START_TIMEOUT = 30.0  # seconds for the bot and for the playground to answer
SCENARIO_TIMEOUT = 150.0  # seconds for the whole page scenario
STEPS = [
    "director-network",
    "channel",
    "register-form",
    "registered",
    "members",
    "roles-form",
    "roles-saved",
    "case-form",
    "case-created",
    "poll-form",
    "poll-open",
    "vote-agree",
    "vote-stand-aside",
    "block-needs-reason",
    "vote-block",
    "closed",
    "escalation",
]


def unavailable(reason: str) -> NoReturn:
    """Skip for a missing tool, or fail when `FAGNETT_CI=1` says every tool must be there."""
    if os.environ.get("FAGNETT_CI") == "1":
        pytest.fail(f"{reason} (FAGNETT_CI=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def node() -> str:
    """The `node` executable, once the playground, playwright-core and Chromium are there."""
    executable = shutil.which("node")
    if executable is None:
        unavailable("node (Node.js) is not on PATH")
    for package in ("@microsoft/m365agentsplayground", "playwright-core"):
        if not (NODE_DIR / "node_modules" / package / "package.json").is_file():
            unavailable(f"npm package {package} missing: run tests/cards/node/install.sh")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(
            f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)"
        )
    return executable


def free_port() -> int:
    """A TCP port nobody listens on right now (the playground checks it on `::`)."""
    family = socket.AF_INET6 if socket.has_ipv6 else socket.AF_INET
    try:
        probe = socket.socket(family, socket.SOCK_STREAM)
    except OSError:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with probe:
        probe.bind(("", 0))
        return int(probe.getsockname()[1])


def get_json(url: str, timeout: float = 2.0) -> Any:
    """GET `url` and parse its JSON body."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def wait_for(what: str, probe: Any, deadline: float, process: subprocess.Popen[bytes]) -> Any:
    """Call `probe` until it returns something truthy; fail if the process dies or time runs out."""
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what}: the process exited with status {process.returncode}")
        try:
            value = probe()
        except (OSError, ValueError, urllib.error.URLError) as error:
            last = repr(error)
        else:
            if value:
                return value
        time.sleep(0.2)
    raise AssertionError(f"{what}: no answer within {START_TIMEOUT:.0f} s ({last})")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a process this test started, then kill it if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class Run:
    """The bot and the playground of one test run, with their logs in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.bot_log = folder / "bot.log"
        self.playground_log = folder / "playground.log"  # its stdout/stderr
        self.playground_internal_log = folder / "playground-internal.log"
        self.recording = folder / "recording.json"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.files: list[IO[bytes]] = []
        self.playground_url = ""

    def start_bot(self) -> str:
        """`python -m bot` in local mode on a fresh SQLite file; returns its messages endpoint."""
        port = free_port()
        env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.folder / 'fagnett.db'}",
            "FAGNETT_ADMINS": "",
            "FAGNETT_ALLOWED_TENANTS": "",
            "MicrosoftAppId": "",
            "MicrosoftAppPassword": "",
            "PYTHONPATH": str(ROOT),
        }
        log = self.bot_log.open("wb")
        self.files.append(log)
        # The working folder is the run's own, so a developer's `.env` is not read.
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=self.folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(bot)
        base = f"http://127.0.0.1:{port}"
        wait_for(
            f"the bot at {base}/healthz",
            lambda: get_json(f"{base}/healthz").get("status") == "ok",
            time.monotonic() + START_TIMEOUT,
            bot,
        )
        return f"{base}/api/messages"

    def start_playground(self, node: str, endpoint: str) -> str:
        """The playground in front of `endpoint`; returns the URL of its page."""
        wanted = free_port()
        env = {
            **os.environ,
            "TEAMSAPPTESTER_BROWSER": "none",
            "TEAMSAPPTESTER_PORT": str(wanted),
            "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(CONFIG),
            "M365_AGENTS_PLAYGROUND_RECORDING_FILE": str(self.recording),
            "M365_AGENTS_PLAYGROUND_LOGFILE": str(self.playground_internal_log),
            # Installation events carry the playground's own locale: a Norwegian machine.
            "LC_ALL": "nb_NO.UTF-8",
            "LANG": "nb_NO.UTF-8",
        }
        log = self.playground_log.open("wb")
        self.files.append(log)
        playground = subprocess.Popen(
            [node, str(PLAYGROUND), "-e", endpoint, "-c", "msteams", "--dt", "--er"],
            cwd=self.folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(playground)
        deadline = time.monotonic() + START_TIMEOUT

        def listening() -> int | None:
            found = re.search(r"Listening on (\d+)", self.playground_log.read_text("utf-8"))
            return int(found.group(1)) if found else None

        # If the port is taken the playground silently picks another and says so only here.
        port = wait_for("the playground's 'Listening on'", listening, deadline, playground)
        if port != wanted:
            print(f"playground: port {wanted} was taken, it listens on {port}")
        self.playground_url = f"http://127.0.0.1:{port}"
        ours = yaml_value(CONFIG, "bot", "id")

        def configured() -> bool:
            # A bad config still prints "Listening" but never answers; the reason is only in
            # the internal log. Also make sure this is our playground, not someone else's.
            loaded = get_json(f"{self.playground_url}/_internal/v1/config")["config"]
            users = loaded["users"]
            assert len(users) == 5, f"the playground loaded {len(users)} users, not 5"
            return bool(loaded["bot"]["id"] == ours)

        try:
            wait_for("the playground's config", configured, deadline, playground)
        except AssertionError as error:
            reason = tail(self.playground_internal_log, 5)
            raise AssertionError(f"{error}\nplayground log:\n{reason}") from None
        return self.playground_url

    def close(self) -> None:
        """Stop what this run started (playground first), close the log files."""
        for process in reversed(self.processes):
            stop(process)
        for file in self.files:
            file.close()

    def keep_logs(self) -> list[Path]:
        """Copy the logs and the recording next to the screenshots."""
        kept = []
        for source in (
            self.bot_log,
            self.playground_log,
            self.playground_internal_log,
            self.recording,
        ):
            if source.exists():
                target = ARTIFACTS / source.name
                shutil.copyfile(source, target)
                kept.append(target)
        return kept


def yaml_value(path: Path, section: str, key: str) -> str:
    """`section.key` of a small YAML file (two-level, `key: value`), without a YAML library."""
    inside = False
    for line in path.read_text("utf-8").splitlines():
        if re.match(rf"^{re.escape(section)}:\s*$", line):
            inside = True
        elif inside and re.match(r"^\S", line):
            break
        elif inside and (found := re.match(rf"^\s+{re.escape(key)}:\s*(.+?)\s*$", line)):
            return found.group(1).strip("\"'")
    raise AssertionError(f"{section}.{key} not found in {path}")


def tail(path: Path, lines: int) -> str:
    """The last `lines` lines of a text file (or a note that it does not exist)."""
    if not path.exists():
        return f"({path.name} does not exist)"
    return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])


def recorded(path: Path) -> list[dict[str, Any]]:
    """The playground's recording: JSON objects separated by `---` lines."""
    text = path.read_text("utf-8")
    return [json.loads(chunk) for chunk in re.split(r"^---$", text, flags=re.M) if chunk.strip()]


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    """A fresh artifacts folder and the processes of one run, always stopped afterwards."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    started = Run(tmp_path)
    yield started
    started.close()


def test_consensus_scenario_in_the_playground(node: str, run: Run) -> None:
    began = time.monotonic()
    try:
        endpoint = run.start_bot()
        page = run.start_playground(node, endpoint)
        finished = subprocess.run(
            [node, str(NODE_DIR / "scenario.js"), "--url", page, "--out", str(ARTIFACTS)],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=SCENARIO_TIMEOUT,
            check=False,
        )
    except (AssertionError, subprocess.TimeoutExpired) as error:
        run.close()
        kept = run.keep_logs()
        pytest.fail(f"{error}\nlogs: {[str(k) for k in kept]}\nbot log:\n{tail(run.bot_log, 30)}")
    run.close()
    kept = run.keep_logs()
    lines = finished.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        pytest.fail(
            f"scenario.js printed no result (exit {finished.returncode})\n"
            f"stdout: {finished.stdout[-2000:]}\nstderr: {finished.stderr[-2000:]}"
        )
    if not result["ok"]:
        pytest.fail(
            f"the playground scenario failed at {result.get('error')}\n"
            f"screenshot: {result.get('failure', {}).get('screenshot')}\n"
            f"logs: {[str(k) for k in kept]}\n"
            f"bot log:\n{tail(run.bot_log, 30)}\nstderr: {finished.stderr[-2000:]}"
        )

    assert [s["name"] for s in result["steps"]] == STEPS
    for number, step in enumerate(result["steps"], start=1):
        shot = Path(step["screenshot"])
        assert shot.name == f"{number:02d}-{step['name']}.png"
        assert shot.stat().st_size > 10_000, f"{shot} looks empty"

    # Nothing failed quietly behind the page: no error in the bot's log, no 5xx on the wire.
    errors = [
        line
        for line in run.bot_log.read_text("utf-8", errors="replace").splitlines()
        if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
    ]
    assert not errors, "\n".join(errors)
    records = recorded(run.recording)
    failed = [
        (r.get("direction"), r.get("activityName"), r.get("response", {}).get("statusCode"))
        for r in records
        if int(r.get("response", {}).get("statusCode") or 0) >= 500
    ]
    assert not failed, failed
    # The escalation went out as a new thread in the director network's channel.
    assert any(r.get("activityName") == "createConversation" for r in records)
    print(
        f"playground scenario: {len(result['steps'])} steps in {result['seconds']:.1f} s "
        f"(test {time.monotonic() - began:.1f} s); screenshots in {ARTIFACTS}"
    )
