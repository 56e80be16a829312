"""What a user who only types can do (try-out 4): act on the card just shown, start a draft by describing it, ask
about "den" draft, ask how much is left, answer a colleague's comment and skip a step; turn by turn, as Maria, who
has one draft. Then, through the bot (tests/support.Chat): saying in a greeting what dialogue one wants, and "jag är
klar" in the wizard, outside it and with no draft."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import event

from cards.elements import CardContext
from cards.render import render
from dialogs.actions import ActionName
from dialogs.actor import Actor
from dialogs.conversation import Conversation
from dialogs.shown import main_action
from dialogs.views import (
    ChooseTopicView,
    DraftListView,
    LinkView,
    NextStep,
    NextStepsView,
    Notice,
    ProposalView,
    Reply,
    ReviewFormView,
    ReviewRequestView,
    ReviewView,
    StepView,
)
from tests.card_catalog import all_views
from tests.card_checks import MAX_CARD_BYTES
from tests.support import (
    ANSWERS,
    INTERNAL_STEPS,
    Chat,
    action,
    actions_of,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    make_bot,
    memory_conversation,
    phase_of,
    texts_in,
    walk,
)

MARIA = Actor("aad:maria", "Maria Lind", "sv", "conv-maria")


class Maria:
    """Maria's conversation with the bot, with no bot and no HTTP: what she presses and types, and the last reply."""

    def __init__(self, routine: Any, messages: Any) -> None:
        self.conversation, self.database, self.notifier = memory_conversation(routine, messages)
        self.last: Reply | None = None
        self.lang = "sv"

    @property
    def actor(self) -> Actor:
        return replace(MARIA, lang=self.lang)  # type: ignore[arg-type]

    async def press(self, **data: Any) -> Reply:
        self.last = await self.conversation.on_card(self.actor, data)
        return self.last

    async def type(self, text: str) -> Reply:
        self.last = await self.conversation.on_text(self.actor, text)
        return self.last

    async def fill(self, steps: list[str]) -> Reply:
        """A new draft, its steps filled in card by card."""
        answer = await self.press(action="new")
        for step_id in steps:
            step = answer.views[-1]
            assert isinstance(step, StepView) and step.step.id == step_id
            ids = {"draft": step.draft_id, "step": step_id, "version": step.version}
            answer = await self.press(action="submit", **ids, **ANSWERS[step_id])
        return answer

    def view(self, kind: type) -> Any:
        assert self.last is not None
        found = [v for v in self.last.views if isinstance(v, kind)]
        assert found, f"no {kind.__name__} in {[type(v).__name__ for v in self.last.views]}"
        return found[-1]


@pytest.fixture
def maria(routine, messages) -> Maria:  # type: ignore[no-untyped-def]
    return Maria(routine, messages)


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("sv", "ok skapa förslaget"),
        ("sv", "skapa förslaget"),
        ("sv", "skapa förslag"),
        ("sv", "jag är klar, gör tjänsteutlåtandet"),
        ("en", "create the proposal"),
    ],
)
async def test_typing_create_the_proposal_on_the_review_creates_it(maria: Maria, lang: str, typed: str) -> None:
    maria.lang = lang
    review = (await maria.fill(INTERNAL_STEPS)).views[-1]
    assert isinstance(review, ReviewView)
    await maria.type(typed)
    proposal = maria.view(ProposalView)
    assert proposal.draft_id == review.draft_id and proposal.number == 1 and proposal.created_now


async def test_typing_a_new_version_after_a_change_creates_version_two_not_a_new_draft(maria: Maria) -> None:
    review = (await maria.fill(INTERNAL_STEPS)).views[-1]
    await maria.type("skapa förslaget")
    await maria.press(action="edit", draft=review.draft_id, step="evaluation")
    step = maria.view(StepView)
    await maria.press(
        action="submit", draft=step.draft_id, step="evaluation", version=step.version, evaluation_method="En enkät efteråt."
    )
    await maria.type("skapa ny version av förslaget")
    proposal = maria.view(ProposalView)
    assert proposal.number == 2 and proposal.draft_id == review.draft_id
    async with maria.database.unit_of_work() as tx:
        assert len(await tx.drafts.list_for_owner(MARIA.id)) == 1  # no new dialogue was started


