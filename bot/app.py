"""The application factory: `create_app(settings)` builds everything; nothing happens at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from aiohttp import web
from botbuilder.core import ConversationState

from bot.adapter import create_adapter
from bot.handler import DialogstodBot
from bot.routes import add_routes, no_stack_traces
from bot.settings import Settings
from bot.state import APP_ADAPTER, APP_BOT, APP_ENGINE, APP_SETTINGS
from dialogs.draft import utcnow
from dialogs.flow import Flow
from dialogs.messages import load_messages
from dialogs.routine import load_routine
from storage.bot_state import SqlStorage
from storage.db import make_engine, migrate
from storage.drafts import SqlDraftRepository

logger = logging.getLogger(__name__)


def create_app(settings: Settings, clock: Callable[[], datetime] = utcnow) -> web.Application:
    # The routine and messages are read now, so a broken routine file stops the start with its reason.
    routine = load_routine(settings.routine_file)
    messages = load_messages()
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[no_stack_traces])
    app[APP_SETTINGS] = settings

    async def resources(app: web.Application) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        await migrate(engine)
        flow = Flow(routine, messages, SqlDraftRepository(engine), clock)
        app[APP_ENGINE] = engine
        app[APP_ADAPTER] = create_adapter(settings, messages)
        app[APP_BOT] = DialogstodBot(flow, ConversationState(SqlStorage(engine)))
        logger.info(
            "Dialogstöd ready: routine %s, database %s, %s",
            routine.id,
            engine.url.render_as_string(hide_password=True),
            "local mode (authentication off)" if settings.local_mode else "authentication on",
        )
        yield
        await engine.dispose()

    app.cleanup_ctx.append(resources)
    add_routes(app)
    return app
