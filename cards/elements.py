"""Adaptive Card building blocks: the card shell, texts, buttons, and wording in the user's language.

Cards are plain dicts serialised once (no string templates), declared as version 1.5, the newest that
Teams renders, for its accessibility: headings marked as headings (`style: "heading"`, read out as such), inputs
with labels and error messages tied to them. Every button is an Action.Submit whose data is an object, and
names what it acts on when a card has several of its kind (`acting_on`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dialogs.actions import ON_CARD, ActionName, card_mark
from dialogs.language import Lang
from dialogs.messages import Messages
from dialogs.routine import Routine, Section, Text
from dialogs.schedule import STOCKHOLM
from dialogs.views import MessageValue, Notice, StepView, Url

CARD_VERSION = "1.5"
TITLE_CHARS = 60  # of a draft's or call's title on a button
# Every ASCII punctuation character (CommonMark shows a backslash-escaped one as itself).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class CardContext:
    """What every card builder needs: the routine, the bot's messages and the user's language.

    `templates` holds the parts of cards that depend on nothing but these three (an input's label, choices and
    help: cards/inputs.py), built on first use and filled with a draft's values on every card after. They live
    as long as the context, whose routine and messages do not change; each is used only for the very thing it
    was built from (checked on every use), so nothing in them can go stale."""

    routine: Routine
    messages: Messages
    lang: Lang
    templates: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def t(self, key: str, **values: Any) -> str:
        return self.messages(key, self.lang, **values)

    def word(self, notice: Notice, escape: Callable[[str], str] | None = None) -> str:
        """A notice from the domain in words: its own language if it has one, its parts worded too. What the
        values hold (names, titles people typed) is Markdown-escaped for a card or chat message; an HTML page,
        which escapes for itself, passes `escape=str`. A Url stays the address it is."""
        lang = notice.lang or self.lang
        escaped = escape or plain
        return self.messages(notice.key, lang, **{k: self._value(v, lang, escaped) for k, v in notice.values.items()})

    def _value(self, value: MessageValue, lang: Lang, escape: Callable[[str], str]) -> str | int:
        if isinstance(value, Notice):
            return self.word(Notice(value.key, value.values, value.lang or lang), escape)
        if isinstance(value, Text):
            return value(lang)
        if isinstance(value, Url):
            return value.href
        if isinstance(value, date):
            return value.isoformat()
        return escape(value) if isinstance(value, str) else value

    def in_lang(self, lang: Lang | None) -> CardContext:
        return self if lang is None or lang == self.lang else CardContext(self.routine, self.messages, lang)


def local_time(at: datetime) -> str:
    """A moment as every card and page shows it: Stockholm time, to the minute ("2026-11-24 09:30")."""
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


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
    """The card's heading: marked as a heading for screen readers, sized as before."""
    return {"type": "TextBlock", "text": text, "style": "heading", "size": "Medium", "weight": "Bolder", "wrap": True}


def heading(text: str) -> dict[str, Any]:
    """A heading inside a card (a section, an item of a list)."""
    return {
        "type": "TextBlock",
        "text": text,
        "style": "heading",
        "size": "Default",
        "weight": "Bolder",
        "wrap": True,
        "spacing": "Medium",
    }


def para(text: str, subtle: bool = False, **extra: Any) -> dict[str, Any]:
    block = {"type": "TextBlock", "text": text, "wrap": True, **extra}
    if subtle:
        block["isSubtle"] = True
    return block


def pointed_to(ctx: CardContext, section: Section, shown: Collection[str] = (), **extra: Any) -> list[dict[str, Any]]:
    """The sections a quoted section's text points to ("se nedan definition av medborgare"), each its title and text,
    to stand under the quote: "below" is then on the card, as it is in the routine. Not those the card `shown` already."""
    referred = [s for s in ctx.routine.referred(section) if s.id not in shown]
    return [para(section_text(ctx, s), **extra) for s in referred]


def section_text(ctx: CardContext, section: Section) -> str:
    """A section of the routine as one paragraph: its title in italics, then its text."""
    return f"*{section.title(ctx.lang)}*: {section.text(ctx.lang)}"


def error_text(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, "color": "Attention", "spacing": "None"}


def with_error(element: dict[str, Any], error: str | None) -> list[dict[str, Any]]:
    """An input and, after a refused submit, its error right after it; the input carries the error as its
    `errorMessage` too, the Adaptive Cards way of tying an error to its field."""
    if not error:
        return [element]
    return [{**element, "errorMessage": error}, error_text(error)]


def submit(label: str, action: ActionName, **data: Any) -> dict[str, Any]:
    """A button; its data always names the draft and the step (null when there is none), so a
    submission can be checked against where the draft stands."""
    return {"type": "Action.Submit", "title": label, "data": {"action": str(action), "draft": None, "step": None, **data}}


def leaving(view: StepView) -> dict[str, Any]:
    """What each button of a step's (or a phase's) card but its save carries beside the draft (`ON_CARD`): the card's
    step, version and a digest of what its inputs show. Whichever is pressed sends the card's inputs, and what was typed
    is kept when the button leaves the card unsaved (dialogs/actions.left_card); a card left as it showed costs nothing."""
    return {ON_CARD: card_mark(view.step.id, view.version, view.shown)}


def acting_on(ctx: CardContext, label: str, target: str) -> str:
    """A button's title that names what it acts on ("Ta bort: Parkleken"; a long title shortened), for a card
    with a button per item or a choice between items, so that each reads differently to a screen reader and out
    of context. Plain text: titles are not Markdown."""
    return ctx.t("btn_on", button=label, target=shortened(target, TITLE_CHARS))


def shortened(text: str, most: int | None) -> str:
    """The text cut at `most` characters with " …" after it, when it is longer (None: whole)."""
    return text if most is None or len(text) <= most else text[:most].rstrip() + " …"


def open_url(label: str, url: str) -> dict[str, Any]:
    return {"type": "Action.OpenUrl", "title": label, "url": url}


def container(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "Container", "separator": True, "items": items}


def bullets(lines: list[str]) -> dict[str, Any]:
    return para("\n".join(f"- {line}" for line in lines))


def action_set(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": list(actions)}
