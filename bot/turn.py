"""One turn of the bot, whichever SDK hosts it: who is this (identity) → the domain's turn (parse, route, use
case) → render the reply's views → send. Plus the conversation reference for proactive messages, the welcome
when the bot is installed, and a time budget: the database work of a turn must finish within `turn_seconds`
(below Teams' 15 s), or the user is told that nothing was saved and to try again.

The SDK stays outside: a host (bot/host.py) hands each turn in as a `TurnIO` — the incoming activity as both
SDKs shape it (`identity.ActivityLike`), and sending, updating and the conversation reference done the SDK's
way — and turns an invoke's `InvokeAnswer` into its SDK's invoke response."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol, TypeVar

from bot.connector_calls import http_status
from bot.identity import TEAMS, Account, ActivityLike, actor_of, conversation_type, without_mentions
from bot.replies import Replies
from bot.universal import card_response, execution_of, for_everyone, message_response, with_lead
from cards.render import Message
from dialogs.actions import ActionName
from dialogs.actor import Actor
from dialogs.conversation import Conversation
from dialogs.language import lang_of
from dialogs.messages import Messages
from dialogs.views import Reply, View, draft_of, say
from storage.bot_state import Welcomes
from storage.conversations import SqlConversationRefs
from storage.db import finish_by, unavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")
CARD_ACTION = "adaptiveCard/action"  # the invoke an Action.Execute arrives as
RETRIES_REMEMBERED = 1000  # invokes whose answers are kept for Teams' retries


class TurnIO(Protocol):
    """One turn as a host hands it in: the activity, and the SDK's ways to answer in its conversation."""

    @property
    def activity(self) -> ActivityLike: ...

    async def send(self, messages: Sequence[Message]) -> None:
        """Post texts and cards into the turn's conversation, in order; raises what the connector raised."""

    async def update(self, activity_id: str, message: Message) -> None:
        """Replace the message `activity_id` (a card that was answered)."""

    def reference(self) -> dict[str, Any]:
        """The conversation reference of the activity, as the Bot Framework's JSON has it."""


@dataclass(frozen=True)
class InvokeAnswer:
    """The HTTP answer to an invoke: its status and JSON body (None: the bot does not handle the invoke)."""

    status: int
    body: dict[str, Any] | None = None


NOT_HANDLED = InvokeAnswer(HTTPStatus.NOT_IMPLEMENTED)


class ErrorContext(Protocol):
    """What a failed turn's error handler needs of either SDK's TurnContext."""

    @property
    def activity(self) -> ActivityLike | None: ...

    def send_activity(self, text: str, /) -> Awaitable[object]: ...


def turn_error_handler(messages: Messages) -> Callable[[ErrorContext, Exception], Awaitable[None]]:
    """The adapter's handler of a turn that failed: logged with the conversation id; the user told, in their language,
    that their draft is safe (never the exception)."""

    async def on_turn_error(context: ErrorContext, error: Exception) -> None:
        activity = context.activity
        conversation = _conversation_id(activity) if activity else "?"
        logger.error("turn failed in conversation %s", conversation, exc_info=error)
        try:
            await context.send_activity(messages("turn_error", lang_of(activity.locale if activity else None)))
        except Exception:  # the connector itself may be what failed
            logger.error("could not tell the user about the failure in conversation %s", conversation, exc_info=True)

    return on_turn_error


class DatabaseUnavailableError(Exception):
    """The turn's database work failed or did not finish in time; what was in progress rolled back."""


