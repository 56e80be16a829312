"""The findings of a browser try-out by five new users (tryout5), turn by turn: a request that could mean two things
never breaks the chat, typed input comes back after an error, a draft shared with a kommunikatör is found, and leaving
and coming back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.services import Domain
from cards.elements import CardContext
from cards.render import render
from dialogs.actions import TYPED_ONLY, ActionName, parse_card
from dialogs.calls import load_calls
from dialogs.language import LANGS
from dialogs.planning import load_meeting_plan
from dialogs.views import NextStep, NextStepsView
from tests.support import (
    ANSWERS,
    BERTIL,
    FIXED_NOW,
    Chat,
    HttpChat,
    action,
    actions_of,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    make_bot,
    phase_of,
    share_draft,
    texts_in,
)
from tests.test_calls import A_CALL
from tests.test_lifecycle import _to_phase
from tests.test_proposal import proposal_of, reopened, text_of


def _said(replies: list[Any]) -> str:
    """Everything a reply shows: its texts and its cards' words."""
    return "\n".join([*texts_in(replies), *(card_text(c) for c in cards_in(replies))])


def _titles(card: dict[str, Any]) -> list[str]:
    return [a["title"] for a in actions_of(card)]


# --- 1. two readings of what was typed: every one a button with its words ---------------------------------------


@pytest.mark.parametrize("name", list(ActionName))
def test_every_action_a_button_may_send_has_its_words_in_both_languages(routine, messages, name: ActionName) -> None:  # type: ignore[no-untyped-def]
    if name in TYPED_ONLY:  # it carries what was typed: no card sends it, so none offers it
        assert parse_card({"action": name.value}) is None
        return
    for lang in LANGS:
        [card] = render(CardContext(routine, messages, lang), NextStepsView((), (NextStep(name, "d" * 32),)))
        [title] = _titles(card)
        assert title and "{" not in title


def test_the_bot_does_not_start_with_a_button_that_has_no_words(routine, messages) -> None:  # type: ignore[no-untyped-def]
    labels = {a: k for a, k in messages.action_labels.items() if a != ActionName.SKIP_STEP}
    with pytest.raises(ValueError, match="skip_step"):
        Domain(routine, replace(messages, action_labels=labels), tuple(load_calls()), load_meeting_plan())


async def test_skip_this_step_with_a_reason_on_a_step_of_two_fields_says_why_not_with_the_card(chat: Chat) -> None:
    """Emma, on step 10: not a skip offered that cannot be done (try-out 7), never "Something went wrong": why not, and
    the card to fill in."""
    chat.locale = "en-US"
    await chat.to_step("feedback")
    replies = await chat.say("skip this step, I'll do it later")
    said = _said(replies)
    assert "cannot be skipped, as the routine needs these answers" in said and "went wrong" not in said
    assert action(cards_in(replies)[-1], "submit")["data"]["step"] == "feedback"


async def test_skipping_a_phase_that_has_not_happened_says_it_waits_and_leads_back_to_it(chat: Chat) -> None:
    """Karin, at phase 11: a phase is saved once it has happened (said at once, with no Skip to press that cannot skip:
    tryout8 #20)."""
    await _to_phase(chat, "implemented")
    replies = await chat.say("hoppa över, det är inte klart än")
    assert "sparas när det har hänt, så det finns inget att hoppa över" in _said(replies)
    [ways] = cards_in(replies)
    assert "skip_step" not in [a["data"]["action"] for a in actions_of(ways)]
    [phase] = cards_in(await chat.press(action(ways, "next_step"), card=ways))
    assert action(phase, "phase_save")["data"]["step"] == "implemented"


