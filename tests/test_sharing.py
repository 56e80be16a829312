"""Sharing a draft with a communicator, its link and page, comments, revoking, and the Word export."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document

from bot.app import create_app
from bot.settings import Settings
from bot.share_pages import file_name, file_stem
from cards.docx import TemplateError
from cards.elements import plain
from dialogs.documents.letters import Letter
from tests.support import (
    ANSWERS,
    BERTIL,
    BERTIL_OID,
    BROWSER,
    INTERNAL_STEPS,
    PROPOSAL_OUTLINE_SV,
    Chat,
    HttpChat,
    StartApp,
    action,
    card_text,
    cards_in,
    inputs_of,
    link_path,
    links_of,
    make_bot,
    on_the_share_card,
    share_draft,
    texts_in,
    walk,
)

SCRIPT = "<script>alert('x')</script>"


async def test_share_through_the_people_picker_and_the_colleague_gets_a_card(client, connector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")  # the bot has met Bertil, so it can reach him
    share = await on_the_share_card(anna)
    picker = inputs_of(share)["person"]
    assert picker["type"] == "Input.ChoiceSet" and picker["choices.data"] == {
        "type": "Data.Query",
        "dataset": "graph.microsoft.com/users",
    }
    path, texts = await share_draft(anna, share_card=share)
    assert texts[0].startswith("Delat med Bertil Berg (Läsa och kommentera). Länken gäller till 2026-12-23:")
    assert texts[1] == "Bertil Berg har fått ett meddelande i Teams."
    received = bertil.cards_here()[-1]
    text = card_text(received)
    assert "Anna Andersson delar ett utkast med dig" in text
    assert ANSWERS["start"]["title"] in text and "Hjälp med återkopplingen." in text
    open_link = next(a for a in received["actions"] if a["type"] == "Action.OpenUrl")
    assert open_link["url"] == f"https://dialogstod.example.se{path}?lang=sv"  # the page in the language of his chat
    assert "comment" in inputs_of(received)


@pytest.mark.parametrize(
    ("locale", "typed", "said"),
    [
        ("sv-SE", "Kommentar till Anna: lägg till föräldrarna", "lägg till föräldrarna"),
        ("en-US", "Comment for Anna: add the parents", "add the parents"),
        ("sv-SE", "Kommentar: lägg till föräldrarna", "lägg till föräldrarna"),
    ],
)
async def test_a_comment_typed_to_the_owner_is_kept_without_whom_it_was_addressed_to(
    client, connector, locale: str, typed: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    """Karin (Bertil here, try-out 7) types her comment under the card she got, addressed as in a letter: Anna's notice
    and the sharing log have the comment, not its "Kommentar till Anna:"."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil", locale=locale)
    await bertil.say("hej")
    await share_draft(anna)
    await bertil.say(typed)
    notice = card_text(anna.cards_here()[-1])
    assert said in notice and typed not in notice
    shares = card_text(await anna.press({"action": "shares", "draft": action(anna.cards_here()[-1], "shares")["data"]["draft"]}))
    assert f"kommenterade: {said}" in shares


