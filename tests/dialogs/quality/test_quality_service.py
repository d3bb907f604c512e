"""The quality service against a real database (SQLite and PostgreSQL): agreements versioned and
shown as they stood on a date, an overlap for one person warned about, the budget's use and its
warning, two coordinators changing one agreement at once, and the evaluation case opened once
when two bot instances race."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.errors import InvalidInput, NotAllowed
from dialogs.i18n import OSLO
from dialogs.members.service import MemberService
from dialogs.nudges.service import NudgeService
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.quality.rules import Region, Warning
from dialogs.quality.service import AgreementForm, QualityService, SetupForm
from dialogs.turn import Actor
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions, create_engine, create_sessions
from storage.models import (
    Case,
    Event,
    Membership,
    Network,
    OutboxMessage,
    QualityAgreementVersion,
    QualityNetwork,
    Reminder,
)

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)

PEOPLE = {
    "kari": ("Kari Nordmann", "leader", "st_olav"),
    "per": ("Per Olsen", "secretary", "st_olav"),
    "ola": ("Ola Hansen", "member", "hmr"),
    "siri": ("Siri Dahl", "rhf_adviser", "rhf"),
}


def actor(key: str) -> Actor:
    return Actor(f"aad-{key}", f"29:{key}", PEOPLE[key][0])


@dataclass
class Recording:
    """A transport that accepts everything and remembers it."""

    sent: list[tuple[str, Message]] = field(default_factory=list)

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        self.sent.append((channel.channel_id, message))
        return Posted(channel.service_url, f"{channel.channel_id};messageid=1", "card-1")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        self.sent.append((thread.conversation_id, message))
        return Posted(thread.service_url, thread.conversation_id, f"a-{len(self.sent)}")

    async def update(self, posted: Posted, message: Message) -> None:
        self.sent.append((f"update:{posted.activity_id}", message))

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        self.sent.append((aad_id, message))
        return Posted("https://smba/", f"a:{aad_id}", f"a-{len(self.sent)}")


class SlowReminders:
    """The real nudges capability, slowed inside the caller's transaction so that concurrent
    transactions overlap."""

    def __init__(self, nudges: NudgeService, pause: float) -> None:
        self._nudges = nudges
        self._pause = pause

    async def schedule(
        self,
        session: AsyncSession,
        *,
        subject: str,
        kind: str,
        network_id: int | None,
        deadline: datetime,
        recipients: Sequence[str],
        action: dict[str, Any],
        params: dict[str, Any],
    ) -> int:
        await asyncio.sleep(self._pause)
        return await self._nudges.schedule(
            session,
            subject=subject,
            kind=kind,
            network_id=network_id,
            deadline=deadline,
            recipients=recipients,
            action=action,
            params=params,
        )

    async def cancel(
        self, session: AsyncSession, *, subject: str, recipient: str | None = None
    ) -> int:
        return await self._nudges.cancel(session, subject=subject, recipient=recipient)


def quality_service(sessions: Sessions, clock: FakeClock, *, pause: float = 0.0) -> QualityService:
    """A bot instance's quality service over `sessions`."""
    outbox = Outbox(sessions, Recording(), now=clock, pacer=Pacer(per_tenant=((1000, 1.0),)))
    nudges = NudgeService(sessions, outbox, now=clock)
    return QualityService(
        sessions,
        MemberService(sessions, admins=[]),
        outbox,
        SlowReminders(nudges, pause),
        now=clock,
    )


@pytest.fixture
async def network(sessions: Sessions, clock: FakeClock) -> Network:
    """A quality network coordinated from Helse Midt-Norge, its term from 1 January 2026."""
    clock.set(MONDAY.astimezone(UTC))
    async with sessions.begin() as session:
        network = Network(
            name="Smertenettverket",
            kind="quality_competence",
            tenant_id="tenant",
            team_id="team",
            channel_id="19:general",
            service_url="https://smba/",
            created_by="aad-kari",
        )
        session.add(network)
        await session.flush()
        session.add_all(
            Membership(
                network_id=network.id,
                aad_id=f"aad-{key}",
                teams_id=f"29:{key}",
                name=name,
                role=role,
                hf=hf,
                email=f"{key}@example.org",
            )
            for key, (name, role, hf) in PEOPLE.items()
        )
    await quality_service(sessions, clock).setup(
        actor("per"),
        network,
        SetupForm(
            coordinating_hf="St. Olavs hospital HF",
            coordinating_region="midt",
            clinic="Klinikk for anestesi",
            start_on=date(2026, 1, 1),
            english_name="Norwegian National Network for Pain Medicine",
        ),
    )
    return network


