"""Summary benchmark: the RHF adviser's summary across networks on PostgreSQL (issue 16).

Not collected by pytest (no `test_` prefix). Run from the repository root:

    .venv/bin/python tests/bench_summary.py [CALLS]

For 20 and for 200 networks it creates a fresh database on the test server (`tests/harness/db.py`:
`FAGNETT_TEST_POSTGRES_URL`, default the local server), migrates it, generates the data with bulk
inserts — per network 10 voting members over three HFs plus the adviser who sits in all, 50 cases
in mixed states, polls with 10 voters and their stances, two decisions a week for a year with
anchoring, escalations, meetings, follow-ups, an assignment, milestones for quality networks —
and asks for the adviser's summary CALLS times (default 50, after 3 warm-up calls), counting the
SQL statements each call sends. It prints one table: the data's size, queries per summary,
p50/p95/max milliseconds, and the size of the first page's card JSON. It exits non-zero when the
summary does not have a row per network or the query count differs between calls or sizes.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# The repository root first: `tests/dialogs` must not shadow the `dialogs` package.
sys.path[:0] = [str(HERE.parent), str(HERE)]

from sqlalchemy import event, insert  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from dialogs import cardkit  # noqa: E402
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted  # noqa: E402
from dialogs.summary import service as summary_service  # noqa: E402
from dialogs.summary.cards import summary_card  # noqa: E402
from dialogs.summary.rules import Filters  # noqa: E402
from dialogs.summary.service import SummaryService  # noqa: E402
from dialogs.turn import Actor  # noqa: E402
from harness.db import UNAVAILABLE, create_process_database, drop_process_database  # noqa: E402
from storage.db import Sessions, create_engine, create_sessions, migrate  # noqa: E402
from storage.models import (  # noqa: E402
    AnchoringConfirmation,
    Assignment,
    Base,
    Case,
    Decision,
    Escalation,
    FollowUp,
    Meeting,
    Membership,
    Network,
    Poll,
    PollVoter,
    QualityMilestone,
    Stance,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ADVISER = Actor("aad-adviser", "29:adviser", "Siri Rådgiver")
SIZES = (20, 200)
CASES_PER_NETWORK = 50
VOTERS = 10
HFS = ("st_olav", "hmr", "hnt")
KINDS = ("professional_leader", "council", "working_group", "quality_competence")
WARM_UP = 3
TEAMS_CARD_LIMIT = 28 * 1024

# Case states per network (50): 10 open, 5 polled, 3 escalated, 32 decided.
STATES = ["open"] * 10 + ["polling"] * 5 + ["escalated"] * 3 + ["decided"] * 32

# Case texts: random combinations from a clinical vocabulary, so a few pairs across networks
# share a topic (as in a real region) and most do not.
TOPICS = (
    "faste før narkose hos barn",
    "preoperativ faste",
    "antibiotikaprofylakse ved keisersnitt",
    "trombeprofylakse etter hofteprotese",
    "sepsis i akuttmottaket",
    "delirium hos eldre",
    "smertelindring etter dagkirurgi",
    "legemiddelgjennomgang i sykehjem",
    "ernæring ved kreftbehandling",
    "hjerneslag og trombolyse",
    "hjertesvikt poliklinikk",
    "diabetes type 1 hos ungdom",
    "KOLS rehabilitering",
    "fallforebygging på sengepost",
    "trykksår og forebygging",
    "blodtransfusjon og hemovigilans",
    "tolketjeneste for pasienter",
    "digital hjemmeoppfølging",
    "ventetid til psykisk helsevern",
    "rusbehandling og LAR",
    "fødselsdepresjon screening",
    "nyfødtscreening hørsel",
    "bildediagnostikk ved ryggsmerter",
    "laboratorieprøver før operasjon",
    "infeksjonskontroll MRSA",
    "håndhygiene og etterlevelse",
    "palliativ omsorg i hjemmet",
    "pakkeforløp lungekreft",
    "pakkeforløp brystkreft",
    "dialyse og nyresvikt",
    "beinskjørhet etter brudd",
    "ambulanse og prehospital triage",
    "legemiddelmangel og substitusjon",
    "kodekvalitet i journal",
    "samtykke og taushetsplikt",
    "overgang fra barn til voksen",
    "epilepsi og kjøreforbud",
    "migrene og forebyggende behandling",
    "kronisk utmattelse",
    "spiseforstyrrelser hos unge",
)
ASPECTS = (
    "felles prosedyre",
    "revidert retningslinje",
    "opplæring av personell",
    "kvalitetsindikator",
    "pasientinformasjon",
    "utstyr og innkjøp",
    "kapasitet og bemanning",
    "registerdata",
    "samhandling med kommunene",
    "evaluering etter ett år",
)


class NoTransport:
    """The outbox's transport: the summary sends nothing; anything it did send is dropped."""

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        return Posted(channel.service_url, channel.channel_id, "a-0")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        return thread

    async def update(self, posted: Posted, message: Message) -> None:
        return None

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        return Posted("https://smba/", f"a:{aad_id}", "a-0")


