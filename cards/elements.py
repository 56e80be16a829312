"""Adaptive Card building blocks: one input builder per field kind, texts, actions, the card shell.

Cards are plain dicts serialised once (no string templates), declared as version 1.4, the newest
that Teams' mobile clients render safely. Every button is an Action.Submit whose data is an object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dialogs.messages import Messages
from dialogs.routine import Field, Lang, Routine

CARD_VERSION = "1.4"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


@dataclass(frozen=True)
class CardContext:
    """What every card builder needs: the routine, the bot's messages and the user's language."""

    routine: Routine
    messages: Messages
    lang: Lang

    def t(self, key: str, **values: Any) -> str:
        return self.messages(key, self.lang, **values)


def plain(text: str) -> str:
    """User text inside a TextBlock: Markdown characters escaped so they show as typed."""
    return _MARKDOWN.sub(r"\\\1", text)


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


def submit(label: str, action: str, **data: Any) -> dict[str, Any]:
    """A button; its data always names the draft and the step (null when there is none), so a
    submission can be checked against where the draft stands."""
    return {"type": "Action.Submit", "title": label, "data": {"action": action, "draft": None, "step": None, **data}}


def action_set(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": list(actions)}


# --- inputs, one builder per field kind ------------------------------------------------------


def _label(ctx: CardContext, f: Field) -> str:
    return f.label(ctx.lang) if f.required else f"{f.label(ctx.lang)} {ctx.t('optional')}"


def _text_input(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "Input.Text", "id": f.id, "label": _label(ctx, f), "value": value}
    if f.kind == "longtext":
        element["isMultiline"] = True
    if f.max_length:
        # Room over the limit so that a too long text reaches the server and gets a clear message.
        element["maxLength"] = f.max_length * 2
    if f.placeholder:
        element["placeholder"] = f.placeholder(ctx.lang)
    return element


def _date_input(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    return {"type": "Input.Date", "id": f.id, "label": _label(ctx, f), "value": value}


def _number_input(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "Input.Number", "id": f.id, "label": _label(ctx, f)}
    try:
        element["value"] = float(value) if "." in value else int(value)
    except ValueError:
        pass
    if f.min is not None:
        element["min"] = f.min
    if f.max is not None:
        element["max"] = f.max
    return element


def _choice_input(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    return {
        "type": "Input.ChoiceSet",
        "id": f.id,
        "label": _label(ctx, f),
        "style": "expanded",
        "isMultiSelect": f.kind == "multichoice",
        "value": value,
        "choices": [{"title": o.label(ctx.lang), "value": o.value} for o in f.options],
    }


INPUT_BUILDERS: dict[str, Callable[[CardContext, Field, str], dict[str, Any]]] = {
    "text": _text_input,
    "longtext": _text_input,
    "date": _date_input,
    "number": _number_input,
    "choice": _choice_input,
    "yesno": _choice_input,
    "multichoice": _choice_input,
}


def field_elements(ctx: CardContext, f: Field, value: str, error: str | None) -> list[dict[str, Any]]:
    """The input for a field, its help (with option explanations) and, after a failed submit, its error."""
    elements = [INPUT_BUILDERS[f.kind](ctx, f, value)]
    if error:
        elements.append(error_text(error))
    if f.help:
        elements.append(para(f.help(ctx.lang), subtle=True, size="Small", spacing="None"))
    for opt in f.options:
        if opt.help:
            elements.append(para(f"**{opt.label(ctx.lang)}**: {opt.help(ctx.lang)}", subtle=True, size="Small"))
    return elements
