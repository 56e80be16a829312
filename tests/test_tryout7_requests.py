"""Requests in a new user's own words that still dead-ended in a browser try-out (tryout7), turn by turn in Swedish and
English: a comment typed under a shared draft's card without "Kommentar", an approval in the reviewer's own words, the
redovisning a colleague sent opened by her name, a samråd to plan, leaving for a meeting, a draft named by words of its
title to delete or continue, where one is after a reload, and reminders switched off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import (
    BERTIL_OID,
    PHASES,
    Chat,
    action,
    actions_of,
    card_text,
    cards_in,
    inputs_of,
    make_bot,
    texts_in,
)

TITLE = "Aktiviteter på Råcksta aktivitetscenter"


def _bertil(chat: Chat, locale: str = "sv-SE") -> Chat:
    """Bertil, Anna's kommunikatör and avdelningschef, in his own chat with the same bot."""
    return Chat(chat.adapter, "user-2", "Bertil Berg", locale, BERTIL_OID, "conv-2")


async def _shared_with_bertil(sqlite_engine: Any, routine: Any, messages: Any, locale: str) -> tuple[Chat, Chat, dict[str, Any]]:
    """Anna shares her complete draft with Bertil to comment on: both chats, and the card he got."""
    anna = Chat(make_bot(sqlite_engine, routine, messages)[1])
    bertil = _bertil(anna, locale)
    await bertil.say("hej")
    review = cards_in(await anna.complete_wizard())[-1]
    form = cards_in(await anna.press(action(review, "share")))[-1]
    sent = await anna.press(action(form, "share_save"), card=form, person=BERTIL_OID, access="comment", ask="")
    [card] = [c for c in cards_in(sent) if "share_comment" in str(c)]
    return anna, bertil, card


@pytest.mark.parametrize(
    ("locale", "typed", "saved"),
    [
        (
            "sv-SE",
            "Bra upplägg, men lägg till föräldrarna som målgrupp",
            "Tack! Din kommentar är sparad och Anna Andersson har fått den.",
        ),
        (
            "en-US",
            "Nice plan, but add the parents as a target group",
            "Thank you! Your comment is saved and Anna Andersson has it.",
        ),
    ],
)
async def test_text_typed_under_a_shared_drafts_card_is_its_comment(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, locale: str, typed: str, saved: str
) -> None:
    """tryout7 #1: the kommunikatör types his view under the card without "Kommentar": it is the comment (not "Menade du
    något av det här? [Hjälp]"), Anna has it, and he has the ways on."""
    anna, bertil, _ = await _shared_with_bertil(sqlite_engine, routine, messages, locale)
    replies = await bertil.say(typed)
    assert texts_in(replies)[0] == saved
    assert actions_of(cards_in(replies)[-1]), "no way on"
    assert typed in " ".join(card_text(c) for c in cards_in(await anna.say("har någon kommenterat?")))


@pytest.mark.parametrize("typed", ["Ska vi ha med föräldrarna också?", "Jag kan hjälpa till med affischerna"])
async def test_a_question_or_a_request_inside_text_under_a_shared_drafts_card_may_be_saved_as_the_comment(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, typed: str
) -> None:
    """A question the routine has no clear answer to, or text with a request's words inside ("hjälpa"), may be meant for
    Anna: a short card, Spara som kommentar first (not "Menade du något av det här? [Hjälp]"), nothing saved until he
    says; pressed, it is saved as typed."""
    anna, bertil, _ = await _shared_with_bertil(sqlite_engine, routine, messages, "sv-SE")
    [card] = cards_in(await bertil.say(typed))
    first = actions_of(card)[0]
    assert first["title"] == "Spara som kommentar" and first["data"]["comment"] == typed
    assert typed not in " ".join(card_text(c) for c in cards_in(await anna.say("mina delningar")))
    assert texts_in(await bertil.press(first, card=card))[0] == "Tack! Din kommentar är sparad och Anna Andersson har fått den."
    assert typed in " ".join(card_text(c) for c in cards_in(await anna.say("mina delningar")))


