"""`python -m bot`: start Dialogstöd with settings from the environment."""

from aiohttp import web

from bot.app import create_app
from bot.event_loop import new_event_loop
from bot.logs import configure_logging
from bot.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    web.run_app(create_app(settings), host=settings.listen_host, port=settings.port, loop=new_event_loop())


if __name__ == "__main__":
    main()
