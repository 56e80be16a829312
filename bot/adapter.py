"""The CloudAdapter with authentication from the settings, and the turn error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter

from bot.auth import TokenAuthentication
from bot.connector_pool import ConnectorPool, PooledAuthentication
from bot.settings import Settings
from dialogs.language import lang_of
from dialogs.messages import Messages

logger = logging.getLogger(__name__)


def turn_error_handler(messages: Messages) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        """Log with the conversation id; tell the user, in their language, that their draft is safe."""
        activity = context.activity
        conversation = activity.conversation.id if activity and activity.conversation else "?"
        logger.error("turn failed in conversation %s", conversation, exc_info=error)
        try:
            await context.send_activity(messages("turn_error", lang_of(activity.locale if activity else None)))
        except Exception:  # the connector itself may be what failed
            logger.error("could not tell the user about the failure in conversation %s", conversation, exc_info=True)

    return on_turn_error


def create_adapter(settings: Settings, messages: Messages, pool: ConnectorPool) -> CloudAdapter:
    """A CloudAdapter that checks incoming tokens without blocking (bot/auth.py) and reuses connector clients
    and connections from `pool` (closed by the caller)."""
    adapter = CloudAdapter(PooledAuthentication(TokenAuthentication(settings), pool))
    adapter.on_turn_error = turn_error_handler(messages)
    return adapter
