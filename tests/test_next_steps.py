"""Never a dead end: every card has a way on, every reply leads somewhere, and the findings of issue 12 turn by
turn — typed requests in the wizard and outside it, the choice offered when unsure, and the way back to the
open step after a reminder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from cards.elements import CardContext
from cards.render import render
from dialogs.actor import Actor, Focus
from dialogs.language import LANGS, Lang
from dialogs.views import WITHOUT_WAYS_ON, AnsweredView, NextStepsView, Notice, ReminderView, Reply, leads_on
from tests.card_catalog import all_views
from tests.fake_connector import FakeConnector
from tests.memory import MemoryUnitOfWork
from tests.support import (
    ANSWERS,
    INTERNAL_STEPS,
    PHASES,
    Chat,
    HttpChat,
    StartApp,
    action,
    actions_of,
    card_text,
    cards_in,
    inputs_of,
    make_bot,
    memory_conversation,
    texts_in,
    walk,
)
from tests.test_intents import QUESTIONS, Session
from tests.test_intents import TABLE as COMMANDS


@pytest.fixture
def bot(sqlite_engine, routine, messages):  # type: ignore[no-untyped-def]
    return make_bot(sqlite_engine, routine, messages)


@pytest.fixture
def chat(bot) -> Chat:  # type: ignore[no-untyped-def]
    return Chat(bot[1])


@pytest.fixture
async def client(tmp_path: Path, start_app: StartApp) -> TestClient:
    return await start_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"))


def _ways(card: dict[str, Any]) -> list[str]:
    return [a["data"]["action"] for a in actions_of(card)]


def _actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in walk(card) if str(a.get("type", "")).startswith("Action.")]


# --- every view ------------------------------------------------------------------------------------


def test_every_card_has_a_way_on_except_the_answered_step(routine, messages) -> None:
    """A Notice is words alone and the answered step (AnsweredView) replaces the card just submitted while the
    next card follows in the same reply: those two are the only views without a button, and the conversation
    adds the ways on to a reply that has nothing else (the next test)."""
    without = set()
    for lang in LANGS:
        ctx = CardContext(routine, messages, lang)
        for name, view in all_views(routine, lang):
            messages_of_view = render(ctx, view)
            has_way = any(isinstance(m, dict) and _actions(m) for m in messages_of_view)
            assert has_way == leads_on(view), name
            if not has_way:
                without.add(type(view))
    assert without == {AnsweredView}
    assert (Notice, AnsweredView) == WITHOUT_WAYS_ON
    assert render(CardContext(routine, messages, "sv"), Notice("reminder_done")) == ["Bra! Inga fler påminnelser om det."]


async def test_every_reply_leads_somewhere(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages)
    anna = Actor("aad:anna", "Anna Andersson", "sv", "conv-1")
    replies = []

    async def card(value: dict[str, Any]) -> Any:
        replies.append((value.get("action"), await conversation.on_card(anna, value)))
        return replies[-1][1]

    async def text(typed: str) -> Any:
        replies.append((typed, await conversation.on_text(anna, typed)))
        return replies[-1][1]

    step = (await card({"action": "new"})).views[-1]
    draft = step.draft_id
    await card({"action": "submit", "draft": draft, "step": "start", "version": step.version, "title": ""})  # refused
    for typed in ("hjälp", "var är jag?", "visa förslaget", "ladda ner som word", "avbryt", "fortsätt", "tack", "hej"):
        await text(typed)
    for typed in ("vad är en medborgardialog?", "Vem är ordförande i stadsdelsnämnden?", "xyzzy", "påminnelser"):
        await text(typed)
    for value in (
        {"action": "park", "draft": draft},
        {"action": "resume", "draft": draft},
        {"action": "delete", "draft": draft},
        {"action": "delete_cancel", "draft": draft},
        {"action": "share", "draft": draft},
        {"action": "share_save", "draft": draft, "person": ""},
        {"action": "share_save", "draft": draft, "person": "Bertil"},
        {"action": "shares", "draft": draft},
        {"action": "calls"},
        {"action": "watch", "call": "skl-masterclass-2015"},
        {"action": "watch_save", "call": "skl-masterclass-2015", "offsets": "7"},
        {"action": "unwatch", "call": "skl-masterclass-2015"},
        {"action": "watch", "call": "no-such-call"},
        {"action": "reminder_done", "reminder": "nope"},
        {"action": "reminder_snooze", "reminder": "nope"},
        {"action": "resume", "draft": "someone-elses"},
        {"action": "format_disk"},
    ):
        await card(value)
    [share] = [s for _, s in database.tables.shares.values() if s.recipient_name == "Bertil"]
    for value in (
        {"action": "share_revoke", "share": share.id},
        {"action": "open_page", "draft": draft},
        {"action": "my_data"},
        {"action": "my_data_erase"},
        {"action": "my_data_erase_cancel"},
        {"action": "delete_confirm", "draft": draft},
        {"action": "my_data_erase_confirm"},
    ):
        await card(value)
    dead_ends = [what for what, answer in replies if not _has_a_button(routine, messages, "sv", answer)]
    assert dead_ends == []


async def test_a_reply_of_words_is_kept_and_led_back_to_the_draft_in_one_unit_of_work(routine, messages, monkeypatch) -> None:
    """A pressed card this bot does not know is answered with words and the way back to the draft just opened: the
    card it ends with kept and the draft the user works on read in one transaction, not one each."""
    conversation, _, _ = memory_conversation(routine, messages)
    anna = Actor("aad:anna", "Anna Andersson", "sv", "conv-1")
    draft = (await conversation.on_card(anna, {"action": "new"})).views[-1].draft_id
    opened: list[MemoryUnitOfWork] = []
    enter = MemoryUnitOfWork.__aenter__

    async def counted(self: MemoryUnitOfWork) -> MemoryUnitOfWork:
        opened.append(self)
        return await enter(self)

    monkeypatch.setattr(MemoryUnitOfWork, "__aenter__", counted)
    answer = await conversation.on_card(anna, {"action": "format_disk"})
    ways = answer.views[-1]
    assert isinstance(ways, NextStepsView) and ways.steps[0].draft_id == draft
    assert len(opened) == 1


def _has_a_button(routine: Any, messages: Any, lang: Lang, answer: Reply) -> bool:
    """Whether the reply, as the user sees it, has a card with a button or link on it."""
    ctx = CardContext(routine, messages, lang)
    return any(isinstance(m, dict) and _actions(m) for view in answer.views for m in render(ctx, view))


TYPED = [
    *((row["text"], row["lang"]) for row in COMMANDS),
    *((case["q"], case["lang"]) for case in QUESTIONS),
    *((text, "sv") for text in ("", "?", "xyzzy", "ja", "nej", "ok", "🙂", "ta inte bort utkastet", "x" * 5000)),
]


@pytest.mark.parametrize("where", ["in the wizard", "outside it", "after the proposal"])
async def test_every_typed_message_gets_a_reply_with_a_way_on(routine, messages, where: str) -> None:  # type: ignore[no-untyped-def]
    """Every phrasing of the command table, every question of the evaluation sets and odd input, typed on an open
    step, with no draft open and on a proposal: each reply, rendered, has a button."""
    assert not _has_a_button(routine, messages, "sv", Reply((Notice("qa_thanks"),)))  # words alone are a dead end
    session = await Session(routine, messages).start()
    focus = {"in the wizard": Focus(session.walk), "outside it": None, "after the proposal": Focus(session.park)}[where]
    dead_ends = []
    for text, lang in TYPED:
        answer = await session.reply(text, lang, focus)
        if not _has_a_button(routine, messages, lang, answer):  # type: ignore[arg-type]
            dead_ends.append(text[:40])
    assert len(TYPED) > 500 and dead_ends == []


# --- the findings, turn by turn ----------------------------------------------------------------------


async def test_the_share_buttons_title_typed_shares_even_mid_wizard(chat: Chat) -> None:
    await chat.to_step("influence")
    [form] = cards_in(await chat.say("dela med kommunikatör"))
    assert "Dela ”Aktiviteter på Råcksta aktivitetscenter”" in card_text(form)
    assert "share_save" in _ways(form)  # the form, not the Kommunikatör role's answer
    [form] = cards_in(await chat.say("share with a communicator"))
    assert "share_save" in _ways(form)


async def test_show_the_proposal_mid_wizard_says_why_not_and_leads_back(chat: Chat) -> None:
    step = cards_in(await chat.to_step("purpose"))[-1]
    for typed in ("visa förslaget", "ladda ner som word"):
        [why] = cards_in(await chat.say(typed))
        assert "har inget förslag än" in card_text(why)
        assert _ways(why) == ["open_page", "resume"]
    [back] = cards_in(await chat.press(action(why, "resume")))
    assert action(back, "submit")["data"]["step"] == action(step, "submit")["data"]["step"]


async def test_after_the_proposal_typed_requests_reach_it(chat: Chat) -> None:
    review = cards_in(await chat.complete_wizard())[-1]
    await chat.press(action(review, "create_proposal"))
    [proposal] = cards_in(await chat.say("visa förslaget"))
    assert "Förslag till tjänsteutlåtande" in card_text(proposal)
    [link] = cards_in(await chat.say("download word"))
    assert link["actions"][0]["url"].endswith("/proposal.docx")


async def test_words_alone_about_a_proposed_draft_lead_to_its_proposal_and_next_step(chat: Chat) -> None:
    review = cards_in(await chat.complete_wizard())[-1]
    [proposal] = cards_in(await chat.press(action(review, "create_proposal")))
    await chat.press(action(proposal, "next_step"))  # the draft the user works on is the proposed one
    [ways] = cards_in(await chat.say("tack"))
    assert card_text(ways).startswith("Vad vill du göra nu?")
    assert _ways(ways) == ["show_proposal", "next_step", "list", "help"]  # no "Fortsätt utkastet": nothing is left
    [proposal] = cards_in(await chat.press(action(ways, "show_proposal")))
    assert "Förslag till tjänsteutlåtande" in card_text(proposal)
    [phase] = cards_in(await chat.press(action(ways, "next_step")))
    assert "Till nämnden" in card_text(phase)


@pytest.mark.parametrize("typed", ["hjälp", "vad är en medborgardialog?", "vem ansvarar för informationen?"])
async def test_help_and_routine_answers_about_a_proposed_draft_lead_to_its_proposal_and_next_step(chat: Chat, typed: str) -> None:
    """After the proposal nothing is left to continue: help, an answer from the routine and its closest topics lead back
    to the proposal and the next step, as the ways on do, never "Fortsätt utkastet"."""
    await chat.to_phases()
    [card] = cards_in(await chat.say(typed))
    ways = _ways(card)
    assert "show_proposal" in ways and "next_step" in ways and "resume" not in ways
    [phase] = cards_in(await chat.press(action(card, "next_step")))
    assert "Till nämnden" in card_text(phase)


async def test_sharing_a_proposed_draft_leads_to_its_proposal_and_next_step(chat: Chat) -> None:
    """Try-out 4, finding 9: shared from the proposal card, the reply led to Nytt utkast / Mina utkast / Hjälp (the
    proposal had left the draft), not to the proposal and the next step, as every other reply on a proposed draft."""
    review = cards_in(await chat.complete_wizard())[-1]
    [proposal] = cards_in(await chat.press(action(review, "create_proposal")))
    share = cards_in(await chat.press(action(proposal, "share")))[-1]
    replies = await chat.press(action(share, "share_save"), card=share, person="bertil@example.se", access="read", ask="")
    assert texts_in(replies)[0].startswith("Delat med bertil@example.se")
    assert _ways(cards_in(replies)[-1]) == ["show_proposal", "next_step", "list", "help"]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_welcome_has_the_same_buttons_in_both_languages_joined_or_greeted(
    sqlite_engine, routine, messages, lang: Lang
) -> None:
    """Try-out 4, finding 9: the welcome's buttons, in Swedish and English, when the chat starts and when greeted."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter, locale="sv-SE" if lang == "sv" else "en-US")
    joined = cards_in(await chat.join())[-1]
    greeted = cards_in(await chat.say("hej" if lang == "sv" else "hello"))[-1]
    for welcome in (joined, greeted):
        assert _ways(welcome) == ["new", "list", "help", "my_data"]
        assert messages("btn_my_data", lang) in card_text(welcome)


