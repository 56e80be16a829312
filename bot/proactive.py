"""Proactive messages: a view sent into a stored conversation through the host's `Delivery` (botbuilder's or the
Agents SDK's `continue_conversation`). Used by reminders and by sharing."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from bot.replies import Replies
from cards.render import Message
from dialogs.language import Lang, lang_of
from dialogs.ports import UnitOfWorkFactory
from dialogs.shown import ShownCard, shown_card
from dialogs.views import View, reply
from storage.conversations import SqlConversationRefs

logger = logging.getLogger(__name__)
C = TypeVar("C")  # an SDK's TurnContext


class Delivery(Protocol):
    async def send(self, reference: dict[str, Any], message: Message, channel_data: dict[str, Any] | None = None) -> str | None:
        """Send `message` into the conversation `reference` names (the Bot Framework's JSON of a conversation
        reference); returns the activity id, raises what the connector raised (the caller decides what a failure
        means)."""


async def in_proactive_turn(
    start: Callable[[Callable[[C], Awaitable[None]]], Awaitable[object]], post: Callable[[C], Awaitable[str | None]]
) -> str | None:
    """`post` run in the turn an SDK's `continue_conversation` (`start`) opens: its activity id, or what it raised,
    raised here, outside the adapter's turn error handler (which would tell a user about a failure of ours)."""
    sent: list[str | None] = []
    failure: list[Exception] = []

    async def turn(context: C) -> None:
        try:
            sent.append(await post(context))
        except Exception as exc:
            failure.append(exc)

    await start(turn)
    if failure:
        raise failure[0]
    return sent[0] if sent else None


def reader_lang(reference: dict[str, Any], fallback: Lang) -> Lang:
    """The language of a user's personal chat (its stored reference's locale, as the client sent it), so that a
    notice or a reminder reaches them in theirs; `fallback` when the reference names none."""
    return chat_lang(reference) or fallback


def chat_lang(reference: dict[str, Any] | None) -> Lang | None:
    """The language a user's personal chat's stored reference names (its locale); None when it names none."""
    locale = (reference or {}).get("locale")
    return lang_of(locale) if isinstance(locale, str) and locale else None


class ForgettingDelivery:
    """A Delivery that, once a send reached a conversation unasked (a reminder, a colleague's card), forgets the card
    its users were shown last there (dialogs/shown.py): "ja" or "skicka" after it is about no card from before it. Once
    a send, after its last message (or the last that went out, when a later one failed), with the card the send asks
    to keep as shown, if it all went out. That forgetting fails is logged, never the send's failure (a reminder sent
    is not sent again)."""

    def __init__(self, delivery: Delivery, uow: UnitOfWorkFactory) -> None:
        self.delivery = delivery
        self.uow = uow

    async def send(self, reference: dict[str, Any], message: Message, channel_data: dict[str, Any] | None = None) -> str | None:
        [sent] = await self.send_all(reference, [message], channel_data)
        return sent

    async def send_all(
        self,
        reference: dict[str, Any],
        messages: Sequence[Message],
        channel_data: dict[str, Any] | None = None,
        shown: tuple[str, ShownCard] | None = None,
    ) -> list[str | None]:
        """`messages` in order, each as `send` sends it: their activity ids; raises what the first that failed raised.
        Once all went out, `shown` (a user and a card) is the card that user was shown last there: kept with the
        forgetting, in its unit of work."""
        sent: list[str | None] = []
        try:
            for message in messages:
                sent.append(await self.delivery.send(reference, message, channel_data))
        finally:
            if sent:
                await self._forget(reference, shown if len(sent) == len(messages) else None)
        return sent

    async def _forget(self, reference: dict[str, Any], shown: tuple[str, ShownCard] | None) -> None:
        if conversation_id := _conversation_id(reference):
            try:
                async with self.uow() as tx:
                    await tx.focus.forget_shown(conversation_id)
                    if shown is not None:
                        await tx.focus.show(conversation_id, *shown)
            except Exception:  # the send went out: a typed reply after it is only not understood
                logger.warning("the card shown last in conversation %s was not forgotten", conversation_id, exc_info=True)


def _conversation_id(reference: dict[str, Any]) -> str | None:
    conversation = reference.get("conversation")
    conversation_id = conversation.get("id") if isinstance(conversation, dict) else None
    return conversation_id if isinstance(conversation_id, str) and conversation_id else None


class ProactiveNotifier:
    """dialogs.ports.Notifier: a view to a user's personal chat, when the bot has one with them. A card whose main button
    a short typed reply may stand for (dialogs/shown.py: the review's Godkänn) is then the card that user was shown last
    there, as if a turn had ended with it: "godkänn" under the review's card approves it."""

    def __init__(self, delivery: ForgettingDelivery, conversations: SqlConversationRefs, replies: Replies) -> None:
        self.delivery = delivery
        self.conversations = conversations
        self.replies = replies

    async def to_user(self, user_id: str, view: View, lang: Lang) -> bool:
        reference = await self.conversations.personal(user_id)
        if reference is None:
            return False
        card = shown_card(reply(view))
        shown = (user_id, card) if card is not None and card.main is not None else None
        try:
            await self.delivery.send_all(reference, self.replies.messages([view], reader_lang(reference, lang)), shown=shown)
        except Exception:  # not reaching someone is reported to the sender, not fatal
            logger.warning("could not reach user %s proactively", user_id, exc_info=True)
            return False
        return True