@dataclass(frozen=True)
class Result:
    networks: int
    cases: int
    decisions: int
    rows: int
    queries: set[int]
    timings_ms: list[float]
    related_ms: list[float]
    card_bytes: int


def _generate(networks: int) -> dict[type[Base], list[dict[str, Any]]]:
    """Every table's rows for `networks` networks, ids assigned here."""
    rng = random.Random(16)
    rows: dict[type[Base], list[dict[str, Any]]] = {
        m: []
        for m in (
            Network,
            Membership,
            Case,
            Poll,
            PollVoter,
            Stance,
            Escalation,
            Decision,
            AnchoringConfirmation,
            Meeting,
            FollowUp,
            Assignment,
            QualityMilestone,
        )
    }
    ids = {"case": 0, "poll": 0, "voter": 0, "stance": 0, "decision": 0, "anchor": 0}
    ids.update({"escalation": 0, "meeting": 0, "followup": 0, "member": 0, "milestone": 0})

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    director_id = 1
    for n in range(1, networks + 1):
        kind = "director" if n == director_id else KINDS[n % len(KINDS)]
        rows[Network].append(
            {
                "id": n,
                "name": f"Nettverk {n:03d}",
                "kind": kind,
                "tenant_id": "tenant",
                "team_id": f"team-{n}",
                "channel_id": f"19:channel-{n}@thread.tacv2",
                "service_url": "https://smba/",
                "quorum_rule": "every_hf",
                "user_representatives_vote": False,
                "created_at": NOW - timedelta(days=500),
                "created_by": "aad-admin",
            }
        )
        people = []
        for i in range(VOTERS):
            role = (
                "director"
                if kind == "director"
                else ("leader", "secretary")[i]
                if i < 2
                else "member"
            )
            person = {
                "id": next_id("member"),
                "network_id": n,
                "aad_id": f"aad-n{n}-m{i}",
                "teams_id": f"29:n{n}-m{i}",
                "name": f"Medlem {i} i nettverk {n}",
                "role": role,
                "hf": HFS[i % len(HFS)],
                "active": True,
                "updated_at": NOW - timedelta(days=400),
            }
            people.append(person)
            rows[Membership].append(person)
        rows[Membership].append(
            {
                "id": next_id("member"),
                "network_id": n,
                "aad_id": ADVISER.aad_id,
                "teams_id": ADVISER.teams_id,
                "name": ADVISER.name,
                "role": "rhf_adviser",
                "hf": "rhf",
                "active": True,
                "updated_at": NOW - timedelta(days=400),
            }
        )

        decided_cases: list[tuple[int, int | None]] = []  # (case id, closed poll id)
        for number, state in enumerate(STATES, start=1):
            case_id = next_id("case")
            created = NOW - timedelta(days=rng.randint(1, 360))
            rows[Case].append(
                {
                    "id": case_id,
                    "network_id": n,
                    "year": created.year,
                    "number": number,
                    "title": f"{rng.choice(TOPICS)}: {rng.choice(ASPECTS)}".capitalize(),
                    "description": f"{rng.choice(TOPICS)} og {rng.choice(ASPECTS)} i nettverk {n}.",
                    "proposal": "",
                    "case_type": "other",
                    "user_participation": False,
                    "needs_anchoring": state == "decided",
                    "state": state,
                    "service_url": "https://smba/",
                    "thread_id": f"19:channel-{n}@thread.tacv2;messageid={case_id}",
                    "lang": "nb",
                    "created_at": created,
                    "created_by": people[1]["aad_id"],
                }
            )
            if state in ("polling", "decided", "escalated"):
                poll_id = next_id("poll")
                running = state == "polling"
                opened = NOW - timedelta(days=2) if running else created + timedelta(days=1)
                rows[Poll].append(
                    {
                        "id": poll_id,
                        "case_id": case_id,
                        "network_id": n,
                        "state": "open" if running else "closed",
                        "round": 1,
                        "quorum_rule": "every_hf",
                        "deadline": opened + timedelta(days=7),
                        "deadline_moved": False,
                        "opened_at": opened,
                        "opened_by": people[1]["aad_id"],
                        "closed_at": None if running else opened + timedelta(days=7),
                        "closed_by": None if running else "system",
                        "close_reason": None if running else "deadline",
                        "outcome": None
                        if running
                        else ("consensus" if state == "decided" else "no_consensus"),
                    }
                )
                cast = rng.randint(3, VOTERS) if running else VOTERS
                for i, person in enumerate(people):
                    rows[PollVoter].append(
                        {
                            "id": next_id("voter"),
                            "poll_id": poll_id,
                            "aad_id": person["aad_id"],
                            "teams_id": person["teams_id"],
                            "name": person["name"],
                            "hf": person["hf"],
                        }
                    )
                    if i < cast:
                        rows[Stance].append(
                            {
                                "id": next_id("stance"),
                                "poll_id": poll_id,
                                "aad_id": person["aad_id"],
                                "stance": "block"
                                if state == "escalated" and i == 0
                                else rng.choice(("agree", "agree", "agree", "stand_aside")),
                                "reason": None,
                                "cast_at": opened + timedelta(hours=i + 1),
                            }
                        )
                if state == "decided":
                    decided_cases.append((case_id, poll_id))
                if state == "escalated":
                    requested = NOW - timedelta(days=rng.randint(1, 30))
                    rows[Escalation].append(
                        {
                            "id": next_id("escalation"),
                            "case_id": case_id,
                            "poll_id": poll_id,
                            "network_id": n,
                            "target_network_id": director_id,
                            "reason": "no_consensus",
                            "description": "",
                            "state": rng.choice(("requested", "delivered", "delivered")),
                            "requested_at": requested,
                            "requested_by": people[0]["aad_id"],
                            "deadline": requested + timedelta(days=14),
                            "deadline_moved": False,
                            "attempts": 0,
                        }
                    )

        # Two decisions a week for a year; the first ones decide the decided cases.
        for k in range(104):
            decided_at = NOW - timedelta(days=365) + timedelta(hours=84 * k + 10)
            decision_id = next_id("decision")
            linked: tuple[int | None, int | None] = (
                decided_cases[k] if k < len(decided_cases) else (None, None)
            )
            decided_case, decided_poll = linked
            rows[Decision].append(
                {
                    "id": decision_id,
                    "network_id": n,
                    "year": decided_at.year,
                    "number": k + 1,
                    "case_id": decided_case,
                    "poll_id": decided_poll,
                    "text": f"Nettverket vedtok sak {k + 1}.",
                    "outcome": "consensus",
                    "decided_at": decided_at,
                    "decided_by": "poll" if decided_poll else "meeting",
                    "recorded_by": people[1]["aad_id"],
                    "stance_summary": {"agree": 9, "stand_aside": 1},
                    "anchoring_hfs": list(HFS),
                }
            )
            for hf in HFS[: rng.choice((1, 2, 3, 3, 3))]:
                rows[AnchoringConfirmation].append(
                    {
                        "id": next_id("anchor"),
                        "decision_id": decision_id,
                        "hf": hf,
                        "confirmed_by": people[0]["aad_id"],
                        "confirmed_at": decided_at + timedelta(days=5),
                    }
                )

        for m in range(6):
            start = NOW + timedelta(days=7 * (m - 3) + rng.randint(0, 6))
            state = "held" if m < 3 else ("booked", "planned", "proposed")[m - 3]
            rows[Meeting].append(
                {
                    "id": next_id("meeting"),
                    "network_id": n,
                    "kind": "network",
                    "title": f"Nettverksmøte {m + 1}",
                    "state": state,
                    "window_from": start.date(),
                    "window_to": start.date() + timedelta(days=7),
                    "duration_minutes": 60,
                    "start_at": None if state == "proposed" else start,
                    "end_at": None if state == "proposed" else start + timedelta(hours=1),
                    "attendees": [],
                    "proposals": [],
                    "agenda": [],
                    "present": [],
                    "transaction_id": f"tx-{n}-{m}",
                    "service_url": "https://smba/",
                    "conversation_id": f"19:channel-{n}@thread.tacv2",
                    "lang": "nb",
                    "created_by": people[1]["aad_id"],
                    "created_at": start - timedelta(days=20),
                    "updated_at": start - timedelta(days=20),
                    "held_at": start if state == "held" else None,
                }
            )
        for f in range(8):
            owner = people[f % VOTERS]
            rows[FollowUp].append(
                {
                    "id": next_id("followup"),
                    "network_id": n,
                    "text": f"Oppfølging {f + 1}",
                    "owner_aad_id": owner["aad_id"],
                    "owner_name": owner["name"],
                    "due_on": (NOW + timedelta(days=rng.randint(-60, 30))).date(),
                    "state": "done" if f % 2 else "open",
                    "created_by": people[1]["aad_id"],
                    "created_at": NOW - timedelta(days=90),
                }
            )
        if n != director_id:
            open_case = next(c for c in rows[Case][-CASES_PER_NETWORK:] if c["state"] == "open")
            rows[Assignment].append(
                {
                    "id": n,
                    "case_id": open_case["id"],
                    "network_id": n,
                    "director_network_id": director_id,
                    "deadline": NOW + timedelta(days=rng.randint(-20, 40)),
                    "state": "open",
                    "thread_service_url": "https://smba/",
                    "thread_id": f"19:channel-{director_id}@thread.tacv2;messageid={n}",
                    "given_by": f"aad-n{director_id}-m0",
                    "given_at": NOW - timedelta(days=60),
                }
            )
        if kind == "quality_competence":
            for q in range(4):
                rows[QualityMilestone].append(
                    {
                        "id": next_id("milestone"),
                        "network_id": n,
                        "title": f"Milepæl {q + 1}",
                        "due_on": (NOW + timedelta(days=90 * (q - 2))).date(),
                        "owner_aad_id": people[0]["aad_id"],
                        "owner_name": people[0]["name"],
                        "state": ("done", "in_progress", "planned", "planned")[q],
                        "created_by": people[0]["aad_id"],
                        "created_at": NOW - timedelta(days=300),
                        "updated_at": NOW - timedelta(days=30),
                    }
                )
    return rows


