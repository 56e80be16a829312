"""The avdelningschef's review between two users through the real app: Anna sends her proposal to Bertil, her
avdelningschef; he sends it back with a comment, then approves the next one; each answer is in the history and
reaches Anna in Teams. A third user cannot answer it, nor can Bertil twice, nor Anna her own."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from cards.elements import CardContext
from cards.lifecycle import history_card, history_lines
from dialogs.history import HistoryKind
from dialogs.views import HistoryLine, HistoryView
from tests.card_checks import MAX_CARD_BYTES
from tests.fake_connector import FakeConnector
from tests.support import (
    ANNA,
    ANNA_OID,
    BERTIL,
    BERTIL_OID,
    CARL,
    HttpChat,
    StartApp,
    action,
    actions_of,
    card_text,
    error_beside,
    history_of,
    inputs_of,
)

TITLE = "Aktiviteter på Råcksta aktivitetscenter"


@pytest.fixture
async def client(tmp_path, start_app: StartApp) -> TestClient:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'review.db'}",
        reminder_poll_seconds=0,
        public_base_url="https://dialogstod.example.se",
    )
    return await start_app(settings)


async def _proposal_at_its_first_phase(anna: HttpChat) -> dict[str, Any]:
    await anna.join()
    review = await anna.walk_wizard()
    proposal = await anna.press(action(review, "create_proposal")["data"])
    return await anna.press(action(proposal, "next_step")["data"])


async def _send_for_review(
    anna: HttpChat, sent_phase: dict[str, Any], person: str = BERTIL_OID
) -> tuple[dict[str, Any], list[str]]:
    form = await anna.press(action(sent_phase, "review")["data"], card=sent_phase)
    before = len(anna.sent_here())
    card = await anna.press(action(form, "review_send")["data"], {"person": person, "ask": "Kan du titta på tidplanen?"}, form)
    return card, anna.texts_here(before)


async def test_the_avdelningschef_sends_it_back_with_a_comment_then_approves(client, connector: FakeConnector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    carl = HttpChat(client, connector, CARL, "a:personal-carl")
    await bertil.say("hej")  # the bot has met Bertil and Carl, so it can reach them
    await carl.say("hej")
    sent_phase = await _proposal_at_its_first_phase(anna)
    assert "Avdelningschefens granskning" in card_text(sent_phase)
    form = await anna.press(action(sent_phase, "review")["data"], card=sent_phase)
    assert inputs_of(form)["person"]["choices.data"]["dataset"] == "graph.microsoft.com/users"  # Teams' people picker

    _, texts = await _send_for_review(anna, sent_phase)
    assert texts[0].startswith(f"”{TITLE}” är skickat till Bertil Berg för granskning. Länken: https://dialogstod.example.se/d/")
    assert texts[1] == "Bertil Berg har fått ett meddelande i Teams."
    ways = [a["data"]["action"] for a in actions_of(anna.cards_here()[-1])]
    assert ways == ["next_step", "list"]  # after sending, nothing is left of the draft to continue
    request = bertil.cards_here()[-1]
    assert "Anna Andersson ber dig granska ett förslag" in card_text(request) and "Kan du titta på tidplanen?" in card_text(
        request
    )
    [link] = [a["url"] for a in request["actions"] if a["type"] == "Action.OpenUrl"]
    # He can read what he reviews, in the language of his chat whatever his browser's.
    page = await (await client.get(re.sub(r"^https://[^/]+", "", link), headers={"Accept-Language": "en-US"})).text()
    assert TITLE in page and "Förvaltningens förslag till beslut" in page and '<html lang="sv">' in page

    # Another user cannot answer it, whatever they send; nothing is recorded and Anna hears nothing.
    before_anna = len(anna.sent_here())
    for name in ("review_approve", "review_return"):
        data = {**action(request, name)["data"], "comment": "Carl tycker till."}
        before = len(carl.sent_here())
        await carl.press(data, card=request)
        assert carl.texts_here(before)[0].startswith("Den granskningen hittar jag inte bland det som skickats till dig")
    assert len(anna.sent_here()) == before_anna

    # Sending it back needs a comment; with one, it is recorded and reaches Anna.
    before = len(bertil.sent_here())
    await bertil.press(action(request, "review_return")["data"], {"comment": "  "}, request)
    again = bertil.cards_here()[-1]  # his card again, the error beside the comment, the link still there
    assert len(bertil.sent_here()) == before + 1 and "Anna Andersson ber dig granska ett förslag" in card_text(again)
    assert error_beside(again, "comment") == "Skriv en kommentar om vad som behöver ändras innan du skickar tillbaka förslaget."
    assert [a["url"] for a in again["actions"] if a["type"] == "Action.OpenUrl"] == [link]
    request = again
    assert len(anna.sent_here()) == before_anna
    before = len(bertil.sent_here())
    comment = "Tidplanen är för snäv – flytta starten till mars."
    await bertil.press(action(request, "review_return")["data"], {"comment": comment}, request)
    assert bertil.texts_here(before)[0] == f"Du har skickat tillbaka ”{TITLE}” med din kommentar."
    notice = anna.cards_here()[-1]
    assert f"Bertil Berg har skickat tillbaka förslaget ”{TITLE}” med en kommentar" in card_text(notice)
    assert comment in card_text(notice)

    # Answered once: a second answer on the same card changes nothing.
    before = len(bertil.sent_here())
    await bertil.press(action(request, "review_approve")["data"], {}, request)
    assert bertil.texts_here(before)[0] == f"Du har redan svarat på granskningen av ”{TITLE}”."

    # Anna sends it again; this time Bertil approves.
    await _send_for_review(anna, sent_phase)
    second = bertil.cards_here()[-1]
    before = len(bertil.sent_here())
    await bertil.press(action(second, "review_approve")["data"], {}, second)
    assert bertil.texts_here(before)[0] == f"Du har godkänt ”{TITLE}”."
    assert f"Bertil Berg har godkänt förslaget ”{TITLE}”" in card_text(anna.cards_here()[-1])
    # The draft opened from her notice: the phase card says so, and no longer leads her to send it for review.
    phase = await anna.press(action(anna.cards_here()[-1], "resume")["data"])
    assert "✓ Förslaget är godkänt av Bertil Berg (2026-" in card_text(phase)
    assert not any(a["data"]["action"] == "review" for a in actions_of(phase))

    history = await anna.press(action(anna.cards_here()[-1], "history")["data"])
    assert history_of(history)[-4:] == [
        "Skickade förslaget till Bertil Berg för granskning",
        f"Skickade tillbaka förslaget: ”{comment}”",
        "Skickade förslaget till Bertil Berg för granskning",
        "Godkände förslaget",
    ]
    assert "Bertil Berg: Godkände förslaget" in card_text(history) and "Carl" not in card_text(history)
    shares = card_text(await anna.press(action(history, "phases")["data"] | {"action": "shares"}))
    assert "Bertil Berg – Granskning – " in shares  # the review links, as shares of their own kind
    assert "Bertil Berg skickade tillbaka förslaget: Tidplanen är för snäv" in shares
    assert "Bertil Berg godkände förslaget." in shares


async def test_the_avdelningschef_approves_by_typing_under_the_review_card(client, connector: FakeConnector) -> None:
    """The lead's try-out: "godkänn" typed under the review's card does what its Godkänn does (dialogs/shown.py: the card
    sent to him unasked is the one he was shown last); typed after another reply, it approves nothing."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    sent_phase = await _proposal_at_its_first_phase(anna)
    await _send_for_review(anna, sent_phase)
    notices = len(anna.sent_here())
    await bertil.say("vad är mitt ansvar som avdelningschef?")  # another card is now the one he was shown last
    before = len(bertil.sent_here())
    await bertil.say("godkänn")
    assert not any("godkänt" in text for text in bertil.texts_here(before)) and len(anna.sent_here()) == notices

    for typed in ("jag godkänner förslaget", "approve"):
        await _send_for_review(anna, sent_phase)
        before = len(bertil.sent_here())
        await bertil.say(typed)
        assert bertil.texts_here(before)[0] == f"Du har godkänt ”{TITLE}”.", typed
        assert f"Bertil Berg har godkänt förslaget ”{TITLE}”" in card_text(anna.cards_here()[-1])
    notices = len(anna.sent_here())
    await bertil.say("godkänn")  # once answered, the card he was shown last is the answer's: nothing more is approved
    assert len(anna.sent_here()) == notices
    history = await anna.press(action(anna.cards_here()[-1], "history")["data"])
    assert history_of(history)[-2:] == ["Skickade förslaget till Bertil Berg för granskning", "Godkände förslaget"]


