"""The ActivityHandler, thin: who is this (identity) → the domain's turn (parse, route, use case) →
render the reply's views → send. Plus the conversation reference for proactive messages, and the
welcome when the bot is installed."""

from __future__ import annotations

import logging
from http import HTTPStatus

from botbuilder.core import ActivityHandler, ConversationState, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from bot.connector_pool import http_status
from bot.identity import TEAMS, actor_of, conversation_type, without_mentions
from bot.replies import Replies, to_activity
from dialogs.actor import Actor
from dialogs.conversation import Conversation
from dialogs.views import Reply, View
from storage.conversations import SqlConversationRefs

logger = logging.getLogger(__name__)


class DialogstodBot(ActivityHandler):
    def __init__(
        self,
        conversation: Conversation,
        replies: Replies,
        conversation_state: ConversationState,
        conversations: SqlConversationRefs,
    ) -> None:
        self.conversation = conversation
        self.replies = replies
        self.conversation_state = conversation_state
        self.conversations = conversations
        # What was last stored per conversation, so that a turn writes its reference only when it changed.
        self._stored_refs: dict[str, tuple[str | None, str | None]] = {}
        self._welcomed = conversation_state.create_property("welcomed")

    async def on_turn(self, turn_context: TurnContext) -> None:
        await self._remember_conversation(turn_context.activity)
        await super().on_turn(turn_context)

    async def _remember_conversation(self, activity: Activity) -> None:
        """Keep the conversation reference for proactive messages (install, first message, every turn)."""
        if not activity.conversation or not activity.conversation.id or not activity.service_url:
            return
        kind = conversation_type(activity)
        user_id = actor_of(activity).id if kind == "personal" else None
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
        user_added = any(m.id != bot_id for m in members_added)
        if not (bot_added or (conversation_type(activity) == "personal" and user_added)):
            return
        if await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        await self.conversation_state.save_changes(turn_context)
        await turn_context.send_activities(self.replies.activities(self.conversation.welcome().views, actor_of(activity).lang))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        actor = actor_of(activity)
        if isinstance(activity.value, dict):
            answer = await self.conversation.on_card(actor, activity.value)
        else:
            answer = await self.conversation.on_text(actor, without_mentions(activity.text or ""))
        await self._update_answered_card(turn_context, answer)
        for view in answer.views:
            await self._send(turn_context, actor, view)

    async def _send(self, turn_context: TurnContext, actor: Actor, view: View) -> None:
        """One view's messages; when the channel refuses one as too large (413), a short card with a link
        to the draft's page instead, never a dead end."""
        try:
            await turn_context.send_activities(self.replies.activities([view], actor.lang))
        except Exception as error:
            if http_status(error) != HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
                raise
            logger.warning(
                "the channel refused a %s as too large in conversation %s; sending a link instead",
                type(view).__name__,
                turn_context.activity.conversation.id,
            )
            instead = await self.conversation.too_big(actor, getattr(view, "draft_id", None))
            await turn_context.send_activities(self.replies.activities(instead.views, actor.lang))

    async def _update_answered_card(self, turn_context: TurnContext, answer: Reply) -> None:
        """In Teams, replace the submitted card with its answers so its buttons cannot be pressed again."""
        activity = turn_context.activity
        if answer.answered is None or activity.channel_id != TEAMS or not activity.reply_to_id:
            return
        [card] = self.replies.messages([answer.answered], actor_of(activity).lang)
        updated = to_activity(card)
        updated.id = activity.reply_to_id
        try:
            await turn_context.update_activity(updated)
        except Exception:  # the answer is saved; a card that stays as it was is harmless
            logger.warning("could not update the answered card in conversation %s", activity.conversation.id, exc_info=True)