@pytest.mark.parametrize(("lang", "typed"), [("sv", "skapa förslaget"), ("en", "create the proposal")])
async def test_typing_create_the_proposal_on_a_draft_parked_after_it_shows_that_one_still_parked(
    maria: Maria, lang: str, typed: str
) -> None:
    """Nothing changed since Förslag 1 was created and the draft parked: the request shows Förslag 1 again, says it is
    parked, and neither makes a Förslag 2 nor takes the draft out of the parked ones."""
    maria.lang = lang
    review = (await maria.fill(INTERNAL_STEPS)).views[-1]
    await maria.type(typed)
    await maria.press(action="park", draft=review.draft_id)
    async with maria.database.unit_of_work() as tx:
        history = await tx.history.for_drafts([review.draft_id])
    await maria.type(typed)
    proposal = maria.view(ProposalView)
    assert (proposal.number, proposal.created_now) == (1, False)
    assert "proposal_parked" in [n.key for v in maria.last.views if isinstance(v, NextStepsView) for n in v.notices]  # type: ignore[union-attr]
    async with maria.database.unit_of_work() as tx:
        assert await tx.history.for_drafts([review.draft_id]) == history
    await maria.type("mina utkast" if lang == "sv" else "my drafts")
    assert [d.state.value for d in maria.view(DraftListView).drafts] == ["parked"]


async def test_typing_create_the_proposal_before_every_step_is_answered_says_not_yet(maria: Maria) -> None:
    await maria.fill(INTERNAL_STEPS[:3])
    await maria.type("skapa förslaget")
    ways = maria.view(NextStepsView)
    assert [n.key for n in ways.notices] == ["proposal_not_yet"]
    assert [s.action.value for s in ways.steps] == ["open_page", "resume"]


async def proposed(maria: Maria) -> str:
    """Maria's draft, its proposal created; the review's person suggested by the plan (Eva Ek) can be reached."""
    review = (await maria.fill(INTERNAL_STEPS)).views[-1]
    await maria.press(action="create_proposal", draft=review.draft_id, version=review.version)
    maria.notifier.reachable.add("name:Eva Ek")
    return str(review.draft_id)


@pytest.mark.parametrize(("lang", "typed"), [("sv", "skicka"), ("sv", "skicka!"), ("en", "send")])
async def test_typing_the_main_button_of_the_card_just_shown_does_what_it_does(maria: Maria, lang: str, typed: str) -> None:
    """Under "Skicka för granskning" (the review's card, Eva Ek suggested), "skicka" sends it to her, as the button would."""
    maria.lang = lang
    draft = await proposed(maria)
    await maria.press(action="review", draft=draft)
    assert maria.view(ReviewFormView).person == "Eva Ek"
    await maria.type(typed)
    assert [(who, type(card).__name__) for who, card, _ in maria.notifier.sent] == [("name:Eva Ek", "ReviewRequestView")]
    assert "review_sent" in [v.key for v in maria.last.views if isinstance(v, Notice)]  # type: ignore[union-attr]


async def test_the_same_words_without_that_card_send_nothing(maria: Maria) -> None:
    """After another card "skicka" sends nothing; "skicka för granskning" is the review's request: its card, to check whom
    and what is asked."""
    draft = await proposed(maria)
    await maria.press(action="show_proposal", draft=draft)
    await maria.type("skicka")
    assert maria.notifier.sent == [] and not any(isinstance(v, ReviewFormView) for v in maria.last.views)  # type: ignore[union-attr]
    await maria.type("skicka för granskning")
    assert maria.view(ReviewFormView).draft_id == draft and maria.notifier.sent == []


async def test_a_main_action_with_no_one_to_send_to_asks_for_the_person_on_its_card(maria: Maria) -> None:
    draft = await proposed(maria)
    async with maria.database.unit_of_work() as tx:
        stored = await tx.drafts.get(draft)
        stored.answers["department_head"] = ""
        await tx.drafts.save(stored)
    await maria.press(action="review", draft=draft)
    await maria.type("skicka")
    form = maria.view(ReviewFormView)
    assert form.error is not None and maria.notifier.sent == []


