"""The card just shown to a user in a conversation, and what a short typed reply to it means.

A card's main action (its primary button) is what the button sends with the card's own defaults, and the words that do
it are locale data under its name (`card_actions` in dialogs/locales/messages.yaml): "skicka" right under *Skicka för
granskning* sends it, as the button would, to the person the card suggests; elsewhere "skicka" is no request ("skicka
ett mejl till alla deltagare" is a question), and "skicka för granskning" opens that card.

A choice card (the two or three likeliest meanings of what was typed, the closest topics, the ways on) answered
"ja"/"yes" takes its first choice when it is the obvious one (its only one, or every other is a general way on: Hjälp,
Mina utkast), else asks again with the same buttons: never a guess, never the routine's "no clear answer".

Remembered per conversation and user in this instance only, the last card of each reply, at most MAX_SHOWN: on another
instance, or once forgotten, "skicka" sends nothing and "ja" is read as before, which is never a wrong action either.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from dialogs.actions import Action, ActionName, ReviewSend, Topic, Versioned, parse_card
from dialogs.actor import Actor
from dialogs.views import ChooseTopicView, NextStep, NextStepsView, ProposalView, Reply, ReviewFormView, ReviewView, View

MAX_SHOWN = 10_000
# Ways on that every reply may have: beside one other choice they leave that one the obvious one.
GENERAL_WAYS = frozenset({ActionName.HELP, ActionName.LIST})
# Every action main_action returns.
MAIN_ACTIONS = frozenset({ActionName.CREATE_PROPOSAL, ActionName.REVIEW_SEND})


def main_action(view: View) -> Action | None:
    """The primary button of the card a view is, with the data it sends as shown (None: none that a short typed message
    may stand for; the words that do are the messages file's `card_actions`, under the action's name). cards/ draws the
    same button first (tests/test_typed_requests.py compares them)."""
    create = ActionName.CREATE_PROPOSAL
    if isinstance(view, ReviewView):
        return Versioned(name=create, draft=view.draft_id, version=view.version)
    if isinstance(view, ProposalView) and view.new_version and not view.decided:
        return Versioned(name=create, draft=view.draft_id, version=view.new_version)
    if isinstance(view, ReviewFormView):
        return ReviewSend(name=ActionName.REVIEW_SEND, draft=view.draft_id, person=view.person, ask=view.ask or "")
    return None


def check_card_actions(names: Iterable[str]) -> None:
    """The messages file's `card_actions` name only actions a card's main button sends."""
    unknown = set(names) - MAIN_ACTIONS
    if unknown:
        raise ValueError(f"card_actions in the messages file: not a card's main action: {sorted(unknown)}")


def action_of(step: NextStep) -> Action | None:
    """What the button of a NextStep sends, as the use cases read it."""
    return parse_card({"action": str(step.action), **step.data()})


def obvious_choice(view: View) -> Action | None:
    """The action a yes to a choice card takes: its only choice, or its first when every other is a general way on."""
    if isinstance(view, ChooseTopicView) and len(view.topics) == 1:
        return Topic(name=ActionName.TOPIC, topic=view.topics[0].id, draft=view.draft_id)
    if isinstance(view, NextStepsView) and view.steps and all(s.action in GENERAL_WAYS for s in view.steps[1:]):
        return action_of(view.steps[0])
    return None


def is_choice(view: View) -> bool:
    """A card that offers choices to press: the likeliest meanings, the closest topics, the ways on."""
    return isinstance(view, NextStepsView | ChooseTopicView) and bool(
        getattr(view, "steps", None) or getattr(view, "topics", None)
    )


class ShownCards:
    """The last card of each reply, per conversation and user (the oldest forgotten first)."""

    def __init__(self, limit: int = MAX_SHOWN) -> None:
        self._limit = limit
        self._last: OrderedDict[tuple[str, str], View] = OrderedDict()

    def remember(self, actor: Actor, answer: Reply) -> None:
        key = (actor.conversation_id, actor.id)
        self._last.pop(key, None)
        if answer.erased:
            for other in [k for k in self._last if k[1] == actor.id]:
                del self._last[other]
            return
        if answer.views:
            self._last[key] = answer.views[-1]
            while len(self._last) > self._limit:
                self._last.popitem(last=False)

    def last(self, actor: Actor) -> View | None:
        return self._last.get((actor.conversation_id, actor.id))
