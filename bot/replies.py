"""Views to Bot Framework activities, worded in a language: the one path from the domain to the wire,
for replies and proactive messages alike."""

from __future__ import annotations

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes, AttachmentLayoutTypes, InputHints

from bot.wire import Outgoing
from cards.elements import CardContext
from cards.render import Message, render
from dialogs.language import Lang
from dialogs.messages import Messages
from dialogs.routine import Routine
from dialogs.views import View


def to_activity(message: Message) -> Activity:
    """A text or a card as MessageFactory would build it, as an activity the SDK copies cheaply (bot/wire.py)."""
    if isinstance(message, str):
        return Outgoing(type=ActivityTypes.message, text=message, input_hint=InputHints.accepting_input)
    return Outgoing(
        type=ActivityTypes.message,
        attachment_layout=AttachmentLayoutTypes.list,
        attachments=[CardFactory.adaptive_card(message)],
    )


class Replies:
    def __init__(self, routine: Routine, messages: Messages) -> None:
        self._contexts = {lang: CardContext(routine, messages, lang) for lang in ("sv", "en")}

    def messages(self, views: tuple[View, ...] | list[View], lang: Lang) -> list[Message]:
        ctx = self._contexts[lang]
        return [m for view in views for m in render(ctx, view)]

    def activities(self, views: tuple[View, ...] | list[View], lang: Lang) -> list[Activity]:
        return [to_activity(m) for m in self.messages(views, lang)]