def form(
    person: str = "Nora Nord",
    region: str = "nord",
    percent: str = "20",
    start_on: date = date(2027, 1, 1),
    end_on: date = date(2027, 12, 31),
    cost: str = "300000",
    content: str = "Kompetansespredning",
) -> AgreementForm:
    return AgreementForm(
        host_hf=f"Vertssykehus {region}",
        region=region,
        person=person,
        content=content,
        percent=percent,
        start_on=start_on,
        end_on=end_on,
        yearly_cost=cost,
        anchored_by="Klinikksjef",
    )


@BOTH
async def test_an_agreement_is_shown_as_it_stood_on_a_date(
    sessions: Sessions, clock: FakeClock, network: Network
) -> None:
    service = quality_service(sessions, clock)
    first = await service.save_agreement(actor("per"), network, None, form(percent="15"))
    clock.set(datetime(2026, 12, 10, 10, 0, tzinfo=OSLO).astimezone(UTC))
    second = await service.save_agreement(actor("kari"), network, first.id, form(percent="20"))
    clock.set(datetime(2027, 2, 1, 10, 0, tzinfo=OSLO).astimezone(UTC))
    ended = await service.end_agreement(actor("per"), first.id, date(2027, 6, 30))

    assert (first.version, second.version, ended.version) == (1, 2, 3)
    assert [(v.version, v.percent) for v in await service.agreements(network)] == [(3, 2000)]
    on_first_day = await service.agreements(network, as_of=date(2026, 11, 23))
    assert [(v.version, v.percent, v.ended) for v in on_first_day] == [(1, 1500, False)]
    on_a_later_day = await service.agreements(network, as_of=date(2027, 1, 31))
    assert [(v.version, v.percent, v.end_on) for v in on_a_later_day] == [
        (2, 2000, date(2027, 12, 31))
    ]
    assert await service.agreements(network, as_of=date(2026, 11, 22)) == []
    now = await service.agreements(network)
    assert now[0].ended
    assert now[0].end_on == date(2027, 6, 30)
    _network_id, history = await service.history(first.id)
    assert [(v.version, v.percent, v.ended) for v in history] == [
        (1, 1500, False),
        (2, 2000, False),
        (3, 2000, True),
    ]
    async with sessions() as session:
        kinds = list(await session.scalars(select(Event.kind).order_by(Event.id)))
    assert kinds.count("AgreementRecorded") == 1
    assert kinds.count("AgreementChanged") == 1
    assert kinds.count("AgreementEnded") == 1


async def test_a_member_may_not_record_an_agreement(
    sessions: Sessions, clock: FakeClock, network: Network
) -> None:
    service = quality_service(sessions, clock)
    with pytest.raises(NotAllowed):
        await service.save_agreement(actor("ola"), network, None, form())
    assert await service.agreements(network) == []


async def test_overlapping_agreements_for_one_person_are_warned_about(
    sessions: Sessions, clock: FakeClock, network: Network
) -> None:
    service = quality_service(sessions, clock)
    first = await service.save_agreement(actor("per"), network, None, form())
    assert first.warnings == ()
    overlapping = await service.save_agreement(
        actor("per"),
        network,
        None,
        form(region="vest", start_on=date(2027, 6, 1), end_on=date(2028, 5, 31), percent="25"),
    )
    assert set(overlapping.warnings) == {Warning.OVERLAP, Warning.PERCENT}
    someone_else = await service.save_agreement(
        actor("per"), network, None, form(person="Vera Vest", region="vest")
    )
    assert someone_else.warnings == ()
    shown = {v.id: set(v.warnings) for v in await service.agreements(network)}
    assert shown == {
        first.id: {Warning.OVERLAP},
        overlapping.id: {Warning.OVERLAP, Warning.PERCENT},
        someone_else.id: set(),
    }