async def test_each_main_action_is_the_first_button_its_card_draws(maria: Maria, routine, messages) -> None:  # type: ignore[no-untyped-def]
    draft = await proposed(maria)
    await maria.press(action="review", draft=draft)
    views: list[Any] = [maria.view(ReviewFormView)]
    await maria.type("skicka")  # the avdelningschef's card, with its Godkänn
    [request] = [view for _, view, _ in maria.notifier.sent if isinstance(view, ReviewRequestView)]
    views.append(request)
    await maria.press(action="edit", draft=draft, step="evaluation")
    step = maria.view(StepView)
    await maria.press(action="submit", draft=draft, step="evaluation", version=step.version, evaluation_method="Enkät.")
    views.append(maria.view(ReviewView))
    await maria.press(action="show_proposal", draft=draft)
    views.append(maria.view(ProposalView))
    assert views[-1].new_version
    for view in views:
        main = main_action(view)
        assert main is not None
        first = next(
            e
            for card in render(CardContext(routine, messages, "sv"), view)
            for e in walk(card)
            if e.get("type") == "Action.Submit"
        )
        sent = main.model_dump(include={"draft", "version", "share"})
        assert first["data"]["action"] == main.name and {k: first["data"].get(k) for k in sent} == sent


async def test_the_card_just_shown_is_the_one_last_shown_whichever_instance_showed_it(maria: Maria) -> None:
    """Two instances of the bot on one database: one shows the review's form, the other then the proposal; "skicka"
    reaching the first sends nothing, since the card last shown has no Skicka, as on one instance."""
    draft = await proposed(maria)
    other = Conversation(maria.conversation.services)
    await maria.press(action="review", draft=draft)
    await other.on_card(maria.actor, {"action": "show_proposal", "draft": draft})
    await maria.type("skicka")
    assert maria.notifier.sent == [] and not any(isinstance(v, ReviewFormView) for v in maria.last.views)  # type: ignore[union-attr]
    await other.on_card(maria.actor, {"action": "review", "draft": draft})
    await maria.type("skicka")  # now the form is the card last shown, on either instance
    assert [who for who, _, _ in maria.notifier.sent] == ["name:Eva Ek"]


async def test_a_message_sent_unasked_is_the_last_thing_shown(sqlite_engine, routine, messages) -> None:  # type: ignore[no-untyped-def]
    """Under the review's form a reminder (any card the bot sends unasked) arrives: "skicka" after it is about no form."""
    built, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter)
    proposal = await chat.propose()
    draft = action(proposal, "next_step")["data"]["draft"]
    form = cards_in(await chat.press({"data": {"action": "review", "draft": draft}}))[-1]
    assert "review_send" in {a["data"]["action"] for a in actions_of(form)}
    assert await built.services.notifier.to_user("aad:aad-anna", NextStepsView((), (NextStep(ActionName.LIST),)), "sv")
    adapter.activity_buffer.clear()
    replies = await chat.say("skicka")
    assert not {"review_send"} & {a["data"]["action"] for c in cards_in(replies) for a in actions_of(c)}


async def test_a_message_of_several_cards_sent_unasked_forgets_the_card_shown_before_it_once(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages
) -> None:
    """A colleague's view of two cards reaches the chat in order; the form shown before them is forgotten once, after
    the last (not once a card), so "skicka" is about no form."""
    built, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter)
    proposal = await chat.propose()
    draft = action(proposal, "next_step")["data"]["draft"]
    await chat.press({"data": {"action": "review", "draft": draft}})
    [two_cards] = [view for name, view in all_views(routine, "sv") if name == "review-warnings"]
    assert len(built.replies.messages([two_cards], "sv")) == 2
    forgetting: list[str] = []
    listener = lambda *args: forgetting.append(args[2]) if "DELETE FROM shown_cards" in args[2] else None  # noqa: E731
    event.listen(sqlite_engine.sync_engine, "before_cursor_execute", listener)
    adapter.activity_buffer.clear()
    assert await built.services.notifier.to_user("aad:aad-anna", two_cards, "sv")
    event.remove(sqlite_engine.sync_engine, "before_cursor_execute", listener)
    assert len(cards_in(list(adapter.activity_buffer))) == 2 and len(forgetting) == 1
    adapter.activity_buffer.clear()
    replies = await chat.say("skicka")
    assert not {"review_send"} & {a["data"]["action"] for c in cards_in(replies) for a in actions_of(c)}


