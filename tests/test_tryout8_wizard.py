"""The author's wizard by typing, from a browser try-out (tryout8 #3, #12, #13, #16 and #20's small things), turn by turn:
"ja, gör ett nytt utkast om det" takes what the welcome offered, an answer typed on a card of several fields fills the
field it clearly names (else is given back to paste, with the card), leaving in Swedish is the leaving-for-now reply, a
greeting after a reload offers the draft in progress, the method step needs its description only when no method is
ticked, and the small things: a conditional field is needed only if …, "visa kortet igen" shows it, "ladda ner" under
the Word card is that card."""

from __future__ import annotations

import pytest

from tests.support import Chat, action, actions_of, card_text, cards_in, error_beside, inputs_of, make_bot, texts_in

DESCRIBED = "Hej! Jag är enhetschef på Hässelby fritidsgård och vill ha en dialog med ungdomarna om sommarens aktiviteter"


def _said(replies: list) -> str:  # type: ignore[type-arg]
    return " ".join([*texts_in(replies), *(card_text(c) for c in cards_in(replies))])


@pytest.mark.parametrize(
    ("locale", "described", "typed", "title"),
    [
        ("sv-SE", DESCRIBED, "ja, gör ett nytt utkast om det", "Ha en dialog med ungdomarna om sommarens aktiviteter"),
        (
            "en-US",
            "Hi! I run the youth centre and want to talk with young people about the summer activities",
            "yes, make a new draft about it",
            "Talk with young people about the summer activities",
        ),
    ],
)
async def test_a_new_draft_about_it_takes_what_the_welcome_offered(
    chat: Chat, locale: str, described: str, typed: str, title: str
) -> None:
    """Anna (#3): "det"/"it" is what the welcome offered as a new draft, not a draft titled "Det"."""
    chat.locale = locale
    await chat.say(described)
    first = cards_in(await chat.say(typed))[-1]
    assert action(first, "submit")["data"]["step"] == "start"
    assert inputs_of(first)["title"]["value"] == title


async def test_a_new_draft_about_it_with_nothing_offered_has_no_title_it(chat: Chat) -> None:
    await chat.say("hej")
    first = cards_in(await chat.say("gör ett nytt utkast om det"))[-1]
    assert inputs_of(first)["title"].get("value", "") == ""


@pytest.mark.parametrize(
    "typed",
    [
        "rubriken ska vara Sommarens aktiviteter på Hässelby fritidsgård",
        "ändra rubriken till Sommarens aktiviteter på Hässelby fritidsgård",
    ],
)
async def test_a_title_typed_on_the_first_card_fills_it(chat: Chat, typed: str) -> None:
    """Anna (#12): the title typed in words is put in the card's title field, shown again to check and save; the card's
    other answers kept."""
    await chat.press({"data": {"action": "new"}}, card={})
    await chat.submit_step("start", title="Det")
    await chat.press({"data": {"action": "edit", "draft": action(chat.last_card, "submit")["data"]["draft"], "step": "start"}})
    replies = await chat.say(typed)
    card = cards_in(replies)[-1]
    assert action(card, "submit")["data"]["step"] == "start"
    assert inputs_of(card)["title"]["value"] == "Sommarens aktiviteter på Hässelby fritidsgård"
    assert inputs_of(card)["unit"]["value"] == "Äldreomsorgens aktivitetscenter Råcksta"
    assert "Rubrik för dialogen" in _said(replies) and "inte sparat" in _said(replies)
    saved = await chat.press(action(card, "submit"))
    assert "Sommarens aktiviteter på Hässelby fritidsgård" in _said(saved)


async def test_no_on_both_fills_the_two_yes_no_questions(chat: Chat) -> None:
    """Anna on Omfattning (#12): "nej på båda" answers its two yes/no questions on the card, to save."""
    await chat.to_step("scope")
    card = cards_in(await chat.say("nej på båda"))[-1]
    assert action(card, "submit")["data"]["step"] == "scope"
    assert inputs_of(card)["scope_authority"]["value"] == "no" and inputs_of(card)["scope_preschool"]["value"] == "no"


async def test_yes_and_yes_and_a_level_fill_the_influence_card(chat: Chat) -> None:
    await chat.to_step("influence")
    card = cards_in(await chat.say("ja och ja, och vi kör på konsultation"))[-1]
    values = {k: v.get("value") for k, v in inputs_of(card).items()}
    assert values["question_influenceable"] == "yes" and values["decision_makers_influenceable"] == "yes"
    assert values["influence_level"] == "consultation"


@pytest.mark.parametrize(
    ("step", "typed"),
    [
        ("purpose", "Syftet är att ungdomarna själva ska få vara med och bestämma vad vi gör i sommar"),
        ("timeline", "Nämnden beslutar den 16 april, dialogen pågår 4 maj till 29 maj, återkoppling 12 juni"),
        ("resources", "Kostnaden blir ungefär 15 000 kr för bussresor och fika"),
    ],
)
async def test_an_answer_no_field_is_clear_for_is_given_back_with_the_card(chat: Chat, step: str, typed: str) -> None:
    """Anna (#12): not "Fyll i kortet" and the text gone, but the text given back to paste, and the card itself."""
    await chat.to_step(step)
    replies = await chat.say(typed)
    assert typed in " ".join(texts_in(replies) + [card_text(c) for c in cards_in(replies)[:-1]])
    assert action(cards_in(replies)[-1], "submit")["data"]["step"] == step