async def test_the_budget_counts_agreements_and_costs_and_warns_before_the_frame(
    sessions: Sessions, clock: FakeClock, network: Network
) -> None:
    service = quality_service(sessions, clock)
    for person, region in (("Nora Nord", "nord"), ("Vera Vest", "vest")):
        await service.save_agreement(
            actor("per"), network, None, form(person=person, region=region)
        )
    partial = await service.budget(network, 2027)
    assert partial.frame == 100_000_000  # not every other region: 1 MNOK
    assert partial.committed == {
        Region.NORD: 30_000_000,
        Region.MIDT: 0,
        Region.VEST: 30_000_000,
        Region.SOR_OST: 0,
    }

    await service.save_agreement(
        actor("per"), network, None, form(person="Siv Sør", region="sor_ost")
    )
    await service.record_cost(
        actor("kari"),
        network,
        region="midt",
        spent_on=date(2027, 3, 15),
        amount="100 000",
        text="Nettverkssamling",
    )
    full = await service.budget(network, 2027)
    assert full.frame == 200_000_000  # positions in all three other regions: 2 MNOK
    assert full.used == 100_000_000
    assert full.remaining == 100_000_000
    assert full.level == "ok"
    assert full.other[Region.MIDT] == 10_000_000
    assert sum(full.other.values()) == 10_000_000
    assert await service.budget(network, 2026) != full

    await service.record_cost(
        actor("per"),
        network,
        region="midt",
        spent_on=date(2027, 9, 1),
        amount="850000",
        text="Nettsted og kurs",
    )
    near = await service.budget(network, 2027)
    assert near.used == 185_000_000
    assert near.level == "near"
    async with sessions() as session:
        warned = list(await session.scalars(select(Event.id).where(Event.kind == "BudgetWarned")))
        targets: list[dict[str, Any]] = list(
            await session.scalars(
                select(OutboxMessage.target).where(
                    OutboxMessage.subject == f"network:{network.id}:budget:2027:near"
                )
            )
        )
        personal = sorted(target["aad_id"] for target in targets)
    assert len(warned) == 1
    assert personal == ["aad-kari", "aad-per"]


@BOTH
async def test_two_coordinators_changing_one_agreement_at_once_each_get_a_version(
    sessions: Sessions, clock: FakeClock, network: Network
) -> None:
    setup = quality_service(sessions, clock)
    agreement = await setup.save_agreement(actor("per"), network, None, form(percent="15"))
    # Two bot instances; each holds its transaction open a moment after writing its version.
    one, other = (
        quality_service(sessions, clock, pause=0.1),
        quality_service(sessions, clock, pause=0.1),
    )
    saved = await asyncio.gather(
        one.save_agreement(actor("per"), network, agreement.id, form(percent="18")),
        other.save_agreement(
            actor("kari"), network, agreement.id, form(percent="12", content="Veiledning")
        ),
    )
    assert sorted(s.version for s in saved) == [2, 3]
    async with sessions() as session:
        versions = list(
            await session.scalars(
                select(QualityAgreementVersion)
                .where(QualityAgreementVersion.agreement_id == agreement.id)
                .order_by(QualityAgreementVersion.version)
            )
        )
    assert [v.version for v in versions] == [1, 2, 3]
    assert {(v.recorded_by, v.percent) for v in versions[1:]} == {
        ("aad-per", 1800),
        ("aad-kari", 1200),
    }
    latest = (await setup.agreements(network))[0]
    assert (latest.version, latest.percent) == (versions[2].version, versions[2].percent)


@pytest.fixture
async def second_instance(database_url: str, clock: FakeClock) -> AsyncIterator[Sessions]:
    """Another bot instance's connection pool to the same database."""
    engine = create_engine(database_url)
    yield create_sessions(engine, now=clock)
    await engine.dispose()


