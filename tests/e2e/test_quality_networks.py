"""End to end over HTTP: a quality and competence network with agreements in three regions gets
the 2 MNOK frame, an agreement at 25 % is warned about, a milestone nudge goes out in working
hours, the progress report lists milestones and costs, and the evaluation case opens six months
before the five-year term ends."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import aiohttp
import docx
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.app import OUTBOX
from bot.settings import Settings
from bot.wiring import Services
from dialogs.i18n import OSLO
from dialogs.nudges.rules import DEFAULT_PLANS, due_moments
from dialogs.quality.cards import money
from dialogs.quality.service import due_moment
from dialogs.workdays import in_working_hours
from harness.client import Channel, TeamsClient, card_text, find_action
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import HJERTE_ROLES, assign_roles, message, ok_card, register_network
from storage.db import Sessions
from storage.models import Case, QualityMilestone, QualityNetwork, Reminder

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The periodic jobs wait an hour: the test runs them itself."""
    return Settings(
        database_url=database_url,
        admins=[],
        tenants=[],
        poll_close_seconds=3600,
        nudge_sweep_seconds=3600,
        escalation_retry_seconds=3600,
        outbox_seconds=3600,
    )


def agreement(person: str, region: str, percent: str, cost: str) -> dict[str, str]:
    return {
        "person": person,
        "host_hf": f"Vertssykehus {region}",
        "region": region,
        "content": "Kompetansespredning i regionen",
        "percent": percent,
        "start_on": "2026-03-01",
        "end_on": "2028-12-31",
        "yearly_cost": cost,
        "anchored_by": "Klinikksjef",
    }


