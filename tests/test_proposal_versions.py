"""A proposal's versions are kept (issue 15, finding 4): each one's Word, PDF and page links name it and keep
showing it as it was created after the draft changes and a newer version is made, saying so; deleting the draft
takes its versions."""

from __future__ import annotations

import io

import docx
import pypdf
from sqlalchemy import text

from tests.support import (
    ANSWERS,
    BROWSER,
    Chat,
    HttpChat,
    action,
    actions_of,
    card_text,
    cards_in,
    inputs_of,
    links_of,
    make_bot,
    texts_in,
)

BEFORE = ANSWERS["method"]["method_description"]
AFTER = "Två workshops på aktivitetscentret och en enkät på papper."
NEWER = "Det finns en nyare version: Förslag 2, 23 november"


def _path(url: str) -> str:
    return url.removeprefix("https://dialogstod.example.se")


def _word_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


async def test_an_older_versions_links_keep_serving_it_and_say_a_newer_one_exists(client, connector) -> None:
    anna = HttpChat(client, connector)
    await anna.join()
    review = await anna.walk_wizard()
    first = await anna.press(action(review, "create_proposal")["data"], card=review)
    links = {name: _path(url) for name, url in links_of(first).items()}
    assert links["Word"].endswith("/proposal.docx?v=1") and links["Webbsida"].endswith("?lang=sv&v=1"), links

    # The draft changes after the proposal: the method, saved again from the review's Ändra.
    step = await anna.press(action(review, "edit", step="method")["data"], card=review)
    await anna.press(action(step, "submit")["data"], {**ANSWERS["method"], "method_description": AFTER}, card=step)
    listing = next(c for c in await anna.say("mina utkast") if "show_proposal" in str(c))
    shown = await anna.press(action(listing, "show_proposal")["data"], card=listing)
    assert "Förslag 1, 23 november 2026" in card_text(shown) and "har ändrats" in card_text(shown)
    word = await client.get(_path(links_of(shown)["Word"]), headers=BROWSER)
    assert BEFORE in _word_text(await word.read()) and AFTER not in _word_text(await word.read())  # Förslag 1's text

    second = await anna.press(action(shown, "create_proposal")["data"], card=shown)
    assert "Förslag 2, 23 november 2026" in card_text(second)
    newest = {name: _path(url) for name, url in links_of(second).items()}
    assert newest["Word"].endswith("/proposal.docx?v=2")
    assert AFTER in _word_text(await (await client.get(newest["Word"])).read())

    # Förslag 1's links, opened after Förslag 2 exists: its own text, and a line saying there is a newer one.
    old_word = _word_text(await (await client.get(links["Word"])).read())
    assert BEFORE in old_word and AFTER not in old_word
    old_pdf = await client.get(links["PDF"])
    old_pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(await old_pdf.read())).pages)
    assert old_pdf.status == 200 and "Samtalsgrupper" in old_pdf_text and "Två workshops" not in old_pdf_text
    old_page = await (await client.get(links["Webbsida"], headers={"Accept-Language": "en-US"})).text()
    assert NEWER in old_page and BEFORE in old_page and AFTER not in old_page  # in the owner's Swedish, not the browser's
    assert "proposal.docx?v=1" in old_page and "proposal.pdf?v=1" in old_page  # its downloads are its own
    new_page = await (await client.get(newest["Webbsida"])).text()
    assert "Det finns en nyare version" not in new_page and AFTER in new_page

    # A version that was never made, or a made-up one, is not there.
    page_path = links["Webbsida"].removesuffix("?lang=sv&v=1")
    for wrong in ("?v=3", "?v=0", "?v=abc", "?v=-1"):
        assert (await client.get(f"{page_path}{wrong}")).status == 404, wrong
        assert (await client.get(f"{page_path}/proposal.docx{wrong}")).status == 404, wrong

    # Deleting the draft takes its versions and its links (tests/test_my_data.py: the versions are gone).
    delete = await anna.press({"action": "delete", "draft": action(second, "share")["data"]["draft"]})
    await anna.press(action(delete, "delete_confirm")["data"], card=delete)
    assert (await client.get(links["Word"])).status == 404
    assert (await client.get(links["Webbsida"])).status == 404


