"""Proactive messages: a view sent into a stored conversation, the Teams way (`continue_conversation`
under the bot's app id). Used by reminders and by sharing."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import ConversationReference

from bot.replies import Replies, to_activity
from cards.render import Message
from dialogs.language import Lang
from dialogs.views import View
from storage.conversations import SqlConversationRefs

logger = logging.getLogger(__name__)


async def send(
    adapter: BotAdapter, app_id: str, reference: dict[str, Any], message: Message, channel_data: dict[str, Any] | None = None
) -> str | None:
    """Send `message` into the conversation `reference` names; returns the activity id, raises what the
    connector raised (the caller decides what a failure means)."""
    failure: list[Exception] = []
    sent_id: list[str | None] = []

    async def deliver(turn_context: TurnContext) -> None:
        activity = to_activity(message, reference.get("channelId"))
        if channel_data:
            activity.channel_data = {**(turn_context.activity.channel_data or {}), **channel_data}
        try:
            response = await turn_context.send_activity(activity)
            sent_id.append(response.id if response else None)
        except Exception as exc:  # re-raised below, outside the adapter's turn error handler
            failure.append(exc)

    await adapter.continue_conversation(ConversationReference().deserialize(reference), deliver, app_id)
    if failure:
        raise failure[0]
    return sent_id[0] if sent_id else None


class ProactiveNotifier:
    """dialogs.ports.Notifier: a view to a user's personal chat, when the bot has one with them."""

    def __init__(self, adapter: BotAdapter, app_id: str, conversations: SqlConversationRefs, replies: Replies) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.conversations = conversations
        self.replies = replies

    async def to_user(self, user_id: str, view: View, lang: Lang) -> bool:
        reference = await self.conversations.personal(user_id)
        if reference is None:
            return False
        try:
            for message in self.replies.messages([view], lang):
                await send(self.adapter, self.app_id, reference, message)
        except Exception:  # not reaching someone is reported to the sender, not fatal
            logger.warning("could not reach user %s proactively", user_id, exc_info=True)
            return False
        return True
