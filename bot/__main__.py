"""`python -m bot`: start Fagnett."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.app import create_app
from bot.auth import ConfigurationError
from bot.settings import Settings


def main() -> None:
    """Read settings, configure logging, serve until interrupted."""
    settings = Settings()  # values come from the environment
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # aiosqlite logs every statement's values at DEBUG: names and typed text stay out of the log
    # even with LOG_LEVEL=DEBUG.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.root.level))
    try:
        app = create_app(settings)
    except ConfigurationError as refused:
        logging.getLogger("bot").error("not starting: %s", refused)
        raise SystemExit(2) from None
    web.run_app(app, host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