async def test_the_proposal_card_opens_an_earlier_step_and_the_change_becomes_a_new_version(
    sqlite_engine, routine, messages
) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[0]
    proposal = cards_in(await chat.press(action(review, "create_proposal")))[0]
    assert "Förslag 1, 23 november 2026" in card_text(proposal)
    edit = action(proposal, "edit", step="purpose")
    assert edit["title"] == "Ändra Syfte och mål"
    purpose = cards_in(await chat.press(edit))[-1]
    assert inputs_of(purpose)["why"]["value"] == ANSWERS["purpose"]["why"]  # the step as answered, to change
    replies = await chat.submit_step("purpose", why="Besökarna vill ha fler aktiviteter på helgerna.")
    assert texts_in(replies)[0].startswith("Sparat. Förslaget finns kvar")
    shown = cards_in(await chat.say("visa förslaget"))[0]
    assert "Förslag 1, 23 november 2026" in card_text(shown) and "har ändrats" in card_text(shown)
    second = cards_in(await chat.press(action(shown, "create_proposal")))[0]
    assert "Förslag 2, 23 november 2026" in card_text(second)
    assert action(second, "edit", step="method")["title"] == "Ändra Metod"  # every step, again, on the new version


async def test_a_step_saved_unchanged_after_the_proposal_makes_no_new_version(sqlite_engine, routine, messages) -> None:
    """Saving a step as it was is no change: the history does not say so, and the review's new-version button shows
    the proposal there is, instead of an identical Förslag 2."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[0]
    proposal = cards_in(await chat.press(action(review, "create_proposal")))[0]
    await chat.press(action(proposal, "edit", step="purpose"))
    after = cards_in(await chat.submit_step("purpose"))[-1]  # the same answers
    assert "Skapa ny version av förslaget" in card_text(after) and "Visa förslag" in card_text(after)
    again = cards_in(await chat.press(action(after, "create_proposal")))[0]
    assert "Förslag 1, 23 november 2026" in card_text(again) and "har ändrats" not in card_text(again)
    history = card_text(cards_in(await chat.say("historik"))[-1])
    assert "ändrades efter förslaget" not in history and "Förslag 2" not in history


async def test_typed_andra_with_a_step_opens_that_step_and_a_question_about_changing_stays_a_question(
    sqlite_engine, routine, messages
) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[0]
    await chat.press(action(review, "create_proposal"))
    purpose = cards_in(await chat.say("ändra syfte"))[-1]
    assert action(purpose, "submit")["data"]["step"] == "purpose"
    assert inputs_of(purpose)["why"]["value"] == ANSWERS["purpose"]["why"]
    method = cards_in(await chat.say("jag vill ändra metoden"))[-1]
    assert action(method, "submit")["data"]["step"] == "method"
    assert action(cards_in(await chat.say("go back to the timeline"))[-1], "submit")["data"]["step"] == "timeline"
    reach = cards_in(await chat.say("ändra hur målgrupperna nås"))[-1]
    assert action(reach, "submit")["data"]["step"] == "reach"
    both = cards_in(await chat.say("change the target groups"))[-1]  # two steps are about them: the user chooses
    assert card_text(both).startswith("Vilket steg vill du ändra?")
    assert {a["data"]["step"] for a in actions_of(both) if a["data"]["action"] == "edit"} == {"target_groups", "reach"}
    for question in ("kan man ändra syftet efter att nämnden har beslutat?", "vilka andra målgrupper finns?"):
        asked = cards_in(await chat.say(question))[-1]
        assert not any(a["data"]["action"] in ("edit", "submit") for a in actions_of(asked)), question  # answered


async def test_a_proposal_from_before_versions_parked_is_still_shown(sqlite_engine, routine, messages) -> None:
    """A proposal created before its versions were kept (no proposal_versions row: it is built from the draft) and then
    parked shows as a parked proposal from versions does: the line that it is parked, then Förslag 1, and its Word
    link; not "no proposal yet"."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[0]
    await chat.press(action(review, "create_proposal"))
    async with sqlite_engine.begin() as conn:
        await conn.execute(text("DELETE FROM proposal_versions"))  # as before migration 0009
    await chat.say("parkera")
    [parked, proposal] = cards_in(await chat.say("visa förslaget"))
    assert card_text(parked).startswith("”Aktiviteter på Råcksta aktivitetscenter” är parkerat. Förslaget finns kvar")
    assert "Förslag 1, 23 november 2026" in card_text(proposal) and "Förslag till tjänsteutlåtande" in card_text(proposal)
    [word] = cards_in(await chat.say("ladda ner som word"))  # its documents too, while parked
    assert word["actions"][0]["url"].endswith("/proposal.docx")


