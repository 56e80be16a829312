"""The ActivityHandler: turns activities into calls on the flow, and the flow's outcome into activities."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict
from typing import Any

from botbuilder.core import ActivityHandler, CardFactory, ConversationState, MessageFactory, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from dialogs.flow import Flow, Outcome, Position, User
from dialogs.messages import lang_of
from storage.reminders import SqlConversationRefs

logger = logging.getLogger(__name__)
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def conversation_type(activity: Activity) -> str:
    """'personal', 'channel' or 'groupChat' (channels other than Teams have only personal chats)."""
    return (activity.conversation.conversation_type if activity.conversation else None) or "personal"


def user_of(activity: Activity) -> User:
    """The Teams user by AAD object id when there is one, otherwise the channel's user id."""
    sender = activity.from_property or ChannelAccount(id="unknown")
    user_id = f"aad:{sender.aad_object_id}" if sender.aad_object_id else f"{activity.channel_id}:{sender.id}"
    return User(
        id=user_id,
        name=sender.name or "",
        lang=lang_of(activity.locale),
        conversation_id=activity.conversation.id if activity.conversation else "",
        personal=conversation_type(activity) == "personal",
        in_teams=activity.channel_id == "msteams",
    )


def without_mentions(text: str) -> str:
    """In channels and group chats Teams puts '<at>Dialogstöd</at>' in front of what the user typed."""
    return _MENTION.sub("", text).strip()


def to_activity(reply: str | dict[str, Any]) -> Activity:
    if isinstance(reply, str):
        return MessageFactory.text(reply)
    return MessageFactory.attachment(CardFactory.adaptive_card(reply))


class DialogstodBot(ActivityHandler):
    def __init__(self, flow: Flow, conversation_state: ConversationState, conversations: SqlConversationRefs) -> None:
        self.flow = flow
        self.conversation_state = conversation_state
        self.conversations = conversations
        # What was last stored per conversation, so that a turn writes its reference only when it changed.
        self._stored_refs: dict[str, tuple[str | None, str | None]] = {}
        # Each user's place in the wizard, per conversation (a channel or group chat has many users).
        self._positions = conversation_state.create_property("wizard_positions")
        self._welcomed = conversation_state.create_property("welcomed")

    async def on_turn(self, turn_context: TurnContext) -> None:
        await self._remember_conversation(turn_context.activity)
        await super().on_turn(turn_context)
        await self.conversation_state.save_changes(turn_context)

    async def _remember_conversation(self, activity: Activity) -> None:
        """Keep the conversation reference for proactive messages (install, first message, every turn)."""
        if not activity.conversation or not activity.conversation.id or not activity.service_url:
            return
        kind = conversation_type(activity)
        user_id = user_of(activity).id if kind == "personal" else None
        if self._stored_refs.get(activity.conversation.id) == (activity.service_url, user_id):
            return
        reference = TurnContext.get_conversation_reference(activity).serialize()
        await self.conversations.save(activity.conversation.id, kind, user_id, reference)
        self._stored_refs[activity.conversation.id] = (activity.service_url, user_id)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        """Welcome once per conversation: when the bot is installed, or a user opens a personal chat."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        bot_added = any(m.id == bot_id for m in members_added)
        personal = (activity.conversation.conversation_type or "personal") == "personal"
        user_added = any(m.id != bot_id for m in members_added)
        if not (bot_added or (personal and user_added)) or await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        await turn_context.send_activities([to_activity(r) for r in self.flow.welcome(user_of(activity)).replies])

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        user = user_of(activity)
        positions: dict[str, Any] = await self._positions.get(turn_context, dict)
        stored = positions.get(user.id)
        position = Position(**stored) if isinstance(stored, dict) else None
        if isinstance(activity.value, dict):
            outcome = await self.flow.on_card(user, activity.value, position)
        else:
            outcome = await self.flow.on_text(user, without_mentions(activity.text or ""), position)
        await self._update_answered_card(turn_context, outcome)
        await turn_context.send_activities([to_activity(r) for r in outcome.replies])
        if outcome.position:
            positions[user.id] = asdict(outcome.position)
        else:
            positions.pop(user.id, None)
        await self._positions.set(turn_context, positions)

    async def _update_answered_card(self, turn_context: TurnContext, outcome: Outcome) -> None:
        """In Teams, replace the submitted card with its answers so its buttons cannot be pressed again."""
        activity = turn_context.activity
        if outcome.answered_card is None or activity.channel_id != "msteams" or not activity.reply_to_id:
            return
        updated = to_activity(outcome.answered_card)
        updated.id = activity.reply_to_id
        try:
            await turn_context.update_activity(updated)
        except Exception:  # noqa: BLE001 - the answer is saved; a card that stays as it was is harmless
            logger.warning("could not update the answered card in conversation %s", activity.conversation.id, exc_info=True)
