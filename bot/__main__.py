"""`python -m bot`: start Dialogstöd with settings from the environment."""

from aiohttp import web

from bot.app import create_app, keep_startup_objects
from bot.event_loop import new_event_loop
from bot.logs import configure_logging
from bot.settings import Settings


def main() -> None:
    try:
        settings = Settings.from_env()
    except ValueError as error:  # a setting that cannot be read: the reason, not a stack trace
        raise SystemExit(f"Dialogstöd cannot start: {error}") from None
    configure_logging(settings.log_level)
    app = create_app(settings)
    keep_startup_objects(app)
    web.run_app(app, host=settings.listen_host, port=settings.port, loop=new_event_loop())


if __name__ == "__main__":
    main()
