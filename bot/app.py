"""The application factory: `create_app(settings)` builds everything; nothing happens at import."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from aiohttp import web
from botbuilder.core import ConversationState

from bot.adapter import create_adapter
from bot.connector_pool import ConnectorPool
from bot.directline import LocalDirectLine
from bot.handler import DialogstodBot
from bot.proactive import ProactiveNotifier
from bot.reminder_sender import RateLimiter, ReminderSender
from bot.routes import add_routes, no_stack_traces
from bot.settings import Settings
from bot.share_pages import add_share_routes
from bot.state import APP_ADAPTER, APP_BOT, APP_ENGINE, APP_SETTINGS
from dialogs.calls import load_calls
from dialogs.draft import utcnow
from dialogs.flow import Flow
from dialogs.messages import load_messages
from dialogs.reminders import ReminderService
from dialogs.routine import load_routine
from dialogs.sharing import SharingService
from storage.bot_state import SqlStorage
from storage.db import make_engine, migrate
from storage.drafts import SqlDraftRepository
from storage.reminders import SqlConversationRefs, SqlReminderRepository
from storage.shares import SqlShareRepository

logger = logging.getLogger(__name__)


def create_app(settings: Settings, clock: Callable[[], datetime] = utcnow) -> web.Application:
    # The routine and messages are read now, so a broken routine file stops the start with its reason.
    routine = load_routine(settings.routine_file)
    calls = load_calls(settings.calls_file)
    messages = load_messages()
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[no_stack_traces])
    app[APP_SETTINGS] = settings

    async def resources(app: web.Application) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        await migrate(engine)
        drafts = SqlDraftRepository(engine)
        reminder_rows = SqlReminderRepository(engine)
        conversations = SqlConversationRefs(engine)
        reminders = ReminderService(routine, calls, reminder_rows, drafts, clock)
        sharing = SharingService(SqlShareRepository(engine), drafts, settings.base_url, settings.share_days, clock)
        pool = ConnectorPool()
        adapter = create_adapter(settings, messages, pool)
        notifier = ProactiveNotifier(adapter, settings.app_id, conversations)
        flow = Flow(routine, messages, drafts, reminders, sharing, notifier, clock)
        app[APP_ENGINE] = engine
        app[APP_ADAPTER] = adapter
        app[APP_BOT] = DialogstodBot(flow, ConversationState(SqlStorage(engine)), conversations)
        scheduler = None
        if settings.reminder_poll_seconds > 0:
            limiter = RateLimiter(rate=settings.reminder_rate_per_second)
            sender = ReminderSender(adapter, settings.app_id, reminders, reminder_rows, conversations, messages, clock, limiter)
            scheduler = asyncio.create_task(sender.run(settings.reminder_poll_seconds), name="reminders")
        logger.info(
            "Dialogstöd ready: routine %s, database %s, %s",
            routine.id,
            engine.url.render_as_string(hide_password=True),
            "local mode (authentication off)" if settings.local_mode else "authentication on",
        )
        yield
        if scheduler:
            scheduler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await scheduler
        await pool.close()
        await engine.dispose()

    app.cleanup_ctx.append(resources)
    add_routes(app)
    add_share_routes(app)
    if settings.local_mode:
        LocalDirectLine().add_routes(app)
    return app