async def _load(sessions: Sessions, rows: dict[type[Base], list[dict[str, Any]]]) -> None:
    """Bulk-insert every table in foreign-key order, in chunks."""
    async with sessions.begin() as session:
        for model, table_rows in rows.items():
            for start in range(0, len(table_rows), 5000):
                await session.execute(insert(model), table_rows[start : start + 5000])


def _timed_related() -> list[float]:
    """Time the related-cases computation inside the summary (wraps the service module's
    `related_pairs`; no file is changed)."""
    spent: list[float] = []
    original: Callable[..., Any] = summary_service.related_pairs  # type: ignore[attr-defined]

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append((time.perf_counter() - started) * 1000)

    setattr(summary_service, "related_pairs", timed)  # noqa: B010
    return spent


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _measure(url: str, networks: int, calls: int, related: list[float]) -> Result:
    engine: AsyncEngine = create_engine(url)
    try:
        await migrate(engine)
        sessions = create_sessions(engine, now=lambda: NOW)
        rows = _generate(networks)
        started = time.monotonic()
        await _load(sessions, rows)
        async with engine.connect() as connection:
            await connection.exec_driver_sql("ANALYZE")
        print(
            f"  {networks} networks: {sum(len(r) for r in rows.values())} rows loaded in "
            f"{time.monotonic() - started:.1f} s",
            file=sys.stderr,
        )
        outbox = Outbox(sessions, NoTransport(), now=lambda: NOW, pacer=Pacer())
        summary = SummaryService(sessions, outbox, admins=(), now=lambda: NOW)

        statements = 0

        def count(*_args: Any) -> None:
            nonlocal statements
            statements += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        queries: set[int] = set()
        timings: list[float] = []
        related_ms: list[float] = []
        first = None
        for i in range(WARM_UP + calls):
            statements = 0
            related.clear()
            started_call = time.perf_counter()
            result = await summary.summary(ADVISER, Filters())
            elapsed = (time.perf_counter() - started_call) * 1000
            if i >= WARM_UP:
                timings.append(elapsed)
                queries.add(statements)
                related_ms.extend(related)
            first = result
        event.remove(engine.sync_engine, "before_cursor_execute", count)
        assert first is not None
        card = cardkit.as_json(summary_card(first, "nb", csv_url="https://fagnett.example/x.csv"))
        return Result(
            networks=networks,
            cases=len(rows[Case]),
            decisions=len(rows[Decision]),
            rows=first.total,
            queries=queries,
            timings_ms=timings,
            related_ms=related_ms,
            card_bytes=len(json.dumps(card, ensure_ascii=False).encode()),
        )
    finally:
        await engine.dispose()