@pytest.mark.parametrize(("channel", "person"), [("msteams", ""), ("webchat", "Lena")])
async def test_sending_the_report_to_lena_for_review_opens_its_review_with_her_name(
    sqlite_engine, routine, messages, channel: str, person: str
) -> None:  # type: ignore[no-untyped-def]
    """Karin, at phase 12: "redovisningen" names the document, not a draft (tryout6 #11): the redovisning's review form
    straight away, with Lena, as typed, in its person field where that is a text field (Teams' people picker takes only
    a person picked in it)."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1], channel_id=channel)
    await _to_phase(chat, "reported")
    [form, *_] = cards_in(await chat.say("skicka redovisningen till Lena för granskning"))
    assert "Skicka redovisningen av ”Aktiviteter på Råcksta aktivitetscenter” till avdelningschefen" in card_text(form)
    assert action(form, "review_send")["data"]["reviewed"] == "report"
    assert inputs_of(form)["person"]["value"] == person


# --- 10. what was typed on a card that could not be saved comes back ---------------------------------------------


def _values(card: dict[str, Any]) -> dict[str, Any]:
    return {fid: e.get("value", "") for fid, e in inputs_of(card).items()}


async def test_after_a_date_in_the_past_continuing_the_draft_shows_what_was_typed_until_it_is_saved(chat: Chat) -> None:
    """Karin typed a nämnd date in the past, wrote to the bot, then pressed Fortsätt utkastet: her dates are there."""
    await chat.to_step("timeline")
    typed = {**ANSWERS["timeline"], "decision_date": "2026-10-01"}
    [refused] = cards_in(await chat.submit_step("timeline", decision_date="2026-10-01"))
    assert "Datumet har redan varit" in card_text(refused)
    await chat.say("oj, nämnden har möte den 11 februari 2027")
    [card] = cards_in(await chat.press({"data": {"action": "resume", "draft": action(refused, "submit")["data"]["draft"]}}))
    assert action(card, "submit")["data"]["step"] == "timeline"
    assert {k: v for k, v in _values(card).items() if k in typed} == typed
    assert "Här är det du skrev senast. Det är inte sparat än" in card_text(card)
    await chat.submit_step("timeline")  # corrected: saved, and the next step
    [again] = cards_in(await chat.say("ändra tidplanen"))
    assert _values(again)["decision_date"] == ANSWERS["timeline"]["decision_date"]
    assert "Det är inte sparat än" not in card_text(again)


async def test_a_phase_refused_for_a_date_ahead_shows_what_was_typed_when_it_is_opened_again(
    sqlite_engine, routine, messages
) -> None:  # type: ignore[no-untyped-def]
    _, adapter = make_bot(sqlite_engine, routine, messages, clock=lambda: FIXED_NOW)  # today stays 2026-11-23
    chat = Chat(adapter)
    await _to_phase(chat, "decided")
    [*_, refused] = cards_in(await chat.record_phase("decided", paragraph="§ 7"))  # decided on 2027-01-20: ahead
    assert error_beside(refused, "decided_on")
    [*_, card] = cards_in(await chat.say("nästa steg"))
    assert phase_of(card) == "decided"
    assert _values(card)["paragraph"] == "§ 7" and _values(card)["decided_on"] == "2027-01-20"


# --- 3. a draft shared with a kommunikatör is found again --------------------------------------------------------


@pytest.mark.parametrize("typed", ["mina utkast", "vilka utkast har delats med mig?", "shared with me"])
async def test_the_kommunikator_finds_the_draft_shared_with_him_and_opens_it_under_a_new_link(
    client, connector, typed: str
) -> None:  # type: ignore[no-untyped-def]
    """Omar (Bertil here) commented once through the notice; later, the notice scrolled away, he asks for his drafts."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")  # the bot has met him, so the share reaches him
    old_path, _ = await share_draft(anna)
    [*_, listing] = [c for a in await bertil.say(typed) for c in [att["content"] for att in a.get("attachments") or []]]
    text = card_text(listing)
    assert "Du har inga egna utkast än" in text and "Delade med dig" in text
    assert "Delat av Anna Andersson · Läsa och kommentera · länken gäller till 2026-12-23" in text
    opened = await bertil.press(action(listing, "shared_open")["data"], card=listing)
    assert "Anna Andersson delar ett utkast med dig" in card_text(opened) and "comment" in inputs_of(opened)
    assert "Den du fick förut fungerar också" in " ".join(bertil.texts_here())
    new_link = next(a["url"] for a in opened["actions"] if a["type"] == "Action.OpenUrl")
    assert (await client.get(new_link.removeprefix("https://dialogstod.example.se"))).status == 200
    assert (await client.get(old_path)).status == 200  # the link sent before still works (try-out 7)


