"""Applying to a call: the application card turn by turn, the motivation's one-A4 check (rendered, not
guessed), and the documents reopened: the motivation and the nämnd's tjänsteutlåtande in the shape of seed 000."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import docx
import pypdf
import yaml

from bot.settings import Settings
from dialogs.actor import Actor
from dialogs.calls import Call, DecisionBody, call_row
from dialogs.documents.application import Application
from tests.support import Chat as BotChat
from tests.support import (
    HttpChat,
    StartApp,
    action,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    make_bot,
    memory_conversation,
    texts_in,
)

NETWORK = Call(
    "net",
    "Medborgardialog i budgetprocessen",
    "Sveriges Kommuner och Regioner (SKR)",
    "mailto:natverk@example.se",
    application_deadline=date(2027, 3, 1),
    application_note="Intresseanmälan med en kort beskrivning (max en A4).",
    decided_by=DecisionBody.NAMND,
    requirements=("En styrgrupp med förtroendevalda och ledande tjänstemän.",),
    costs="8 000 kr per år.",
)
SHORT = {
    "app_why": "Vi vill att medborgarnas synpunkter ska nå budgetprocessen.",
    "app_needs": "Vi behöver metoder för att återkoppla till dem som deltagit.",
    "app_meets": "Vi har en styrgrupp och avdelningen avsätter två medarbetare.",
    "app_steering_group": "Stadsdelsnämndens presidium, stadsdelsdirektören och avdelningschefen för kultur och fritid",
    "app_cost_per_year": "8000",
    "app_years": "2",
    "app_preparation": "Ärendet har beretts inom avdelningen för kultur och fritid och behandlats i pensionärsrådet.",
    "app_background": "Kommunfullmäktige har beslutat att Stockholm ska vara en demokratiskt hållbar stad.",
    "app_views": "Förvaltningen ser deltagandet som ett bra sätt att få stöd i arbetet.",
    "app_department_head": "Eva Ek",
    "app_phone": "08-508 03 000",
}
# Each of the motivation's three fields nearly full: well over one A4 page when printed.
FULL = ("Vi vill utveckla dialogen med medborgarna i stadsdelen. " * 40)[:1990].strip()
LONG = {**SHORT, "app_why": FULL, "app_needs": FULL, "app_meets": FULL}


async def _application_card(chat: BotChat) -> dict[str, Any]:
    listing = cards_in(await chat.say("bevaka"))[0]
    call = cards_in(await chat.press(action(listing, "call", call="net")))[0]
    return cards_in(await chat.press(action(call, "application", call="net")))[0]


async def test_the_application_card_checks_fields_then_the_page(sqlite_engine, routine, messages) -> None:
    chat = BotChat(make_bot(sqlite_engine, routine, messages, calls=[NETWORK])[1])
    card = await _application_card(chat)
    assert "Ansökan: Medborgardialog i budgetprocessen" in card_text(card)
    refused = cards_in(await chat.press(action(card, "application_save"), app_why="Vi vill delta."))[0]
    assert error_beside(refused, "app_needs") == "Fyll i det här fältet."
    assert inputs_of(refused)["app_why"]["value"] == "Vi vill delta."  # what was typed is kept

    replies = await chat.press(action(refused, "application_save"), card=refused, **SHORT)
    assert texts_in(replies) == ["Ansökan till ”Medborgardialog i budgetprocessen” är sparad."]
    saved = cards_in(replies)[0]
    assert "Motiveringen ryms på en A4-sida" in card_text(saved)
    links = cards_in(await chat.press(action(saved, "application_download", call="net"), card=saved))[0]
    urls = [a["url"] for a in links["actions"] if a["type"] == "Action.OpenUrl"]
    assert [u.rsplit("/", 1)[1] for u in urls] == [
        "motivering.docx",
        "motivering.pdf",
        "tjansteutlatande.docx",
        "tjansteutlatande.pdf",
    ]


async def test_a_motivation_over_one_page_is_flagged_beside_its_field_and_kept(sqlite_engine, routine, messages) -> None:
    chat = BotChat(make_bot(sqlite_engine, routine, messages, calls=[NETWORK])[1])
    card = await _application_card(chat)
    saved = cards_in(await chat.press(action(card, "application_save"), **LONG))[0]
    assert "Motiveringen blir 2 A4-sidor men får vara högst 1." in card_text(saved)
    beside = error_beside(saved, "app_why")
    assert beside and beside.startswith("Motiveringen blir 2 A4-sidor; den får vara högst 1.")
    assert inputs_of(saved)["app_needs"]["value"] == LONG["app_needs"]
    again = cards_in(await chat.press({"data": {"action": "application", "call": "net"}}))[0]
    assert inputs_of(again)["app_meets"]["value"] == LONG["app_meets"]  # saved: nothing typed is lost
    links = cards_in(await chat.press(action(again, "application_download", call="net"), card=again))[0]
    names = [a["url"].rsplit("/", 1)[1] for a in links["actions"] if a["type"] == "Action.OpenUrl"]
    assert names == ["tjansteutlatande.docx", "tjansteutlatande.pdf"]  # no motivation over its page
    assert (
        "Motiveringen saknas: den blir 2 A4-sidor men får vara högst 1. Tjänsteutlåtandet tar inte upp den som bilaga"
        in card_text(links)
    )


async def test_the_motivation_is_laid_out_only_for_the_tjansteutlatande_that_may_attach_it(routine, messages) -> None:  # type: ignore[no-untyped-def]
    """Opening the motivation's link serves it without laying it out (about 0.1 s a time); the tjänsteutlåtande's lays
    it out once, to know whether to list it as an attachment."""
    conversation, _, _ = memory_conversation(routine, messages, calls=[NETWORK])
    applications = conversation.applications
    laid_out: list[object] = []

    def pages(letter: Any) -> int:
        laid_out.append(letter)
        return 1

    applications.s = replace(applications.s, letter_pages=pages)
    anna = Actor("aad:anna", "Anna Andersson", "sv", "conv-anna")
    await conversation.on_card(anna, {"action": "application_save", "call": "net", **SHORT})
    [links] = [v for v in (await conversation.on_card(anna, {"action": "application_download", "call": "net"})).views]
    token = links.links[0].url.split("/d/", 1)[1].split("/", 1)[0]
    laid_out.clear()
    motivation = await applications.motivation(token)
    assert motivation is not None and motivation.title.startswith("Motivering") and laid_out == []
    proposal = await applications.proposal(token)
    assert proposal is not None and laid_out == [motivation]


async def test_a_closed_call_cannot_be_applied_to_and_another_users_application_is_not_theirs(
    sqlite_engine, routine, messages
) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages, calls=[NETWORK])
    anna = BotChat(adapter)
    card = await _application_card(anna)
    await anna.press(action(card, "application_save"), **SHORT)
    bertil = BotChat(adapter, user_id="29:bertil", name="Bertil Berg", aad_object_id="bertil-oid", conversation_id="c-bertil")
    other = await bertil.press({"data": {"action": "application_download", "call": "net"}})
    assert texts_in(other)[0] == "Du har ingen sparad ansökan till ”Medborgardialog i budgetprocessen” – skriv den först."
    after = datetime(2027, 3, 2, 9, tzinfo=UTC)
    closed = make_bot(sqlite_engine, routine, messages, calls=[NETWORK], clock=lambda: after)[1]
    for pressed in ("application", "application_save"):  # a card opened before the cut-off is saved after it
        late = await BotChat(closed).press({"data": {"action": pressed, "call": "net"}})
        said = card_text(cards_in(late)[0])
        assert said.startswith("”Medborgardialog i budgetprocessen” är stängd – det går inte längre att ansöka.")
        assert "Bevaka en utlysning" in said  # the way on: the calendar


# --- the documents, downloaded through the real app and reopened ---------------------------------


async def _documents(
    start_app: StartApp, tmp_path: Path, connector: Any, answers: dict[str, str], names: dict[str, str] | None = None
) -> dict[str, bytes]:
    """The application's documents downloaded by their links, by the name in the link; `names` gets the file name each
    is saved under (its Content-Disposition)."""
    calls = tmp_path / "calls.yaml"
    calls.write_text(yaml.safe_dump({"calls": [call_row(NETWORK)]}, allow_unicode=True), encoding="utf-8")
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        reminder_poll_seconds=0,
        public_base_url="https://dialogstod.example.se",
        calls_file=calls,
    )
    client = await start_app(settings)
    chat = HttpChat(client, connector)
    await chat.join()
    await chat.say("bevaka")
    await chat.press({"action": "application", "call": "net"})
    saved = await chat.press({"action": "application_save", "call": "net"}, answers)
    links = await chat.press({"action": "application_download", "call": "net"}, card=saved)
    found = {}
    for a in links["actions"]:
        if a["type"] == "Action.OpenUrl":
            response = await client.get(a["url"].removeprefix("https://dialogstod.example.se"))
            assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
            found[a["url"].rsplit("/", 1)[1]] = await response.read()
            if names is not None:
                names[a["url"].rsplit("/", 1)[1]] = response.headers["Content-Disposition"]
    token_path = links["actions"][0]["url"].removeprefix("https://dialogstod.example.se").rsplit("/", 1)[0]
    assert (await client.get(f"{token_path}/annat.docx")).status == 404
    assert (await client.get("/d/not-a-token/ansokan/tjansteutlatande.pdf")).status == 404
    return found


def _docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs if p.text.strip()]


async def test_the_motivation_and_the_tjansteutlatande_reopened(tmp_path, connector, start_app: StartApp) -> None:
    names: dict[str, str] = {}
    files = await _documents(start_app, tmp_path, connector, SHORT, names)
    # Saved under what they are and the call they are for, as a proposal is under its title (not "motivering.pdf").
    assert names == {
        "motivering.docx": 'attachment; filename="motivering-till-intresseanmalan-medborgardialog-i-budgetprocessen.docx"',
        "motivering.pdf": 'attachment; filename="motivering-till-intresseanmalan-medborgardialog-i-budgetprocessen.pdf"',
        "tjansteutlatande.docx": 'attachment; filename="ansokan-om-deltagande-i-medborgardialog-i-budgetprocessen.docx"',
        "tjansteutlatande.pdf": 'attachment; filename="ansokan-om-deltagande-i-medborgardialog-i-budgetprocessen.pdf"',
    }
    motivation = [text for _, text in _docx_paragraphs(files["motivering.docx"])]
    assert motivation[0] == "Motivering till intresseanmälan: Medborgardialog i budgetprocessen"
    assert SHORT["app_needs"] in motivation
    assert len(pypdf.PdfReader(io.BytesIO(files["motivering.pdf"])).pages) == 1

    paragraphs = _docx_paragraphs(files["tjansteutlatande.docx"])
    text = "\n".join(t for _, t in paragraphs)
    header = [cell.text for table in docx.Document(io.BytesIO(files["tjansteutlatande.docx"])).tables for cell in table._cells]
    assert "Anna Andersson\nTelefon: 08-508 03 000" in header  # the officer and telephone, as in seed 000
    headings = [t for style, t in paragraphs if style.startswith("Heading")]
    for heading in ("Sammanfattning", "Ärendets beredning", "Bakgrund", "Utlysningens innehåll", "Förvaltningens synpunkter"):
        assert heading in headings
    assert "Ansökan om deltagande i Medborgardialog i budgetprocessen" in text
    decisions = [t for style, t in paragraphs if style == "List Number"]
    applying = "Stadsdelsnämnden beslutar att Hässelby-Vällingby stadsdelsförvaltning ansöker om att delta i "
    assert decisions[0] == applying + "Medborgardialog i budgetprocessen."
    assert decisions[1].startswith(
        "Stadsdelsnämnden beslutar att tillsätta en styrgrupp för arbetet. I styrgruppen ingår stadsdelsnämndens presidium"
    )
    assert (
        decisions[2] == "Stadsdelsnämnden beslutar att avsätta 8\xa0000 kronor per år för deltagandet, totalt 16\xa0000 kronor."
    )
    assert "Ansökan ska vara inne senast 1 mars 2027." in text and "En styrgrupp med förtroendevalda" in text
    attachments = [t for _, t in paragraphs[[t for _, t in paragraphs].index("Bilagor") + 1 :]]
    assert attachments == ["Inbjudan till Medborgardialog i budgetprocessen", "Motivering till intresseanmälan"]

    pdf = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(files["tjansteutlatande.pdf"])).pages)
    for words in (
        "Förvaltningens förslag till beslut",
        "Ärendets beredning",
        "Utlysningens innehåll",
        "Stadsdelsdirektör",
        "Eva Ek",
    ):
        assert words in pdf


async def test_a_motivation_over_its_page_is_not_listed_as_the_tjansteutlatandes_attachment(
    tmp_path, connector, start_app: StartApp
) -> None:
    """The motivation cannot be downloaded until it fits its page, so the nämnd's document does not list it."""
    files = await _documents(start_app, tmp_path, connector, LONG)
    assert set(files) == {"tjansteutlatande.docx", "tjansteutlatande.pdf"}
    paragraphs = [t for _, t in _docx_paragraphs(files["tjansteutlatande.docx"])]
    assert paragraphs[-2:] == ["Bilaga", "Inbjudan till Medborgardialog i budgetprocessen"]  # one attachment: singular
    pdf = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(files["tjansteutlatande.pdf"])).pages)
    assert "Inbjudan till Medborgardialog i budgetprocessen" in pdf and "Motivering till intresseanmälan" not in pdf


