"""Votes racing closes, round after round, on SQLite and PostgreSQL.

The invariant (DESIGN.md, "Consensus polls"), checked on every round's fresh poll:

- a vote answered as accepted (`PollService.vote` returned) is counted in the outcome: its stance
  is in the poll's stored stances, in the `PollClosed` tally and in the decision's stance summary;
- any other vote is refused with `PollClosed` and leaves nothing behind: no stance row changed,
  no `StanceCast` event;
- the last eligible vote closes the poll at once (`all_voted`), no deadline job needed;
- the poll closes exactly once: one `PollClosed` event, one caller told it closed the poll, at
  most one decision, one outcome note in the case's thread;
- nothing but the domain's own refusal reaches a caller (no deadlock or serialization error).

Each round starts the racing calls together with `asyncio.gather`; on PostgreSQL each call takes
its own pooled connection, so they truly race. Each race prints one line per backend: rounds,
violations, and how the race went (accepted or refused, who closed). Violations are collected
over all rounds and asserted empty at the end, so one failing run shows how often it broke.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import OUTBOX, SERVICES, create_app
from bot.retry import ConnectorRetry
from bot.settings import Settings
from bot.wiring import Services
from dialogs.cases.rules import case_label
from dialogs.cases.service import CaseForm
from dialogs.outbox import Outbox
from dialogs.polls.rules import StanceKind
from dialogs.polls.service import PollClosed, VoteResult
from dialogs.turn import Actor, Place
from harness.client import Channel, TeamsClient, card_text
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.db import BOTH
from harness.scenario import HJERTE_ROLES, create_case, hjerte_network
from storage.db import Sessions
from storage.models import Case, Decision, Event, Network, Poll, PollVoter, Stance

ROUNDS = int(os.environ.get("FAGNETT_RACE_ROUNDS", "30"))
"""Rounds per race kind and backend, each on a fresh poll. 30 keeps the file near three minutes
on a 2-core machine (about 0.5 s a round); `FAGNETT_RACE_ROUNDS=200` is the long soak."""

VOTERS = ("kari", "ola", "ingrid", "dag")
"""The Hjerte network's voters: its leader and members (the secretary and adviser do not vote)."""

VOTE_LAGS = (0.0, 0.004, 0.008, 0.012, 0.02, 0.03, 0.045)
"""Seconds a racing vote starts after the close it races (see `vote_lag`)."""

STANCES = (StanceKind.AGREE, StanceKind.STAND_ASIDE, StanceKind.ABSTAIN, StanceKind.BLOCK)
OUTCOME_NOTE = re.compile(r"Avstemningen om sak (\d+/\d+) ")
"""The start of every outcome note in the case's thread (consensus, no consensus, inconclusive)."""

Stored = dict[str, tuple[str, str | None, datetime]]
"""A poll's stance rows: voter → (stance, reason, cast at)."""


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The bot's periodic jobs wait an hour: only the jobs a round starts itself run (the clock
    jumps days ahead each round, which a periodic run must not see mid-delivery)."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
    )


@pytest.fixture
async def twin(bot: TestServer, settings: Settings, clock: FakeClock) -> AsyncIterator[TestServer]:
    """A second bot instance on the same database: its own engine, pool and outbox."""
    app = create_app(settings, retry=ConnectorRetry(attempts=5, base=0.01, cap=0.2), now=clock)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


def actor(person: Person) -> Actor:
    return Actor(person.aad_id, person.teams_id, person.name)


def reason_for(stance: StanceKind) -> str | None:
    return "Uenig i forslaget" if stance is StanceKind.BLOCK else None


def expected_outcome(stances: dict[str, str], hfs: dict[str, str]) -> str:
    """DESIGN.md's rule, written out here on its own: any block → no consensus; otherwise someone
    agrees or stands aside and every HF with a voter has voted → consensus; else inconclusive."""
    if "block" in stances.values():
        return "no_consensus"
    supporting = {"agree", "stand_aside"} & set(stances.values())
    if supporting and set(hfs.values()) <= {hfs[aad] for aad in stances}:
        return "consensus"
    return "inconclusive"


@dataclass
class Attempt:
    """One racing vote and how it was answered."""

    voter: str
    stance: StanceKind
    result: VoteResult | None = None
    error: BaseException | None = None

    @property
    def accepted(self) -> bool:
        return self.result is not None

    @property
    def closed(self) -> bool:
        return bool(self.result and self.result.closed)


