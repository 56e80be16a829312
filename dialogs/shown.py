"""The card a conversation's last reply ended with, and what a short typed reply to it means.

A card's main action (its primary button) is what the button sends with the card's own defaults, and the words that do
it are locale data under its name (`card_actions` in dialogs/locales/messages.yaml): "skicka" right under *Skicka för
granskning* sends it, as the button would, to the person the card suggests; elsewhere "skicka" is no request ("skicka
ett mejl till alla deltagare" is a question), and "skicka för granskning" opens that card.

A choice card that asks which of its buttons the user means (the two or three likeliest meanings of what was typed, the
drafts, steps or calls its words may name, whether a text was a step's answer; the closest topics) answered "ja"/"yes"
takes its first choice when it is the obvious one (its only one, or every other is a general way on: Hjälp, Mina
utkast), else asks again with the same buttons: never a guess, never the routine's "no clear answer". A confirmation of
what cannot be undone (*Vill du ta bort …?*, *Radera mina data?*) is such a choice that has no obvious one: "ja" asks
again with its buttons, and only the button deletes. A reply that asks nothing (words with the ways on after them,
"tack!") is no choice: "ja" after it is read as any text is. The welcome that offers a new draft about what the user
described asks it: "ja", or a new draft asked for about nothing or "det"/"it", is that draft. Under a card of links that
answered a request (the Word card), that request typed as likely as another ("ladda ner": Word or PDF?) is that one.

What is kept of that card (`ShownCard`: the data its main button sends, or the choice's buttons; not the card) is stored
with the conversation's focus (dialogs/ports.FocusRepository), written in the same unit of work as the focus wherever
the use case keeps it (features/base.keep_focus), so that every instance reads the card the user last saw; a message the
bot sends into the conversation unasked (a reminder, a colleague's card) forgets it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from dialogs.actions import (
    Action,
    ActionName,
    Command,
    InputValue,
    NewDraft,
    ReviewSend,
    ShareComment,
    ShareSave,
    SubmitStep,
    Topic,
    Versioned,
    parse_card,
)
from dialogs.actor import Focus
from dialogs.language import Lang
from dialogs.matching import RoutineQuestions
from dialogs.share import Reviewed
from dialogs.views import (
    ChooseTopicView,
    ConfirmDeleteView,
    ConfirmEraseView,
    LinkView,
    NextStep,
    NextStepsView,
    PhaseView,
    ProposalView,
    Reply,
    ReviewFormView,
    ReviewRequestView,
    ReviewView,
    SharedWithYouView,
    ShareFormView,
    View,
    WelcomeView,
    choice,
    leads_on,
    say,
)

# Ways on that every reply may have: beside one other choice they leave that one the obvious one.
GENERAL_WAYS = frozenset({ActionName.HELP, ActionName.LIST})
# Every action main_action returns: the only ones the messages file's `card_actions` may name (bot/services.Domain).
MAIN_ACTIONS = frozenset(
    {
        ActionName.CREATE_PROPOSAL,
        ActionName.REVIEW_SEND,
        ActionName.REVIEW_APPROVE,
        ActionName.SHARE_COMMENT,
        ActionName.PHASE_SAVE,
        ActionName.SHARE_SAVE,
    }
)
# The buttons of a confirmation that its own words choose ("ja, ta bort", "yes, delete it"), where a bare yes asks again.
TYPED_CHOICES = frozenset({ActionName.DELETE_CONFIRM})
# Main actions, and the button of their card that carries a text, whose words open a message that says it: "Kommentar
# till Anna: jag kan göra affischer" under the card of a draft shared to comment on is that comment, as its field and button
# would send it; "send it back to Anna: please add …" under the review's card sends it back with that comment.
TAKES_TEXT = {ActionName.SHARE_COMMENT: ActionName.SHARE_COMMENT, ActionName.REVIEW_APPROVE: ActionName.REVIEW_RETURN}


class ShownCard(BaseModel):
    """What a short typed reply may answer of the card last shown: the data its main button sends, as a card would send
    it; or, for a choice that asks, its buttons (`steps`), or its topics by id with the words they were offered under."""

    model_config = ConfigDict(frozen=True)

    main: dict[str, Any] | None = None
    steps: tuple[NextStep, ...] = ()
    topics: tuple[str, ...] = ()
    topic_key: str = ""
    lang: Lang = "sv"
    draft_id: str | None = None
    phase: str = ""  # a phase's card (its id): text typed under it is about that card
    proposed: bool = False  # the topics' draft has its proposal (ChooseTopicView.proposed)
    offered: str = ""  # a new draft about this, the welcome's first button (WelcomeView.described)
    asked: NextStep | None = None  # the request a card of links answers (LinkView.asked)
    names: tuple[str, ...] = ()  # the people the card names, whom a reply to it may name too ("I approve Anna's proposal")
    reviewed: Reviewed | None = None  # a review's card: the document, which a reply to it may name ("I approve the report")

    @classmethod
    def stored(cls, data: Mapping[str, Any] | None) -> ShownCard | None:
        """The card as stored (None: none, or kept in a shape this code no longer reads: forgotten, never guessed)."""
        try:
            return cls.model_validate(data) if data else None
        except ValidationError:
            return None

    def main_action(self) -> Action | None:
        return parse_card(self.main) if self.main else None

    def takes_text(self) -> ShareComment | None:
        """The card's button that carries a typed text (TAKES_TEXT), with the data it sends but the text; None: none."""
        main = self.main_action()
        if not isinstance(main, ShareComment) or main.name not in TAKES_TEXT:
            return None
        return main.model_copy(update={"name": TAKES_TEXT[main.name]})

    def about(self, action: Action) -> Action:
        """A new draft asked for without saying about what, or about "det"/"it", right under a card that offered one about
        something ("ja, gör ett nytt utkast om det"): about that; a request as likely as another, right under the card
        that answered one of them: that one; any other action as it is."""
        if self.offered and isinstance(action, Command) and action.name is ActionName.NEW and not action.subject:
            return action.model_copy(update={"subject": self.offered})
        if self.asked and isinstance(action, Command) and action.also and self.asked.action in (action.name, *action.also):
            return action_of(self.asked) or action  # "ladda ner" right under the Word card: that card, not Word or PDF?
        return action

    def obvious_choice(self) -> Action | None:
        """The action a yes takes: the new draft offered, the only topic, or the only choice or the first when every other
        is a general way on."""
        if self.offered:
            return NewDraft(name=ActionName.NEW, subject=self.offered)
        if len(self.topics) == 1:
            return Topic(name=ActionName.TOPIC, topic=self.topics[0], draft=self.draft_id)
        if self.steps and all(s.action in GENERAL_WAYS for s in self.steps[1:]):
            return action_of(self.steps[0])
        return None

    def typed_choice(self, says: Callable[[str], bool]) -> Action | None:
        """The button of the choice whose own words (`card_actions`) the message `says`: "ja, ta bort" is Ja, ta bort."""
        return next((action_of(s) for s in self.steps if s.action in TYPED_CHOICES and says(s.action)), None)

    def asks(self) -> bool:
        return bool(self.steps or self.topics or self.offered)

    def again(self, questions: RoutineQuestions) -> tuple[View, ...]:
        """The choice once more, its buttons as they were, asking which."""
        if self.topics:
            topics = tuple(topic for i in self.topics if (topic := questions.topic(i)))
            return say("yes_which"), ChooseTopicView(self.lang, self.topic_key, topics, self.draft_id, self.proposed)
        return (choice(say("yes_which"), self.steps),)


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
        send = ActionName.REVIEW_SEND
        return ReviewSend(name=send, draft=view.draft_id, person=view.person, ask=view.ask or "", reviewed=view.reviewed)
    if isinstance(view, ReviewRequestView):  # the avdelningschef's Godkänn, with no comment
        return ShareComment(name=ActionName.REVIEW_APPROVE, share=view.share_id, link=view.link)
    if isinstance(view, SharedWithYouView) and view.can_comment:  # Skicka kommentar, with what the field holds
        return ShareComment(name=ActionName.SHARE_COMMENT, share=view.share_id)
    if isinstance(view, PhaseView) and not view.hides:  # Spara, with what the fields show ("Spara ändå" is pressed)
        form = view.form
        inputs: dict[str, InputValue] = {i.field.id: i.value for i in form.inputs}
        return SubmitStep(name=ActionName.PHASE_SAVE, draft=form.draft_id, step=form.step.id, version=form.version, inputs=inputs)
    if isinstance(view, ShareFormView):  # Dela, to the person in its field (none: the card again, saying so)
        share = ActionName.SHARE_SAVE
        return ShareSave(
            name=share, draft=view.draft_id, person=view.person, access=view.access, ask=view.ask or "", days=view.days
        )
    return None