async def test_yes_after_a_reply_that_asks_nothing_starts_nothing(maria: Maria) -> None:
    """ "tack!" is answered with words and the ways on, Nytt utkast first: "ja" after it chooses none of them."""
    await maria.type("tack!")
    assert isinstance(maria.last.views[-1], NextStepsView) and maria.last.views[-1].steps[0].action.value == "new"  # type: ignore[union-attr]
    await maria.type("ja")
    assert not any(isinstance(v, StepView) for v in maria.last.views)  # type: ignore[union-attr]
    async with maria.database.unit_of_work() as tx:
        assert await tx.drafts.list_for_owner(MARIA.id) == []


@pytest.mark.parametrize("yes", ["ja", "ja tack!", "Ja, det stämmer"])
async def test_yes_after_a_choice_with_one_obvious_first_takes_it(maria: Maria, yes: str) -> None:
    """ "Menade du något av det här?" with Mina utkast and Hjälp: yes is Mina utkast, not the routine's "no clear answer"."""
    await maria.type("mina utkast och kaffet")
    choice = maria.view(NextStepsView)
    assert [s.action.value for s in choice.steps] == ["list", "help"]
    await maria.type(yes)
    assert [type(v).__name__ for v in maria.last.views] == ["DraftListView"]  # type: ignore[union-attr]


async def test_yes_after_a_choice_of_several_asks_again_with_the_same_buttons(maria: Maria) -> None:
    await maria.type("hur mycket kostar kaffet?")
    topics = maria.view(ChooseTopicView)
    assert len(topics.topics) > 1
    await maria.type("ja")
    assert [v.key for v in maria.last.views if isinstance(v, Notice)] == ["yes_which"]  # type: ignore[union-attr]
    assert maria.view(ChooseTopicView) == topics


async def test_yes_after_a_card_that_is_no_choice_is_what_it_was(maria: Maria) -> None:
    """On a one-field step, after its card, "ja" is the answer as before."""
    answer = await maria.fill(INTERNAL_STEPS[:-2])
    assert maria.view(StepView).step.id == "evaluation"
    await maria.type("ja")
    assert maria.view(StepView).step.id == "case"
    async with maria.database.unit_of_work() as tx:
        assert (await tx.drafts.get(answer.views[-1].draft_id)).answers["evaluation_method"] == "ja"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("lang", "typed", "title"),
    [
        (
            "sv",
            "jag vill planera en medborgardialog med ungdomar om öppettiderna",
            "Medborgardialog med ungdomar om öppettiderna",
        ),
        ("sv", "Hej! Jag vill planera en dialog om öppettiderna, kan du hjälpa mig?", "Dialog om öppettiderna"),
        ("sv", "starta ett nytt utkast för parkleken", "Parkleken"),
        (
            "en",
            "I want to plan a citizen dialogue with young people about the opening hours",
            "Dialogue with young people about the opening hours",
        ),
    ],
)
async def test_a_new_draft_described_in_words_starts_with_them_as_its_title(
    maria: Maria, lang: str, typed: str, title: str
) -> None:
    """Typed with what it is about, a new draft starts at once (no "Menade du…?"), and those words are not lost: they are
    its title on the first card, to change there."""
    maria.lang = lang
    await maria.type(typed)
    step = maria.view(StepView)
    assert step.step.id == "start" and {i.field.id: i.value for i in step.inputs}["title"] == title
    await maria.type("mina utkast")
    assert [line.title for line in maria.view(DraftListView).drafts] == [title]


