"""Hostile activities over HTTP: thousands of fuzzed activities and card actions from people
outside the network get no 5xx, change nothing and leave no traceback in the log.

The fuzzed activities start from what Teams sends (messages with commands, card actions for every
action the bot defines, installs, roster changes) and then break them: fields of the wrong type,
missing or oversized, NULs, lone surrogates, header injections, deep nesting, foreign service
URLs. `FAGNETT_FUZZ_EXAMPLES` sets how many per database (default 1,100: 2,200 per run).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import typing
from collections import Counter
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy import func, select

import bot.wiring  # noqa: F401  (imports every capability's card actions)
from bot.settings import Settings
from dialogs.commands import COMMANDS
from dialogs.routing import CardAction
from harness.client import BOT_ID, BOT_NAME, Channel, TeamsClient
from harness.connector import Connector, Person
from harness.db import BOTH
from harness.scenario import create_case, hjerte_network, open_poll
from storage.db import Sessions
from storage.models import (
    AnchoringConfirmation,
    Case,
    Decision,
    Escalation,
    Event,
    Membership,
    Network,
    Poll,
    Reminder,
    Stance,
)

EXAMPLES = int(os.environ.get("FAGNETT_FUZZ_EXAMPLES", "1100"))

# Installing the app stores a conversation reference; that is what an install is for.
_EXPECTED_EVENTS = ("AppInstalled", "AppUninstalled")


def _all_actions() -> dict[str, list[str]]:
    """Every card action the bot defines → the payload fields its model reads."""
    found: dict[str, list[str]] = {}
    pending = list(CardAction.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        names = typing.get_args(model.model_fields["action"].annotation)
        for name in names:
            found[name] = [field for field in model.model_fields if field != "action"]
    return found


ACTIONS = _all_actions()

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfffy",
        "ø" * 600,
        "9" * 400,
        "19:team\x00@thread.tacv2",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "\r\nX-Injected: 1",
        "' OR 1=1 --",
        "../../etc/passwd",
        "{{7*7}}",
        "%00%0d%0a",
        "1/2026",
        "-1",
        "99999999999999999999999",
        "NaN",
        "2026-13-45",
        "true",
        "🙂" * 50,
        "a" * 20_000,
    ]
)
TEXT = st.one_of(st.text(max_size=30), HOSTILE_TEXT)
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
JSON = st.recursive(
    LEAF,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=10,
)
PLAUSIBLE = st.one_of(
    st.integers(min_value=-1, max_value=4).map(str),
    st.integers(min_value=-1, max_value=4),
    st.sampled_from(["agree", "stand_aside", "abstain", "block", "approve", "reject", "return"]),
    st.sampled_from(["member", "leader", "secretary", "director", "observer", "st_olav", "hmr"]),
    st.sampled_from(["2026-12-24", "2027-05-17", "3", "7", "aad-eva", "aad-kari", "true"]),
    TEXT,
    JSON,
)


def _outsider(eva: Person) -> st.SearchStrategy[dict[str, Any]]:
    """The sender: Eva, who belongs to no network, or an account no one knows."""
    known = {"id": eva.teams_id, "name": eva.name, "aadObjectId": eva.aad_id}
    stranger = st.fixed_dictionaries(
        {"id": st.from_regex(r"29:[a-z0-9]{1,20}", fullmatch=True)},
        optional={"name": TEXT, "aadObjectId": TEXT},
    )
    return st.one_of(st.just(known), stranger)


@st.composite
def activities(draw: st.DrawFn, connector: Connector, eva: Person, where: Channel) -> Any:
    """One activity Teams could send, then perhaps broken."""
    service_url = draw(
        st.sampled_from([connector.url] * 8 + ["https://evil.example.org/", "javascript:x"])
    )
    in_channel = draw(st.booleans())
    activity: dict[str, Any] = {
        "id": draw(st.sampled_from(["in-fuzz"] * 9 + ["ø", "a\x00"])),
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2026-11-23T12:00:00.000Z",
        "locale": draw(st.sampled_from(["nb-NO", "en-US"] * 3 + ["", "xx", "\x00"])),
        "from": draw(_outsider(eva)),
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": (
            {
                "id": f"{where.channel_id};messageid=1",
                "conversationType": "channel",
                "isGroup": True,
            }
            if in_channel
            else {"id": f"a:personal-{eva.key}", "conversationType": "personal"}
        ),
        "channelData": {"tenant": {"id": connector.tenant_id}},
    }
    if in_channel:
        activity["channelData"]["team"] = {"id": where.team_id, "name": "Team"}
        activity["channelData"]["channel"] = {"id": where.channel_id, "name": where.name}
    kind = draw(st.sampled_from(["message", "action", "action", "install", "members", "other"]))
    if kind == "message":
        word = draw(st.sampled_from([c.alias_nb for c in COMMANDS] + [c.name for c in COMMANDS]))
        activity["type"] = "message"
        activity["text"] = f"<at>{BOT_NAME}</at> {word} {draw(TEXT)}"
        activity["entities"] = [
            {"type": "mention", "text": f"<at>{BOT_NAME}</at>", "mentioned": {"id": BOT_ID}}
        ]
    elif kind == "action":
        name = draw(st.sampled_from(sorted(ACTIONS)))
        fields = ACTIONS[name]
        data = {"action": name}
        for field in draw(st.lists(st.sampled_from(fields), unique=True)) if fields else []:
            data[field] = draw(PLAUSIBLE)
        if draw(st.booleans()):
            activity.update({"type": "invoke", "name": "adaptiveCard/action"})
            activity["value"] = {"action": {"type": "Action.Execute", "data": data}}
        else:  # Action.Submit from an older client
            activity.update({"type": "message", "value": data})
        activity["replyToId"] = draw(st.sampled_from(["card-1"] * 8 + ["x" * 600, "\x00"]))
    elif kind == "install":
        activity.update({"type": "installationUpdate", "action": draw(TEXT)})
    elif kind == "members":
        activity["type"] = "conversationUpdate"
        activity["membersAdded"] = draw(st.lists(_outsider(eva), max_size=3))
        activity["channelData"]["eventType"] = draw(
            st.sampled_from(["teamMemberAdded", "teamMemberRemoved", "channelRenamed", "x"])
        )
    else:
        activity["type"] = draw(
            st.sampled_from(["invoke", "event", "typing", "messageReaction", "\x00", "x" * 200])
        )
        activity["name"] = draw(st.one_of(TEXT, st.just("task/fetch")))
        activity["value"] = draw(JSON)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        _break(draw, activity)
    return activity


def _break(draw: st.DrawFn, activity: dict[str, Any]) -> None:
    """Replace or drop one field anywhere in the activity."""
    node: Any = activity
    while True:
        keys = list(node)
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict) and child and draw(st.booleans()):
            node = child
            continue
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            del node[key]
        else:
            node[key] = draw(JSON)
        return


def _nested(depth: int) -> bytes:
    return b'{"type": "message", "value": ' + b"[" * depth + b"]" * depth + b"}"


async def _counts(sessions: Sessions) -> dict[str, int]:
    """Rows per domain table, and events other than installs."""
    counts: dict[str, int] = {}
    async with sessions() as session:
        for model in (
            Network,
            Membership,
            Case,
            Poll,
            Stance,
            Decision,
            AnchoringConfirmation,
            Escalation,
            Reminder,
        ):
            counts[model.__tablename__] = int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
        counts["events"] = int(
            await session.scalar(
                select(func.count(Event.id)).where(Event.kind.not_in(_EXPECTED_EVENTS))
            )
            or 0
        )
    return counts


@pytest.fixture
def settings(database_url: str) -> Settings:
    """An administrator is named, so a stranger cannot bind a channel to a network."""
    return Settings(database_url=database_url, admins=["aad-kari"], tenants=[])


@BOTH
async def test_fuzzed_activities_get_no_5xx_change_nothing_and_log_no_traceback(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot_sessions: Sessions,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await hjerte_network(teams, people, channel)
    case = await create_case(teams, people["per"], channel, title="Felles prosedyre")
    await open_poll(teams, people["per"], channel, case)
    before = await _counts(bot_sessions)
    statuses: Counter[int] = Counter()
    caplog.set_level(logging.WARNING)

    loop = asyncio.get_running_loop()

    async def post(activity: dict[str, Any]) -> int:
        response = await teams.post(None, raw=json.dumps(activity).encode())
        return response.status

    # Hypothesis drives a synchronous test; it runs in a thread and posts through this loop, so
    # a failing activity is shrunk to the smallest that still fails.
    @examples(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(activities(connector, people["eva"], channel))
    def fuzz(activity: dict[str, Any]) -> None:
        status = asyncio.run_coroutine_threadsafe(post(activity), loop).result(timeout=60)
        statuses[status] += 1
        assert status < 500, (status, activity)

    await asyncio.to_thread(fuzz)

    extremes = [
        _nested(1_000),
        _nested(100_000),
        b"x" * (300 * 1024),
        b'{"type": "message", "text": "\\u0000\\ud800"}',
        b"\xff\xfe",
        b"[]",
        b"null",
    ]
    for raw in extremes:
        response = await teams.post(None, raw=raw)
        statuses[response.status] += 1
        assert response.status in (400, 413), (response.status, raw[:40])

    tried = sum(statuses.values())
    print(f"\nfuzzed activities: {tried}, statuses: {dict(sorted(statuses.items()))}")
    assert tried >= EXAMPLES
    assert await _counts(bot_sessions) == before
    tracebacks = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not tracebacks, [r.getMessage() for r in tracebacks[:5]]

    async with aiohttp.ClientSession() as http, http.get(f"{teams.bot_url}/healthz") as health:
        assert health.status == 200
    sent = len(connector.posts())
    answered = await teams.say(people["per"], "hjelp", channel)
    assert answered.status in (200, 201)
    assert len(connector.posts()) > sent, "the bot no longer answers hjelp"