async def test_opening_a_shared_draft_again_keeps_the_link_sent_before_working(client, connector, clock) -> None:  # type: ignore[no-untyped-def]
    """Karin (Bertil here, try-out 7) opens the draft Anna shared from Mina utkast: the card comes with a new link (only a
    link's hash is kept), and the one Anna sent her still works, both until the day Anna chose (reopening renews
    nothing: how long a link works is the owner's choice); revoked, neither does."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    share_card = await on_the_share_card(anna)
    sent, _ = await share_draft(anna, share_card=share_card)
    await bertil.say("öppna aktiviteterna")
    said = " ".join(bertil.texts_here())
    assert "Den du fick förut fungerar också, till och med 2026-12-23." in said
    opened = bertil.cards_here()[-1]
    again = (
        next(a["url"] for a in opened["actions"] if a["type"] == "Action.OpenUrl")
        .split("?")[0]
        .removeprefix("https://dialogstod.example.se")
    )
    assert again != sent
    for path in (sent, again):
        assert (await client.get(path)).status == 200, path
    clock.now += timedelta(days=31)
    assert [(await client.get(path)).status for path in (sent, again)] == [410, 410]
    clock.now -= timedelta(days=31)
    shares = await anna.press({"action": "shares", "draft": action(share_card, "share_save")["data"]["draft"]})
    await anna.press(action(shares, "share_revoke")["data"], card=shares)
    assert [(await client.get(path)).status for path in (sent, again)] == [410, 410]


async def test_what_the_colleague_is_asked_is_kept_as_long_as_the_box_takes(client, connector) -> None:
    """The share card's box for what is asked takes as many characters as are kept: a longer ask (sent where no box
    holds it back) reaches the colleague cut at the box's length, and one that fills the box reaches them whole."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    share = await on_the_share_card(anna)
    most = inputs_of(share)["ask"]["maxLength"]
    for typed in ("å" * (most + 100), "ä" * most):
        await anna.press(action(share, "share_save")["data"], {"person": BERTIL_OID, "ask": typed}, card=share)
        asked = card_text(bertil.cards_here()[-1])
        assert typed[:most] in asked and typed[0] * (most + 1) not in asked