async def test_small_talk_and_requests_under_a_shared_drafts_card_are_no_comment(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages
) -> None:
    _, bertil, _ = await _shared_with_bertil(sqlite_engine, routine, messages, "sv-SE")
    assert "kommentar är sparad" not in " ".join(texts_in(await bertil.say("tack!")))
    replies = await bertil.say("mina utkast")
    assert "kommentar är sparad" not in " ".join(texts_in(replies)) and "Delade med dig" in card_text(cards_in(replies)[-1])


async def _report_sent_to_bertil(sqlite_engine: Any, routine: Any, messages: Any, locale: str) -> tuple[Chat, Chat]:
    """Anna at the redovisning's phase sends it to Bertil, her avdelningschef, for review: both chats."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    bertil = _bertil(anna, locale)
    await bertil.say("hej")
    await anna.to_phases()
    for phase_id in PHASES[: PHASES.index("reported")]:
        await anna.record_phase(phase_id)
    reported = anna.last_card or {}
    form = cards_in(await anna.press(action(reported, "review"), card=reported))[-1]
    await anna.press(action(form, "review_send"), card=form, person=BERTIL_OID)
    return anna, bertil


@pytest.mark.parametrize(
    ("locale", "typed", "approved"),
    [
        ("en-US", "I'm happy with this report, go ahead", f"The report on “{TITLE}” is approved."),
        ("sv-SE", "jag är nöjd med redovisningen, kör", f"Redovisningen av ”{TITLE}” är godkänd."),
    ],
)
async def test_an_approval_in_the_reviewers_own_words_under_the_review_card_approves(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, locale: str, typed: str, approved: str
) -> None:
    """tryout7 #2: the avdelningschef's own words under the redovisning's review card do what its Godkänn does."""
    _, bertil = await _report_sent_to_bertil(sqlite_engine, routine, messages, locale)
    replies = await bertil.say(typed)  # Anna's notice lands in the same test adapter
    assert texts_in(replies)[0] == approved
    assert any(f"Bertil Berg har godkänt redovisningen av ”{TITLE}”" in card_text(c) for c in cards_in(replies))


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("en-US", "can you open the report Anna sent me?"),
        ("sv-SE", "öppna redovisningen Anna skickade"),
        ("en-US", "show me the proposal Anna sent me"),
    ],
)
async def test_the_redovisning_a_colleague_sent_is_opened_by_her_name(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, locale: str, typed: str
) -> None:
    """tryout7 #3: not routine sections nor the list to look in: the review's card again, with its link to read it."""
    _, bertil = await _report_sent_to_bertil(sqlite_engine, routine, messages, locale)
    await bertil.say("hej")  # the review's card is no longer the one just shown
    card = cards_in(await bertil.say(typed))[-1]
    assert "review_approve" in [a["data"]["action"] for a in actions_of(card)], card_text(card)
    assert TITLE in card_text(card)


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        (
            "jag skulle behöva planera ett samråd med föräldrarna kring skolgården",
            "Samråd med föräldrarna kring skolgården",
        ),
        (
            "we need to organise a consultation with the parents about the schoolyard",
            "Consultation with the parents about the schoolyard",
        ),
    ],
)
async def test_a_samrad_to_plan_starts_a_draft_about_it(chat: Chat, typed: str, title: str) -> None:
    """tryout7 #4: as "jag vill ordna en medborgardialog med …" does, from a step of another draft too."""
    await chat.to_step("scope")
    [first] = cards_in(await chat.say(typed))
    assert action(first, "submit")["data"]["step"] == "start"
    assert inputs_of(first)["title"]["value"] == title


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("en-US", "I have to run to a meeting, I'll pick this up tomorrow"),
        ("sv-SE", "jag måste springa på ett möte, jag tar det här i morgon"),
    ],
)
async def test_running_to_a_meeting_is_leaving_for_now(chat: Chat, locale: str, typed: str) -> None:
    """tryout7 #5: the English form as the Swedish: the draft is saved, Fortsätt opens the step again."""
    chat.locale = locale
    await chat.to_step("scope")
    [card] = cards_in(await chat.say(typed))
    assert [a["data"]["action"] for a in actions_of(card)] == ["resume", "list"]


