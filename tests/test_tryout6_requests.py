"""Requests in a new user's own words, from a browser try-out (tryout6 #4, #5, #8, #11), turn by turn: a new draft with
what it is about gets that as its title, leaving for now is one reply with the way back, a draft shared with one is found
by words of its title and a comment typed under its card is saved, and a name typed with a share is in its card."""

from __future__ import annotations

import pytest

from tests.support import (
    BERTIL,
    Chat,
    HttpChat,
    action,
    actions_of,
    card_text,
    cards_in,
    inputs_of,
    make_bot,
    share_draft,
)


@pytest.fixture
def chat(sqlite_engine, routine, messages) -> Chat:  # type: ignore[no-untyped-def]
    return Chat(make_bot(sqlite_engine, routine, messages)[1])


@pytest.mark.parametrize(
    ("locale", "typed", "title"),
    [
        (
            "sv-SE",
            "jag vill ordna en medborgardialog med ungdomarna om kvällsaktiviteterna på fritidsgården",
            "Medborgardialog med ungdomarna om kvällsaktiviteterna på fritidsgården",
        ),
        ("sv-SE", "nytt utkast: trygghetsvandring i Råcksta", "Trygghetsvandring i Råcksta"),
        (
            "en-US",
            "I'd like to set up a citizen dialogue with older residents about the library's opening hours",
            "Dialogue with older residents about the library's opening hours",
        ),
    ],
)
async def test_a_new_draft_asked_for_with_its_topic_starts_with_that_title(
    chat: Chat, locale: str, typed: str, title: str
) -> None:
    """Anna (#4): not a routine section and a bare "Starta ett utkast", but the first card, its title what she typed."""
    chat.locale = locale
    [first] = cards_in(await chat.say(typed))
    assert action(first, "submit")["data"]["step"] == "start"
    assert inputs_of(first)["title"]["value"] == title


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("en-US", "let's stop here for now"),
        ("en-US", "cancel this, I'll come back later"),
        ("sv-SE", "jag måste gå på ett möte, jag fortsätter med det här i morgon"),
    ],
)
async def test_leaving_for_now_is_one_reply_with_the_way_back_to_the_step(chat: Chat, locale: str, typed: str) -> None:
    """Erik and Anna on a step (#8): not "fill in the card", nor "is this your answer?" with two buttons that mean the
    same: the draft is saved after every step, and Fortsätt opens the step again."""
    chat.locale = locale
    await chat.to_step("scope")
    [card] = cards_in(await chat.say(typed))
    assert "Aktiviteter på Råcksta aktivitetscenter" in card_text(card)
    assert [a["data"]["action"] for a in actions_of(card)] == ["resume", "list"]
    [step] = cards_in(await chat.press(action(card, "resume"), card=card))
    assert action(step, "submit")["data"]["step"] == "scope"


async def test_pausing_the_draft_parks_it(chat: Chat) -> None:
    await chat.to_step("scope")
    [card] = cards_in(await chat.say("pausa utkastet"))
    assert "Utkastet ”Aktiviteter på Råcksta aktivitetscenter” är parkerat." in card_text(card)


async def test_a_kommunikator_opens_a_shared_draft_by_its_words_and_comments_by_typing(client, connector) -> None:  # type: ignore[no-untyped-def]
    """Karin (Bertil here, #5): "öppna aktiviteterna" opens the draft Anna shared with him (its card, a new link), where
    a message that opens "Kommentar till Anna:" is saved as the card's comment would be, and Anna has it."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await share_draft(anna)
    for typed in ("öppna aktiviteterna", "fortsätt med Aktiviteter på Råcksta aktivitetscenter"):
        await bertil.say(typed)
        assert "Anna Andersson delar ett utkast med dig" in card_text(bertil.cards_here()[-1]), typed
        assert "Den du fick förut fungerar inte längre" in " ".join(bertil.texts_here())
    before = len(anna.texts_here())
    await bertil.say("Kommentar till Anna: jag kan göra affischer och sprida dem på fritidsgården")
    assert "Tack! Din kommentar är sparad och Anna Andersson har fått den." in " ".join(bertil.texts_here())
    assert any("jag kan göra affischer" in text for text in [*anna.texts_here(before), card_text(anna.cards_here()[-1])])


async def test_a_name_typed_with_a_share_is_in_its_card(sqlite_engine, routine, messages) -> None:  # type: ignore[no-untyped-def]
    """Anna in Web Chat (#11): "dela med vår kommunikatör Karin" opens the share card with Karin in its person field."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1], channel_id="webchat")
    await chat.to_step("scope")
    [form] = cards_in(await chat.say("dela med vår kommunikatör Karin"))
    assert "share_save" in [a["data"]["action"] for a in actions_of(form)]
    assert inputs_of(form)["person"]["value"] == "Karin"


async def test_a_long_answer_about_the_dialogue_on_an_open_step_is_not_taken_for_a_new_draft(chat: Chat) -> None:
    """On Syfte och mål, a long text that opens as a new draft's request may be meant for a field: the user says which,
    the text given back to paste; no draft is started unasked."""
    await chat.to_step("purpose")
    typed = (
        "Vi ska göra en medborgardialog med ungdomarna om kvällsaktiviteterna på fritidsgården för att höra vad de vill"
        " ha för aktiviteter"
    )
    [choice] = cards_in(await chat.say(typed))
    assert typed in card_text(choice)
    assert [(a["data"]["action"], a["data"].get("step")) for a in actions_of(choice)] == [("new", None), ("edit", "purpose")]
