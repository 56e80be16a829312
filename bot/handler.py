"""The ActivityHandler, thin: who is this (identity) → the domain's turn (parse, route, use case) →
render the reply's views → send. Plus the conversation reference for proactive messages, the welcome
when the bot is installed, and a time budget: the database work of a turn must finish within
`turn_seconds` (below Teams' 15 s), or the user is told that nothing was saved and to try again."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Coroutine
from http import HTTPStatus
from typing import Any, TypeVar, cast

from botbuilder.core import ActivityHandler, ConversationState, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from bot.connector_pool import http_status
from bot.identity import TEAMS, actor_of, conversation_type, without_mentions
from bot.replies import Replies, to_activity
from bot.universal import card_response, execution_of, for_everyone, message_response, with_lead
from cards.render import Message
from dialogs.actions import ActionName
from dialogs.actor import Actor
from dialogs.conversation import Conversation
from dialogs.views import Reply, View, draft_of, say
from storage.conversations import SqlConversationRefs
from storage.db import finish_by, unavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")
CARD_ACTION = "adaptiveCard/action"  # the invoke an Action.Execute arrives as
RETRIES_REMEMBERED = 1000  # invokes whose answers are kept for Teams' retries
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
        # Invokes being answered or answered lately, by (conversation, activity id): Teams' retries get the same answer.
        self._executions: dict[tuple[str, str], asyncio.Future[dict[str, Any]]] = {}

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
                sorry = self.replies.activities([say("database_unavailable")], actor_of(activity).lang, activity.channel_id)
                await turn_context.send_activities(sorry)

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
        welcome = self.conversation.welcome().views
        await turn_context.send_activities(self.replies.activities(welcome, actor_of(activity).lang, activity.channel_id))

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

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """A card's Action.Execute (Teams): the same use case as a submit, answered with the next card in place of
        the pressed one. Teams retries an invoke that is slow to answer: a retry waits for, and gets, the first
        answer (within this instance; on another, the draft's own check against stale cards applies)."""
        activity = turn_context.activity
        if activity.name != CARD_ACTION:
            return await super().on_invoke_activity(turn_context)
        key = (activity.conversation.id if activity.conversation else "", activity.id or "")
        first = self._executions.get(key) if activity.id else None
        if first is not None:
            return InvokeResponse(status=HTTPStatus.OK, body=await asyncio.shield(first))
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        if activity.id:
            self._executions[key] = answer
            while len(self._executions) > RETRIES_REMEMBERED:
                self._executions.pop(next(iter(self._executions)))
        try:
            body = await self._execute(turn_context)
        except BaseException as failure:
            answer.set_exception(failure)
            answer.exception()  # retrieved: a retry re-raises it, nobody else needs to
            self._executions.pop(key, None)
            raise
        answer.set_result(body)
        return InvokeResponse(status=HTTPStatus.OK, body=body)

    async def _execute(self, turn_context: TurnContext) -> dict[str, Any]:
        activity = turn_context.activity
        actor = actor_of(activity)
        try:
            execution = execution_of(activity.value)
            ActionName(execution.verb)
        except ValueError:  # BadInvokeError, or a verb no card of this bot sends: nothing changes
            return message_response(self.replies.text(say("card_action_unsupported"), actor.lang))
        try:
            answer = await self._database(turn_context, self.conversation.on_card(actor, execution.data))
        except DatabaseUnavailableError:
            return message_response(self.replies.text(say("database_unavailable"), actor.lang))
        # A refresh asks for the user's own view; a press answers where all can see.
        views = answer.views
        messages = self.replies.messages(views, actor.lang) if execution.refresh else self._where_seen(activity, actor, views)
        cards = [m for m in messages if isinstance(m, dict)]
        if cards:  # the words that lead up to the card ("here is where the draft stands now:") open it
            lead = list(itertools.takewhile(lambda m: isinstance(m, str), messages))
            shown = with_lead(cards[0], [str(m) for m in lead])
            messages = messages[len(lead) :]
            messages[0] = shown
        elif answer.answered is not None:  # words only: they go to the chat, the pressed card shows its answers
            shown = self.replies.card(answer.answered, actor.lang)
        else:
            return message_response("\n\n".join(m for m in messages if isinstance(m, str)))
        rest = [to_activity(m, activity.channel_id) for m in messages if m is not shown]
        if rest:
            await turn_context.send_activities(rest)
        return card_response(shown)

    def _where_seen(self, activity: Activity, actor: Actor, views: tuple[View, ...] | list[View]) -> list[Message]:
        """The views' messages. In a Teams group chat or channel everyone sees a draft's card (a view about one
        draft: `draft_of`) as a short note, and its owner, through Teams' refresh, as their own card
        (bot/universal.py)."""
        if activity.channel_id != TEAMS or conversation_type(activity) == "personal" or not activity.from_property:
            return self.replies.messages(views, actor.lang)
        base = self.replies.someone_elses(actor.name, actor.lang)
        owner = activity.from_property.id
        return [
            for_everyone(m, base, owner, draft_of(view)) if isinstance(m, dict) else m
            for view in views
            for m in self.replies.messages([view], actor.lang)
        ]

    async def _send(self, turn_context: TurnContext, actor: Actor, view: View) -> None:
        """One view's messages; when the channel refuses one as too large (413), a short card with a link
        to the draft's page instead, never a dead end."""
        activity = turn_context.activity
        try:
            messages = self._where_seen(activity, actor, [view])
            await turn_context.send_activities([to_activity(m, activity.channel_id) for m in messages])
        except Exception as error:
            if http_status(error) != HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
                raise
            logger.warning(
                "the channel refused a %s as too large in conversation %s; sending a link instead",
                type(view).__name__,
                turn_context.activity.conversation.id,
            )
            instead = await self._database(turn_context, self.conversation.too_big(actor, draft_of(view)))
            channel = turn_context.activity.channel_id
            await turn_context.send_activities(self.replies.activities(instead.views, actor.lang, channel))

    async def _update_answered_card(self, turn_context: TurnContext, answer: Reply) -> None:
        """In Teams, replace the submitted card with its answers so its buttons cannot be pressed again."""
        activity = turn_context.activity
        if answer.answered is None or activity.channel_id != TEAMS or not activity.reply_to_id:
            return
        updated = to_activity(self.replies.card(answer.answered, actor_of(activity).lang), activity.channel_id)
        updated.id = activity.reply_to_id
        try:
            await turn_context.update_activity(updated)
        except Exception:  # the answer is saved; a card that stays as it was is harmless
            logger.warning("could not update the answered card in conversation %s", activity.conversation.id, exc_info=True)