@dataclass
class Figures:
    """One race's rounds, violations and how the races went."""

    rounds: int = 0
    violations: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


class Rounds:
    """Fresh polls on the running bot, and the audit of each one after its race."""

    def __init__(
        self,
        services: Services,
        sessions: Sessions,
        outbox: Outbox,
        clock: FakeClock,
        connector: Connector,
        people: dict[str, Person],
        network: Network,
        first_case: Case,
    ) -> None:
        self.services = services
        self.sessions = sessions
        self.outboxes = [outbox]
        self.clock = clock
        self.connector = connector
        self.network = network
        self.secretary = actor(people["per"])
        self.voters = {key: actor(people[key]) for key in VOTERS}
        self.hfs = {people[key].aad_id: HJERTE_ROLES[key][1] for key in VOTERS}
        self.polls: list[tuple[int, str]] = []
        self._first_case: Case | None = first_case

    def aad(self, key: str) -> str:
        return self.voters[key].aad_id

    async def new_poll(self) -> tuple[int, str]:
        """A fresh case with an open poll (the first round uses the case made over HTTP)."""
        case = self._first_case or await self._new_case(len(self.polls))
        self._first_case = None
        view, _moved = await self.services.polls.open(
            self.secretary, case, self.clock() + timedelta(days=1)
        )
        label = case_label(case.number, case.year)
        self.polls.append((view.poll.id, label))
        return view.poll.id, label

    async def _new_case(self, n: int) -> Case:
        # Each round's case has its thread in a channel of its own: the outbox paces sends per
        # channel at Teams' limits (60 per 30 s), which would otherwise set the pace here.
        channel = f"19:race-{n}@thread.tacv2"
        place = Place(
            scope="channel",
            conversation_id=f"{channel};messageid=1",
            service_url=self.connector.url,
            tenant_id=self.connector.tenant_id,
            team_id=self.network.team_id,
            channel_id=channel,
        )
        form = CaseForm(
            title=f"Kappløp {n}",
            description="Stemmer og lukking i samme øyeblikk",
            proposal="Vi innfører felles prosedyre",
            case_type="regional_procedure",
            user_participation=False,
            needs_anchoring=False,
        )
        return await self.services.cases.create(self.secretary, self.network, place, form, "nb")

    async def vote(self, poll_id: int, key: str, stance: StanceKind) -> VoteResult:
        return await self.services.polls.vote(self.voters[key], poll_id, stance, reason_for(stance))

    async def past_deadline(self, poll_id: int) -> None:
        """Move the clock a second past the poll's (possibly moved) deadline."""
        async with self.sessions() as session:
            deadline = await session.scalar(select(Poll.deadline).where(Poll.id == poll_id))
        assert deadline is not None
        self.clock.set(deadline + timedelta(seconds=1))

    async def state(self, poll_id: int) -> tuple[str, str | None]:
        """The poll's state and close reason, as stored now."""
        async with self.sessions() as session:
            poll = await session.get(Poll, poll_id)
        assert poll is not None
        return poll.state, poll.close_reason

    async def stances(self, poll_id: int) -> Stored:
        async with self.sessions() as session:
            rows = await session.scalars(select(Stance).where(Stance.poll_id == poll_id))
            return {s.aad_id: (s.stance, s.reason, s.cast_at) for s in rows}

    async def audit(
        self, poll_id: int, label: str, before: Stored, attempts: list[Attempt], closers: int
    ) -> list[str]:
        """Every way this round's poll broke the invariant, as sentences.

        `before`: the stance rows before the race; `closers`: how many racing calls answered that
        they closed the poll (a vote's `closed`, `close`'s True, `close_due`'s count).
        """
        problems = [
            f"{a.voter}'s vote raised {a.error!r}"
            for a in attempts
            if a.error is not None and not isinstance(a.error, PollClosed)
        ]
        expected = {aad: (stance, reason) for aad, (stance, reason, _) in before.items()}
        for attempt in attempts:
            if attempt.accepted:
                expected[attempt.voter] = (attempt.stance.value, reason_for(attempt.stance))

        async with self.sessions() as session:
            poll = await session.get(Poll, poll_id)
            assert poll is not None
            voters = set(
                await session.scalars(select(PollVoter.aad_id).where(PollVoter.poll_id == poll_id))
            )
            stored = {
                s.aad_id: s
                for s in await session.scalars(select(Stance).where(Stance.poll_id == poll_id))
            }
            events = (
                await session.scalars(
                    select(Event)
                    .where(Event.subject == f"poll:{poll_id}")
                    .where(Event.kind.in_(("StanceCast", "PollClosed")))
                    .order_by(Event.id)
                )
            ).all()
            decisions = (
                await session.scalars(select(Decision).where(Decision.poll_id == poll_id))
            ).all()

        # Accepted votes are stored; a refused one changed nothing.
        now_stored = {aad: (s.stance, s.reason) for aad, s in stored.items()}
        if now_stored != expected:
            problems.append(f"stored stances {now_stored} != accepted votes {expected}")
        for attempt in attempts:
            row = stored.get(attempt.voter)
            now_row = (row.stance, row.reason, row.cast_at) if row else None
            if not attempt.accepted and now_row != before.get(attempt.voter):
                problems.append(f"refused vote of {attempt.voter} changed its row to {now_row}")

        # One StanceCast event per accepted vote, none for a refused one.
        cast = Counter(e.actor for e in events if e.kind == "StanceCast")
        wanted = Counter(list(before))
        wanted.update(a.voter for a in attempts if a.accepted)
        if cast != wanted:
            problems.append(f"StanceCast events {dict(cast)} != accepted votes {dict(wanted)}")

        # Closed exactly once, counting every accepted vote.
        counted = {aad: stance for aad, (stance, _) in expected.items()}
        tally = {kind.value: 0 for kind in StanceKind} | Counter(counted.values())
        closes = [e for e in events if e.kind == "PollClosed"]
        if poll.state != "closed":
            problems.append(f"the poll is {poll.state!r} after the race")
        if len(closes) != 1:
            problems.append(f"{len(closes)} PollClosed events")
        elif closes[0].data.get("tally") != tally:
            problems.append(f"PollClosed tally {closes[0].data.get('tally')} != {tally}")
        if closers != 1:
            problems.append(f"{closers} callers were told they closed the poll")
        outcome = expected_outcome(counted, self.hfs)
        if poll.outcome != outcome:
            problems.append(f"outcome {poll.outcome!r}, but the counted votes give {outcome!r}")

        # The last eligible vote closes the poll itself; nothing else closes it as all_voted.
        everyone = bool(voters) and voters <= set(expected)
        if everyone and poll.close_reason != "all_voted":
            problems.append(f"everyone voted, but the poll was closed by {poll.close_reason!r}")
        if not everyone and poll.close_reason == "all_voted":
            problems.append("closed as all_voted without every vote")

        # At most one decision; one that was recorded lists exactly the counted stances.
        if len(decisions) > 1 or (outcome != "inconclusive" and len(decisions) != 1):
            problems.append(f"{len(decisions)} decisions for a poll ending {outcome!r}")
        for decision in decisions:
            summary = decision.stance_summary
            listed = {aad: s["stance"] for aad, s in summary.get("stances", {}).items()}
            if listed != counted or summary.get("tally") != tally:
                problems.append(f"decision summary {summary} != counted {counted}, {tally}")
        return [f"poll {poll_id} ({label}): {p}" for p in problems]

    async def settle(self) -> None:
        """Let every instance's outbox deliver what the rounds enqueued."""
        for _ in range(2):
            for outbox in self.outboxes:
                await outbox.flush()

    async def announcement_problems(self) -> list[str]:
        """After delivery: each round's poll has exactly one outcome note in its thread."""
        await self.settle()
        found: Counter[str] = Counter()
        for activity in self.connector.activities.values():
            cards = [a.get("content") or {} for a in activity.get("attachments") or []]
            shown = "\n".join([activity.get("text") or "", *(card_text(c) for c in cards)])
            found.update(OUTCOME_NOTE.findall(shown))
        return [
            f"poll {poll_id} ({label}): {found[label]} outcome notes"
            for poll_id, label in self.polls
            if found[label] != 1
        ]

    async def run(
        self, race: str, backend: str, one_round: Callable[[int, Figures], Awaitable[list[str]]]
    ) -> None:
        """`ROUNDS` rounds of one race; prints the summary line, then asserts no violations."""
        figures = Figures()
        started = time.perf_counter()
        for index in range(ROUNDS):
            figures.violations += await one_round(index, figures)
            figures.rounds += 1
        figures.violations += await self.announcement_problems()
        elapsed = time.perf_counter() - started
        how = ", ".join(f"{k}: {v}" for k, v in sorted(figures.counts.items()))
        print(
            f"\n[{backend}] {race}: {figures.rounds} rounds, {len(figures.violations)} "
            f"violations, {elapsed:.1f} s ({how})"
        )
        assert figures.rounds == ROUNDS
        assert not figures.violations, "\n".join(figures.violations[:25])