async def test_the_question_to_citizens_typed_after_its_label_fills_it(chat: Chat) -> None:
    await chat.press({"data": {"action": "new"}}, card={})
    card = cards_in(await chat.say("Frågan är: vad vill ni göra på fritidsgården i sommar?"))[-1]
    assert inputs_of(card)["question"]["value"] == "vad vill ni göra på fritidsgården i sommar?"


@pytest.mark.parametrize(
    "typed", ["spara så länge, jag kommer tillbaka senare", "Nu måste jag gå på ett möte, jag tar resten efteråt"]
)
async def test_leaving_in_swedish_is_the_leaving_for_now_reply(chat: Chat, typed: str) -> None:
    """Anna (#13): the leaving-for-now reply, with Fortsätt back to the step."""
    await chat.to_step("purpose")
    card = cards_in(await chat.say(typed))[-1]
    assert [a["data"]["action"] for a in actions_of(card)] == ["resume", "list"]


async def test_a_greeting_after_a_reload_offers_the_draft_in_progress(sqlite_engine, routine, messages) -> None:  # type: ignore[no-untyped-def]
    """Anna (#13): back from her meeting in a new conversation, the welcome offers her open draft first."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    await Chat(adapter).to_step("purpose")
    again = Chat(adapter, conversation_id="conv-2")
    welcome = cards_in(await again.say("hej igen, nu är jag tillbaka från mötet"))[-1]
    first = actions_of(welcome)[0]
    assert first["data"]["action"] == "resume" and "Aktiviteter på Råcksta aktivitetscenter" in first["title"]
    step = cards_in(await again.press(first))[-1]
    assert action(step, "submit")["data"]["step"] == "purpose"


async def test_methods_ticked_need_no_description(chat: Chat) -> None:
    """Anna (#16): "Välj en eller flera, eller beskriv en egen metod": with methods ticked the description may be empty;
    with none ticked it is needed."""
    await chat.to_step("method")
    refused = cards_in(await chat.submit_step("method", methods="", method_description=""))[-1]
    assert error_beside(refused, "method_description")
    saved = cards_in(await chat.submit_step("method", methods="meeting_place_talk,web_survey", method_description=""))[-1]
    assert action(saved, "submit")["data"]["step"] == "resources"


async def test_must_i_fill_in_everything_says_when_a_conditional_field_is_needed(chat: Chat) -> None:
    """#20: "Om ja – vilka frågor till vilka målgrupper?" is needed only if the answer above it is Ja."""
    await chat.to_step("target_groups")
    said = _said(await chat.say("måste jag fylla i allt här?"))
    assert "Om ja – vilka frågor till vilka målgrupper? (bara om" in said


async def test_show_the_card_again_shows_it(chat: Chat) -> None:
    await chat.to_step("purpose")
    card = cards_in(await chat.say("visa kortet igen"))[-1]
    assert action(card, "submit")["data"]["step"] == "purpose"


async def test_download_under_the_word_card_is_the_word_card(chat: Chat) -> None:
    """#20: "ladda ner" right under the Word card does not ask Word or PDF: the card said which."""
    await chat.propose()
    word = cards_in(await chat.say("kan jag få det här som ett Word-dokument?"))[-1]
    again = cards_in(await chat.say("ladda ner"))[-1]
    assert card_text(again) == card_text(word)


async def test_how_to_fill_in_the_card_by_typing_is_the_steps_help(chat: Chat) -> None:
    """Anna (#12): "hur fyller jag i det här kortet genom att skriva?" is no routine question: the step's help says how."""
    await chat.to_step("scope")
    help_card = cards_in(await chat.say("hur fyller jag i det här kortet genom att skriva?"))[-1]
    assert "Hjälp: Omfattning" in card_text(help_card) and "”nej på båda”" in card_text(help_card)


async def test_yes_to_the_welcomes_offer_starts_that_draft(chat: Chat) -> None:
    await chat.say(DESCRIBED)
    first = cards_in(await chat.say("ja"))[-1]
    assert inputs_of(first)["title"]["value"] == "Ha en dialog med ungdomarna om sommarens aktiviteter"


async def test_small_talk_on_a_card_of_several_fields_is_answered_as_such(chat: Chat) -> None:
    await chat.to_step("purpose")
    assert texts_in(await chat.say("tack!")) == ["Varsågod! Säg till om du vill något mer."]


async def test_methods_named_in_words_are_ticked_on_the_card(chat: Chat) -> None:
    """Anna on Metod (#12): the catalogue's methods and the channel she names are filled in, to check and save."""
    await chat.to_step("method")
    card = cards_in(await chat.say("vi tar gåtur med unga och ett ungdomsråd, fysiska möten"))[-1]
    values = {k: v.get("value") for k, v in inputs_of(card).items()}
    assert set(values["methods"].split(",")) >= {"youth_walk", "youth_council"} and values["channels"] == "physical"


def test_the_information_names_the_methods_ticked_when_no_method_is_described(routine) -> None:  # type: ignore[no-untyped-def]
    """#16: with the description left empty, the information to the target groups says how it works by the methods."""
    from tests.test_documents import letter_paragraphs, text_of, through_phases

    phases, draft = through_phases(routine)
    draft.answers.pop("method_description")
    text = " ".join(letter_paragraphs(text_of(routine, phases, draft, "information")))
    assert "Så går den till: webbenkät och samtal på en träffpunkt." in text


async def test_an_answer_on_a_card_with_nothing_to_paste_into_says_to_choose_on_it(chat: Chat) -> None:
    await chat.to_step("scope")
    replies = await chat.say("nej")
    assert "välj på kortet" in " ".join(texts_in(replies)) and "Klistra in" not in " ".join(texts_in(replies))
    assert action(cards_in(replies)[-1], "submit")["data"]["step"] == "scope"