async def test_a_new_draft_described_at_length_gets_a_title_no_longer_than_the_field_takes(
    maria: Maria,
    routine,
    messages,  # type: ignore[no-untyped-def]
) -> None:
    """The title field takes 120 characters: a longer description is cut after its last whole word that fits, typed or
    sent by a client; four such drafts still make a Mina utkast card Teams shows."""
    most = routine.field("title").max_length
    typed = (
        "jag vill planera en medborgardialog med ungdomsfullmäktigeledamöterna om sommarlovsaktivitetsprogrammet och"
        " fritidsgårdsöppettiderna i Vällingbyområdet"
    )
    await maria.type(typed)
    title = {i.field.id: i.value for i in maria.view(StepView).inputs}["title"]
    assert title == (
        "Medborgardialog med ungdomsfullmäktigeledamöterna om sommarlovsaktivitetsprogrammet och fritidsgårdsöppettiderna i"
    )
    assert len(title) <= most
    for _ in range(4):
        await maria.press(action="new", subject="Å" * 4000)
    await maria.type("mina utkast")
    drafts = maria.view(DraftListView)
    assert [len(line.title) for line in drafts.drafts] == [most] * 4 + [len(title)]
    assert all(len(json.dumps(card).encode()) < MAX_CARD_BYTES for card in render(CardContext(routine, messages, "sv"), drafts))


async def test_a_new_draft_asked_for_alone_has_no_title_yet(maria: Maria) -> None:
    await maria.type("nytt utkast")
    assert {i.field.id: i.value for i in maria.view(StepView).inputs}["title"] == ""


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("sv", "kan jag få den som pdf istället"),
        ("sv", "kan jag få det i stället som pdf?"),
        ("en", "can I get it as a pdf instead"),
    ],
)
async def test_den_or_it_is_the_one_draft_not_a_name(maria: Maria, lang: str, typed: str) -> None:
    """ "den", "det", "istället", "it", "instead" name no draft: with one draft, the PDF is of that one."""
    maria.lang = lang
    await proposed(maria)
    await maria.type(typed)
    assert maria.view(LinkView).text_key == "pdf_ready"


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("sv", "hur mycket är kvar?"),
        ("sv", "var är jag nu? hur mycket är kvar"),
        ("sv", "hur långt har jag kommit"),
        ("sv", "hur många steg återstår?"),
        ("en", "how far am I"),
        ("en", "how much is left?"),
        ("en", "where am I? how much is left"),
    ],
)
async def test_progress_questions_say_where_the_draft_stands(maria: Maria, lang: str, typed: str) -> None:
    """How far, how much is left, and where am I asked twice in one message: the step the draft is at, and its card."""
    maria.lang = lang
    await maria.fill(INTERNAL_STEPS[:3])
    await maria.type(typed)
    assert [v.key for v in maria.last.views if isinstance(v, Notice)] == ["where_step"]  # type: ignore[union-attr]
    assert maria.view(StepView).step.id == "purpose"


async def test_two_requests_that_differ_are_still_a_choice(maria: Maria) -> None:
    await maria.fill(INTERNAL_STEPS[:3])
    await maria.type("var är jag? visa mina utkast")
    assert {s.action.value for s in maria.view(NextStepsView).steps} >= {"status", "list"}


async def test_replying_to_a_comment_by_typing_says_where_to_answer_and_keeps_the_text(maria: Maria) -> None:
    """Kim comments on the shared proposal; "svara kim att …" is not a question for the routine: the bot says it does not
    send replies, whom to answer in Teams about which draft, and keeps what Maria typed, with the sharing list a press
    away."""
    draft = await proposed(maria)
    maria.notifier.reachable.add("name:Kim Berg")
    await maria.press(action="share_save", draft=draft, person="Kim Berg", access="comment", ask="Vilka språk behövs?")
    [(_, shared, _)] = [sent for sent in maria.notifier.sent if sent[0] == "name:Kim Berg"]
    kim = Actor("name:Kim Berg", "Kim Berg", "sv", "conv-kim")
    await maria.conversation.on_card(kim, {"action": "share_comment", "share": shared.share_id, "comment": "Ska vi ha tolk?"})
    typed = "svara kim att ja gärna på arabiska och somaliska"
    await maria.type(typed)
    answer = maria.view(NextStepsView)
    [said] = answer.notices
    told = "ja gärna på arabiska och somaliska"  # what Kim is to be told, to copy (try-out 8): not "svara kim att"
    assert said.key == "reply_not_sent" and said.values["name"] == "Kim Berg" and said.values["text"] == told
    assert said.values["title"] == ANSWERS["start"]["title"]
    assert [(s.action.value, s.draft_id) for s in answer.steps] == [("shares", draft), ("list", None)]