async def test_a_draft_parked_after_its_proposal_shows_the_proposal_and_that_it_is_parked(chat: Chat) -> None:
    review = cards_in(await chat.complete_wizard())[-1]
    await chat.press(action(review, "create_proposal"))
    await chat.say("parkera")
    [parked, proposal] = cards_in(await chat.say("visa förslaget"))
    assert card_text(parked).startswith("”Aktiviteter på Råcksta aktivitetscenter” är parkerat. Förslaget finns kvar")
    assert _ways(parked) == ["resume"]
    assert "Förslag till tjänsteutlåtande" in card_text(proposal)
    [why] = cards_in(await chat.say("skicka för granskning"))
    assert "är parkerat. Fortsätt utkastet för att skicka förslaget för granskning" in card_text(why)
    assert _ways(why) == ["resume", "show_proposal"]
    await chat.press(action(why, "resume"))
    [proposal] = cards_in(await chat.say("visa förslaget"))  # going on again: the proposal alone
    assert "Förslag till tjänsteutlåtande" in card_text(proposal)
    [form] = cards_in(await chat.say("skicka för granskning"))
    assert _ways(form) == ["review_send", "next_step"]


async def test_ambiguity_offers_the_likeliest_and_does_nothing_yet(chat: Chat) -> None:
    review = cards_in(await chat.complete_wizard())[-1]
    await chat.press(action(review, "create_proposal"))
    [choice] = cards_in(await chat.say("ladda ner"))
    assert card_text(choice).startswith("Menade du något av det här?")
    assert _ways(choice) == ["download_docx", "download_pdf"]
    assert not any(a.get("type") == "Action.OpenUrl" for a in walk(choice))  # no link made before choosing
    [link] = cards_in(await chat.press(action(choice, "download_pdf")))
    assert link["actions"][0]["url"].endswith("/proposal.pdf")


