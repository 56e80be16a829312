"""The application factory: `create_app(settings)` builds everything; nothing happens at import."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.directline import LocalDirectLine
from bot.host import create_host
from bot.logs import AccessLog
from bot.routes import add_routes, no_stack_traces
from bot.services import Domain, build_services
from bot.settings import Settings
from bot.share_pages import add_share_routes
from bot.state import APP_ENGINE, APP_HOST, APP_RENDERING, APP_SERVICES, APP_SETTINGS
from cards.docx import check_template
from dialogs.draft import utcnow
from dialogs.ports import Clock
from storage.db import make_engine, migrate

logger = logging.getLogger(__name__)
# Word and PDF documents rendered at once (CPU-bound, in worker threads): more wait their turn, so that a
# burst of downloads cannot starve the turns.
DOCUMENTS_AT_ONCE = 2


def create_app(settings: Settings, clock: Clock = utcnow) -> web.Application:
    domain = Domain.load(settings)  # now, so that a broken routine file stops the start with its reason
    if settings.proposal_template:
        check_template(settings.proposal_template)  # and a broken Word template too
    app = web.Application(
        client_max_size=settings.max_body_bytes,
        middlewares=[no_stack_traces],
        handler_args={"access_log_class": AccessLog},  # under any runner: run_app, a test server, gunicorn
    )
    app[APP_SETTINGS] = settings
    app[APP_RENDERING] = asyncio.Semaphore(DOCUMENTS_AT_ONCE)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url, settings.database_timeout_seconds)
        await migrate(engine)
        host = create_host(settings, domain.messages)
        built = build_services(settings, domain, engine, host.delivery, clock)
        host.serve(built.bot)
        async with built.services.uow() as tx:
            watches = await built.services.deadlines.replan_calls(tx)  # the calls file may have changed
        app[APP_ENGINE] = engine
        app[APP_HOST] = host
        app[APP_SERVICES] = built
        scheduler = None
        if settings.reminder_poll_seconds > 0:
            scheduler = asyncio.create_task(built.reminder_sender.run(settings.reminder_poll_seconds), name="reminders")
        logger.info(
            "Dialogstöd ready on %s: routine %s, %d watched calls re-planned, database %s, %s",
            host.name,
            domain.routine.id,
            watches,
            engine.url.render_as_string(hide_password=True),
            "local mode (authentication off)" if settings.local_mode else "authentication on",
        )
        yield
        if scheduler:
            scheduler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await scheduler
        await host.close()
        await engine.dispose()

    app.cleanup_ctx.append(resources)
    add_routes(app)
    add_share_routes(app)
    if settings.local_mode:
        LocalDirectLine().add_routes(app)
    return app


def keep_startup_objects(app: web.Application) -> None:
    """For a process that serves one app (`python -m bot`): once the app has started, what start-up built — the routine,
    the SDKs' modules, the phrase index, some 200,000 objects that live as long as the process — goes to the garbage
    collector's permanent generation (`gc.freeze`), so that its full collections, which come every few hundred turns,
    no longer walk all of it: about 90 ms a collection here, and a pause of that length for every turn in flight.
    Reference counting frees frozen objects as before; only cycles among them would stay."""

    async def freeze(_app: web.Application) -> None:
        gc.collect()  # the start-up's own garbage first: what is frozen is never collected
        gc.freeze()

    app.on_startup.append(freeze)  # after the app's resources (its cleanup context runs first)