@pytest.fixture
async def rounds(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    clock: FakeClock,
    bot: TestServer,
    bot_services: Services,
    bot_sessions: Sessions,
) -> Rounds:
    """The Hjerte network, its roles and a first case, set up over HTTP as people do it."""
    await hjerte_network(teams, people, channel)
    await create_case(teams, people["per"], channel, title="Første kappløp")
    async with bot_sessions() as session:
        network = (await session.scalars(select(Network))).one()
        case = (await session.scalars(select(Case))).one()
    return Rounds(
        bot_services, bot_sessions, bot.app[OUTBOX], clock, connector, people, network, case
    )


async def race(*calls: Awaitable[Any]) -> list[Any]:
    """Start the calls together; what each returned, or raised."""
    return await asyncio.gather(*calls, return_exceptions=True)


async def after(delay: float, call: Awaitable[Any]) -> Any:
    await asyncio.sleep(delay)
    return await call


def vote_lag(index: int) -> float:
    """How much later than the closer a round starts its vote: 0 to 45 ms, varying per round.

    Started at the same instant, the vote mostly reaches the poll's row first; a few ms later
    the two transactions overlap, and later still the close wins. Sweeping the lag makes every
    order happen, on a fast machine as on a slow one.
    """
    return VOTE_LAGS[index % len(VOTE_LAGS)]