@BOTH
async def test_the_evaluation_case_opens_once_when_two_instances_race(
    sessions: Sessions, second_instance: Sessions, clock: FakeClock, network: Network
) -> None:
    one = quality_service(sessions, clock, pause=0.1)
    other = quality_service(second_instance, clock, pause=0.1)
    clock.set(datetime(2030, 6, 30, 12, 0, tzinfo=OSLO).astimezone(UTC))
    early = await asyncio.gather(one.open_due_evaluations(), other.open_due_evaluations())
    assert list(early) == [0, 0]
    clock.set(datetime(2030, 7, 1, 12, 0, tzinfo=OSLO).astimezone(UTC))
    opened = await asyncio.gather(one.open_due_evaluations(), other.open_due_evaluations())
    assert sorted(opened) == [0, 1]
    assert await other.open_due_evaluations() == 0

    async with sessions() as session:
        cases = list(await session.scalars(select(Case)))
        details = await session.get(QualityNetwork, network.id)
        events = list(
            await session.scalars(select(Event.kind).where(Event.kind == "EvaluationOpened"))
        )
        posts = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.subject == f"case:{cases[0].id}")
        )
        nudged = set(
            await session.scalars(
                select(Reminder.recipient_aad_id).where(
                    Reminder.subject == f"evaluation:{network.id}"
                )
            )
        )
    assert len(cases) == 1
    assert details is not None
    assert details.evaluation_case_id == cases[0].id
    assert details.end_on == date(2030, 12, 31)
    assert events == ["EvaluationOpened"]
    assert posts == 1
    assert nudged == {"aad-kari", "aad-per", "aad-siri"}


@BOTH
async def test_an_overdue_milestone_is_nudged_after_its_date_and_counted_in_the_year_report(
    sessions: Sessions, clock: FakeClock, network: Network
) -> None:
    service = quality_service(sessions, clock)
    plan = [
        ("Felles prosedyre", date(2026, 11, 25)),
        ("Fagdag", date(2026, 11, 30)),
        ("Nettside", date(2026, 12, 10)),
    ]
    ids = {}
    for title, due in plan:
        milestone = await service.add_milestone(
            actor("per"), network, title=title, due_on=due, owner="aad-ola"
        )
        ids[title] = milestone.id
    async with sessions() as session:
        last_nudge = await session.scalar(
            select(func.max(Reminder.due_at)).where(
                Reminder.subject == f"milestone:{ids['Fagdag']}"
            )
        )
    assert last_nudge is not None
    assert last_nudge.astimezone(OSLO).date() > date(2026, 11, 30)  # nudged after, overdue

    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=OSLO).astimezone(UTC))
    await service.set_state(actor("ola"), ids["Felles prosedyre"], "done")
    await service.save_agreement(
        actor("per"),
        network,
        None,
        form(start_on=date(2026, 7, 1), end_on=date(2026, 12, 31), cost="365000"),
    )
    await service.approve(actor("kari"), network, date(2026, 1, 1), date(2026, 6, 30))

    clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=OSLO).astimezone(UTC))
    shown = await service.milestones(actor("kari"), network)
    assert [(m.title, m.state.value) for m in shown] == [
        ("Felles prosedyre", "done"),
        ("Fagdag", "overdue"),
        ("Nettside", "planned"),
    ]
    year = await service.year_report(network, 2026)
    assert year.as_of == date(2026, 12, 2)
    assert [(m.title, m.done_on) for m in year.reached] == [
        ("Felles prosedyre", date(2026, 11, 24))
    ]
    assert [m.title for m in year.overdue] == ["Fagdag"]
    assert [m.title for m in year.coming] == ["Nettside"]
    assert [(a.person, cost) for a, cost in year.agreements] == [
        ("Nora Nord", 36_500_000 * 184 // 365)
    ]
    assert year.budget.frame == 100_000_000
    assert year.reports == ((date(2026, 1, 1), date(2026, 6, 30), date(2026, 11, 24)),)

    # 2025, drawn up to its last day: nothing was due or done then.
    earlier = await service.year_report(network, 2025)
    assert (earlier.reached, earlier.overdue, earlier.coming, earlier.reports) == ((), (), (), ())
    with pytest.raises(InvalidInput):
        await service.year_report(network, 2027)