async def test_a_name_two_drafts_share_offers_both(chat: Chat) -> None:
    for title in ("Råcksta aktivitetscenter", "Trygghetsvandring i Råcksta"):
        await chat.to_step("scope", {"start": {"title": title}})
    [choice] = cards_in(await chat.say("fortsätt med råcksta"))
    assert card_text(choice).startswith("Vilket utkast menar du?")
    assert [a["title"] for a in actions_of(choice)] == [
        "Fortsätt utkastet: Trygghetsvandring i Råcksta",
        "Fortsätt utkastet: Råcksta aktivitetscenter",
    ]
    [step] = cards_in(await chat.press(actions_of(choice)[1]))
    assert "Råcksta aktivitetscenter" in card_text(step) and "Omfattning" in card_text(step)
    [step] = cards_in(await chat.say("fortsätt med trygghetsvandringen"))
    assert "Trygghetsvandring i Råcksta" in card_text(step)


async def test_continue_outside_the_wizard_reshows_the_latest_draft(chat: Chat) -> None:
    step = cards_in(await chat.to_step("influence"))[-1]
    await chat.say("avbryt")
    [again] = cards_in(await chat.say("fortsätt"))
    assert action(again, "submit")["data"]["step"] == action(step, "submit")["data"]["step"]
    [again] = cards_in(await chat.say("where am I?"))
    assert action(again, "submit")["data"]["step"] == action(step, "submit")["data"]["step"]


