"""The reviewer and the colleague, by typing (try-out 8, #1, #2, #7, #10, #11, #19, #20), turn by turn: the avdelningschef
sends a review back or approves it in his own words, the comment never lost; an answered review says so when opened
again; a colleague's draft is found in one's own words; "dela" under the share card shares with the person on it; taking
someone's access away is no deletion of a draft; a reply to a comment is given back without its "svara Karin att"."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.fake_connector import FakeConnector
from tests.support import (
    BERTIL,
    PHASE_ANSWERS,
    PHASES,
    Chat,
    HttpChat,
    SettableClock,
    action,
    actions_of,
    card_text,
    cards_in,
    inputs_of,
    make_bot,
    share_draft,
    texts_in,
)
from tests.test_review import TITLE, _proposal_at_its_first_phase, _send_for_review

COMMENT = "please add how many took part in total"


async def _erik_with_a_review(client: TestClient, connector: FakeConnector) -> tuple[HttpChat, HttpChat]:
    """Anna has sent her proposal to Erik (Bertil's account, in English), whose last card is the review's."""
    anna = HttpChat(client, connector)
    erik = HttpChat(client, connector, BERTIL, "a:personal-bertil", locale="en-US")
    await erik.say("hello")
    await _send_for_review(anna, await _proposal_at_its_first_phase(anna))
    return anna, erik


@pytest.mark.parametrize(
    "typed",
    [
        f"Comment: {COMMENT}",
        f"Send back with a comment: {COMMENT}",
        f"send it back to Anna: {COMMENT}",
    ],
)
async def test_a_review_is_sent_back_by_typing_under_its_card_with_the_comment(
    client: TestClient, connector: FakeConnector, typed: str
) -> None:
    """Erik (#1) types his answer under the review's card: it goes back to Anna with what he wrote, its opening left out."""
    anna, erik = await _erik_with_a_review(client, connector)
    before = len(erik.sent_here())
    await erik.say(typed)
    assert erik.texts_here(before)[0] == f"You have sent “{TITLE}” back with your comment."
    notice = card_text(anna.cards_here()[-1])
    assert f"Bertil Berg har skickat tillbaka förslaget ”{TITLE}” med en kommentar" in notice
    assert COMMENT in notice and "Comment" not in notice and "Send back" not in notice


async def test_a_long_comment_typed_under_the_card_is_sent_back_whole(client: TestClient, connector: FakeConnector) -> None:
    anna, erik = await _erik_with_a_review(client, connector)
    comment = " ".join(["please add how many took part in each group and in total"] * 6) + " and the end"
    assert len(comment) > 300
    await erik.say(f"Comment: {comment}")
    assert comment in card_text(anna.cards_here()[-1])


async def test_a_bare_send_back_under_the_card_asks_for_the_comment_beside_its_field(
    client: TestClient, connector: FakeConnector
) -> None:
    anna, erik = await _erik_with_a_review(client, connector)
    notices = len(anna.sent_here())
    await erik.say("send it back")
    again = erik.cards_here()[-1]
    assert "Write a comment on what needs to change before you send the proposal back." in card_text(again)
    assert len(anna.sent_here()) == notices


async def test_a_send_back_typed_away_from_the_card_brings_it_again_with_the_comment_in_its_field(
    client: TestClient, connector: FakeConnector
) -> None:
    """After another question, Erik's comment is not lost in the routine: the review's card again, his comment in its
    field, nothing sent until he presses Send back with a comment."""
    anna, erik = await _erik_with_a_review(client, connector)
    await erik.say("what is my responsibility as head of department?")
    notices = len(anna.sent_here())
    await erik.say(f"send it back to Anna: {COMMENT}")
    again = erik.cards_here()[-1]
    assert inputs_of(again)["comment"]["value"] == COMMENT
    assert [a["title"] for a in actions_of(again)][-2:] == ["Approve", "Send back with a comment"]
    assert len(anna.sent_here()) == notices
    await erik.press(action(again, "review_return")["data"], card=again)
    assert COMMENT in card_text(anna.cards_here()[-1])


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("en-US", "All good from my side, Anna can take it to the council"),
        ("en-US", "I approve Anna's proposal"),
        ("sv-SE", "Allt ser bra ut från min sida, Anna kan ta det till nämnden"),
    ],
)
async def test_a_review_is_approved_in_the_reviewers_own_words_under_its_card(
    client: TestClient, connector: FakeConnector, locale: str, typed: str
) -> None:
    """Erik (#11): approvals in his words, not the routine's "no clear answer" nor "no draft of your own"."""
    anna, erik = await _erik_with_a_review(client, connector)
    erik.locale = locale
    before = len(erik.sent_here())
    await erik.say(typed)
    assert TITLE in erik.texts_here(before)[0] and (
        "approved" in erik.texts_here(before)[0] or "godkänt" in erik.texts_here(before)[0]
    )
    assert f"Bertil Berg har godkänt förslaget ”{TITLE}”" in card_text(anna.cards_here()[-1])


