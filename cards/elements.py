"""Adaptive Card building blocks: the card shell, texts, buttons, and wording in the user's language.

Cards are plain dicts serialised once (no string templates), declared as version 1.4, the newest
that Teams' mobile clients render safely. Every button is an Action.Submit whose data is an object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dialogs.actions import ActionName
from dialogs.language import Lang
from dialogs.messages import Messages
from dialogs.routine import Routine
from dialogs.views import MessageValue, Notice

CARD_VERSION = "1.4"
# Every ASCII punctuation character (CommonMark shows a backslash-escaped one as itself).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class CardContext:
    """What every card builder needs: the routine, the bot's messages and the user's language."""

    routine: Routine
    messages: Messages
    lang: Lang

    def t(self, key: str, **values: Any) -> str:
        return self.messages(key, self.lang, **values)

    def word(self, notice: Notice, escaped: bool = False) -> str:
        """A notice from the domain in words: its own language if it has one, its parts worded too; `escaped`
        for a card's text, where the values (a draft's title, a name) are shown as typed (`plain`)."""
        lang = notice.lang or self.lang
        return self.messages(notice.key, lang, **{k: self._value(v, lang, escaped) for k, v in notice.values.items()})

    def _value(self, value: MessageValue, lang: Lang, escaped: bool) -> str | int:
        if isinstance(value, Notice):
            return self.word(Notice(value.key, value.values, value.lang or lang), escaped)
        return plain(value) if escaped and isinstance(value, str) else value

    def in_lang(self, lang: Lang | None) -> CardContext:
        return self if lang is None or lang == self.lang else CardContext(self.routine, self.messages, lang)


def plain(text: str) -> str:
    """User text inside a TextBlock, shown as typed: every ASCII punctuation character backslash-escaped, so
    nothing becomes a link, emphasis, a list, a heading or HTML; and since '.', ':', '/' and '@' are escaped
    too, link detection (Web Chat's linkify) finds no address to make clickable either (tests/test_escaping.py
    renders every card as Web Chat does). Every text a user supplied (titles, answers, names, comments,
    recipients) goes through this, once."""
    return _PUNCTUATION.sub(r"\\\1", text)


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        result["actions"] = actions
    return result


def title(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "size": "Medium", "weight": "Bolder", "wrap": True}


def heading(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "wrap": True, "spacing": "Medium"}


def para(text: str, subtle: bool = False, **extra: Any) -> dict[str, Any]:
    block = {"type": "TextBlock", "text": text, "wrap": True, **extra}
    if subtle:
        block["isSubtle"] = True
    return block


def error_text(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, "color": "Attention", "spacing": "None"}


def submit(label: str, action: ActionName, **data: Any) -> dict[str, Any]:
    """A button; its data always names the draft and the step (null when there is none), so a
    submission can be checked against where the draft stands."""
    return {"type": "Action.Submit", "title": label, "data": {"action": str(action), "draft": None, "step": None, **data}}


def open_url(label: str, url: str) -> dict[str, Any]:
    return {"type": "Action.OpenUrl", "title": label, "url": url}


def container(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "Container", "separator": True, "items": items}


def bullets(lines: list[str]) -> dict[str, Any]:
    return para("\n".join(f"- {line}" for line in lines))


def action_set(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": list(actions)}
