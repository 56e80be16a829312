"""The ActivityHandler, thin: who is this (identity) → the domain's turn (parse, route, use case) →
render the reply's views → send. Plus the conversation reference for proactive messages, the welcome
when the bot is installed, and a time budget: the database work of a turn must finish within
`turn_seconds` (below Teams' 15 s), or the user is told that nothing was saved and to try again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from http import HTTPStatus
from typing import Any, TypeVar, cast

from botbuilder.core import ActivityHandler, ConversationState, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from bot.connector_pool import http_status
from bot.identity import TEAMS, actor_of, conversation_type, without_mentions
from bot.replies import Replies, to_activity
from dialogs.actor import Actor
from dialogs.conversation import Conversation
from dialogs.views import Reply, View, say
from storage.conversations import SqlConversationRefs
from storage.db import finish_by, unavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")
DEADLINE = "dialogstod.deadline"  # in turn_state: when the turn's database work must be done (loop time)


class DatabaseUnavailableError(Exception):
    """The turn's database work failed or did not finish in time; what was in progress rolled back."""


class DialogstodBot(ActivityHandler):
    def __init__(
        self,
        conversation: Conversation,
        replies: Replies,
        conversation_state: ConversationState,
        conversations: SqlConversationRefs,
        turn_seconds: float = 10.0,
    ) -> None:
        self.conversation = conversation
        self.replies = replies
        self.conversation_state = conversation_state
        self.conversations = conversations
        self.turn_seconds = turn_seconds
        # What was last stored per conversation, so that a turn writes its reference only when it changed.
        self._stored_refs: dict[str, tuple[str | None, str | None]] = {}
        self._welcomed = conversation_state.create_property("welcomed")

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        turn_context.turn_state[DEADLINE] = asyncio.get_running_loop().time() + self.turn_seconds
        try:
            if reference := self._new_reference(activity):  # most turns: stored already, no database work
                await self._database(turn_context, self._remember_conversation(activity, *reference))
            await super().on_turn(turn_context)
        except DatabaseUnavailableError as failure:
            # The unit of work in progress rolled back, and in Teams the card still holds what was typed: it
            # is replaced only after the turn's answer. The user presses again; typed text is in the chat.
            conversation = activity.conversation.id if activity.conversation else "?"
            logger.warning("turn in conversation %s not saved: %r", conversation, failure.__cause__)
            if activity.type == ActivityTypes.message:
                lang = actor_of(activity).lang
                await turn_context.send_activities(self.replies.activities([say("database_unavailable")], lang))

    @staticmethod
    async def _database(turn_context: TurnContext, work: Coroutine[Any, Any, T]) -> T:
        """The turn's database work, within what is left of its budget."""
        try:
            return await finish_by(cast(float, turn_context.turn_state[DEADLINE]), work)
        except Exception as error:
            if unavailable(error):
                raise DatabaseUnavailableError from error
            raise

    def _new_reference(self, activity: Activity) -> tuple[str, str | None] | None:
        """The conversation's kind and user when its reference is not stored as it is now, else None."""
        if not activity.conversation or not activity.conversation.id or not activity.service_url:
            return None
        kind = conversation_type(activity)
        user_id = actor_of(activity).id if kind == "personal" else None
        if self._stored_refs.get(activity.conversation.id) == (activity.service_url, user_id):
            return None
        return kind, user_id

    async def _remember_conversation(self, activity: Activity, kind: str, user_id: str | None) -> None:
        """Keep the conversation reference for proactive messages (install, first message, when it changed)."""
        reference = TurnContext.get_conversation_reference(activity).serialize()
        await self.conversations.save(activity.conversation.id, kind, user_id, reference)
        self._stored_refs[activity.conversation.id] = (activity.service_url, user_id)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """A card's Action.Execute is answered by the route (bot/routes.py; the bot's cards send Action.Submit):
        not handed to the SDK, whose reading of its value fails on a malformed one with a turn error."""
        if turn_context.activity.name == "adaptiveCard/action":
            return InvokeResponse(status=HTTPStatus.NOT_IMPLEMENTED)
        return await super().on_invoke_activity(turn_context)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        """Welcome once per conversation: when the bot is installed, or a user opens a personal chat."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        bot_added = any(m.id == bot_id for m in members_added)
        user_added = any(m.id != bot_id for m in members_added)
        if not (bot_added or (conversation_type(activity) == "personal" and user_added)):
            return
        if not await self._database(turn_context, self._first_welcome(turn_context)):
            return
        await turn_context.send_activities(self.replies.activities(self.conversation.welcome().views, actor_of(activity).lang))

    async def _first_welcome(self, turn_context: TurnContext) -> bool:
        """Mark the conversation welcomed; False if it was already."""
        if await self._welcomed.get(turn_context, False):
            return False
        await self._welcomed.set(turn_context, True)
        await self.conversation_state.save_changes(turn_context)
        return True

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        actor = actor_of(activity)
        if isinstance(activity.value, dict):
            answer = await self._database(turn_context, self.conversation.on_card(actor, activity.value))
        else:
            answer = await self._database(turn_context, self.conversation.on_text(actor, without_mentions(activity.text or "")))
        if answer.erased:  # its reference was erased with the user's data: the next turn stores it again
            self._stored_refs.pop(activity.conversation.id, None)
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
            instead = await self._database(turn_context, self.conversation.too_big(actor, getattr(view, "draft_id", None)))
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
