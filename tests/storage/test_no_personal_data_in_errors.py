"""A database error names the statement, never the values: no names, e-mails or typed text in
the log at the service's log levels (the engine hides parameters; `python -m bot` keeps
aiosqlite's statement tracing off)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from harness.db import BOTH
from storage.db import Sessions
from storage.models import Membership, Network


@BOTH
async def test_a_failed_insert_logs_no_personal_data(
    sessions: Sessions, caplog: pytest.LogCaptureFixture
) -> None:
    async with sessions.begin() as session:
        network = Network(
            name="Hjertenettverket",
            kind="professional_leader",
            team_id="t",
            channel_id="c",
            service_url="http://127.0.0.1/",
            created_by="admin",
        )
        session.add(network)
    person = {"aad_id": "aad-kari", "teams_id": "29:kari", "name": "Kari Nordmann"}
    async with sessions.begin() as session:
        session.add(Membership(network_id=network.id, role="member", **person))
    with caplog.at_level(logging.INFO), pytest.raises(IntegrityError) as failed:
        async with sessions.begin() as session:
            session.add(Membership(network_id=network.id, role="leader", **person))
    logging.getLogger("test").error("database error", exc_info=failed.value)

    assert "Kari Nordmann" not in str(failed.value)
    assert "aad-kari" not in str(failed.value)
    assert "Kari Nordmann" not in caplog.text
    assert "hidden due to hide_parameters" in str(failed.value)