# --- storage: the same contract in memory, on SQLite and on PostgreSQL --------------------------------


async def test_applications_are_one_per_owner_and_call_and_go_with_their_owner(uow) -> None:  # type: ignore[no-untyped-def]
    first = Application("aad:anna", "Anna", "net", {"app_why": "Först"}, datetime(2026, 11, 23, 9, tzinfo=UTC))
    async with uow() as tx:
        await tx.applications.save(first)
        await tx.applications.save(Application("aad:bertil", "Bertil", "net", {"app_why": "Hans"}, first.updated_at))
    later = replace(first, answers={"app_why": "Sedan", "app_cost_per_year": 8000}, updated_at=datetime(2026, 11, 24, tzinfo=UTC))
    async with uow() as tx:
        await tx.applications.save(later)  # the same user and call: the answers replaced, the id kept
    async with uow() as tx:
        assert await tx.applications.get("aad:anna", "net") == later
        assert await tx.applications.by_id(first.id) == later
        assert [a.owner_id for a in await tx.applications.for_owner("aad:bertil")] == ["aad:bertil"]
        await tx.applications.remove_owner("aad:anna")
    async with uow() as tx:
        assert await tx.applications.get("aad:anna", "net") is None
        assert await tx.applications.get("aad:bertil", "net") is not None
