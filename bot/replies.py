"""Views to Bot Framework activities, worded in a language: the one path from the domain to the wire,
for replies and proactive messages alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes, AttachmentLayoutTypes, InputHints

from bot.universal import as_posted
from bot.wire import Outgoing
from cards.elements import CardContext
from cards.group import someone_elses_card
from cards.render import Message, render
from dialogs.language import Lang
from dialogs.messages import Messages
from dialogs.routine import Routine
from dialogs.views import View


def to_activity(message: Message, channel: str | None = None) -> Activity:
    """A text or a card as MessageFactory would build it, as an activity the SDK copies cheaply (bot/wire.py); in
    Teams a card's buttons are Universal Actions (bot/universal.py)."""
    if isinstance(message, str):
        return Outgoing(type=ActivityTypes.message, text=message, input_hint=InputHints.accepting_input)
    return Outgoing(
        type=ActivityTypes.message,
        attachment_layout=AttachmentLayoutTypes.list,
        attachments=[CardFactory.adaptive_card(as_posted(message, channel))],
    )


class Replies:
    def __init__(self, routine: Routine, messages: Messages) -> None:
        self._contexts = {lang: CardContext(routine, messages, lang) for lang in ("sv", "en")}

    def messages(self, views: Sequence[View], lang: Lang) -> list[Message]:
        ctx = self._contexts[lang]
        return [m for view in views for m in render(ctx, view)]

    def someone_elses(self, name: str, lang: Lang) -> dict[str, Any]:
        """What the others in a group chat see of one person's draft card."""
        return someone_elses_card(self._contexts[lang], name)

    def card(self, view: View, lang: Lang) -> dict[str, Any]:
        """A view that is one card, as that card."""
        [message] = self.messages([view], lang)
        assert isinstance(message, dict), "the view renders as one card"
        return message

    def text(self, view: View, lang: Lang) -> str:
        """A view that is words only (a notice), as its text."""
        [message] = self.messages([view], lang)
        assert isinstance(message, str), "a notice renders as text"
        return message