async def test_help_mid_wizard_leads_back_to_the_step(chat: Chat) -> None:
    step = cards_in(await chat.to_step("target_groups"))[-1]
    [help_card] = cards_in(await chat.say("hjälp"))
    assert next(a["title"] for a in actions_of(help_card)) == "Fortsätt utkastet"
    [back] = cards_in(await chat.press(action(help_card, "resume")))
    assert action(back, "submit")["data"]["step"] == action(step, "submit")["data"]["step"]


async def test_on_a_one_field_step_text_with_a_request_in_it_asks_which_it_is(chat: Chat) -> None:
    await chat.to_step("evaluation")  # one field
    [choice] = cards_in(await chat.say("Vi visar förslaget för deltagarna på ett möte"))
    assert card_text(choice).startswith("Är det här ditt svar på ”Utvärdering”, eller vill du något annat?")
    assert _ways(choice) == ["submit", "show_proposal"]
    [after] = cards_in(await chat.press(action(choice, "submit")))
    assert "Ärendet till nämnden" in card_text(after)  # saved: the next step
    assert [cards_in(await chat.say("påminnelser"))[0]["body"][0]["text"]] == ["Påminnelser"]  # wholly a request


async def test_on_a_one_field_step_a_long_answer_beginning_with_a_change_is_never_lost(chat: Chat) -> None:
    await chat.to_step("evaluation")  # one field
    typed = (
        "Vi ska ändra tidplanen, om det behövs, efter den första träffen. Vi frågar deltagarna i en enkät och på ett "
        "uppföljningsmöte hur dialogen fungerade, och vi jämför antalet svar med förra årets dialog i samma område."
    )
    [choice] = cards_in(await chat.say(typed))
    assert card_text(choice).startswith("Är det här ditt svar på ”Utvärdering”, eller vill du något annat?")
    assert _ways(choice) == ["submit", "edit"]
    assert action(choice, "edit")["data"]["step"] == "timeline"
    [after] = cards_in(await chat.press(action(choice, "submit")))
    assert "Ärendet till nämnden" in card_text(after)  # saved as typed: the next step
    [back] = cards_in(await chat.say("ändra utvärderingen"))
    assert inputs_of(back)["evaluation_method"]["value"] == typed


