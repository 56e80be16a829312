"""The redovisning of a dialogue to the nämnd ("redovisning av dialog, underlag för beslut"): offered once the
dialogue has come that far, downloaded through the real app as Word (reopened with python-docx) and as PDF
(read with pypdf), its sections checked against what the official recorded; an internal and an external
dialogue from the first card to the closed file; a rejected one has none."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient
from docx import Document
from pypdf import PdfReader

from bot.settings import Settings
from bot.share_pages import DOCX_TYPE
from tests.fake_connector import FakeConnector
from tests.support import (
    ANSWERS,
    BERTIL,
    BERTIL_OID,
    FIXED_NOW,
    INTERNAL_STEPS,
    PHASE_ANSWERS,
    PHASES,
    THEMES,
    BotTestAdapter,
    Chat,
    HttpChat,
    SettableClock,
    StartApp,
    action,
    actions_of,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    make_bot,
    phase_of,
    texts_in,
    walk,
)

TITLE = ANSWERS["start"]["title"]

# The redovisning's headings in Swedish, in the tjänsteutlåtande's order (seed 000): (Word heading level, text).
REPORT_OUTLINE_SV = [
    (1, "Förvaltningens förslag till beslut"),
    (1, "Sammanfattning"),
    (1, "Ärendets beredning"),
    (1, "Bakgrund"),
    (1, "Ärendet"),
    (2, "Deltagare"),
    (2, "Det som kom in"),
    (2, "Utvärdering"),
    (2, "Planerat och utfall"),
    (2, "Du sa – vi gjorde"),
    (2, "Beslut utifrån utvärderingen"),
    (1, "Förvaltningens synpunkter"),
    (1, "Bilaga"),  # one: the routine, as seed 000 heads its one attachment
]


def _offers_report(card: dict[str, Any]) -> bool:
    return any(a["data"]["action"] == "report" for a in actions_of(card))


def _sections(paragraphs: list[tuple[str, str]]) -> dict[str, str]:
    """Each heading's text: its paragraphs up to the next heading, joined."""
    by_heading: dict[str, list[str]] = {}
    current = ""
    for style, text in paragraphs:
        if style.startswith("Heading"):
            current = text
            by_heading[current] = []
        elif current:
            by_heading[current].append(text)
    return {heading: " ".join(texts) for heading, texts in by_heading.items()}


async def _walk_to_closed(chat: HttpChat, external: bool) -> dict[str, Any]:
    """From the first card, through every step, the proposal and every phase; returns the closed file's card."""
    card = await chat.press({"action": "new"})
    for step_id in list(ANSWERS) if external else INTERNAL_STEPS:
        typed = {**ANSWERS[step_id], **({"initiative": "external"} if external and step_id == "start" else {})}
        card = await chat.press(action(card, "submit")["data"], typed)
    card = await chat.press(action(card, "create_proposal")["data"])
    card = await chat.press(action(card, "next_step")["data"])
    for phase_id in PHASES:
        assert phase_of(card) == phase_id
        assert _offers_report(card) == (phase_id == "reported")  # offered where it belongs, once it can be written
        typed = PHASE_ANSWERS[phase_id]
        if external and phase_id == "decided":  # the paragraph by its number alone: written "§ 12" all the same
            typed = {**typed, "paragraph": "12"}
        if external and phase_id == "evaluated":  # the cost used entered, what came of the goals left out
            typed = {**typed, "cost_used_sek": "31500", "goal_outcome": ""}
        card = await chat.press(action(card, "phase_save")["data"], typed)
    assert "Ärendet är avslutat" in card_text(card)
    return card