async def test_quality_network_frame_warning_nudge_report_and_evaluation(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot: TestServer,
    bot_sessions: Sessions,
    bot_services: Services,
    clock: FakeClock,
) -> None:
    clock.set(MONDAY.astimezone(UTC))
    per, ola = people["per"], people["ola"]
    await teams.install(ola)
    ok_card(
        await register_network(
            teams,
            people["kari"],
            channel,
            name="Smertenettverket",
            kind="quality_competence",
            secretary=per,
        )
    )
    assert any(text.startswith("Skriv **kvalitet**") for text in connector.texts())
    await assign_roles(teams, per, channel, people, HJERTE_ROLES)

    # Registration: a member is refused; the coordinator gets the form and saves it.
    await teams.say(ola, "kvalitet", channel)
    assert "Du har ikke tilgang" in connector.texts()[-1]
    await teams.say(per, "kvalitet", channel)
    form = connector.cards()[-1]
    overview = ok_card(
        await teams.click(
            per,
            find_action(form, "quality.setup"),
            channel,
            inputs={
                "coordinating_hf": "St. Olavs hospital HF",
                "coordinating_region": "midt",
                "clinic": "Klinikk for anestesi",
                "start_on": "2026-03-01",
                "english_name": "National Network for Pain Medicine",
            },
        )
    )
    text = card_text(overview)
    assert "28. feb. 2031" in text  # five years, last day
    assert "Norwegian National Network for Pain Medicine" in text  # the suggestion
    assert "Avtaler om deltidsstillinger mangler" in text

    # Three agreements in the three other regions; one at 25 % is warned about.
    for person, region, percent, cost in [
        ("Nora Nord", "nord", "20", "150000"),
        ("Vera Vest", "vest", "15", "120000"),
        ("Siv Sør", "sor_ost", "25", "180000"),
    ]:
        saved = await teams.click(
            per,
            {"action": "quality.agreement_save"},
            channel,
            inputs=agreement(person, region, percent, cost),
        )
        listing = ok_card(saved)
    assert "Stillingsprosenten er utenfor 10–20 %" in card_text(listing)
    assert card_text(listing).count("Stillingsprosenten er utenfor") == 1

    # The frame is 2 MNOK; use is the agreements' cost from March to December.
    await teams.say(ola, "budsjett", channel)
    budget = card_text(connector.cards()[-1])
    assert money(200_000_000, "nb") in budget
    expected = bot_services.quality
    view = await expected.budget(await bot_services.networks.require(_place(channel)))
    assert view.frame == 200_000_000
    march_to_december = (date(2026, 12, 31) - date(2026, 3, 1)).days + 1
    assert view.used == sum(c * 100 * march_to_december // 365 for c in (150000, 120000, 180000))
    assert money(view.used, "nb") in budget

    # A milestone owned by Ola is nudged in working hours before it is due.
    due = date(2026, 4, 15)
    await teams.click(
        per,
        {"action": "quality.milestone_save"},
        channel,
        inputs={
            "title": "Felles prosedyre for smertebehandling",
            "due_on": due.isoformat(),
            "owner": ola.aad_id,
        },
    )
    async with bot_sessions() as session:
        milestone = await session.scalar(select(QualityMilestone))
        first = await session.scalar(
            select(func.min(Reminder.due_at)).where(
                Reminder.subject == f"milestone:{milestone.id if milestone else 0}"
            )
        )
    assert milestone is not None
    assert first == due_moments(DEFAULT_PLANS["milestone"], due_moment(due), clock())[0]
    assert in_working_hours(first)
    clock.set(first)
    await bot_services.nudges.sweep()
    await bot.app[OUTBOX].idle()
    personal = connector.cards(f"a:personal-{ola.key}")
    nudges = [c for c in personal if "Felles prosedyre for smertebehandling" in card_text(c)]
    assert len(nudges) == 1

    # The progress report lists the milestone and the costs.
    await teams.say(per, "framdrift 2026-01-01 2026-06-30", channel)
    report = card_text(connector.cards()[-1])
    assert "Felles prosedyre for smertebehandling" in report
    assert "Nora Nord" in report
    half = 150000 * 100 * ((date(2026, 6, 30) - date(2026, 3, 1)).days + 1) // 365
    assert money(half, "nb") in report
    approve = find_action(connector.cards()[-1], "quality.report_approve")
    approved = ok_card(await teams.click(per, approve, channel))
    assert "Godkjent av koordinator." in card_text(approved)
    again = await teams.click(per, approve, channel)
    assert "allerede godkjent" in message(again)

    # The approved report downloads through its signed links, as Word and as Markdown.
    links = {a["title"]: a["url"] for a in approved["actions"]}
    status, body = await fetch(bot, links["Last ned Word"])
    assert status == 200
    word = docx.Document(io.BytesIO(body))
    assert (
        word.core_properties.title
        == "Framdriftsrapport 1. jan. 2026 – 30. juni 2026: Smertenettverket"
    )
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == word.core_properties.title
    for expected_text in (
        "Felles prosedyre for smertebehandling",
        "Nora Nord",
        "Vera Vest",
        "Siv Sør",
        money(half, "nb"),
        "Godkjent av koordinator.",
    ):
        assert any(expected_text in p for p in paragraphs), expected_text
    total = next(p for p in paragraphs if p.startswith("Sum kostnader i perioden: "))
    status, body = await fetch(bot, links["Last ned Markdown"])
    assert status == 200
    markdown = body.decode()
    assert markdown.startswith(f"# {word.core_properties.title}\n")
    assert "\n## " in markdown
    assert "Felles prosedyre for smertebehandling" in markdown
    assert "Nora Nord" in markdown
    assert money(half, "nb") in markdown
    assert total in markdown
    assert "Godkjent av koordinator." in markdown
    forged = links["Last ned Markdown"].replace("sig=", "sig=0")
    assert (await fetch(bot, forged))[0] == 403

    # The evaluation case opens six months before the term ends, not a day earlier.
    clock.set(datetime(2030, 8, 31, 12, 0, tzinfo=OSLO).astimezone(UTC))
    assert await bot_services.quality.open_due_evaluations() == 0
    clock.set(datetime(2030, 9, 1, 12, 0, tzinfo=OSLO).astimezone(UTC))
    assert await bot_services.quality.open_due_evaluations() == 1
    assert await bot_services.quality.open_due_evaluations() == 0
    await bot.app[OUTBOX].idle()
    async with bot_sessions() as session:
        details = await session.scalar(select(QualityNetwork))
        case = await session.scalar(select(Case))
        evaluation = await session.scalar(
            select(func.count(Reminder.id)).where(Reminder.subject.like("evaluation:%"))
        )
    assert details is not None
    assert case is not None
    assert details.evaluation_case_id == case.id
    assert "Evaluering" in case.title
    assert case.thread_id
    assert evaluation
    assert any("evaluering av Smertenettverket" in t for t in connector.texts())


async def fetch(bot: TestServer, url: str) -> tuple[int, bytes]:
    """GET a signed link from the bot under test."""
    local = str(bot.make_url(urlsplit(url).path)) + "?" + urlsplit(url).query
    async with aiohttp.ClientSession() as http, http.get(local) as response:
        return response.status, await response.read()


def _place(channel: Channel):  # type: ignore[no-untyped-def]
    from dialogs.turn import Place

    return Place(
        "channel", channel.channel_id, "http://x", None, channel.team_id, channel.channel_id
    )


async def test_an_overdue_milestone_is_nudged_shown_first_and_reported_in_erapport(
    teams: TeamsClient,
    connector: Connector,
    people: dict[str, Person],
    channel: Channel,
    bot: TestServer,
    bot_services: Services,
    clock: FakeClock,
) -> None:
    clock.set(MONDAY.astimezone(UTC))
    per, ola = people["per"], people["ola"]
    await teams.install(ola)
    ok_card(
        await register_network(
            teams,
            people["kari"],
            channel,
            name="Smertenettverket",
            kind="quality_competence",
            secretary=per,
        )
    )
    await assign_roles(teams, per, channel, people, HJERTE_ROLES)
    await teams.say(per, "kvalitet", channel)
    ok_card(
        await teams.click(
            per,
            find_action(connector.cards()[-1], "quality.setup"),
            channel,
            inputs={
                "coordinating_hf": "St. Olavs hospital HF",
                "coordinating_region": "midt",
                "clinic": "Klinikk for anestesi",
                "start_on": "2026-03-01",
                "english_name": "Norwegian National Network for Pain Medicine",
            },
        )
    )
    ok_card(
        await teams.click(
            per,
            {"action": "quality.agreement_save"},
            channel,
            inputs=agreement("Nora Nord", "nord", "20", "150000"),
        )
    )
    due = date(2026, 3, 10)
    for title, day in (
        ("Felles prosedyre for smertebehandling", due),
        ("Nettside publisert", date(2026, 5, 4)),
    ):
        ok_card(
            await teams.click(
                per,
                {"action": "quality.milestone_save"},
                channel,
                inputs={"title": title, "due_on": day.isoformat(), "owner": ola.aad_id},
            )
        )

    # Nudged the day before, then in working hours after the date has passed.
    moments = due_moments(DEFAULT_PLANS["milestone"], due_moment(due), clock())
    overdue = [m for m in moments if m > due_moment(due)]
    assert len(overdue) == 3
    assert all(in_working_hours(m) for m in moments)
    for moment in moments[: moments.index(overdue[0]) + 1]:
        clock.set(moment)
        await bot_services.nudges.sweep()
    await bot.app[OUTBOX].idle()
    nudges = [
        card_text(c)
        for c in connector.cards(f"a:personal-{ola.key}")
        if "Felles prosedyre for smertebehandling" in card_text(c)
    ]
    assert len(nudges) == len(moments) - 2
    assert "Fristen gikk ut" in nudges[-1]
    assert all("Fristen gikk ut" not in n for n in nudges[:-1])

    # The coordinator sees it marked and first.
    await teams.say(per, "milepæler", channel)
    plan = card_text(connector.cards()[-1])
    assert "1 milepæl er over fristen og står øverst." in plan
    marked = "⚠ **Felles prosedyre for smertebehandling** (over fristen)"
    assert plan.index(marked) < plan.index("Nettside publisert")

    # The progress report leads to the year's eRapport text.
    await teams.say(per, "framdrift", channel)
    approved = ok_card(
        await teams.click(
            per, find_action(connector.cards()[-1], "quality.report_approve"), channel
        )
    )
    shown = ok_card(await teams.click(per, find_action(approved, "quality.erapport"), channel))
    text = card_text(shown)
    assert "eRapport 2026: Smertenettverket" in text
    line = f"Felles prosedyre for smertebehandling ({ola.name}): frist 10. mars 2026."
    assert line in text
    frame = (
        await bot_services.quality.budget(await bot_services.networks.require(_place(channel)))
    ).frame
    assert money(frame, "nb") in text

    links = {a["title"]: a["url"] for a in shown["actions"]}
    status, body = await fetch(bot, links["Last ned tekst"])
    assert status == 200
    plain = body.decode()
    assert plain.startswith("eRapport 2026: Smertenettverket\n")
    assert f"\n\nMilepæler over fristen\n{line}\n\n" in plain
    assert "\n\nFramdriftsrapporter godkjent\n1. jan. 2026 – 11. mars 2026, godkjent " in plain
    assert "Nora Nord, Vertssykehus nord (Helse Nord), 20 %: " in plain
    status, body = await fetch(bot, links["Last ned Markdown"])
    assert status == 200
    assert body.decode().startswith("# eRapport 2026: Smertenettverket\n")
    forged = links["Last ned tekst"].replace("sig=", "sig=0")
    assert (await fetch(bot, forged))[0] == 403

    # The same through the command, for any member; a year not begun is refused.
    await teams.say(ola, "framdrift eRapport 2026", channel)
    assert "eRapport 2026: Smertenettverket" in card_text(connector.cards()[-1])
    await teams.say(ola, "framdrift erapport 2027", channel)
    assert "Skriv et årstall som har begynt" in connector.texts()[-1]