async def test_a_new_version_of_a_proposal_from_before_the_history_is_forslag_2(sqlite_engine, routine, messages) -> None:
    """A proposal created before the history was kept (no entry says Förslag 1, and no version is stored) is shown as
    Förslag 1; the version made after a change is Förslag 2, the number after the one shown, not a second Förslag 1."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[0]
    await chat.press(action(review, "create_proposal"))
    async with sqlite_engine.begin() as conn:
        await conn.execute(text("DELETE FROM proposal_versions"))  # as before migration 0009
        await conn.execute(text("DELETE FROM draft_history"))  # and 0006
    shown = cards_in(await chat.say("visa förslaget"))[0]
    assert "Förslag 1, 23 november 2026" in card_text(shown)
    await chat.press(action(shown, "edit", step="purpose"))
    await chat.submit_step("purpose", why="Besökarna vill ha fler aktiviteter på helgerna.")
    shown = cards_in(await chat.say("visa förslaget"))[0]
    second = cards_in(await chat.press(action(shown, "create_proposal")))[0]
    assert "Förslag 2, 23 november 2026" in card_text(second)
    assert "Förslag 2 skapades" in card_text(cards_in(await chat.say("historik"))[-1])


async def test_a_corrected_meeting_date_is_offered_as_a_new_version_and_each_version_keeps_its_own(chat: Chat) -> None:
    """Try-out 7: "Till nämnden" records another meeting than the plan's: the proposal is a snapshot, so Förslag 1 keeps
    its date, and the reply offers Skapa en ny version av förslaget; the proposal card says which version holds which
    date, and the new version has the meeting recorded."""
    await chat.to_phases()
    sent = chat.last_card or {}
    draft = action(sent, "phase_save")["data"]["draft"]
    replies = await chat.press(action(sent, "phase_save"), board_meeting="2027-02-10")
    [offer] = [c for c in cards_in(replies) if "create_proposal" in str(c)]
    said = card_text(offer)
    assert "Förslag 1 har sammanträde 2027-01-20" in said and "2027-02-10" in said
    assert [a["title"] for a in actions_of(offer)] == ["Skapa ny version av förslaget"]
    shown = cards_in(await chat.press({"data": {"action": "show_proposal", "draft": draft}}, card={}))[-1]
    assert "sammanträde 2027-01-20" in card_text(shown) and "Förslag 1 har sammanträde 2027-01-20" in card_text(shown)
    created = cards_in(await chat.press(action(offer, "create_proposal"), card=offer))[-1]
    assert "Förslag 2" in card_text(created) and "sammanträde 2027-02-10" in card_text(created)
    newest = cards_in(await chat.press({"data": {"action": "show_proposal", "draft": draft}}, card={}))[-1]
    assert "Förslag 2" in card_text(newest) and "har sammanträde" not in card_text(newest)  # it holds the meeting recorded