async def test_a_comment_is_kept_as_long_as_its_box_takes_on_the_card_and_on_the_page(client, connector) -> None:
    """The comment box on the colleague's card and on the page take as many characters as a comment keeps: a longer
    one (posted where no box holds it back) is kept cut at that length."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    path, _ = await share_draft(anna)
    most = inputs_of(bertil.cards_here()[-1])["comment"]["maxLength"]
    assert f'maxlength="{most}"' in await (await client.get(path, headers=BROWSER)).text()
    await client.post(f"{path}/comments", data={"comment": "ö" * (most + 50)}, allow_redirects=False)
    kept = await (await client.get(path)).text()
    assert "ö" * most in kept and "ö" * (most + 1) not in kept


async def test_the_link_page_comments_reach_the_owner_and_revoking_kills_the_link(client, connector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    path, _ = await share_draft(anna)

    page = await client.get(path, headers=BROWSER)
    assert page.status == 200
    html = await page.text()
    assert ANSWERS["start"]["title"] in html and ANSWERS["method"]["method_description"] in html
    assert (
        "Delat av Anna Andersson med Bertil Berg via Dialogstöd. Du kan läsa och kommentera utkastet" in html
        and 'name="comment"' in html
    )
    assert page.headers["Cache-Control"] == "no-store" and "default-src 'none'" in page.headers["Content-Security-Policy"]

    posted = await client.post(
        f"{path}/comments", data={"comment": "Lägg till affischer i tvättstugorna."}, allow_redirects=False
    )
    assert posted.status == 303
    assert "Lägg till affischer i tvättstugorna." in await (await client.get(path)).text()
    notice = anna.cards_here()[-1]
    assert "Ny kommentar från Bertil Berg på ”Aktiviteter på Råcksta aktivitetscenter”:" in card_text(notice)

    # Bertil comments in the chat too, from the card he got.
    received = next(c for c in reversed(bertil.cards_here()) if "delar ett utkast med dig" in card_text(c))
    await bertil.press(action(received, "share_comment")["data"], {"comment": "Och på biblioteket."}, card=received)
    assert [a["text"] for a in bertil.sent_here() if a.get("text")][-1].startswith("Tack! Din kommentar är sparad")
    assert "Och på biblioteket." in card_text(anna.cards_here()[-1])

    shares = await anna.press({"action": "shares", "draft": action(notice, "shares")["data"]["draft"], "step": None}, card=notice)
    text = card_text(shares)
    assert "Bertil Berg – Läsa och kommentera – gäller till 2026-12-23" in text
    assert "Bertil Berg öppnade utkastet" in text
    assert "Bertil Berg kommenterade: Lägg till affischer i tvättstugorna." in text
    before = len(anna.sent_here())
    await anna.press(action(shares, "share_revoke")["data"], card=shares)
    assert anna.sent_here()[before]["text"] == "Länken till Bertil Berg är återkallad och fungerar inte längre."
    gone = await client.get(path)
    assert gone.status == 410
    assert ANSWERS["start"]["title"] not in await gone.text()
    assert (await client.post(f"{path}/comments", data={"comment": "sent"}, allow_redirects=False)).status == 410


async def test_unknown_modified_expired_and_deleted_links(client, connector, clock) -> None:
    anna = HttpChat(client, connector)
    path, texts = await share_draft(anna, access="read")
    assert texts[1] == f"Jag kan inte nå {BERTIL_OID} i Teams – skicka länken själv."  # he never talked to the bot
    assert (await client.get("/d/" + "A" * 43)).status == 404
    assert (await client.get(path[:-1] + ("A" if path[-1] != "A" else "B"))).status == 404
    unknown = await (await client.get("/d/nope")).text()
    assert "Länken finns inte eller gäller inte längre." in unknown
    clock.now += timedelta(days=31)
    assert (await client.get(path)).status == 410
    clock.now -= timedelta(days=31)
    assert (await client.get(path)).status == 200

    listing = (await anna.say("mina utkast"))[-1]["attachments"][0]["content"]
    confirm = await anna.press(action(listing, "delete")["data"], card=listing)
    await anna.press(action(confirm, "delete_confirm")["data"], card=confirm)
    assert (await client.get(path)).status == 404  # deleted with the draft: nothing of it is left


async def test_read_only_links_refuse_comments(client, connector) -> None:
    anna = HttpChat(client, connector)
    path, _ = await share_draft(anna, access="read")
    html = await (await client.get(path)).text()
    assert 'name="comment"' not in html
    assert (await client.post(f"{path}/comments", data={"comment": "hej"}, allow_redirects=False)).status == 403


async def test_the_proposal_downloads_as_word_and_pdf_and_opens_as_a_page(client, connector) -> None:
    anna = HttpChat(client, connector)
    await anna.join()
    review = await anna.walk_wizard()
    proposal = await anna.press(action(review, "create_proposal")["data"])
    opens = links_of(proposal)
    assert list(opens) == ["Word", "PDF", "Webbsida"]  # on the proposal card itself: one click; a Swedish chat
    url = opens["Word"]
    assert url.endswith("/proposal.docx?v=1")  # Förslag 1 (tests/test_proposal_versions.py)
    response = await client.get(url.removeprefix("https://dialogstod.example.se"))
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(io.BytesIO(await response.read()))
    outline = [(int(p.style.name[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert outline == PROPOSAL_OUTLINE_SV
    assert document.paragraphs[0].text == "Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter"

    response = await client.get(opens["PDF"].removeprefix("https://dialogstod.example.se"))
    assert (response.status, response.headers["Content-Type"]) == (200, "application/pdf")
    assert (await response.read()).startswith(b"%PDF-")

    page = await (await client.get(opens["Webbsida"].removeprefix("https://dialogstod.example.se"))).text()
    assert "<h2>Förvaltningens förslag till beslut</h2>" in page and "proposal.pdf" in page


async def test_an_english_chat_gets_the_swedish_document_for_the_council_and_an_english_copy(client, connector) -> None:
    anna = HttpChat(client, connector)
    await anna.post(type="conversationUpdate", membersAdded=[{"id": "28:dialogstod"}], locale="en-US")
    card = await anna.press({"action": "new"})
    for step_id in INTERNAL_STEPS:
        submit = next(a for a in card["actions"] if a["data"]["action"] == "submit")
        assert await anna.post(value={**submit["data"], **ANSWERS[step_id]}, replyToId="x", locale="en-US") in (200, 201)
        card = anna.cards_here()[-1]
    create = next(a for a in card["actions"] if a["data"]["action"] == "create_proposal")
    assert await anna.post(value=create["data"], replyToId="x", locale="en-US") in (200, 201)
    proposal = anna.cards_here()[-1]
    assert "Proposal for a citizen dialogue on" in card_text(proposal)  # read in the chat's language
    opens = [url.removeprefix("https://dialogstod.example.se") for url in links_of(proposal).values()]
    urls = [u for u in opens if "proposal.docx" in u]
    assert [u.rsplit("/", 1)[1] for u in urls] == ["proposal.docx?v=1", "proposal.docx?lang=en&v=1"]
    responses = [await client.get(u) for u in urls]
    swedish, english = [Document(io.BytesIO(await r.read())) for r in responses]
    assert swedish.paragraphs[0].text == "Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter"
    assert swedish.core_properties.language == "sv-SE"
    assert english.paragraphs[0].text.startswith("Proposal for a citizen dialogue on")
    names = [r.headers["Content-Disposition"] for r in responses]
    assert names == [
        'attachment; filename="forslag-om-medborgardialog-om-aktiviteter-pa-racksta-aktivitetscenter.docx"',
        'attachment; filename="proposal-for-a-citizen-dialogue-on-aktiviteter-pa-racksta-aktivitetscenter-en.docx"',
    ]
    # The page the card opens is in English, as the English Word is, with the way to the Swedish the council reads;
    # its own Word link is the English one, beside the Swedish.
    page = await (await client.get(links_of(proposal)["Web page"].removeprefix("https://dialogstod.example.se"))).text()
    assert '<html lang="en">' in page and '<article class="proposal" lang="en">' in page
    assert "The document in English, to read. The council decides on the Swedish one." in page
    assert "Förvaltningens förslag till beslut" not in page and "<h2>The administration" in page
    base = urls[0].removesuffix("/proposal.docx?v=1")
    hrefs = re.findall(r'href="([^"]+)">([^<]+)<', page)
    downloads = [
        (f"{base}/proposal.docx?v=1", "Download as a Word document, in Swedish for the council"),
        (f"{base}/proposal.docx?lang=en&amp;v=1", "Download in English, to read"),
        (f"{base}/proposal.pdf?v=1", "Download as a PDF, in Swedish for the registrar"),
    ]
    assert hrefs == [(f"{base}?lang=en&amp;doc=sv&amp;v=1", "Read the document in Swedish, as the council gets it"), *downloads]
    # The Swedish version is the Swedish document on a page that stays English, with the way back to the English.
    swedish_page = await (await client.get(f"{base}?lang=en&doc=sv&v=1")).text()
    assert '<html lang="en">' in swedish_page and '<article class="proposal" lang="sv">' in swedish_page
    assert "Förvaltningens förslag till beslut" in swedish_page and '<h2 id="kommentarer">Comments</h2>' in swedish_page
    assert "The document in English, to read" not in swedish_page
    back = (f"{base}?lang=en&amp;v=1", "Read the document in English")
    assert re.findall(r'href="([^"]+)">([^<]+)<', swedish_page) == [back, *downloads]
    # Without a language in the link, an English browser gets the Swedish document marked as Swedish, and the way to
    # the English rendering.
    page = await (await client.get(base, headers={"Accept-Language": "en-US"})).text()
    assert '<html lang="en">' in page and '<article class="proposal" lang="sv">' in page
    assert "Förvaltningens förslag till beslut" in page and f'href="{base}?lang=en">Read the document in English<' in page


async def test_script_is_harmless_in_cards_html_and_word(client, connector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await anna.join()
    review = await anna.walk_wizard({"start": {"title": SCRIPT}, "method": {"method_description": SCRIPT}})
    proposal = await anna.press(action(review, "create_proposal")["data"])
    share = await anna.press(action(proposal, "share")["data"], card=proposal)
    before = len(anna.sent_here())
    await anna.press(action(share, "share_save")["data"], {"person": BERTIL_OID, "access": "comment", "ask": SCRIPT}, card=share)
    path = link_path(anna.sent_here()[before]["text"])
    await client.post(f"{path}/comments", data={"comment": SCRIPT})

    html = await (await client.get(path)).text()
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") >= 4  # title, ask, method, comment

    # Cards show it as text: Adaptive Cards render no HTML, and Markdown characters are escaped.
    for card in (bertil.cards_here()[-1], anna.cards_here()[-1]):  # the shared-with-you card, the comment notice
        assert SCRIPT in card_text(card)
        assert any(e.get("text") == plain(SCRIPT) for e in walk(card))

    response = await client.get(f"{path}/proposal.docx")
    # Named for its title, in letters, digits and hyphens only: nothing of the script reaches the header.
    disposition = 'attachment; filename="forslag-om-medborgardialog-om-script-alert-x-script.docx"'
    assert response.headers["Content-Disposition"] == disposition
    document = Document(io.BytesIO(await response.read()))
    assert document.paragraphs[0].text == f"Förslag om medborgardialog om {SCRIPT}"
    assert f"Dialogen genomförs både i digitala kanaler och vid fysiska möten. {SCRIPT}." in [p.text for p in document.paragraphs]


async def test_someone_elses_draft_and_share_cannot_be_touched(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    review = cards_in(await anna.complete_wizard())[-1]
    draft_id = action(review, "share")["data"]["draft"]
    share_card = cards_in(await anna.press(action(review, "share")))[0]
    replies = await anna.press(
        action(share_card, "share_save"), card=share_card, person="bertil@example.se", access="comment", ask=""
    )
    assert texts_in(replies)[1] == "Jag kan inte nå bertil@example.se i Teams – skicka länken själv."
    shares = cards_in(await anna.press({"data": {"action": "shares", "draft": draft_id}}, card={}))[0]
    share_id = action(shares, "share_revoke")["data"]["share"]

    carl = Chat(adapter, user_id="carl", name="Carl", aad_object_id="carl", conversation_id="conv-carl")
    not_found = ["Jag hittar inget sådant utkast bland dina utkast."]
    for name in ("share", "share_save", "shares", "download_docx"):
        assert (
            texts_in(await carl.press({"data": {"action": name, "draft": draft_id, "person": "carl@example.se"}}, card={}))
            == not_found
        )
    assert texts_in(await carl.press({"data": {"action": "share_revoke", "share": share_id}}, card={})) == [
        "Jag hittar ingen sådan delning."
    ]
    assert texts_in(await carl.press({"data": {"action": "share_comment", "share": share_id, "comment": "hej"}}, card={})) == [
        "Du kan inte kommentera det här utkastet (längre)."
    ]
    assert "bertil@example.se – Läsa och kommentera" in card_text(
        cards_in(await anna.press({"data": {"action": "shares", "draft": draft_id}}, card={}))[0]
    )


async def test_outside_teams_the_colleague_is_named_or_mailed_and_an_empty_choice_is_refused(
    sqlite_engine, routine, messages
) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter, channel_id="webchat")
    review = cards_in(await anna.complete_wizard())[-1]
    share = cards_in(await anna.press(action(review, "share")))[0]
    assert inputs_of(share)["person"]["type"] == "Input.Text"
    again = cards_in(await anna.press(action(share, "share_save"), card=share, person="  "))[0]
    assert "Välj en kollega, eller skriv ett namn eller en e-postadress." in card_text(again)


async def test_a_districts_own_word_template_is_used_and_a_broken_one_stops_the_start(
    tmp_path: Path, connector, start_app: StartApp
) -> None:
    template = Document()
    template.add_paragraph("Vår egen mall: {{ title }}")
    path = tmp_path / "var-mall.docx"
    template.save(str(path))
    env = {"PROPOSAL_TEMPLATE": str(path), "PUBLIC_BASE_URL": "https://dialogstod.example.se", "REMINDER_POLL_SECONDS": "0"}
    settings = replace(Settings.from_env(env), database_url=f"sqlite+aiosqlite:///{tmp_path / 'own.db'}")
    assert settings.proposal_template == path
    with pytest.raises(TemplateError, match=r"saknas\.docx: not a readable Word document"):
        create_app(replace(settings, proposal_template=tmp_path / "saknas.docx"))
    client = await start_app(settings)
    anna = HttpChat(client, connector)
    await anna.join()
    proposal = await anna.press(action(await anna.walk_wizard(), "create_proposal")["data"])
    link = await anna.press({"action": "download_docx", "draft": action(proposal, "share")["data"]["draft"]})
    [url] = [a["url"] for a in link["actions"] if a["type"] == "Action.OpenUrl"]  # asked for: a card with the link
    document = Document(io.BytesIO(await (await client.get(url.removeprefix("https://dialogstod.example.se"))).read()))
    assert [p.text for p in document.paragraphs] == [
        "Vår egen mall: Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter"
    ]


def test_a_documents_file_name_keeps_the_words_of_its_title_apart() -> None:
    """Accents go, letters stay; a dash or another sign that is not ASCII parts words ("13–17" is not "1317")."""
    assert (
        file_stem("Redovisning av dialog med unga 13–17 år i Råcksta", "x") == "redovisning-av-dialog-med-unga-13-17-ar-i-racksta"
    )
    assert file_stem("Öppettider — biblioteket 🌳", "x") == "oppettider-biblioteket"
    assert file_stem("🌳 …", "forslag") == "forslag"
    assert file_stem("Children\u2019s park", "x") == "childrens-park"


async def test_the_owners_shared_with_link_carries_the_recipients_chat_language(client, connector) -> None:
    """The link in "Delat med …" is for the colleague (to send if the card did not reach them): like the link on
    their card, it opens the page in the language of their chat; one the bot has no chat with gets no `lang`, and
    their browser's language decides."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    assert await bertil.post(text="hello", locale="en-US") in (200, 201)  # Bertil chats in English
    path, texts = await share_draft(anna)
    assert texts[0].startswith("Delat med Bertil Berg (Läsa och kommentera).")  # Anna's own words, Swedish
    assert f"https://dialogstod.example.se{path}?lang=en" in texts[0]
    received = next(a for a in bertil.cards_here()[-1]["actions"] if a["type"] == "Action.OpenUrl")
    assert received["url"] == f"https://dialogstod.example.se{path}?lang=en"  # the same as on his card

    await anna.say("dela med kommunikatör")
    share = anna.cards_here()[-1]
    cecilia, cecilia_texts = await share_draft(anna, person="cecilia@example.se", share_card=share)
    assert f"https://dialogstod.example.se{cecilia}" in cecilia_texts[0]
    assert "?lang=" not in cecilia_texts[0]  # no chat with her: her browser's language


def test_every_document_is_named_by_what_it_is_and_what_it_is_about() -> None:
    """One way for all: the title, then the draft's (or call's) title unless the title already says it."""
    feedback = Letter("feedback", "sv", "Återkoppling: du sa – vi gjorde", (), "Råcksta parklek")
    assert file_name(feedback, ".docx", "text") == "aterkoppling-du-sa-vi-gjorde-racksta-parklek.docx"
    assert file_name(replace(feedback, lang="en", title="Feedback"), ".docx", "text") == "feedback-racksta-parklek-en.docx"
    about_park = replace(feedback, title="Förslag om medborgardialog om Råcksta parklek", subject="Park")
    assert file_name(about_park, ".pdf", "x") == "forslag-om-medborgardialog-om-racksta-parklek-park.pdf"  # a word, not letters
    assert (
        file_name(replace(about_park, subject="Råcksta parklek"), ".pdf", "x")
        == "forslag-om-medborgardialog-om-racksta-parklek.pdf"
    )