@pytest.mark.parametrize("external", [False, True], ids=["internal", "external"])
async def test_a_dialogue_from_its_first_card_to_a_closed_file_with_its_redovisning_as_word_and_pdf(
    tmp_path, connector: FakeConnector, routine, external: bool, start_app: StartApp
) -> None:
    clock = SettableClock(FIXED_NOW)
    client: TestClient = await start_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'report.db'}"), clock)
    chat = HttpChat(client, connector, clock=clock)
    await chat.join()
    closed = await _walk_to_closed(chat, external)
    assert _offers_report(closed)
    links = await _report_links(chat, closed)
    assert "Redovisningen av dialogen, underlag för nämndens beslut" in card_text(links)
    assert [a["data"]["action"] for a in chat.cards_here()[-1]["actions"]] == ["next_step", "phases"]
    urls = [urlsplit(a["url"]).path for a in links["actions"] if a["type"] == "Action.OpenUrl"]
    [docx_url] = [u for u in urls if u.endswith("/redovisning.docx")]
    [pdf_url] = [u for u in urls if u.endswith("/redovisning.pdf")]

    response = await client.get(docx_url)
    assert (response.status, response.content_type) == (200, DOCX_TYPE)
    document = Document(io.BytesIO(await response.read()))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    outline = [(int(style[-1]), text) for style, text in paragraphs if style.startswith("Heading")]
    assert outline == REPORT_OUTLINE_SV
    assert paragraphs[0][1] == "Redovisning av medborgardialog om aktiviteter på Råcksta aktivitetscenter"
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    every = " ".join(text for _, text in paragraphs) + " " + cells
    assert "Handläggare" in every and "Anna Andersson" in every and "Eva Ek" in every  # header and signatures
    sections = _sections(paragraphs)
    decision = sections["Förvaltningens förslag till beslut"]
    assert "godkänner förvaltningens redovisning av medborgardialogen om aktiviteter på Råcksta" in decision
    assert "noterar de beslut som har tagits utifrån utvärderingen" in decision
    summary = sections["Sammanfattning"]
    assert "beslutade om den 20 januari 2027 (§ 12)" in summary
    assert "genomfördes från den 1 februari till den 15 mars 2027" in summary
    assert ANSWERS["start"]["question"] in summary
    assert "2 teman: ”Fler aktiviteter på kvällen” och ”Bättre information om programmet”" in summary
    background = sections["Bakgrund"]
    assert "enligt förvaltningens förslag" in background
    assert "Målgrupperna fick information den 25 januari 2027, på följande sätt: affischer i aktivitetscentret" in background
    initiator = "Dialogen bygger på ett initiativ från"
    assert (initiator in background) is external
    assert ("Initiativtagaren fick svar med nämndens beslut den 22 januari 2027." in background) is external
    groups = {o.value: o.label("sv") for o in routine.field("groups").options}
    participants = sections["Deltagare"]
    assert f"Antal deltagare från målgruppen ”{groups['affected_active']}”: 23." in participants
    assert f"Antal deltagare från målgruppen ”{groups['affected_low_activity']}”" not in participants  # not reached
    assert f"Målgrupper som inte nåddes: ”{groups['affected_low_activity']}”. Få kom till mötena dagtid." in participants
    came_in = sections["Det som kom in"]
    assert f"”{THEMES[0]}”: Många vill ha aktiviteter efter klockan 17." in came_in
    assert f"”{THEMES[1]}”: Programmet syns inte på webben." in came_in
    evaluation = sections["Utvärdering"]
    assert "utvärderades den 31 maj 2027. Enkät till deltagarna" in evaluation
    assert "Det här fungerade: samtalen vid lunchen." in evaluation
    assert "Det här fungerade mindre bra: kvällsmötet." in evaluation
    # What the plan said beside what came of it; the cost used was not entered, and the document says so.
    planned = sections["Planerat och utfall"]
    assert "Syftet med dialogen var enligt planen: besökarna har efterfrågat fler aktiviteter på kvällstid." in planned
    assert "Det specifika målet var: ett aktivitetsprogram för 2027 som bygger på besökarnas önskemål." in planned
    outcome = "mätt mot syftet och målen: ett nytt kvällsprogram som besökarna har varit med och format."
    assert (outcome in planned) is not external
    missing = "Vad som kom av dialogen mätt mot syftet och målen är inte angivet i utvärderingen."
    assert (missing in planned) is external
    assert "Planerade personella resurser: två medarbetare, 40 timmar. Det gick åt: tre medarbetare, 60 timmar." in planned
    cost = "Dialogen kostade 31\u00a0500 kronor." if external else "Vad dialogen kostade är inte angivet."
    assert f"Dialogen beräknades kosta 25\u00a0000 kronor. {cost}" in planned
    ledger = sections["Du sa – vi gjorde"]
    assert "Deltagarna fick återkoppling den 15 april 2027." in ledger
    assert f"”{THEMES[0]}”: Tas tillvara. Två kvällar i veckan från hösten." in ledger
    assert f"”{THEMES[1]}”: Tas delvis tillvara. Programmet läggs på webben; inget tryckt." in ledger
    follow_up = sections["Beslut utifrån utvärderingen"]
    assert "Kvällsöppet två dagar i veckan. Besluten togs av Eva Ek den 1 juni 2027." in follow_up
    assert "implementerades i processen den 15 augusti 2027, på följande sätt: i verksamhetsplanen för hösten." in follow_up

    english = Document(io.BytesIO(await (await client.get(f"{docx_url}?lang=en")).read()))
    headings = [p.text for p in english.paragraphs if p.style.name.startswith("Heading")]
    assert english.paragraphs[0].text == "Report on the citizen dialogue on aktiviteter på Råcksta aktivitetscenter"
    assert headings[:2] == ["The administration's proposed decision", "Summary"]
    assert "Plan and outcome" in headings and "You said – we did" in headings
    assert any(p.text.startswith(f"“{THEMES[0]}”: Taken into account.") for p in english.paragraphs)

    response = await client.get(pdf_url)
    assert (response.status, response.content_type) == (200, "application/pdf")
    pdf = PdfReader(io.BytesIO(await response.read()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    for _, heading in REPORT_OUTLINE_SV:
        assert heading in text, heading
    for said in ("Två kvällar i veckan från hösten.", "samtalen vid lunchen.", "Kvällsöppet två dagar i veckan."):
        assert said in text, said
    assert pdf.metadata is not None and pdf.metadata.title.startswith("Redovisning av medborgardialog")


async def _at_the_first_phase(engine, routine, messages) -> Chat:  # type: ignore[no-untyped-def]
    """A user whose dialogue has its proposal, on the first phase's card."""
    chat = Chat(make_bot(engine, routine, messages)[1])
    await chat.to_phases()
    return chat


async def test_the_redovisning_waits_for_the_phases_it_reports_and_is_typed_for(sqlite_engine, routine, messages) -> None:
    chat = await _at_the_first_phase(sqlite_engine, routine, messages)
    not_yet = cards_in(await chat.say("redovisning"))[-1]
    assert "Redovisningen av ”Aktiviteter på Råcksta aktivitetscenter” kan jag skriva först när" in card_text(not_yet)
    await chat.press(action(not_yet, "next_step"))  # the way on: the phase the dialogue is in
    for phase_id in PHASES[: PHASES.index("reported")]:
        assert not _offers_report(chat.last_card or {})
        await chat.record_phase(phase_id)
    assert phase_of(chat.last_card) == "reported" and _offers_report(chat.last_card or {})
    replies = await chat.say("ladda ner redovisningen")
    urls = [a["url"] for card in cards_in(replies) for a in walk(card) if a.get("type") == "Action.OpenUrl"]
    assert [u.rsplit("/", 1)[1] for u in urls] == ["redovisning.docx", "redovisning.pdf"]


async def test_a_rejected_dialogue_has_no_redovisning(sqlite_engine, routine, messages) -> None:
    chat = await _at_the_first_phase(sqlite_engine, routine, messages)
    await chat.record_phase("sent")
    closed = cards_in(await chat.record_phase("decided", decision="rejected", rejection_reason="Ingen budget."))[-1]
    assert "Ärendet är avslutat" in card_text(closed) and not _offers_report(closed)
    draft = action(closed, "history")["data"]["draft"]
    replies = await chat.press({"data": {"action": "report", "draft": draft}}, card={})
    assert "Ett förslag som nämnden avslog redovisas inte." in card_text(cards_in(replies)[-1])
    assert not [a for a in walk(cards_in(replies)[-1]) if a.get("type") == "Action.OpenUrl"]
    assert "redovisning.docx" not in " ".join(texts_in(replies))


async def _report_links(chat: HttpChat, card: dict[str, Any]) -> dict[str, Any]:
    """The card of the redovisning's downloads the owner gets for *Redovisning* on `card` (the ways on come after it)."""
    before = len(chat.cards_here())
    await chat.press(action(card, "report")["data"], card=card)
    [links] = [c for c in chat.cards_here()[before:] if any(a.get("type") == "Action.OpenUrl" for a in c["actions"])]
    return links


async def _report_docx(chat: HttpChat, client: TestClient, card: dict[str, Any]) -> str:
    """The redovisning the owner downloads as Word now, its paragraphs as one text."""
    links = await _report_links(chat, card)
    [url] = [urlsplit(a["url"]).path for a in links["actions"] if a.get("url", "").endswith("/redovisning.docx")]
    document = Document(io.BytesIO(await (await client.get(url)).read()))
    return " ".join(p.text for p in document.paragraphs)


async def test_the_avdelningschef_reviews_the_redovisning_as_the_proposal(
    tmp_path, connector: FakeConnector, start_app: StartApp
) -> None:
    """Anna sends the redovisning to Bertil, her avdelningschef, on its phase's card; he sends it back with a comment,
    then approves it. Each answer reaches her and is in the history; the redovisning says it was reviewed only while
    his approval holds: a phase corrected after it undoes it."""
    clock = SettableClock(FIXED_NOW)
    client: TestClient = await start_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'rr.db'}"), clock)
    anna = HttpChat(client, connector, clock=clock)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")  # the bot has met him, so the review reaches him
    await anna.join()
    card = await anna.walk_wizard()
    card = await anna.press(action(card, "create_proposal")["data"])
    card = await anna.press(action(card, "next_step")["data"])
    for phase_id in PHASES[: PHASES.index("reported")]:
        card = await anna.press(action(card, "phase_save")["data"], PHASE_ANSWERS[phase_id])
    assert phase_of(card) == "reported"
    assert "Skicka redovisningen till avdelningschefen för granskning innan den går till nämnden." in card_text(card)
    reviewed = "har granskats och godkänts av"
    assert reviewed not in await _report_docx(anna, client, card)

    form = await anna.press(action(card, "review")["data"], card=card)
    assert f"Skicka redovisningen av ”{TITLE}” till avdelningschefen" in card_text(form)
    await anna.press(action(form, "review_send")["data"], {"person": BERTIL_OID}, form)
    request = bertil.cards_here()[-1]
    assert "Anna Andersson ber dig granska en redovisning till nämnden" in card_text(request)
    assert "Kan du granska redovisningen innan den går till nämnden?" in card_text(request)
    [link] = [a["url"] for a in request["actions"] if a["type"] == "Action.OpenUrl" and a["title"] == "Läs redovisningen"]
    response = await client.get(urlsplit(link).path)
    assert (response.status, response.content_type) == (200, "application/pdf")

    await bertil.press(action(request, "review_return")["data"], {"comment": "Lägg till kostnaden."}, request)
    assert f"Bertil Berg har skickat tillbaka redovisningen av ”{TITLE}” med en kommentar" in card_text(anna.cards_here()[-1])
    await anna.press(action(form, "review_send")["data"], {"person": BERTIL_OID}, form)
    request = bertil.cards_here()[-1]
    await bertil.press(action(request, "review_approve")["data"], {}, request)
    assert f"Bertil Berg har godkänt redovisningen av ”{TITLE}”" in card_text(anna.cards_here()[-1])
    history = card_text(await anna.press(action(anna.cards_here()[-1], "history")["data"]))
    for line in (
        "Skickade redovisningen till Bertil Berg för granskning",
        "Skickade tillbaka redovisningen",
        "Godkände redovisningen",
    ):
        assert line in history, line
    assert "förslaget" not in history.split("Skickade redovisningen")[-1]  # the proposal's review is not named

    card = await anna.press(action(anna.cards_here()[-1], "next_step")["data"])
    assert phase_of(card) == "reported" and "✓ Redovisningen är godkänd av Bertil Berg" in card_text(card)
    assert not any(a["data"].get("action") == "review" for a in actions_of(card))  # nothing left to send
    assert f"Redovisningen {reviewed} Bertil Berg den" in await _report_docx(anna, client, card)  # whom she chose, no title

    # A phase the redovisning is written from corrected: what he approved is no longer what it says.
    draft = action(card, "phases")["data"]["draft"]
    evaluated = await anna.press({"action": "phase_edit", "draft": draft, "step": "evaluated"}, card={})
    await anna.press(action(evaluated, "phase_save")["data"], {**PHASE_ANSWERS["evaluated"], "cost_used_sek": "30000"}, evaluated)
    card = await anna.press({"action": "next_step", "draft": draft}, card={})
    assert phase_of(card) == "reported" and "godkänd av" not in card_text(card)
    assert "Skicka redovisningen till avdelningschefen" in card_text(card)
    assert reviewed not in await _report_docx(anna, client, card)


async def _at_reported(  # type: ignore[no-untyped-def]
    engine, routine, messages, adapter: BotTestAdapter | None = None
) -> tuple[Chat, dict[str, Any], dict[str, Any]]:
    """A user whose dialogue is at the phase the redovisning is reviewed on (on `adapter`'s bot, else a new one): the
    chat, the first phase's card (Till nämnden, where the proposal is reviewed) and that phase's card, both kept in the
    chat."""
    chat = Chat(adapter or make_bot(engine, routine, messages)[1])
    await chat.to_phases()
    sent = chat.last_card or {}
    for phase_id in PHASES[: PHASES.index("reported")]:
        await chat.record_phase(phase_id)
    assert phase_of(sent) == "sent" and phase_of(chat.last_card) == "reported"
    return chat, sent, chat.last_card or {}


async def test_a_card_kept_in_the_chat_sends_the_document_it_offered_for_review(sqlite_engine, routine, messages) -> None:
    """Skicka till avdelningschef on an older phase's card opens the review that card offered, not the one on the phase
    the dialogue is in now; typed, it is the one of the phase the dialogue is in."""
    chat, sent, reported = await _at_reported(sqlite_engine, routine, messages)
    proposal_form = f"Skicka ”{TITLE}” till avdelningschefen"
    report_form = f"Skicka redovisningen av ”{TITLE}” till avdelningschefen"
    assert report_form in card_text(cards_in(await chat.say("skicka till avdelningschef"))[-1])
    form = cards_in(await chat.press(action(sent, "review"), card=sent))[-1]
    assert proposal_form in card_text(form)
    await chat.press(action(form, "next_step"))
    await chat.record_phase("reported")
    assert "Ärendet är avslutat" in card_text(chat.last_card or {})
    assert report_form in card_text(cards_in(await chat.press(action(reported, "review"), card=reported))[-1])


async def test_a_parked_dialogue_is_told_it_is_parked_when_its_redovisning_is_sent_for_review(
    sqlite_engine, routine, messages
) -> None:
    """Parked at the phase the redovisning is reviewed on: its button, the form opened before parking and typing all say
    the dialogue is parked, not that its decisions are still to be implemented."""
    chat, _, reported = await _at_reported(sqlite_engine, routine, messages)
    form = cards_in(await chat.press(action(reported, "review"), card=reported))[-1]
    await chat.press({"data": {"action": "park", "draft": action(reported, "review")["data"]["draft"]}}, card={})
    parked = f"”{TITLE}” är parkerat. Fortsätt utkastet för att skicka redovisningen för granskning."
    for replies in (
        await chat.press(action(reported, "review"), card=reported),
        await chat.press(action(form, "review_send"), card=form, person=BERTIL_OID),
        await chat.say("skicka till avdelningschef"),
    ):
        assert parked in card_text(cards_in(replies)[-1])
    await chat.press(action(cards_in(replies)[-1], "resume"))
    assert phase_of(chat.last_card) == "reported"


async def test_a_redovisning_not_yet_written_names_the_phase_it_waits_for(sqlite_engine, routine, messages) -> None:
    chat = await _at_the_first_phase(sqlite_engine, routine, messages)
    draft = action(chat.last_card or {}, "phases")["data"]["draft"]
    replies = await chat.press({"data": {"action": "review", "draft": draft, "reviewed": "report"}}, card={})
    waits = f"”{TITLE}” kan skickas för granskning först när den kan skrivas: när fasen ”Implementerat i processen” är"
    assert waits in card_text(cards_in(replies)[-1])


async def test_the_owners_sharing_list_and_the_reviewers_list_name_the_redovisnings_review(
    sqlite_engine, routine, messages
) -> None:
    """Delningar, the owner's list of who has the dialogue and what they did, and the reviewer's Mina utkast call the
    redovisning's review by its name and say what he approved: the redovisning, not the proposal."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    bertil = Chat(adapter, "user-2", "Bertil Berg", "sv-SE", BERTIL_OID, "conv-2")
    await bertil.say("hej")  # the bot has met him, so the review reaches him
    anna, _, reported = await _at_reported(sqlite_engine, routine, messages, adapter)
    form = cards_in(await anna.press(action(reported, "review"), card=reported))[-1]
    sent = await anna.press(action(form, "review_send"), card=form, person=BERTIL_OID)
    request = [c for c in cards_in(sent) if "review_approve" in str(c)][-1]
    await bertil.press(action(request, "review_approve"), card=request)
    draft = action(reported, "review")["data"]["draft"]
    shares = card_text(cards_in(await anna.press({"data": {"action": "shares", "draft": draft}}, card={}))[-1])
    assert "Bertil Berg – Granskning av redovisningen" in shares
    assert "Bertil Berg godkände redovisningen." in shares and "förslaget" not in shares
    listing = card_text(cards_in(await bertil.say("mina utkast"))[-1])
    assert "Granskning av redovisningen" in listing


async def test_skicka_typed_under_the_redovisnings_form_sends_the_redovisning(sqlite_engine, routine, messages) -> None:
    """Under "Skicka redovisningen … till avdelningschefen", Bertil suggested (he reviewed the proposal), "skicka" sends
    what the card is about, as its button would: the redovisning, not the proposal."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    bertil = Chat(adapter, "user-2", "Bertil Berg", "sv-SE", BERTIL_OID, "conv-2")
    await bertil.say("hej")  # the bot has met him, so the review reaches him
    anna, sent, reported = await _at_reported(sqlite_engine, routine, messages, adapter)
    proposal_form = cards_in(await anna.press(action(sent, "review"), card=sent))[-1]
    await anna.press(action(proposal_form, "review_send"), card=proposal_form, person=BERTIL_OID)
    form = cards_in(await anna.press(action(reported, "review"), card=reported))[-1]
    assert f"Skicka redovisningen av ”{TITLE}” till avdelningschefen" in card_text(form)
    request = [c for c in cards_in(await anna.say("skicka")) if "review_approve" in str(c)][-1]
    assert "ber dig granska en redovisning till nämnden" in card_text(request)
    assert "Kan du granska redovisningen innan den går till nämnden?" in card_text(request)
    draft = action(reported, "review")["data"]["draft"]
    history = card_text(cards_in(await anna.press({"data": {"action": "history", "draft": draft}}, card={}))[-1])
    assert history.count("Skickade redovisningen till Bertil Berg för granskning") == 1


async def test_skicka_typed_with_no_one_named_keeps_the_forms_own_ask(sqlite_engine, routine, messages) -> None:
    """Under the redovisning's form with no one suggested, "skicka" asks for the person on the same form, its ask still
    the one it offered, not blanked."""
    chat, _, reported = await _at_reported(sqlite_engine, routine, messages)
    form = cards_in(await chat.press(action(reported, "review"), card=reported))[-1]
    ask = "Kan du granska redovisningen innan den går till nämnden?"
    assert inputs_of(form)["ask"]["value"] == ask
    again = cards_in(await chat.say("skicka"))[-1]
    assert error_beside(again, "person") and inputs_of(again)["ask"]["value"] == ask


def _in(conversation: str, replies: list[Any]) -> list[Any]:
    """The replies, of a turn on a bot many talk to, that went into one conversation (a notice to another user lands
    in the same buffer)."""
    return [r for r in replies if r.conversation and r.conversation.id == conversation]


@pytest.mark.parametrize(
    ("locale", "approved", "returned", "open_draft"),
    [
        ("sv-SE", f"Redovisningen av ”{TITLE}” är godkänd.", f"Redovisningen av ”{TITLE}” är skickad tillbaka", "Öppna utkastet"),
        ("en-US", f"The report on “{TITLE}” is approved.", f"The report on “{TITLE}” has been sent back", "Open the draft"),
    ],
)
async def test_the_redovisnings_answer_names_the_redovisning_and_leads_both_to_the_draft(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, locale: str, approved: str, returned: str, open_draft: str
) -> None:
    """Erik (Bertil here) answers Anna's redovisning (try-out 7): his confirmations name the redovisning, not the draft
    as if the proposal were reviewed, and lead to the draft as shared with him; Anna's notice leads to the redovisning
    and to the draft."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    bertil = Chat(adapter, "user-2", "Bertil Berg", locale, BERTIL_OID, "conv-2")
    await bertil.say("hej")  # the bot has met him, so the review reaches him
    anna, _, reported = await _at_reported(sqlite_engine, routine, messages, adapter)

    async def sent() -> dict[str, Any]:
        form = cards_in(await anna.press(action(reported, "review"), card=reported))[-1]
        replies = await anna.press(action(form, "review_send"), card=form, person=BERTIL_OID)
        return [c for c in cards_in(replies) if "review_approve" in str(c)][-1]

    request = await sent()
    answer = await bertil.press(action(request, "review_return"), card=request, comment="Lägg till kostnaden.")
    assert returned in " ".join(texts_in(_in("conv-2", answer)))
    request = await sent()
    answer = await bertil.press(action(request, "review_approve"), card=request)
    theirs = _in("conv-2", answer)
    assert approved in texts_in(theirs)
    [ways] = cards_in(theirs)
    assert [a["title"] for a in actions_of(ways)] == [open_draft]
    opened = card_text(cards_in(await bertil.press(action(ways, "shared_open"), card=ways))[-1])
    assert TITLE in opened and "Anna Andersson" in opened
    [notice] = cards_in(_in("conv-1", answer))
    assert [a["data"]["action"] for a in actions_of(notice)] == ["report", "resume", "history"]
    assert "Öppna utkastet" in card_text(notice)