async def test_an_approval_in_own_words_away_from_the_card_shows_it_again(client: TestClient, connector: FakeConnector) -> None:
    anna, erik = await _erik_with_a_review(client, connector)
    await erik.say("what is my responsibility as head of department?")
    notices = len(anna.sent_here())
    before = len(erik.sent_here())
    await erik.say("All good from my side, Anna can take it to the council")
    assert erik.texts_here(before)[0] == "You answer the review on its card, below. Press Approve, or type “approve” now."
    assert len(anna.sent_here()) == notices


async def _report_review(client: TestClient, connector: FakeConnector, clock: SettableClock) -> tuple[HttpChat, HttpChat]:
    """Anna's redovisning sent to Erik for review: his last card is its review's."""
    anna = HttpChat(client, connector, clock=clock)
    erik = HttpChat(client, connector, BERTIL, "a:personal-bertil", locale="en-US")
    await erik.say("hello")
    card = await _proposal_at_its_first_phase(anna)
    for phase_id in PHASES[: PHASES.index("reported")]:
        card = await anna.press(action(card, "phase_save")["data"], PHASE_ANSWERS[phase_id])
    await _send_for_review(anna, card, person=BERTIL["aadObjectId"])
    assert "asks you to review a report" in card_text(erik.cards_here()[-1])
    return anna, erik


@pytest.mark.parametrize("typed", ["the report looks fine, approved", "I approve the report"])
async def test_the_redovisning_is_approved_in_the_reviewers_own_words(
    client: TestClient, connector: FakeConnector, clock: SettableClock, typed: str
) -> None:
    anna, erik = await _report_review(client, connector, clock)
    await erik.say(typed)
    assert f"Bertil Berg har godkänt redovisningen av ”{TITLE}”" in card_text(anna.cards_here()[-1])


async def test_the_proposals_review_card_is_not_approved_by_words_about_the_report(
    client: TestClient, connector: FakeConnector
) -> None:
    anna, erik = await _erik_with_a_review(client, connector)
    notices = len(anna.sent_here())
    await erik.say("I approve the report")
    assert len(anna.sent_here()) == notices
    assert "review_approve" in [x["data"]["action"] for x in actions_of(erik.cards_here()[-1]) if "data" in x]


async def test_an_answered_review_opened_again_says_who_approved_it_and_when(
    client: TestClient, connector: FakeConnector
) -> None:
    """#20: not Approve and Send back again, then "already answered": who approved it, and the day."""
    _, erik = await _erik_with_a_review(client, connector)
    await erik.say("approve")
    before = len(erik.sent_here())
    await erik.say("open Anna's draft")
    said = " ".join(erik.texts_here(before))
    assert f"Bertil Berg approved “{TITLE}” on 2026-11-23. The review is answered. Read it again: https://" in said
    assert not any(
        a["data"].get("action") in ("review_approve", "review_return") for c in erik.cards_here()[-1:] for a in actions_of(c)
    )


