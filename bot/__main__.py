"""`python -m bot`: start Dialogstöd with settings from the environment."""

import logging
import os

from aiohttp import web

from bot.app import create_app
from bot.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Local mode has authentication off, so by default it listens on this machine only.
    host = os.environ.get("HOST") or ("127.0.0.1" if settings.local_mode else "0.0.0.0")
    web.run_app(create_app(settings), host=host, port=settings.port)


if __name__ == "__main__":
    main()