@pytest.mark.parametrize(
    "typed",
    ["Deltagarna får svara på en enkät efteråt.", "Vi låter deltagarna svara på en enkät", "Svara på en enkät efter mötet"],
)
async def test_an_answer_that_uses_a_replys_verb_is_saved_as_the_answer(maria: Maria, typed: str) -> None:
    """On *Utvärdering* (one field), the verb "svara" inside the answer asks for no reply to a comment: the text is saved
    and the next step follows."""
    draft = (await maria.fill(INTERNAL_STEPS[:-2])).views[-1].draft_id  # type: ignore[union-attr]
    assert maria.view(StepView).step.id == "evaluation"
    await maria.type(typed)
    assert maria.view(StepView).step.id == "case"
    async with maria.database.unit_of_work() as tx:
        assert (await tx.drafts.get(draft)).answers["evaluation_method"] == typed.strip()


async def test_a_reply_naming_its_person_without_what_is_said_may_be_the_steps_answer(maria: Maria) -> None:
    """ "Svara Kim, …" on a one-field step: Maria says whether it is the answer (a press saves it as typed); "svara kim
    att …" is the reply, as anywhere."""
    await maria.fill(INTERNAL_STEPS[:-2])
    typed = "Svara Kim, Bo och Eva om enkäten efter mötet"
    await maria.type(typed)
    choice = maria.view(NextStepsView)
    assert [n.key for n in choice.notices] == ["answer_or_request"]
    assert [(s.action.value, s.answer) for s in choice.steps] == [("submit", ("evaluation_method", typed))]
    await maria.type("svara kim att enkäten kommer efter mötet")
    assert [n.key for n in maria.last.views if isinstance(n, Notice)] == ["reply_no_comment"]  # type: ignore[union-attr]


async def test_replying_with_no_comment_to_reply_to_keeps_the_text_too(maria: Maria) -> None:
    maria.lang = "en"
    await proposed(maria)
    await maria.type("reply to Kim that Arabic and Somali are fine")
    assert [(n.key, n.values["text"]) for n in maria.last.views if isinstance(n, Notice)] == [  # type: ignore[union-attr]
        ("reply_no_comment", "Arabic and Somali are fine")
    ]


@pytest.mark.parametrize(("lang", "typed"), [("sv", "hoppa över"), ("sv", "hoppa över det här steget"), ("en", "skip this step")])
async def test_skipping_a_step_whose_fields_are_all_optional_goes_on(maria: Maria, lang: str, typed: str) -> None:
    """ "Ärendet till nämnden" asks only optional things: skipping it is saving it empty, and the review follows."""
    maria.lang = lang
    await maria.fill(INTERNAL_STEPS[:-1])
    assert maria.view(StepView).step.id == "case"
    await maria.type(typed)
    assert isinstance(maria.last.views[-1], ReviewView)  # type: ignore[union-attr]


async def test_skipping_a_step_with_needed_fields_names_them_and_saves_nothing(maria: Maria) -> None:
    maria.lang = "en"
    await maria.fill(INTERNAL_STEPS[:3])
    await maria.type("skip this step")
    [said] = [v for v in maria.last.views if isinstance(v, Notice)]  # type: ignore[union-attr]
    assert said.key == "skip_needs" and "Why is a citizen dialogue to be held?" in str(said.values["required"])
    assert "earlier history" not in str(said.values["required"])  # optional
    await maria.type("var är jag?")
    assert maria.view(StepView).step.id == "purpose"