async def test_after_a_reminder_interrupts_the_wizard_the_reply_leads_back(bot, chat: Chat, routine, messages) -> None:
    built, _adapter = bot
    await chat.press({"data": {"action": "new"}}, card={})
    dates = {
        "decision_date": "2026-11-23",
        "dialogue_start": "2026-11-24",
        "dialogue_end": "2026-11-27",
        "feedback_date": "2026-12-04",
        "evaluation_date": "2026-12-18",
    }
    for step_id in INTERNAL_STEPS[:9]:
        await chat.submit_step(step_id, **(dates if step_id == "timeline" else {}))
    open_step = chat.last_card
    assert open_step is not None
    async with built.services.uow() as tx:
        [due, *_] = await tx.reminders.upcoming("aad:aad-anna", 50)
        deadline = await built.services.deadlines.describe(tx, due)
    [reminder_card] = render(CardContext(routine, messages, "sv"), ReminderView(due, deadline))
    assert isinstance(reminder_card, dict)
    for button in ("reminder_snooze", "reminder_done"):
        replies = await chat.press(action(reminder_card, button), card=reminder_card)
        assert texts_in(replies)  # what was done, in words
        [ways] = cards_in(replies)
        assert _ways(ways) == ["resume", "list", "help"]
    [back] = cards_in(await chat.press(action(ways, "resume")))
    assert action(back, "submit")["data"]["step"] == action(open_step, "submit")["data"]["step"]


async def test_typed_requests_through_the_real_app(client: TestClient, connector: FakeConnector) -> None:
    chat = HttpChat(client, connector)
    await chat.join()
    card = await chat.press({"action": "new"})
    for step_id in INTERNAL_STEPS[:2]:
        card = await chat.press(action(card, "submit")["data"], ANSWERS[step_id])
    open_step = action(card, "submit")["data"]["step"]
    where = await chat.say("var är jag?")
    assert where[0]["text"].startswith("Du arbetar med ”Aktiviteter på Råcksta aktivitetscenter”: steg 3 av 12")
    assert action(where[-1]["attachments"][0]["content"], "submit")["data"]["step"] == open_step
    [form] = await chat.say("dela med kommunikatör")
    assert "share_save" in _ways(form["attachments"][0]["content"])
    [cancelled] = await chat.say("avbryt")
    assert _ways(cancelled["attachments"][0]["content"]) == ["resume", "list", "new"]
    [again] = await chat.say("fortsätt")
    assert action(again["attachments"][0]["content"], "submit")["data"]["step"] == open_step


async def test_all_phases_typed_on_a_step_card_reopened_after_the_approval_shows_the_phases(chat: Chat) -> None:
    """Issue: approved, not yet decided, the Resources card open again ("ändra kostnaden"): "alla faser" is the phases
    card, not "fill in the card"."""
    review = cards_in(await chat.complete_wizard())[-1]
    [proposal] = cards_in(await chat.press(action(review, "create_proposal")))
    await chat.press(action(proposal, "next_step"))
    await chat.record_phase(PHASES[0])
    [step] = cards_in(await chat.say("ändra kostnaden"))
    assert "submit" in _ways(step)
    for typed in ("alla faser", "all phases"):
        [phases] = cards_in(await chat.say(typed))
        assert "Dialogens faser" in card_text(phases) or "The dialogue's phases" in card_text(phases), card_text(phases)
    [answer] = cards_in(await chat.say("what are the phases?"))  # a question about the routine is still answered
    assert card_text(answer).startswith("Where in the process")


async def test_a_proposal_shown_in_a_new_conversation_is_the_draft_open_there(bot, chat: Chat) -> None:
    """In a new chat, "var är jag?" after "visa förslaget för parkleken" is about the park draft, not the one changed last."""
    for title in ("Parkleken i Hässelby", "Aktiviteter på Råcksta aktivitetscenter"):
        review = cards_in(await chat.complete_wizard({"start": {"title": title}}))[-1]
        await chat.press(action(review, "create_proposal"))
    fresh = Chat(bot[1], conversation_id="conv-2")
    [proposal] = cards_in(await fresh.say("visa förslaget för parkleken"))
    assert "parkleken i Hässelby" in card_text(proposal)
    where = await fresh.say("var är jag?")
    assert "Parkleken i Hässelby" in " ".join([*texts_in(where), *map(card_text, cards_in(where))])
    assert "Råcksta" not in " ".join(texts_in(where))
