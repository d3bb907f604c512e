"""The adviser's summary counts a quality network's overdue milestones: unfinished and past their
date, not done or cancelled ones, not those due today; shown on the row and in the details of
quality networks only, and weighed in the attention order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dialogs.cardkit import as_json
from dialogs.outbox import ChannelAddress, Message, Outbox, Pacer, Posted
from dialogs.summary.cards import details_card, row_text
from dialogs.summary.rules import Filters
from dialogs.summary.service import SummaryService
from dialogs.turn import Actor
from harness.client import card_text
from harness.clock import FakeClock
from harness.db import BOTH
from storage.db import Sessions
from storage.models import Membership, Network, QualityMilestone

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SIRI = Actor("aad-siri", "29:siri", "Siri Dahl")


class Silent:
    """A transport the summary never uses here."""

    async def post_to_channel(self, channel: ChannelAddress, message: Message) -> Posted:
        raise AssertionError("nothing is sent")

    async def reply_in_thread(self, thread: Posted, message: Message) -> Posted:
        raise AssertionError("nothing is sent")

    async def update(self, posted: Posted, message: Message) -> None:
        raise AssertionError("nothing is sent")

    async def send_personal(self, aad_id: str, message: Message) -> Posted:
        raise AssertionError("nothing is sent")


def _network(name: str, kind: str) -> Network:
    return Network(
        name=name,
        kind=kind,
        tenant_id="tenant",
        team_id=f"team-{name}",
        channel_id=f"19:{name}",
        service_url="https://smba/",
        created_by="aad-admin",
    )


def _milestone(network: Network, title: str, due_on: date, state: str) -> QualityMilestone:
    return QualityMilestone(
        network_id=network.id,
        title=title,
        due_on=due_on,
        owner_aad_id="aad-ola",
        owner_name="Ola Hansen",
        state=state,
        created_by="aad-per",
    )


@BOTH
async def test_overdue_milestones_are_counted_for_quality_networks(
    sessions: Sessions, clock: FakeClock
) -> None:
    clock.set(NOW)
    async with sessions.begin() as session:
        quality = _network("Smertenettverket", "quality_competence")
        calm = _network("Rolignettverket", "quality_competence")
        other = _network("Hjerteledere", "professional_leader")
        session.add_all([quality, calm, other])
        await session.flush()
        session.add(
            Membership(
                network_id=other.id,
                aad_id=SIRI.aad_id,
                teams_id=SIRI.teams_id,
                name=SIRI.name,
                role="rhf_adviser",
                hf="rhf",
            )
        )
        session.add_all(
            [
                _milestone(quality, "Planlagt, forfalt", date(2026, 11, 1), "planned"),
                _milestone(quality, "Påbegynt, forfalt", date(2026, 11, 20), "in_progress"),
                _milestone(quality, "Ferdig", date(2026, 11, 1), "done"),
                _milestone(quality, "Avlyst", date(2026, 11, 1), "cancelled"),
                _milestone(quality, "Frist i dag", date(2026, 11, 23), "planned"),
                _milestone(calm, "Senere", date(2026, 12, 20), "planned"),
            ]
        )
    outbox = Outbox(sessions, Silent(), now=clock, pacer=Pacer(per_tenant=((1000, 1.0),)))
    service = SummaryService(sessions, outbox, now=clock)

    summary = await service.summary(SIRI, Filters())
    rows = {row.name: row for row in summary.rows}
    assert rows["Smertenettverket"].overdue_milestones == 2
    assert rows["Rolignettverket"].overdue_milestones == 0
    assert rows["Hjerteledere"].overdue_milestones == 0
    assert [row.name for row in summary.rows][0] == "Smertenettverket"

    assert row_text(rows["Smertenettverket"], NOW, "nb").endswith(" · milepæler over fristen 2")
    assert row_text(rows["Smertenettverket"], NOW, "en").endswith(" · overdue milestones 2")
    assert "milepæler" not in row_text(rows["Hjerteledere"], NOW, "nb")

    details = await service.details(SIRI, rows["Smertenettverket"].network_id)
    text = card_text(as_json(details_card(details, NOW, "nb")))
    assert "Milepæler over fristen" in text
    assert "Milepæler over fristen" not in card_text(
        as_json(details_card(rows["Hjerteledere"], NOW, "nb"))
    )