async def test_a_typed_approval_after_other_replies_shows_the_review_card_again_in_the_reviewers_language(
    client, connector: FakeConnector
) -> None:
    """Try-out 6: Erik, who uses Teams in English, asked something else, then typed his approval; the bot answered with
    routine sections, in Swedish for "godkänn". Now the review's card comes again, in English, and nothing is approved
    until he answers on it; asking for "the proposal Anna sent me" then says he approved it, with a link to read it."""
    anna = HttpChat(client, connector)
    erik = HttpChat(client, connector, BERTIL, "a:personal-bertil", locale="en-US")
    await erik.say("hello")
    sent_phase = await _proposal_at_its_first_phase(anna)
    await _send_for_review(anna, sent_phase)
    notices = len(anna.sent_here())
    for typed in ("looks good to me, I approve it", "godkänn"):
        await erik.say("what is my responsibility as head of department?")  # another card is the one he was shown last
        before = len(erik.sent_here())
        await erik.say(typed)
        assert erik.texts_here(before)[0] == "You answer the review on its card, below. Press Approve, or type “approve” now."
        again = erik.cards_here()[-1]
        assert "Anna Andersson asks you to review a proposal" in card_text(again) and TITLE in card_text(again)
        assert [a["title"] for a in actions_of(again)][-2:] == ["Approve", "Send back with a comment"]
        assert len(anna.sent_here()) == notices  # nothing approved unseen
    before = len(erik.sent_here())
    await erik.say("godkänn")  # now right under the card: its Godkänn
    assert erik.texts_here(before)[0] == f"You have approved “{TITLE}”."
    assert f"Bertil Berg har godkänt förslaget ”{TITLE}”" in card_text(anna.cards_here()[-1])

    before = len(erik.sent_here())
    await erik.say("show me the proposal Anna sent me to review")  # Anna's, answered: who answered, and a link to read it
    assert erik.texts_here(before)[0].startswith(f"Bertil Berg approved “{TITLE}” on ")
    assert "Read it again: https://dialogstod.example.se/" in erik.texts_here(before)[0]


