"""Universal Actions for Teams: the same cards, with `Action.Execute` where Teams is the client.

The card builders (cards/) make every button an `Action.Submit` whose data names the action, the draft and the
step: Web Chat, Direct Line and the Emulator understand only that. In a Teams conversation each such button
becomes an `Action.Execute` whose verb is the action and whose data is the same, so that pressing it arrives as an
`adaptiveCard/action` invoke and the bot answers with the next card, which Teams puts in place of the one pressed.
The invoke's value is read back here into the data a submit would have carried, so one use case serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.identity import TEAMS

EXECUTE = "Action.Execute"
SUBMIT = "Action.Submit"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MESSAGE_CONTENT_TYPE = "application/vnd.microsoft.activity.message"


_NESTED = (dict, list)
# Elements that can hold no action (Adaptive Cards 1.5: none of their properties is or holds one; Input.Text's
# inlineAction and every container's selectAction are why those are walked), unless given a fallback element:
# copied, not walked.
_WITHOUT_ACTIONS = frozenset(
    {"TextBlock", "FactSet", "Input.ChoiceSet", "Input.Date", "Input.Number", "Input.Time", "Input.Toggle"}
)


def with_execute(element: Any) -> Any:
    """The card (or any part of one) in which every Action.Submit is an Action.Execute with its action as the verb;
    nothing else changes. What changes is copied, the card itself untouched (other channels get it as it is built):
    an object or list with no submit in it is the same one, shared, not a copy. Only objects and lists are walked into,
    and an element that can hold no action (a TextBlock, most of a card; a choice set and its choices) not at all."""
    if isinstance(element, list):
        items: list[Any] | None = None
        for index, item in enumerate(element):
            if isinstance(item, _NESTED) and (changed := with_execute(item)) is not item:
                items = items or list(element)
                items[index] = changed
        return element if items is None else items
    if not isinstance(element, dict) or (element.get("type") in _WITHOUT_ACTIONS and "fallback" not in element):
        return element
    copy: dict[str, Any] | None = None
    for key, value in element.items():
        if isinstance(value, _NESTED) and (changed := with_execute(value)) is not value:
            copy = copy or dict(element)
            copy[key] = changed
    if element.get("type") == SUBMIT and isinstance(data := element.get("data"), dict):
        copy = copy or dict(element)
        copy["type"] = EXECUTE
        copy["verb"] = str(data.get("action", ""))
    return element if copy is None else copy


def as_posted(card: dict[str, Any], channel: str | None) -> dict[str, Any]:
    """A card as the bot posts it to `channel`: with Universal Actions where Teams is the client."""
    return with_execute(card) if channel == TEAMS else card


def for_everyone(card: dict[str, Any], base: dict[str, Any], user_id: str, draft: str | None) -> dict[str, Any]:
    """A draft's card posted where several people see it (a group chat, a channel): everyone sees `base`, and
    Teams refreshes it for `user_id` alone into their own current card of that draft (the `resume` verb). A card
    about no one draft (`draft` None) is posted as it is."""
    if draft is None:
        return card
    resume = {"action": "resume", "draft": draft, "step": None}
    return {**base, "refresh": {"action": {"type": EXECUTE, "verb": "resume", "data": resume}, "userIds": [user_id]}}


@dataclass(frozen=True)
class Execution:
    """What an `adaptiveCard/action` invoke asks: the verb, and the data with the card's inputs (Teams merges
    the inputs into the action's data, as a submit does into the activity's value)."""

    verb: str
    data: dict[str, Any]
    refresh: bool  # Teams asks for one user's own view of a card (its `refresh`), not a button press


class BadInvokeError(ValueError):
    """The invoke's value is not a card action this bot's cards send."""


def execution_of(value: Any) -> Execution:
    """The verb and data of an invoke's value: `{"action": {"type": "Action.Execute", "verb": …, "data": {…}}}`."""
    action = value.get("action") if isinstance(value, dict) else None
    if not isinstance(action, dict) or action.get("type") != EXECUTE:
        raise BadInvokeError("the value holds no Action.Execute")
    verb, data = action.get("verb"), action.get("data")
    if not isinstance(verb, str) or not isinstance(data, dict):
        raise BadInvokeError("the Action.Execute has no verb or no data")
    if data.get("action") != verb:
        raise BadInvokeError("the verb is not the action its data names")
    return Execution(verb, data, refresh=value.get("trigger") == "automatic")


def with_lead(card: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    """The card an invoke answers with, opened by the words that lead up to it: in place of the pressed card they
    would otherwise arrive below it, as a message of their own, in the wrong order."""
    lead = [{"type": "TextBlock", "text": text, "wrap": True} for text in texts]
    return {**card, "body": [*lead, *card.get("body", [])]} if lead else card


def card_response(card: dict[str, Any]) -> dict[str, Any]:
    """The invoke's answer that replaces the pressed card with `card` for the user who pressed it."""
    return {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": with_execute(card)}


def message_response(text: str) -> dict[str, Any]:
    """The invoke's answer when there is no card to show: Teams shows the text and leaves the card as it was."""
    return {"statusCode": 200, "type": MESSAGE_CONTENT_TYPE, "value": text}
