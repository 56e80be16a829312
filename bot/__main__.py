"""`python -m bot`: start Dialogstöd with settings from the environment."""

import logging

from aiohttp import web

from bot.app import create_app
from bot.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    web.run_app(create_app(settings), host=settings.listen_host, port=settings.port)


if __name__ == "__main__":
    main()
