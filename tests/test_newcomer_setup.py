"""What a new developer meets on a fresh clone: their `.env` stays out of the tests, and a
PostgreSQL server without a `test` database is still used."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from harness.db import UNAVAILABLE, create_process_database, drop_process_database


def test_a_dotenv_in_the_working_folder_does_not_reach_the_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("MicrosoftAppId=11111111-2222-3333-4444-555555555555\n")
    monkeypatch.chdir(tmp_path)
    settings = Settings(database_url="sqlite+aiosqlite:///x.db")
    assert settings.app_id == ""
    assert settings.local_mode


def test_a_server_without_the_named_database_is_used_through_postgres(
    monkeypatch: pytest.MonkeyPatch, postgres_url: str | None
) -> None:
    if postgres_url is None:
        pytest.skip(UNAVAILABLE[-1] if UNAVAILABLE else "PostgreSQL is not available")
    base = postgres_url.rsplit("/", 1)[0]
    monkeypatch.setenv("FAGNETT_TEST_POSTGRES_URL", f"{base}/fagnett_no_such_database")
    created = create_process_database(suffix="_fallback")
    assert created is not None, UNAVAILABLE
    drop_process_database(created)
