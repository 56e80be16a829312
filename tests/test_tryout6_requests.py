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
    """Karin (Bertil here, #5): "öppna aktiviteterna" opens the draft Anna shared with him (its card, a new link, the old
    one working too), where a message that opens "Kommentar till Anna:" is saved as the card's comment would be, and Anna
    has it."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await share_draft(anna)
    for typed in ("öppna aktiviteterna", "fortsätt med Aktiviteter på Råcksta aktivitetscenter"):
        await bertil.say(typed)
        assert "Anna Andersson delar ett utkast med dig" in card_text(bertil.cards_here()[-1]), typed
        assert "Den du fick förut fungerar också" in " ".join(bertil.texts_here())
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


async def test_naming_a_colleagues_draft_to_delete_offers_no_delete_of_ones_own(sqlite_engine, routine, messages) -> None:  # type: ignore[no-untyped-def]
    """Erik (#9) names Anna's draft to delete: not a single Delete button on his own draft, but that no draft of his
    has that name, and his drafts to look in."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    await anna.to_step("scope")
    erik = Chat(adapter, user_id="user-2", name="Erik Lind", locale="en-US", aad_object_id="aad-erik", conversation_id="c-e")
    await erik.to_step("purpose")
    [card] = cards_in(await erik.say("delete the draft Kvällsaktiviteter på Vällingby fritidsgård"))
    assert [a["data"]["action"] for a in actions_of(card)] == ["list"]
    assert "no draft of yours" in card_text(card)


@pytest.mark.parametrize(
    ("locale", "title", "typed"),
    [
        ("en-US", "Opening hours of the library", "please remove my library draft, I don't need it"),
        ("sv-SE", "Biblioteket i Vällingby", "ta bort utkastet om biblioteket, jag behöver det inte"),
    ],
)
async def test_a_negation_in_the_reason_for_a_delete_is_no_refusal(chat: Chat, locale: str, title: str, typed: str) -> None:
    """Erik (#9): "I don't need it" says why; the draft named is offered to delete, as its own button would."""
    chat.locale = locale
    await chat.press({"data": {"action": "new"}}, card={})
    await chat.submit_step("start", title=title)
    [confirm] = cards_in(await chat.say(typed))
    assert [a["data"]["action"] for a in actions_of(confirm)] == ["delete_confirm", "delete_cancel"]
    assert title in card_text(confirm)


@pytest.mark.parametrize(("locale", "typed"), [("sv-SE", "ok, tillbaka till mitt utkast"), ("en-US", "back to my draft")])
async def test_back_to_my_draft_shows_its_card_again(chat: Chat, locale: str, typed: str) -> None:
    """Anna (#11) after a question: "tillbaka till mitt utkast" names no step; it is "fortsätt", the open card again."""
    chat.locale = locale
    await chat.to_step("scope")
    await chat.say("vad är en medborgardialog?")
    [card] = cards_in(await chat.say(typed))
    assert action(card, "submit")["data"]["step"] == "scope"


@pytest.mark.parametrize(
    ("locale", "typed", "opens"),
    [
        ("en-US", "let's stop here for now", "“Aktiviteter"),
        ("sv-SE", "vi stannar här så länge", "”Aktiviteter"),
        ("sv-SE", "kan jag spara och fortsätta senare?", "Ja. ”Aktiviteter"),
    ],
)
async def test_leaving_for_now_says_yes_only_when_asked(chat: Chat, locale: str, typed: str, opens: str) -> None:
    """Erik (#3 of the fixers' list): "Yes." answers a question; after "let's stop here for now" nothing was asked."""
    chat.locale = locale
    await chat.to_step("scope")
    [card] = cards_in(await chat.say(typed))
    assert card_text(card).startswith(opens), card_text(card)


@pytest.mark.parametrize(
    ("locale", "typed"),
    [("sv-SE", "jag vill inte bli påmind om nämndmötet"), ("en-US", "stop reminding me about the council meeting")],
)
async def test_not_wanting_to_be_reminded_lists_the_reminders(chat: Chat, locale: str, typed: str) -> None:
    """Anna (#7): a negation before "påmind" is the wish to stop: the reminders, each with its way to turn it off."""
    chat.locale = locale
    await chat.to_phases()
    replies = await chat.say(typed)
    assert any("reminder_done" in [a["data"]["action"] for a in actions_of(c)] for c in cards_in(replies)), [
        card_text(c) for c in cards_in(replies)
    ]


async def test_a_text_to_send_asked_for_in_words_is_written(chat: Chat) -> None:
    """Anna (#7) with her proposal made: "en text att skicka ut" is the text the bot writes for the target groups, not
    the fallback; before the proposal, why there is none yet."""
    await chat.to_step("scope")
    [early] = cards_in(await chat.say("kan du ge mig en text att skicka ut till ungdomarna?"))
    assert "ingen text att skicka än" in card_text(early)
    await chat.to_phases()
    replies = await chat.say("kan du ge mig en text att skicka ut till ungdomarna?")
    assert any("text_docx" in [a["data"]["action"] for a in actions_of(c)] for c in cards_in(replies)), [
        card_text(c)[:200] for c in cards_in(replies)
    ]


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("sv-SE", "Karin ska ha kommunikatörsrollen för den här fasen"),
        ("sv-SE", "ge kommunikatörsrollen till Karin"),
        ("en-US", "give the communicator role to Karin"),
    ],
)
async def test_a_role_given_in_words_opens_its_card_with_the_name(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, locale: str, typed: str
) -> None:
    """Anna in Web Chat (#7) on the phases after her proposal: the phase card's Välj person, Karin in its person field."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1], channel_id="webchat", locale=locale)
    await chat.to_phases()
    [form] = cards_in(await chat.say(typed))
    assert "assign_save" in [a["data"]["action"] for a in actions_of(form)], card_text(form)
    assert inputs_of(form)["person"]["value"] == "Karin"


async def test_a_draft_named_by_its_title_is_that_draft_not_one_whose_title_holds_the_requests_own_words(
    chat: Chat,
) -> None:
    """tryout7 #1, #2: "med" in "fortsätt med …" is the request's word, not the "med" of "Medborgardialog med …": the
    draft whose title is typed is the one continued, and a word only one title holds names that one without a choice."""
    for typed in (
        "nytt utkast: Kvällsaktiviteter på fritidsgården",
        "jag vill ordna en medborgardialog med ungdomarna om kvällsaktiviteterna på fritidsgården",
        "nytt utkast: trygghetsvandring i Råcksta",
    ):
        await chat.say(typed)
        await chat.say("avbryt")
    [card] = cards_in(await chat.say("fortsätt med Kvällsaktiviteter på fritidsgården"))
    assert inputs_of(card)["title"]["value"] == "Kvällsaktiviteter på fritidsgården"
    await chat.say("avbryt")
    [card] = cards_in(await chat.say("fortsätt med trygghetsvandring"))
    assert inputs_of(card)["title"]["value"] == "Trygghetsvandring i Råcksta"
