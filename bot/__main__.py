"""`python -m bot`: start Fagnett."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.app import create_app
from bot.settings import Settings


def main() -> None:
    """Read settings, configure logging, serve until interrupted."""
    settings = Settings()  # type: ignore[call-arg]  # values come from the environment
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