def shown_card(answer: Reply) -> ShownCard | None:
    """What to keep of the card a reply ends with (None: nothing a short reply may answer; nothing after the user's data
    was erased). A reply of which nothing leads on ends with the ways on the conversation adds: a card that asks nothing."""
    if answer.erased or not any(leads_on(view) for view in answer.views):
        return None
    view = answer.views[-1]
    if isinstance(view, ConfirmDeleteView):  # a yes asks which (a delete is not undone): the button deletes
        confirm, keep = (NextStep(name, view.draft_id) for name in (ActionName.DELETE_CONFIRM, ActionName.DELETE_CANCEL))
        return ShownCard(steps=(confirm, keep))
    if isinstance(view, ConfirmEraseView):
        return ShownCard(steps=(NextStep(ActionName.MY_DATA_ERASE_CONFIRM), NextStep(ActionName.MY_DATA_ERASE_CANCEL)))
    if (main := main_action(view)) is not None:
        # A form's inputs as its button sends them: beside the ids (dialogs/actions.parse_card).
        inputs = main.inputs if isinstance(main, SubmitStep) else {}
        sent = {"action": main.name.value, **main.model_dump(mode="json", exclude={"name", "inputs"}), **inputs}
        if isinstance(view, PhaseView):  # text typed under it is about that card
            return ShownCard(main=sent, phase=view.phase.id, draft_id=view.draft_id)
        if isinstance(view, ReviewRequestView):
            return ShownCard(main=sent, names=(view.owner_name,), reviewed=view.reviewed)
        return ShownCard(main=sent)
    if isinstance(view, ChooseTopicView) and view.topics:
        ids = tuple(t.id for t in view.topics)
        return ShownCard(topics=ids, topic_key=view.message_key, lang=view.lang, draft_id=view.draft_id, proposed=view.proposed)
    if isinstance(view, NextStepsView) and view.steps and view.asks:
        return ShownCard(steps=view.steps)
    if isinstance(view, PhaseView):
        return ShownCard(phase=view.phase.id, draft_id=view.draft_id)
    if isinstance(view, LinkView) and view.asked:
        return ShownCard(asked=view.asked)
    if isinstance(view, WelcomeView) and view.described:
        return ShownCard(offered=view.described)
    return None


def action_of(step: NextStep) -> Action | None:
    """What the button of a NextStep sends, as the use cases read it."""
    return parse_card({"action": str(step.action), **step.data()})


@dataclass(frozen=True)
class Whereabouts:
    """What a typed message is read against: the draft the user works on in the conversation (their focus) and the card
    shown them last there (None: none a short reply answers)."""

    focus: Focus | None
    shown: ShownCard | None