def attempt_of(voter: str, stance: StanceKind, answer: Any) -> Attempt:
    if isinstance(answer, BaseException):
        return Attempt(voter, stance, error=answer)
    return Attempt(voter, stance, result=answer)


def raised(answers: list[Any], what: str) -> list[str]:
    """A closer may answer True/False or a count, never raise."""
    return [f"{what} raised {a!r}" for a in answers if isinstance(a, BaseException)]


def rotated(index: int) -> tuple[str, ...]:
    """The voters, starting with a different one each round."""
    return VOTERS[index % 4 :] + VOTERS[: index % 4]


@BOTH
async def test_the_last_two_votes_at_once_close_the_poll_counting_both(
    rounds: Rounds, backend: str
) -> None:
    """Race 1: the last two voters vote at the same moment; the poll closes as all_voted."""

    async def one_round(index: int, figures: Figures) -> list[str]:
        poll_id, label = await rounds.new_poll()
        order = rotated(index)
        early, last = order[:2], order[2:]
        for n, key in enumerate(early):
            await rounds.vote(poll_id, key, STANCES[(index + n) % 3])
        before = await rounds.stances(poll_id)
        stances = [STANCES[(index // 4 + n) % 4] for n in range(2)]
        answers = await race(
            *(rounds.vote(poll_id, k, s) for k, s in zip(last, stances, strict=True))
        )
        right_after = await rounds.state(poll_id)
        attempts = [
            attempt_of(rounds.aad(k), s, a) for k, s, a in zip(last, stances, answers, strict=True)
        ]
        closers = sum(a.closed for a in attempts)
        problems = await rounds.audit(poll_id, label, before, attempts, closers)
        if right_after != ("closed", "all_voted"):
            problems.append(f"poll {poll_id}: {right_after} right after the last two votes")
        for a in attempts:
            if not a.accepted:
                problems.append(f"poll {poll_id}: a last vote was refused: {a.error!r}")
            if a.closed and a.result and a.result.view.poll.state != "closed":
                problems.append(f"poll {poll_id}: the closing vote answered with an open poll")
        figures.counts["both accepted" if all(a.accepted for a in attempts) else "refused"] += 1
        return problems

    await rounds.run("last two votes at once", backend, one_round)


@BOTH
async def test_a_block_racing_the_secretarys_close_is_counted_or_refused(
    rounds: Rounds, backend: str
) -> None:
    """Race 2: a block (with its reason) against the secretary's close.

    Even rounds: the block is the last missing vote (accepted, it closes the poll itself). Odd
    rounds: the blocker changes an earlier `agree` while another voter has not voted yet.
    """

    async def one_round(index: int, figures: Figures) -> list[str]:
        poll_id, label = await rounds.new_poll()
        order = rotated(index)
        blocker, early = order[0], (order[1:] if index % 2 == 0 else order[:3])
        for key in early:
            await rounds.vote(poll_id, key, StanceKind.AGREE)
        before = await rounds.stances(poll_id)
        vote, close = await race(
            after(vote_lag(index), rounds.vote(poll_id, blocker, StanceKind.BLOCK)),
            rounds.services.polls.close(rounds.secretary, poll_id, "secretary"),
        )
        attempt = attempt_of(rounds.aad(blocker), StanceKind.BLOCK, vote)
        closers = (close is True) + attempt.closed
        problems = raised([close], "the secretary's close")
        problems += await rounds.audit(poll_id, label, before, [attempt], closers)
        _, reason = await rounds.state(poll_id)
        if not attempt.closed and reason != "secretary":
            problems.append(f"poll {poll_id}: closed by {reason!r}, not by the secretary")
        figures.counts["block accepted" if attempt.accepted else "block refused"] += 1
        return problems

    await rounds.run("block vs the secretary's close", backend, one_round)


@BOTH
async def test_a_vote_racing_the_deadline_job_is_counted_or_refused(
    rounds: Rounds, backend: str
) -> None:
    """Race 3: a vote against `close_due()`, the clock past the poll's deadline.

    Even rounds: the vote is the last missing one (accepted, it closes the poll as all_voted).
    Odd rounds: another voter has not voted yet.
    """

    async def one_round(index: int, figures: Figures) -> list[str]:
        poll_id, label = await rounds.new_poll()
        order = rotated(index)
        voter, early = order[0], (order[1:] if index % 2 == 0 else order[1:3])
        for n, key in enumerate(early):
            await rounds.vote(poll_id, key, STANCES[(index + n) % 3])
        before = await rounds.stances(poll_id)
        stance = STANCES[(index // 2) % 4]
        await rounds.past_deadline(poll_id)
        vote, due = await race(
            after(vote_lag(index), rounds.vote(poll_id, voter, stance)),
            rounds.services.polls.close_due(),
        )
        attempt = attempt_of(rounds.aad(voter), stance, vote)
        closers = (due if isinstance(due, int) else 0) + attempt.closed
        problems = raised([due], "the deadline job")
        problems += await rounds.audit(poll_id, label, before, [attempt], closers)
        _, reason = await rounds.state(poll_id)
        if not attempt.closed and reason != "deadline":
            problems.append(f"poll {poll_id}: closed by {reason!r}, not by the deadline")
        figures.counts["vote accepted" if attempt.accepted else "vote refused"] += 1
        return problems

    await rounds.run("vote vs the deadline job", backend, one_round)


@BOTH
async def test_two_instances_deadline_jobs_close_a_poll_once(
    rounds: Rounds, twin: TestServer, backend: str
) -> None:
    """Race 4: two bot instances' deadline jobs (two engines on one database) at once."""
    other = twin.app[SERVICES]
    rounds.outboxes.append(twin.app[OUTBOX])

    async def one_round(index: int, figures: Figures) -> list[str]:
        poll_id, label = await rounds.new_poll()
        for n, key in enumerate(rotated(index)[: 1 + index % 3]):
            await rounds.vote(poll_id, key, STANCES[(index + n) % 4])
        before = await rounds.stances(poll_id)
        await rounds.past_deadline(poll_id)
        first, second = await race(rounds.services.polls.close_due(), other.polls.close_due())
        closers = sum(a for a in (first, second) if isinstance(a, int))
        problems = raised([first, second], "a deadline job")
        problems += await rounds.audit(poll_id, label, before, [], closers)
        _, reason = await rounds.state(poll_id)
        if reason != "deadline":
            problems.append(f"poll {poll_id}: closed by {reason!r}, not by the deadline")
        figures.counts["this instance closed" if first == 1 else "the other closed"] += 1
        return problems

    await rounds.run("two instances' deadline jobs", backend, one_round)