async def test_with_two_reviews_waiting_a_typed_approval_lists_them_to_open_the_one_meant(client, connector) -> None:
    anna = HttpChat(client, connector)
    carl = HttpChat(client, connector, CARL, "a:personal-carl")
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await _send_for_review(anna, await _proposal_at_its_first_phase(anna))
    await _send_for_review(carl, await _proposal_at_its_first_phase(carl))
    await bertil.say("vad är mitt ansvar som avdelningschef?")
    before = len(bertil.sent_here())
    await bertil.say("ser bra ut, jag godkänner")
    assert bertil.texts_here(before)[0] == "2 granskningar väntar på ditt svar. Öppna den du vill svara på under Delade med dig."
    listed = bertil.cards_here()[-1]
    assert all(f"Delat av {who} · Granskning" in card_text(listed) for who in ("Anna Andersson", "Carl Carlsson"))
    opened = await bertil.press(action(listed, "shared_open")["data"], card=listed)
    assert "ber dig granska ett förslag" in card_text(opened)
    carls = "Carl Carlsson" in card_text(opened)
    before = len(bertil.sent_here())
    await bertil.say("ser bra ut, jag godkänner")  # under the card he opened: its Godkänn
    assert bertil.texts_here(before)[0] == f"Du har godkänt ”{TITLE}”."

    before = len(bertil.sent_here())
    await bertil.say("visa förslaget som Carl skickade till mig för granskning")  # named by Carl: his (try-out 8)
    if carls:  # answered just now: said so
        assert bertil.texts_here(before)[0].startswith(f"Bertil Berg godkände ”{TITLE}” den ")
    else:
        assert "Carl Carlsson ber dig granska ett förslag" in card_text(bertil.cards_here()[-1])