async def test_asking_whether_everything_must_be_filled_in_says_which_fields_are_optional(maria: Maria, routine) -> None:  # type: ignore[no-untyped-def]
    await maria.fill(INTERNAL_STEPS[:3])
    await maria.type("måste jag verkligen fylla i allt det här?")
    [said] = [v for v in maria.last.views if isinstance(v, Notice)]  # type: ignore[union-attr]
    purpose = routine.step("purpose")
    optional = {f.label("sv") for f in purpose.fields if not f.required and not f.required_when}
    assert said.key == "fields_optional" and optional and all(label in str(said.values["optional"]) for label in optional)
    assert not any(f.label("sv") in str(said.values["optional"]) for f in purpose.fields if f.required)


# --- turn by turn through the bot (tests/support.Chat): saying what dialogue one wants, and "jag är klar" -------------


@pytest.mark.parametrize(
    ("locale", "typed", "subject", "buttons"),
    [
        (
            "sv-SE",
            "hej! jag är enhetschef på Råcksta träffpunkt och vill prata med de boende om öppettiderna",
            "Prata med de boende om öppettiderna",
            ["Nytt utkast", "Mina utkast", "Hjälp", "Mina data"],
        ),
        (
            "en-US",
            "hi! I'm a unit manager at Råcksta meeting place and want to talk to the residents about the opening hours",
            "Talk to the residents about the opening hours",
            ["New draft", "My drafts", "Help", "My data"],
        ),
    ],
)
async def test_saying_what_dialogue_one_wants_offers_a_draft_about_it_beside_the_welcome(
    chat: Chat, locale: str, typed: str, subject: str, buttons: list[str]
) -> None:
    """With no draft, a greeting that says what the official wants to do is no mere greeting: the welcome comes with a
    new draft about it as its first button (the welcome's own buttons after it), and pressing that starts the draft with
    those words as its title, to change on the first card."""
    chat.locale = locale
    replies = await chat.say(typed)
    welcome = cards_in(replies)[-1]
    assert [a["title"] for a in actions_of(welcome)] == [f"{buttons[0]}: {subject}", *buttons]
    assert f"”{subject}”" in card_text(welcome) or f"“{subject}”" in card_text(welcome)
    first = cards_in(await chat.press(actions_of(welcome)[0]))[-1]
    assert action(first, "submit")["data"]["step"] == "start" and inputs_of(first)["title"]["value"] == subject


async def test_words_that_describe_no_dialogue_or_ask_get_the_welcome_or_the_answer_as_before(chat: Chat) -> None:
    replies = await chat.say("hej! jag vill inte prata med någon om det")
    assert [a["title"] for a in actions_of(cards_in(replies)[-1])] == ["Nytt utkast", "Mina utkast", "Hjälp", "Mina data"]
    answer = card_text(cards_in(await chat.say("hur ska jag prata med de boende om öppettiderna?"))[-1])
    assert "Nytt utkast: " not in answer


async def test_done_on_a_card_that_can_be_saved_as_it_is_saves_it_and_goes_on(chat: Chat) -> None:
    """The purpose step opened again from the review, looked at and left as it is: "jag är klar" sends the card as it
    shows its answers, and the review follows."""
    review = cards_in(await chat.complete_wizard())[-1]
    opened = cards_in(await chat.press(action(review, "edit", step="purpose")))[-1]
    assert action(opened, "submit")["data"]["step"] == "purpose"
    after = cards_in(await chat.say("jag är klar"))[-1]
    assert action(after, "create_proposal")["data"]["draft"] == action(review, "create_proposal")["data"]["draft"]


@pytest.mark.parametrize("step", ["method", "resources", "timeline", "case"])
async def test_done_on_a_card_of_choices_amounts_and_dates_saves_its_answers_as_they_were(chat: Chat, step: str) -> None:
    """A step of ticked options, an amount or dates, opened again and left as it is: "jag är klar" saves what the card
    shows, so the review reads as before (no option lost, no amount or date changed)."""
    review = cards_in(await chat.complete_wizard())[-1]
    await chat.press(action(review, "edit", step=step))
    after = cards_in(await chat.say("jag är klar"))[-1]
    assert action(after, "create_proposal") and card_text(after) == card_text(review)


