"""botbuilder's CloudAdapter with authentication from the settings, and the turn error handler."""

from __future__ import annotations

from botbuilder.integration.aiohttp import CloudAdapter

from bot.auth import TokenAuthentication
from bot.connector_pool import ConnectorPool, PooledAuthentication
from bot.settings import Settings
from bot.turn import turn_error_handler
from dialogs.messages import Messages


def create_adapter(settings: Settings, messages: Messages, pool: ConnectorPool) -> CloudAdapter:
    """A CloudAdapter that checks incoming tokens without blocking (bot/auth.py) and reuses connector clients
    and connections from `pool` (closed by the caller)."""
    adapter = CloudAdapter(PooledAuthentication(TokenAuthentication(settings), pool))
    adapter.on_turn_error = turn_error_handler(messages)
    return adapter