async def _with_drafts(chat: Chat, *titles: str) -> None:
    for title in titles:
        await chat.press({"data": {"action": "new"}}, card={})
        await chat.submit_step("start", title=title)
        await chat.say("avbryt")


@pytest.mark.parametrize(
    ("locale", "typed"),
    [("en-US", "get rid of the park walk-through draft"), ("sv-SE", "bli av med utkastet om trygghetsvandringen i parken")],
)
async def test_a_draft_named_by_words_of_its_title_is_offered_to_delete(chat: Chat, locale: str, typed: str) -> None:
    """tryout7 #6: not the method catalogue: the draft named, to confirm deleting, as typed delete does."""
    chat.locale = locale
    await _with_drafts(chat, "Trygghetsvandring i parken (park walk-through)", "Biblioteket i Vällingby")
    [confirm] = cards_in(await chat.say(typed))
    assert [a["data"]["action"] for a in actions_of(confirm)] == ["delete_confirm", "delete_cancel"]
    assert "Trygghetsvandring i parken" in card_text(confirm)


async def test_continue_my_park_draft_opens_the_draft_named_park(chat: Chat) -> None:
    """tryout7 #6: "park" is the draft's name here, not Parkera: the draft opens; two drafts named so are a choice."""
    chat.locale = "en-US"
    await _with_drafts(chat, "Park walk-through in Hässelby", "Biblioteket i Vällingby")
    [card] = cards_in(await chat.say("continue my park draft"))
    assert "Step 2 of 12 · Park walk-through in Hässelby" in card_text(card)
    await chat.say("cancel")
    await _with_drafts(chat, "Park clean-up in Vällingby")
    [choice] = cards_in(await chat.say("continue my park draft"))
    assert [(a["data"]["action"]) for a in actions_of(choice)] == ["resume", "resume"]


@pytest.mark.parametrize(
    ("locale", "typed", "said"),
    [
        ("sv-SE", "var är jag?", "Du har inget utkast öppet just nu. Du var senast i ”Biblioteket i Vällingby”, steg 2 av"),
        ("en-US", "where am I?", "You have no draft open right now. You were last in “Biblioteket i Vällingby”, step 2 of"),
    ],
)
async def test_where_am_i_in_a_new_chat_names_the_latest_draft_and_its_step(
    chat: Chat, locale: str, typed: str, said: str
) -> None:
    """tryout7 #7: after a reload (a new conversation, no card open) with two drafts: the latest, its step, Fortsätt."""
    await _with_drafts(chat, "Park walk-through in Hässelby", "Biblioteket i Vällingby")
    reloaded = Chat(chat.adapter, conversation_id="conv-reloaded", locale=locale)
    [card] = cards_in(await reloaded.say(typed))
    assert card_text(card).startswith(said), card_text(card)
    assert [a["data"]["action"] for a in actions_of(card)] == ["resume", "list"]
    [step] = cards_in(await reloaded.press(actions_of(card)[0], card=card))
    assert action(step, "submit")["data"]["step"] == "scope" and "Biblioteket i Vällingby" in card_text(step)


@pytest.mark.parametrize(
    ("locale", "typed"), [("en-US", "I don't want any more reminders"), ("sv-SE", "jag vill inte ha fler påminnelser")]
)
async def test_not_wanting_more_reminders_lists_them_to_turn_off(chat: Chat, locale: str, typed: str) -> None:
    """tryout7 #8: as "stop reminding me" does: the reminders, each with its way to turn it off."""
    chat.locale = locale
    await chat.to_phases()
    replies = await chat.say(typed)
    assert any("reminder_done" in [a["data"]["action"] for a in actions_of(c)] for c in cards_in(replies)), [
        card_text(c)[:200] for c in cards_in(replies)
    ]