async def test_done_typed_under_a_filled_in_card_says_its_button_saves_it_and_shows_it_again(chat: Chat) -> None:
    """On the purpose step, the card filled in but not sent, "I'm done" typed: a typed message brings none of the card's
    inputs, so the reply says the card's own button saves what is in it and what the saved answers still need (never
    that the card "as it is now" cannot be saved: the user filled it), and the card comes again as saved, its ways on
    with it; nothing is saved. The button of the card the user filled in then saves it."""
    chat.locale = "en-US"
    filled = cards_in(await chat.to_step("purpose"))[-1]
    replies = await chat.say("I'm done")
    said = texts_in(replies)[0]
    assert said.startswith("“Purpose and goals” is not saved: a typed message does not bring what is in the card.")
    assert "Press “Save and continue” on the card" in said and "as the card is now" not in said
    assert "Why is a citizen dialogue to be held?" in said and "earlier history" not in said  # optional
    card = cards_in(replies)[-1]
    assert action(card, "submit")["data"]["step"] == "purpose" and not error_beside(card, "why")
    assert [a["title"] for a in actions_of(card)] == [a["title"] for a in actions_of(filled)]
    assert action(cards_in(await chat.say("where am I?"))[-1], "submit")["data"]["step"] == "purpose"
    saved = cards_in(await chat.press(action(filled, "submit"), card=filled, **ANSWERS["purpose"]))[-1]
    assert action(saved, "submit")["data"]["step"] == "target_groups"


async def test_leaving_a_step_of_optional_fields_for_later_says_it_can_be_skipped_beside_the_card(chat: Chat) -> None:
    """On "Ärendet till nämnden", every field optional, "det här fyller jag i senare" is told that all of it is optional,
    with Hoppa över steget and the way back to the card (not a bare "Fyll i kortet"); the skip goes on to the review."""
    await chat.to_step("case")
    [card] = cards_in(await chat.say("det här fyller jag i senare"))
    assert card_text(card).startswith("Allt på ”Ärendet till nämnden” är frivilligt")
    assert [a["data"]["action"] for a in actions_of(card)] == ["skip_step", "edit"]
    step = cards_in(await chat.press(action(card, "edit")))[-1]
    assert action(step, "submit")["data"]["step"] == "case"
    review = cards_in(await chat.press(action(card, "skip_step")))[-1]
    assert action(review, "create_proposal")


async def test_done_outside_the_wizard_leads_to_the_drafts_next_step(chat: Chat) -> None:
    """Every step answered and the draft put aside: "jag är klar" shows the review, where the proposal is created. After
    the proposal: the phase the dialogue is in. In a new chat (no draft open there), the draft changed last, not complete:
    where it stands, its open step's card."""
    await chat.complete_wizard()
    await chat.say("avbryt")  # no step open in the conversation
    replies = await chat.say("jag är klar")
    assert "alla steg är besvarade" in texts_in(replies)[0]
    proposal = cards_in(await chat.press(action(cards_in(replies)[-1], "create_proposal")))[-1]
    replies = await chat.say("jag är klar")
    assert texts_in(replies)[0].startswith("Nästa steg för ”Aktiviteter på Råcksta aktivitetscenter”")
    assert phase_of(cards_in(replies)[-1]) == "sent" and action(proposal, "next_step")
    await chat.to_step("method")
    elsewhere = Chat(chat.adapter, conversation_id="conv-2")
    replies = await elsewhere.say("jag är klar")
    assert texts_in(replies)[0].startswith("Du arbetar med ”Aktiviteter på Råcksta aktivitetscenter”: steg ")
    assert action(cards_in(replies)[-1], "submit")["data"]["step"] == "method"


async def test_done_with_no_draft_says_so_with_the_welcomes_buttons(chat: Chat) -> None:
    chat.locale = "en-US"
    replies = await chat.say("I'm done")
    [card] = cards_in(replies)
    assert card_text(card) == "You have no draft under way. Would you like to start one?\nNew draft\nMy drafts\nHelp\nMy data"