async def test_a_share_of_someone_elses_is_not_opened_from_the_list(client, connector) -> None:  # type: ignore[no-untyped-def]
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await share_draft(anna)
    share_id = action(bertil.cards_here()[-1], "share_comment")["data"]["share"]
    carl = HttpChat(client, connector, {"id": "29:carl", "name": "Carl", "aadObjectId": "aad-carl"}, "a:personal-carl")
    await carl.say("hej")
    await carl.press({"action": "shared_open", "share": share_id}, card={})
    assert "Jag hittar ingen sådan delning." in carl.texts_here()


# --- 2. a title the bot wrote from "planera en medborgardialog med ungdomar om …" --------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "heading"),
    [
        (
            "sv",
            "Medborgardialog med ungdomar om öppettiderna på fritidsgården",
            "Förslag om medborgardialog med ungdomar om öppettiderna på fritidsgården",
        ),
        (
            "en",
            "Dialogue with young people about the library's opening hours",
            "Proposal for a citizen dialogue with young people about the library's opening hours",
        ),
        (
            "sv",
            "Aktiviteter på Råcksta aktivitetscenter",
            "Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter",
        ),
    ],
)
def test_a_title_that_begins_with_the_dialogue_is_not_said_twice_in_the_word_document(
    routine,
    lang: str,
    title: str,
    heading: str,  # type: ignore[no-untyped-def]
) -> None:
    """Per's and Emma's titles: the heading, the first beslutspunkt and the Sammanfattning name the dialogue once."""
    document = reopened(proposal_of(routine, {"start": {"title": title}}, lang))
    assert document.paragraphs[0].text == heading
    text = text_of(document).lower()
    assert not any(twice in text for twice in ("dialog om medborgardialog", "dialog om dialog", "dialogue on dialogue"))
    topic = heading.lower().split("dialogue " if lang == "en" else "medborgardialog ", 1)[1]
    assert text.count(f"dialog{'ue' if lang == 'en' else ''} {topic}") >= 3  # heading, beslutspunkt 1, Sammanfattning


# --- 16. "ja" under the delete confirmation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "delete", "yes", "which"), [("sv-SE", "ta bort", "ja", "Vilket"), ("en-US", "delete", "yes", "Which")]
)
async def test_yes_under_the_delete_confirmation_asks_which_with_its_buttons_and_deletes_nothing(
    chat: Chat, locale: str, delete: str, yes: str, which: str
) -> None:
    """Per typed "ja" under *Vill du ta bort …?*: the same two buttons again, asking which; only the button deletes."""
    chat.locale = locale
    await chat.to_step("scope")
    [confirm] = cards_in(await chat.say(delete))
    replies = await chat.say(yes)
    assert which in _said(replies)
    [again] = cards_in(replies)
    assert _titles(again) == _titles(confirm)
    assert "Aktiviteter på Råcksta" in _said(await chat.say("mina utkast" if locale == "sv-SE" else "my drafts"))
    said = _said(await chat.press(action(again, "delete_confirm"), card=again))
    assert "Aktiviteter på Råcksta" in said
    assert "Aktiviteter på Råcksta" not in _said(await chat.say("mina utkast" if locale == "sv-SE" else "my drafts"))