class DialogstodBot:
    def __init__(
        self,
        conversation: Conversation,
        replies: Replies,
        welcomes: Welcomes,
        conversations: SqlConversationRefs,
        turn_seconds: float = 10.0,
    ) -> None:
        self.conversation = conversation
        self.replies = replies
        self.welcomes = welcomes
        self.conversations = conversations
        self.turn_seconds = turn_seconds
        # What was last stored per conversation, so that a turn writes its reference only when it changed.
        self._stored_refs: dict[str, tuple[str | None, str | None, str | None]] = {}
        # Invokes being answered or answered lately, by (conversation, activity id): Teams' retries get the same answer.
        self._executions: dict[tuple[str, str], asyncio.Future[dict[str, Any]]] = {}

    async def on_turn(self, turn: TurnIO) -> InvokeAnswer | None:
        """The turn; for an invoke, its answer."""
        activity = turn.activity
        deadline = asyncio.get_running_loop().time() + self.turn_seconds
        try:
            if reference := self._new_reference(activity):  # most turns: stored already, no database work
                await self._database(deadline, self._remember_conversation(turn, *reference))
            if activity.type == "message":
                await self._on_message(turn, deadline)
            elif activity.type == "invoke":
                return await self._invoked(turn, deadline)
            elif activity.type == "conversationUpdate" and activity.members_added:
                await self._on_members_added(turn, activity.members_added, deadline)
        except DatabaseUnavailableError as failure:
            # The unit of work in progress rolled back, and in Teams the card still holds what was typed: it
            # is replaced only after the turn's answer. The user presses again; typed text is in the chat.
            logger.warning("turn in conversation %s not saved: %r", _conversation_id(activity), failure.__cause__)
            sorry, lang = say("database_unavailable"), actor_of(activity).lang
            if activity.type == "message":
                await turn.send(self.replies.messages([sorry], lang))
            elif activity.type == "invoke":
                return InvokeAnswer(HTTPStatus.OK, message_response(self.replies.text(sorry, lang)))
        return None

    @staticmethod
    async def _database(deadline: float, work: Coroutine[Any, Any, T]) -> T:
        """The turn's database work, within what is left of its budget."""
        try:
            return await finish_by(deadline, work)
        except Exception as error:
            if unavailable(error):
                raise DatabaseUnavailableError from error
            raise

    def _new_reference(self, activity: ActivityLike) -> tuple[str, str | None] | None:
        """The conversation's kind and user when its reference is not stored as it is now, else None."""
        conversation_id = _conversation_id(activity)
        if not conversation_id or not activity.service_url:
            return None
        kind = conversation_type(activity)
        user_id = actor_of(activity).id if kind == "personal" else None
        if self._stored_refs.get(conversation_id) == (activity.service_url, user_id, activity.locale):
            return None
        return kind, user_id

    async def _remember_conversation(self, turn: TurnIO, kind: str, user_id: str | None) -> None:
        """Keep the conversation reference for proactive messages (install, first message, when it changed)."""
        conversation_id = _conversation_id(turn.activity)
        await self.conversations.save(conversation_id, kind, user_id, turn.reference())
        self._stored_refs[conversation_id] = (turn.activity.service_url, user_id, turn.activity.locale)

    async def _on_members_added(self, turn: TurnIO, members_added: Sequence[Account], deadline: float) -> None:
        """Welcome once per conversation: when the bot is installed, or a user opens a personal chat."""
        activity = turn.activity
        bot_id = activity.recipient.id if activity.recipient else None
        bot_added = any(m.id == bot_id for m in members_added)
        user_added = any(m.id != bot_id for m in members_added)
        if not (bot_added or (conversation_type(activity) == "personal" and user_added)):
            return
        if not await self._database(deadline, self.welcomes.first(activity.channel_id or "", _conversation_id(activity))):
            return
        await turn.send(self.replies.messages(self.conversation.welcome().views, actor_of(activity).lang))

    async def _on_message(self, turn: TurnIO, deadline: float) -> None:
        activity = turn.activity
        actor = actor_of(activity)
        if isinstance(activity.value, dict):
            answer = await self._database(deadline, self.conversation.on_card(actor, activity.value))
        else:
            answer = await self._database(deadline, self.conversation.on_text(actor, without_mentions(activity.text or "")))
        if answer.erased:  # its reference was erased with the user's data: the next turn stores it again
            self._stored_refs.pop(_conversation_id(activity), None)
        await self._update_answered_card(turn, answer)
        for view in answer.views:
            await self._send(turn, actor, view, deadline)

    async def _invoked(self, turn: TurnIO, deadline: float) -> InvokeAnswer:
        """The invoke's answer; a failure of ours answers, where the user pressed, that their draft is safe (as the
        adapter's error handler says it in the chat for a message), never an HTTP error Teams shows as one."""
        try:
            return await self._on_invoke(turn, deadline)
        except DatabaseUnavailableError:
            raise
        except Exception:
            logger.exception("invoke failed in conversation %s", _conversation_id(turn.activity))
            lang = actor_of(turn.activity).lang
            return InvokeAnswer(HTTPStatus.OK, message_response(self.replies.text(say("turn_error"), lang)))

    async def _on_invoke(self, turn: TurnIO, deadline: float) -> InvokeAnswer:
        """A card's Action.Execute (Teams): the same use case as a submit, answered with the next card in place of
        the pressed one. Teams retries an invoke that is slow to answer: a retry waits for, and gets, the first
        answer (within this instance; on another, the draft's own check against stale cards applies)."""
        activity = turn.activity
        if activity.name != CARD_ACTION:
            return NOT_HANDLED
        key = (_conversation_id(activity), activity.id or "")
        first = self._executions.get(key) if activity.id else None
        if first is not None:
            return InvokeAnswer(HTTPStatus.OK, await asyncio.shield(first))
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        if activity.id:
            self._executions[key] = answer
            while len(self._executions) > RETRIES_REMEMBERED:
                self._executions.pop(next(iter(self._executions)))
        try:
            body = await self._execute(turn, deadline)
        except BaseException as failure:
            answer.set_exception(failure)
            answer.exception()  # retrieved: a retry re-raises it, nobody else needs to
            self._executions.pop(key, None)
            raise
        answer.set_result(body)
        return InvokeAnswer(HTTPStatus.OK, body)

    async def _execute(self, turn: TurnIO, deadline: float) -> dict[str, Any]:
        activity = turn.activity
        actor = actor_of(activity)
        try:
            execution = execution_of(activity.value)
            ActionName(execution.verb)
        except ValueError:  # BadInvokeError, or a verb no card of this bot sends: nothing changes
            return message_response(self.replies.text(say("card_action_unsupported"), actor.lang))
        try:
            answer = await self._database(deadline, self.conversation.on_card(actor, execution.data))
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
        if rest := [m for m in messages if m is not shown]:
            await turn.send(rest)
        return card_response(shown)

    def _where_seen(self, activity: ActivityLike, actor: Actor, views: Sequence[View]) -> list[Message]:
        """The views' messages. In a Teams group chat or channel everyone sees a draft's card (a view about one
        draft: `draft_of`) as a short note, and its owner, through Teams' refresh, as their own card
        (bot/universal.py)."""
        sender = activity.from_property
        if activity.channel_id != TEAMS or conversation_type(activity) == "personal" or not sender or not sender.id:
            return self.replies.messages(views, actor.lang)
        base = self.replies.someone_elses(actor.name, actor.lang)
        return [
            for_everyone(m, base, sender.id, draft_of(view)) if isinstance(m, dict) else m
            for view in views
            for m in self.replies.messages([view], actor.lang)
        ]

    async def _send(self, turn: TurnIO, actor: Actor, view: View, deadline: float) -> None:
        """One view's messages; when the channel refuses one as too large (413), a short card with a link
        to the draft's page instead, never a dead end."""
        try:
            await turn.send(self._where_seen(turn.activity, actor, [view]))
        except Exception as error:
            if http_status(error) != HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
                raise
            logger.warning(
                "the channel refused a %s as too large in conversation %s; sending a link instead",
                type(view).__name__,
                _conversation_id(turn.activity),
            )
            instead = await self._database(deadline, self.conversation.too_big(actor, draft_of(view)))
            await turn.send(self.replies.messages(instead.views, actor.lang))

    async def _update_answered_card(self, turn: TurnIO, answer: Reply) -> None:
        """In Teams, replace the submitted card with its answers so its buttons cannot be pressed again."""
        activity = turn.activity
        if answer.answered is None or activity.channel_id != TEAMS or not activity.reply_to_id:
            return
        try:
            await turn.update(activity.reply_to_id, self.replies.card(answer.answered, actor_of(activity).lang))
        except Exception:  # the answer is saved; a card that stays as it was is harmless
            logger.warning("could not update the answered card in conversation %s", _conversation_id(activity), exc_info=True)


def _conversation_id(activity: ActivityLike) -> str:
    return (activity.conversation.id if activity.conversation else None) or ""