async def test_a_reviewer_asking_for_the_proposal_is_led_to_the_review_waiting(
    client: TestClient, connector: FakeConnector
) -> None:
    """Erik (#10, #19) has no drafts of his own: not "You have no drafts yet.", nor Start a draft first, but the review."""
    _, erik = await _erik_with_a_review(client, connector)
    before = len(erik.sent_here())
    await erik.say("show me the proposal")
    assert "You have no drafts yet." not in erik.texts_here(before)
    assert "Anna Andersson asks you to review a proposal" in card_text(erik.cards_here()[-1])
    await erik.say("hi, what did Anna send me?")
    listed = card_text(erik.cards_here()[-1])
    assert "Shared by Anna Andersson · Review" in listed and f"Open the draft: {TITLE}" in listed
    before = len(erik.sent_here())
    await erik.say("what is my responsibility as head of department?")
    buttons = [
        a["data"].get("action")
        for c in erik.sent_here()[before:]
        for att in c.get("attachments") or []
        for a in actions_of(att["content"])
    ]
    assert "shared_open" in buttons and "new" not in buttons
    opened = await erik.press(action(erik.cards_here()[-1], "shared_open")["data"])
    assert "Anna Andersson asks you to review a proposal" in card_text(opened)


async def test_a_colleague_finds_the_draft_shared_with_her_in_her_own_words(client, connector) -> None:  # type: ignore[no-untyped-def]
    """Karin (Bertil here, #10): asked where the draft Anna shared is, and "ja, öppna det" under Mina utkast, opens it."""
    anna = HttpChat(client, connector)
    karin = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await karin.say("hej")
    await share_draft(anna)
    await karin.say("Anna Andersson har delat ett utkast med mig, var hittar jag det?")
    assert "Delat av Anna Andersson" in card_text(karin.cards_here()[-1])
    for typed in ("öppna utkastet som Anna skickade", "öppna Annas utkast om sommaraktiviteter"):
        await karin.say(typed)
        assert "Anna Andersson delar ett utkast med dig" in card_text(karin.cards_here()[-1]), typed
    await karin.say("mina utkast")
    before = len(karin.sent_here())
    await karin.say("ja, öppna det")
    assert "Du har inga utkast än." not in karin.texts_here(before)
    assert "Anna Andersson delar ett utkast med dig" in card_text(karin.cards_here()[-1])


@pytest.mark.parametrize("typed", ["dela", "skicka det till henne"])
async def test_dela_under_the_share_card_shares_with_the_person_on_it(sqlite_engine, routine, messages, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Anna (#2): "dela" under the card with Karin Ek in it shares with her; with no one in it, the card again saying who
    is missing, never a field emptied."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1], channel_id="webchat")
    await chat.to_step("scope")
    [form] = cards_in(await chat.say("dela utkastet med Karin Ek, hon är kommunikatör här"))
    assert inputs_of(form)["person"]["value"] == "Karin Ek"
    shared = texts_in(await chat.say(typed))
    assert shared[0].startswith("Delat med Karin Ek"), shared
    await chat.say("dela utkastet")
    [again] = cards_in(await chat.say("dela nu"))
    assert "Välj en kollega, eller skriv ett namn eller en e-postadress." in card_text(again)


async def test_taking_a_colleagues_access_away_is_not_deleting_a_draft(sqlite_engine, routine, messages) -> None:  # type: ignore[no-untyped-def]
    """Anna (#7): "ta bort Karins åtkomst till utkastet nu" opens the draft's shares, where Karin's link is revoked."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1], channel_id="webchat")
    await chat.to_step("scope")
    await chat.say("dela utkastet med Karin Ek")
    await chat.say("dela")
    [shares] = cards_in(await chat.say("ta bort Karins åtkomst till utkastet nu"))
    assert "share_revoke" in [a["data"]["action"] for a in actions_of(shares)]
    assert "Karin Ek" in card_text(shares)


async def test_a_reply_to_a_comment_is_given_back_without_its_opening(client, connector) -> None:  # type: ignore[no-untyped-def]
    """#20: the text to copy into Teams is what Anna wants said, not "svara Bertil att …"."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await share_draft(anna)
    await bertil.say("Kommentar: jag kan göra en film")
    await anna.say("svara Bertil att en film blir jättebra, tack!")
    said = card_text(anna.cards_here()[-1])
    assert "Det du skrev, att kopiera dit: en film blir jättebra, tack!" in said and "svara Bertil att" not in said, said