async def test_yes_under_erase_my_data_asks_which_and_erases_nothing(chat: Chat) -> None:
    await chat.to_step("scope")
    [confirm] = cards_in(await chat.say("radera mina data"))
    replies = await chat.say("ja")
    assert "Vilket" in _said(replies)
    assert _titles(cards_in(replies)[0]) == _titles(confirm)
    assert "Aktiviteter på Råcksta" in _said(await chat.say("mina utkast"))


# --- 13. leaving and coming back ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "park", "where"), [("sv-SE", "parkera utkastet", "var var jag?"), ("en-US", "park", "where was I?")]
)
async def test_where_was_i_after_parking_the_only_draft_offers_it_and_continues_it(
    chat: Chat, locale: str, park: str, where: str
) -> None:
    chat.locale = locale
    await chat.to_step("scope")
    await chat.say(park)
    [offer] = cards_in(await chat.say(where))
    assert "Aktiviteter på Råcksta aktivitetscenter" in card_text(offer)
    [step] = cards_in(await chat.press(action(offer, "resume"), card=offer))
    assert action(step, "submit")["data"]["step"] == "scope"


async def test_yes_to_where_you_were_continues_the_draft(chat: Chat) -> None:
    await chat.to_step("scope")
    await chat.say("parkera")
    await chat.say("var var jag?")
    [step] = cards_in(await chat.say("ja"))
    assert action(step, "submit")["data"]["step"] == "scope"


# --- 17. a new draft in one word ------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["nytt", "börja"])
async def test_one_word_starts_a_new_draft(chat: Chat, word: str) -> None:
    [card] = cards_in(await chat.say(word))
    assert action(card, "submit")["data"]["step"] == "start"


async def test_a_question_about_when_to_begin_is_no_new_draft(chat: Chat) -> None:
    said = _said(await chat.say("när ska vi börja informera målgrupperna?"))
    assert "Steg 1" not in said


# --- 14. a reminder the user asks for ------------------------------------------------------------------------------


async def test_asking_for_a_reminder_of_ones_own_says_what_reminders_cover_with_buttons_to_them(chat: Chat) -> None:
    chat.locale = "en-US"
    [card] = cards_in(await chat.say("can you remind me to send the invitations on 2 December?"))
    said = card_text(card)
    assert "You have no upcoming reminders." in said
    assert "the dates in your draft's timeline and of the calls you watch" in said
    assert "I cannot set reminders of your own" in said
    assert _titles(card) == ["Watch a call", "My drafts"]


# --- 17. which calls can I apply to? -------------------------------------------------------------------------------


async def test_which_calls_can_i_apply_to_says_whether_any_is_open_now(chat: Chat) -> None:
    """Emma: the answer says "none is open now" itself, not one click later; a call added that is open counts."""
    chat.locale = "en-US"
    assert "No call in the calendar is open to apply to right now." in _said(await chat.say("which calls can I apply to?"))
    listing = cards_in(await chat.say("bevaka"))[0]
    form = cards_in(await chat.press(action(listing, "call_add")))[0]
    await chat.press(action(form, "call_add_save"), **A_CALL)
    assert "Open to apply to right now: 1." in _said(await chat.say("which calls can I apply to?"))


@pytest.mark.parametrize(
    ("locale", "text", "saved"),
    [
        ("sv-SE", "jag måste gå på ett möte, kan jag spara och fortsätta senare?", "sparas efter varje steg"),
        ("en-US", "can I save this and continue later?", "saved after every step"),
    ],
)
async def test_asking_to_save_and_continue_later_says_it_is_saved_and_leads_back(
    chat: Chat, locale: str, text: str, saved: str
) -> None:
    """Karin, off to a meeting: the draft is saved after every step, with its Fortsätt button, which opens the step."""
    chat.locale = locale
    await chat.to_step("scope")
    [card] = cards_in(await chat.say(text))
    assert saved in card_text(card) and "Aktiviteter på Råcksta aktivitetscenter" in card_text(card)
    [step] = cards_in(await chat.press(action(card, "resume"), card=card))
    assert action(step, "submit")["data"]["step"] == "scope"