def main() -> int:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    related = _timed_related()
    results: list[Result] = []
    for networks in SIZES:
        url = create_process_database(suffix=f"_bench_summary_{networks}")
        if url is None:
            print(f"PostgreSQL unavailable: {'; '.join(UNAVAILABLE)}", file=sys.stderr)
            return 2
        try:
            results.append(asyncio.run(_measure(url, networks, calls, related)))
        finally:
            drop_process_database(url)

    print(f"Summary for the RHF adviser, PostgreSQL, {calls} calls after {WARM_UP} warm-up:")
    header = (
        f"{'networks':>8} {'cases':>6} {'decisions':>9} {'rows':>5} {'queries':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'related p50 ms':>14} {'card bytes':>10}"
    )
    print(header)
    for r in results:
        print(
            f"{r.networks:>8} {r.cases:>6} {r.decisions:>9} {r.rows:>5} "
            f"{'/'.join(map(str, sorted(r.queries))):>7} "
            f"{statistics.median(r.timings_ms):>7.1f} {_percentile(r.timings_ms, 0.95):>7.1f} "
            f"{max(r.timings_ms):>7.1f} {statistics.median(r.related_ms):>14.1f} "
            f"{r.card_bytes:>10}"
        )
    problems = []
    for r in results:
        if r.rows != r.networks:
            problems.append(f"{r.networks} networks gave {r.rows} rows")
        if len(r.queries) != 1:
            problems.append(f"{r.networks} networks: query count varied: {sorted(r.queries)}")
        if r.card_bytes > TEAMS_CARD_LIMIT:
            problems.append(f"{r.networks} networks: card {r.card_bytes} B > {TEAMS_CARD_LIMIT} B")
    if len({frozenset(r.queries) for r in results}) != 1:
        problems.append("the query count depends on the number of networks")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
