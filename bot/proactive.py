"""Proactive messages: a card sent into a stored conversation, the Teams way
(`continue_conversation` under the bot's app id). Used by reminders and by sharing."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import BotAdapter, CardFactory, MessageFactory, TurnContext
from botbuilder.schema import ConversationReference

from storage.reminders import SqlConversationRefs

logger = logging.getLogger(__name__)


async def send_card(
    adapter: BotAdapter, app_id: str, reference: dict[str, Any], card: dict[str, Any], channel_data: dict[str, Any] | None = None
) -> str | None:
    """Send `card` into the conversation `reference` names; returns the activity id, raises what the
    connector raised (the caller decides what a failure means)."""
    failure: list[Exception] = []
    sent_id: list[str | None] = []

    async def send(turn_context: TurnContext) -> None:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        if channel_data:
            activity.channel_data = {**(turn_context.activity.channel_data or {}), **channel_data}
        try:
            response = await turn_context.send_activity(activity)
            sent_id.append(response.id if response else None)
        except Exception as exc:  # noqa: BLE001 - re-raised below, outside the adapter's turn error handler
            failure.append(exc)

    await adapter.continue_conversation(ConversationReference().deserialize(reference), send, app_id)
    if failure:
        raise failure[0]
    return sent_id[0] if sent_id else None


class ProactiveNotifier:
    """dialogs.sharing.Notifier: a card to a user's personal chat, when the bot has one with them."""

    def __init__(self, adapter: BotAdapter | None, app_id: str, conversations: SqlConversationRefs) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.conversations = conversations

    async def to_user(self, user_id: str, card: dict[str, Any]) -> bool:
        reference = await self.conversations.personal(user_id)
        if reference is None or self.adapter is None:
            return False
        try:
            await send_card(self.adapter, self.app_id, reference, card)
        except Exception:  # noqa: BLE001 - not reaching someone is reported to the sender, not fatal
            logger.warning("could not reach user %s proactively", user_id, exc_info=True)
            return False
        return True

    async def name_of(self, user_id: str) -> str | None:
        reference = await self.conversations.personal(user_id)
        return (reference or {}).get("user", {}).get("name") or None