async def test_the_owner_cannot_review_her_own_proposal_nor_send_before_there_is_one(client, connector) -> None:
    anna = HttpChat(client, connector, ANNA)
    sent_phase = await _proposal_at_its_first_phase(anna)
    card, _ = await _send_for_review(anna, sent_phase, person=ANNA_OID)
    assert "Du kan inte granska ditt eget förslag – välj din avdelningschef." in card_text(card)
    assert inputs_of(card)["ask"]["value"] == "Kan du titta på tidplanen?"  # what she typed is kept
    card, _ = await _send_for_review(anna, sent_phase, person="")
    assert inputs_of(card)["ask"]["value"] == "Kan du titta på tidplanen?"

    draft = action(sent_phase, "phase_save")["data"]["draft"]
    new = await anna.press({"action": "new"})
    planning = action(new, "submit")["data"]["draft"]
    for value in ({"action": "review", "draft": planning}, {"action": "review_send", "draft": planning, "person": BERTIL_OID}):
        card = await anna.press(value, card=new)
        assert "har inget förslag än att granska" in card_text(card)
    # Another user's draft is refused as missing.
    carl = HttpChat(client, connector, CARL, "a:personal-carl")
    await carl.say("hej")
    for value in ({"action": "review", "draft": draft}, {"action": "review_send", "draft": draft, "person": BERTIL_OID}):
        before = len(carl.sent_here())
        await carl.press(value, card={})
        assert carl.texts_here(before)[0] == "Jag hittar inget sådant utkast bland dina utkast."


def test_forty_long_review_comments_fit_the_history_card_and_the_page_has_them_whole(routine, messages) -> None:
    comment = "Ändra tidplanen. " * 118  # 2006 characters: as long as a comment can be
    who = "B" * 255
    lines = tuple(
        HistoryLine(datetime(2026, 11, 23, 9, 30, tzinfo=UTC), who, HistoryKind.REVIEW_RETURNED, None, comment) for _ in range(40)
    )
    ctx = CardContext(routine, messages, "sv")
    card = history_card(ctx, HistoryView("d" * 32, "Titel", lines))
    assert len(json.dumps(card, ensure_ascii=False).encode()) < MAX_CARD_BYTES
    assert "Ändra tidplanen. Ändra tidplanen." in card_text(card) and "…" in card_text(card)
    assert all(comment.strip() in line for line in history_lines(ctx, lines, escape=str, comment_chars=None))


async def test_a_reviewer_the_bot_cannot_reach_is_refused_with_what_to_do(client, connector) -> None:
    """The review is answered on the card the bot sends: to someone who has never opened Dialogstöd there is no card,
    so the owner is told beside the field, with what she chose kept, and nothing is sent."""
    anna = HttpChat(client, connector)
    sent_phase = await _proposal_at_its_first_phase(anna)
    refused, texts = await _send_for_review(anna, sent_phase)  # Bertil has never chatted with the bot
    assert "Jag kan inte nå den personen i Teams: granskningen besvaras på kortet hen får av Dialogstöd" in card_text(refused)
    assert inputs_of(refused)["person"]["value"] == BERTIL_OID
    assert not any("för granskning" in t for t in texts)
    history = card_text((await anna.say("historik"))[-1]["attachments"][0]["content"])
    assert "granskning" not in history.lower()
