"""The answer to an external initiative that a gate stops: the routine handles external initiatives as medborgarförslag,
"möjligheten till en dialog ska utredas och besvaras i ett tjänsteutlåtande", so the answer is owed even when it is
no. Driven through the real app turn by turn; the Word and PDF reopened and read."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from cards.elements import CardContext
from cards.render import render
from dialogs.documents.initiative_answer import build_initiative_answer
from dialogs.draft import Draft
from dialogs.routine import DEFAULT_ROUTINE, RoutineError, parse_routine
from dialogs.views import InitiativeAnswerView, Link
from dialogs.wizard import Wizard
from tests.card_catalog import longest_answers
from tests.card_checks import MAX_CARD_BYTES
from tests.support import ANSWERS, BERTIL, TODAY, HttpChat, action, as_read, card_text, inputs_of, links_of

HOST = "https://dialogstod.example.se"
ANSWER_OUTLINE_SV = [
    (1, "Förvaltningens förslag till beslut"),
    (1, "Sammanfattning"),
    (1, "Ärendets beredning"),
    (1, "Bakgrund"),
    (1, "Ärendet"),
    (1, "Förvaltningens synpunkter och förslag"),
    (1, "Bilagor"),
]
SCOPE_VERDICT = (
    "Frågan ligger utanför rutinens omfattning. Myndighetsutövning och beslut som rör enskilda personer och förskolans "
    "lagstadgade verksamhet omfattas inte av rutinen för medborgardialog."
)
SCRIPT = "<script>alert('x')</script>"
# An external initiative's gate card: write the answer, its header's step (Ärendet till nämnden), revise, park.
GATE_BUTTONS = ["answer_initiative", "edit case", "edit scope", "park"]


def _buttons(card: dict[str, Any]) -> list[str]:
    """A card's buttons by action, an edit by the step it opens."""
    return [f"edit {a['data']['step']}" if a["data"]["action"] == "edit" else a["data"]["action"] for a in card["actions"]]


async def _at_the_gate(anna: HttpChat, initiative: str, scope: dict[str, str], initiator: str | None = None) -> dict[str, Any]:
    """A new draft through Om dialogen (and Externt initiativ) to Omfattning answered `scope`: the card it gets."""
    await anna.join()
    card = await anna.press({"action": "new"})
    card = await anna.press(action(card, "submit")["data"], {**ANSWERS["start"], "initiative": initiative})
    if initiative == "external":
        typed = {**ANSWERS["external"], **({"initiator": initiator} if initiator else {})}
        card = await anna.press(action(card, "submit")["data"], typed)
    return await anna.press(action(card, "submit")["data"], scope)


async def _get(client: Any, url: str) -> bytes:
    response = await client.get(url.removeprefix(HOST))
    assert response.status == 200, url
    return bytes(await response.read())


def _card(activities: list[dict[str, Any]]) -> dict[str, Any]:
    """The first card of what the bot sent."""
    return next(att["content"] for a in activities for att in a.get("attachments") or [])


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_an_external_initiative_out_of_scope_gets_its_answer_as_word_pdf_and_page(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", {"scope_authority": "yes", "scope_preschool": "no"})
    assert "utanför rutinens omfattning" in card_text(gate)
    assert _buttons(gate) == GATE_BUTTONS
    assert gate["actions"][0]["title"] == "Skriv svaret i ett tjänsteutlåtande"

    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    text = card_text(answer)
    assert "Svar på initiativ om medborgardialog om aktiviteter på Råcksta aktivitetscenter" in text
    assert (
        "Stadsdelsnämnden besvarar initiativet från Råcksta hyresgästförening med att en medborgardialog om aktiviteter "
        "på Råcksta aktivitetscenter inte genomförs, eftersom frågan ligger utanför stadsdelsnämndens rutin för "
        "medborgardialog." in text
    )
    assert "Skrivet 23 november 2026" in text
    opens = links_of(answer)
    assert list(opens) == ["Word", "PDF", "Webbsida"]

    word = Document(io.BytesIO(await _get(client, opens["Word"])))
    outline = [(int(p.style.name[-1]), p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert outline == ANSWER_OUTLINE_SV
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "Svar på initiativ om medborgardialog om aktiviteter på Råcksta aktivitetscenter"
    body = "\n".join(paragraphs)
    assert "Förvaltningen tog emot initiativet från Råcksta hyresgästförening den 1 oktober 2026." in body
    assert "Frågan gäller myndighetsutövning eller genomförande av beslut som rör enskilda personer." in body
    assert "Frågan gäller förskolans lagstadgade verksamhet." not in body  # answered no: not said
    assert SCOPE_VERDICT in body
    assert "I rutinen för medborgardialog står under ”Omfattning”: ”Rutinen omfattar förvaltningens" in body
    # the quote's "se nedan definition av medborgare" is followed by that definition
    assert "Under ”Definitioner – Medborgare” står: ”En individ som bor, verkar, lever i" in body
    assert "externa initiativ till medborgardialog hanteras på samma sätt som medborgarförslag" in body
    assert "Initiativet från Råcksta hyresgästförening" in body  # the attachment
    assert word.core_properties.language == "sv-SE"

    english = Document(io.BytesIO(await _get(client, opens["Word"] + "?lang=en")))
    assert english.paragraphs[0].text.startswith("Answer to an initiative for a citizen dialogue on aktiviteter på Råcksta")

    pdf = await _get(client, opens["PDF"])
    read = _pdf_text(pdf)
    for _, heading in ANSWER_OUTLINE_SV:
        assert heading in read, heading
    assert SCOPE_VERDICT in read and "Råcksta hyresgästförening" in read
    assert "eftersom frågan ligger utanför stadsdelsnämndens rutin för medborgardialog" in read

    page = (await _get(client, opens["Webbsida"])).decode("utf-8")
    assert "<h2>Förvaltningens synpunkter och förslag</h2>" in page and "Svaret på det externa initiativet skrevs" in page


async def test_an_external_initiative_that_is_no_dialogue_is_answered_with_the_influence_verdict(client, connector) -> None:
    anna = HttpChat(client, connector)
    scope = await _at_the_gate(anna, "external", ANSWERS["scope"])
    gate = await anna.press(
        action(scope, "submit")["data"],
        {"question_influenceable": "no", "decision_makers_influenceable": "yes", "influence_level": "information"},
    )
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    assert "eftersom frågan inte uppfyller rutinens förutsättningar för en medborgardialog" in card_text(answer)
    body = "\n".join(p.text for p in Document(io.BytesIO(await _get(client, links_of(answer)["Word"]))).paragraphs)
    assert "Frågan är inte påverkbar." in body
    assert "Beslutsfattarna är inte påverkbara." not in body  # answered yes
    assert "Dialogen skulle inte kunna erbjuda deltagarna mer än information." in body
    assert "Båda frågorna behöver besvaras med ja" in body  # the gate's verdict
    assert "Myndighetsutövning och beslut som rör enskilda personer" not in body  # the other gate's


async def test_typed_and_again_it_is_the_same_answer_recorded_once_and_the_draft_keeps_its_answers(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", {"scope_authority": "no", "scope_preschool": "yes"})
    first = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    assert card_text(_card(await anna.say("visa tjänsteutlåtandet"))) == card_text(first)
    (word,) = links_of(_card(await anna.say("ladda ner som word"))).values()
    assert Document(io.BytesIO(await _get(client, word))).paragraphs[0].text.startswith("Svar på initiativ om medborgardialog")
    history = card_text(_card(await anna.say("historik")))
    assert history.count("Svaret på det externa initiativet skrevs") == 1
    resumed = _card(await anna.say("fortsätt"))
    assert "utanför rutinens omfattning" in card_text(resumed)  # still at the gate: change the answers or park
    assert _buttons(resumed) == GATE_BUTTONS


async def test_an_internal_initiative_stopped_at_a_gate_has_no_answer_to_write(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "internal", {"scope_authority": "yes", "scope_preschool": "no"})
    assert [a["data"]["action"] for a in gate["actions"]] == ["edit", "park"]
    assert "tjänsteutlåtande" not in card_text(gate)
    refused = await anna.press({**action(gate, "edit")["data"], "action": "answer_initiative"}, card=gate)
    assert "answer_initiative" not in json.dumps(refused)  # a forged press is answered with where the draft stands
    assert "utanför rutinens omfattning" in card_text(refused)


async def test_what_the_initiator_typed_stays_text_in_word_pdf_and_the_page(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", {"scope_authority": "yes", "scope_preschool": "no"}, initiator=SCRIPT)
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    assert SCRIPT in card_text(answer)
    opens = links_of(answer)
    body = "\n".join(p.text for p in Document(io.BytesIO(await _get(client, opens["Word"]))).paragraphs)
    assert f"Stadsdelsnämnden besvarar initiativet från {SCRIPT} med att" in body
    assert SCRIPT in _pdf_text(await _get(client, opens["PDF"]))
    page = (await _get(client, opens["Webbsida"])).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_the_gate_and_answer_cards_fit_a_teams_message_with_every_answer_at_its_longest(routine, messages) -> None:
    """A draft stopped at Omfattning with every answer before it at its longest."""
    wizard = Wizard(routine)
    longest = longest_answers(routine)
    draft = Draft(owner_id="aad:anna", routine_id=routine.id, owner_name="Anna Andersson" * 8)
    for step_id, values in (("start", {**longest["start"], "initiative": "external"}), ("external", longest["external"])):
        assert wizard.apply(routine.step(step_id), draft, values, "sv", TODAY) == {}
    assert wizard.apply(routine.step("scope"), draft, {"scope_authority": "yes", "scope_preschool": "yes"}, "sv", TODAY) == {}
    assert wizard.apply(routine.step("case"), draft, longest["case"], "sv", TODAY) == {}  # the answer's header too
    progress = wizard.progress(draft)
    assert progress.gate is not None and [s.id for s in progress.beyond] == ["case"]
    links = tuple(Link(key, f"{HOST}/d/{'t' * 43}/proposal.docx?lang=en") for key in ("btn_docx", "btn_pdf", "btn_page"))
    for lang in ("sv", "en"):
        answer = build_initiative_answer(routine, draft, progress.steps, progress.gate, lang, TODAY)
        assert answer is not None
        views = [
            wizard.current_view(draft, progress, lang),
            InitiativeAnswerView(draft.id, answer, links, TODAY, progress.gate.id, draft.version, progress.beyond),
        ]
        for view in views:
            (card,) = render(CardContext(routine, messages, lang), view)
            assert len(json.dumps(card, ensure_ascii=False).encode("utf-8")) < MAX_CARD_BYTES - 2 * 1024  # less the activity


@pytest.mark.parametrize(
    "path,value,message",
    [
        ("reasons", {"scope": {"sv": "s", "en": "s"}}, "initiative_answer: no reason for the gate of step 'influence'"),
        ("reasons.purpose", {"sv": "p", "en": "p"}, "initiative_answer: reasons name 'purpose', a step without a gate"),
        ("when", {"field": "initiativ", "equals": "external"}, "initiative_answer: 'when' names unknown field 'initiativ'"),
        ("title.sv", "Svar till {{ a.initiatr }}", "initiative_answer.title.sv: unknown field 'initiatr'"),
        ("signatures", [{"role": "kung", "name": ""}], "initiative_answer signature 0: unknown role 'kung'"),
        ("steps", ["cse"], "initiative_answer: steps name unknown step 'cse'"),
        ("steps", ["external"], "initiative_answer: steps name 'external', a step before a gate (read anyway)"),
    ],
)
def test_a_district_routines_answer_is_checked_when_it_is_loaded(path: str, value: object, message: str) -> None:
    raw = yaml.safe_load(DEFAULT_ROUTINE.read_text(encoding="utf-8"))
    *parents, last = ["initiative_answer", *path.split(".")]
    target = raw
    for key in parents:
        target = target[key]
    target[last] = value
    with pytest.raises(RoutineError, match=re.escape(message)):
        parse_routine(raw)


# After review: the answer is written only when the user chooses to, can be changed from its own card, is worded as an
# answer wherever it is offered, and is dated the day its text was written.

OUT_OF_SCOPE = {"scope_authority": "yes", "scope_preschool": "no"}
NOT_WRITTEN = "Svaret på initiativet är inte skrivet än. Skriv det med ”Skriv svaret i ett tjänsteutlåtande” på kortet"


async def test_typed_requests_at_the_gate_offer_the_answer_and_write_nothing_until_it_is_chosen(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    for typed in ("visa förslaget", "ladda ner som word", "pdf", "visa tjänsteutlåtandet"):
        sent = await anna.say(typed)
        assert any(NOT_WRITTEN in (a.get("text") or "") for a in sent), typed
        card = _card(sent)
        assert _buttons(card) == GATE_BUTTONS, typed
        assert links_of(card) == {}, typed  # no document behind a link yet
    assert "Svaret på det externa initiativet skrevs" not in card_text(_card(await anna.say("historik")))

    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    assert "Skrivet 23 november 2026" in card_text(answer)
    assert card_text(_card(await anna.say("ladda ner som word"))).startswith("Svaret på initiativet som Word-dokument.")
    assert card_text(_card(await anna.say("historik"))).count("Svaret på det externa initiativet skrevs") == 1


async def test_the_answer_card_leads_back_to_changing_the_answers(client, connector) -> None:
    """In Teams the answer card takes the gate card's place: its Ändra svaren opens the gate's step as answered, and
    answers that pass the gate go on to the next step."""
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    assert "du kan ändra dem" in card_text(answer)
    assert [(a["title"], a["data"]["action"]) for a in answer["actions"]] == [
        ("Dela med kommunikatör", "share"),
        ("Ändra Ärendet till nämnden", "edit"),
        ("Ändra svaren", "edit"),
        ("Parkera utkastet", "park"),
    ]
    scope = await anna.press(action(answer, "edit", step="scope")["data"], card=answer)
    assert "Omfattning" in card_text(scope)
    assert {fid: e.get("value") for fid, e in inputs_of(scope).items()} == {**OUT_OF_SCOPE, "scope_reason": ""}  # as answered
    influence = await anna.press(action(scope, "submit")["data"], ANSWERS["scope"], card=scope)
    assert "Är det en medborgardialog?" in card_text(influence)


async def test_text_on_the_gate_card_names_the_answer_only_where_there_is_one_to_write(client, connector) -> None:
    anna = HttpChat(client, connector)
    await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    sent = await anna.say("blåbärssoppa")
    assert [as_read(a["text"]) for a in sent if a.get("text")] == [
        "Det finns inget att fylla i på det här kortet: skriv svaret på initiativet, ändra svaren eller parkera utkastet "
        "med knapparna, eller skriv en fråga om rutinen."
    ]
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await _at_the_gate(bertil, "internal", OUT_OF_SCOPE)
    sent = await bertil.say("blåbärssoppa")
    assert [as_read(a["text"]) for a in sent if a.get("text")] == [
        "Det finns inget att fylla i på det här kortet: ändra svaren eller parkera utkastet med knapparna, eller skriv "
        "en fråga om rutinen."
    ]


async def test_the_answer_changed_at_the_gate_is_dated_the_day_it_is_shown_until_it_is_written_again(
    client, connector, clock
) -> None:
    """Written on 23 November; on the 25th the answers at the gate change (still stopped): the card, the Word and the
    page show the current answers under the 25th, not the day of the old entry; pressing again records it that day."""
    anna = HttpChat(client, connector, clock=clock)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    clock.now += timedelta(days=2)
    scope = await anna.press(action(answer, "edit", step="scope")["data"], card=answer)
    gate = await anna.press(action(scope, "submit")["data"], {"scope_authority": "no", "scope_preschool": "yes"}, card=scope)

    shown = _card(await anna.say("visa tjänsteutlåtandet"))
    assert "Skrivet 25 november 2026" in card_text(shown)
    word = Document(io.BytesIO(await _get(client, links_of(shown)["Word"])))
    assert "Frågan gäller förskolans lagstadgade verksamhet." in [p.text for p in word.paragraphs]  # the answers now
    header = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "2026-11-25" in header and "2026-11-23" not in header
    page = (await _get(client, links_of(shown)["Webbsida"])).decode("utf-8")
    assert "<td>2026-11-25</td>" in page and "2026-11-23</td>" not in page
    assert card_text(_card(await anna.say("historik"))).count("Svaret på det externa initiativet skrevs") == 1

    clock.now += timedelta(days=1)
    again = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    assert "Skrivet 26 november 2026" in card_text(again)
    assert card_text(_card(await anna.say("historik"))).count("Svaret på det externa initiativet skrevs") == 2


async def test_the_links_and_the_page_say_answer_or_document_never_proposal_for_an_answer(client, connector) -> None:
    """The answer's Word and PDF messages say what it is, in Swedish and English; its page (read in English) speaks of
    the document. The proposal keeps its own words (tests/test_sharing.py reads its page)."""
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    swedish = card_text(_card(await anna.say("pdf")))
    assert swedish.startswith("Svaret på initiativet som PDF (PDF/A) för registratorn.")
    assert await anna.post(text="download as word", locale="en-US") in (200, 201)
    english = card_text(anna.cards_here()[-1])
    assert english.startswith("The answer to the initiative as a Word document.")
    assert "förslaget" not in swedish.lower() and "proposal" not in english.lower()

    page = (await _get(client, links_of(answer)["Webbsida"].replace("lang=sv", "lang=en"))).decode("utf-8")
    assert "The document in English, to read. The council decides on the Swedish one." in page
    assert ">Read the document in Swedish, as the council gets it<" in page
    assert ">Download as a Word document, in Swedish for the council<" in page
    assert ">Download as a PDF, in Swedish for the registrar<" in page
    assert "the proposal" not in page.lower()


async def test_the_proposals_links_still_say_proposal(client, connector) -> None:
    anna = HttpChat(client, connector)
    await anna.join()
    review = await anna.walk_wizard()
    await anna.press(action(review, "create_proposal")["data"], card=review)
    assert card_text(_card(await anna.say("ladda ner som word"))).startswith("Förslaget som Word-dokument.")
    assert card_text(_card(await anna.say("pdf"))).startswith("Förslaget som PDF (PDF/A) för registratorn.")


# After the nämnd secretary's reading: the answer gives the reasons the official typed at the gate, and says what the
# initiative is about without speaking of a dialogue that will not be held.

REASON = "Frågan om hyror avgörs av bostadsbolaget, inte av nämnden"


async def test_the_reason_typed_at_the_gate_is_in_the_answer_as_typed_and_escaped(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", {**OUT_OF_SCOPE, "scope_reason": f"{REASON}\n{SCRIPT}"})
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    opens = links_of(answer)
    body = [p.text for p in Document(io.BytesIO(await _get(client, opens["Word"]))).paragraphs]
    matter = body[body.index("Ärendet") + 1 : body.index("Förvaltningens synpunkter och förslag")]
    assert f"{REASON}. {SCRIPT}." in matter
    page = (await _get(client, opens["Webbsida"])).decode("utf-8")
    assert REASON in page and "<script>" not in page and "&lt;script&gt;" in page


async def test_without_a_reason_the_matter_says_only_what_was_answered(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    body = [p.text for p in Document(io.BytesIO(await _get(client, links_of(answer)["Word"]))).paragraphs]
    matter = body[body.index("Ärendet") + 1 : body.index("Förvaltningens synpunkter och förslag")]
    assert (
        len(matter) == 3
        and matter[0] == "Frågan gäller myndighetsutövning eller genomförande av beslut som rör enskilda personer."
    )
    assert matter[1].startswith("I rutinen för medborgardialog står under ”Omfattning”")
    assert matter[2].startswith("Under ”Definitioner – Medborgare” står: ”En individ")  # what the quote points to
    assert "." not in [p.strip() for p in body]  # no sentence left empty
    text = "\n".join(body)
    assert "Förvaltningen föreslår att stadsdelsnämnden besvarar initiativet med att en medborgardialog inte genomförs." in text
    assert "Initiativet gäller aktiviteter på Råcksta aktivitetscenter och frågan ”" in text
    assert "Frågan till medborgarna är" not in text and "besvarar initiativet med det" not in text


async def test_the_influence_gate_asks_why_of_an_external_initiative_and_writes_it(client, connector) -> None:
    anna = HttpChat(client, connector)
    scope = await _at_the_gate(anna, "external", ANSWERS["scope"])
    assert "influence_reason" in inputs_of(scope)
    assert "Varför? (det skrivs i svaret på initiativet)" in json.dumps(scope, ensure_ascii=False)
    gate = await anna.press(
        action(scope, "submit")["data"],
        {
            "question_influenceable": "no",
            "decision_makers_influenceable": "yes",
            "influence_level": "information",
            "influence_reason": "Beslutet är redan fattat av kommunfullmäktige.",
        },
    )
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    body = [p.text for p in Document(io.BytesIO(await _get(client, links_of(answer)["Word"]))).paragraphs]
    assert "Beslutet är redan fattat av kommunfullmäktige." in body


async def test_an_internal_initiative_is_never_asked_why_at_the_gates(client, connector) -> None:
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    scope_card = await _at_the_gate(bertil, "internal", {})
    assert "scope_reason" not in inputs_of(scope_card)
    influence = await bertil.press(action(scope_card, "submit")["data"], ANSWERS["scope"])
    assert "Är det en medborgardialog?" in card_text(influence)
    assert "influence_reason" not in inputs_of(influence)
    assert "Varför?" not in json.dumps(influence, ensure_ascii=False)


async def test_the_answer_shown_in_a_new_conversation_is_the_draft_open_there(client, connector) -> None:
    """Issue: "visa svaret på initiativet" in a fresh chat showed the answer, then "var är jag?" said no draft was open."""
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", {"scope_authority": "no", "scope_preschool": "yes"})
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    fresh = HttpChat(client, connector, conversation_id="a:personal-2")
    await fresh.join()
    assert card_text(_card(await fresh.say("visa svaret på initiativet"))) == card_text(answer)
    since = len(fresh.sent_here())
    where = await fresh.say("var är jag?")
    said = " ".join(fresh.texts_here(since))
    assert "Du har inget utkast öppet" not in said
    assert "utanför rutinens omfattning" in card_text(_card(where))  # the draft's gate card, where it stands


# The answer's header: a tjänsteutlåtande as the proposal is (seed 000: Handläggare with Telefon, Till, Datum; the dnr
# when there is one), from the same answers as the proposal's header, never invented.


def _header(word: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in word.tables[0].rows]


async def test_the_answer_has_the_proposals_header_telephone_and_dnr_from_the_same_step(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    written = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    header = _header(Document(io.BytesIO(await _get(client, links_of(written)["Word"]))))
    assert header[0] == ["Handläggare", "Anna Andersson"]  # nothing given yet: no telephone made up, no dnr row
    assert [row[0] for row in header] == ["Handläggare", "Till", "Datum"]

    # The gate card (and the answer's) opens the step the proposal's header comes from, past the gate for it.
    assert "telefon, diarienummer och den som undertecknar fyller du i under ”Ärendet till nämnden”" in card_text(gate)
    case_button = action(gate, "edit", step="case")
    assert case_button["title"] == "Ändra Ärendet till nämnden"
    assert action(written, "edit", step="case")["title"] == "Ändra Ärendet till nämnden"
    case = await anna.press(case_button["data"], card=gate)
    assert {"phone", "dnr", "department_head"} <= set(inputs_of(case))
    typed = {"phone": "08-508 00 000", "dnr": "HV 2026/123", "department_head": "Eva Ek"}
    back = await anna.press(action(case, "submit")["data"], typed, card=case)
    assert "utanför rutinens omfattning" in card_text(back)  # still at the gate: the answer, revise or park

    answer = await anna.press(action(back, "answer_initiative")["data"], card=back)
    word = Document(io.BytesIO(await _get(client, links_of(answer)["Word"])))
    assert _header(word) == [
        ["Handläggare", "Anna Andersson\nTelefon: 08-508 00 000"],
        ["Till", "Hässelby-Vällingby stadsdelsnämnd"],
        ["Datum", "2026-11-23"],
        ["Dnr", "HV 2026/123"],
    ]
    assert "Eva Ek" in "\n".join(p.text for p in word.paragraphs)  # signs as avdelningschef, as on the proposal
    page = (await _get(client, links_of(answer)["Webbsida"])).decode("utf-8")
    assert "08-508 00 000" in page and "HV 2026/123" in page


async def test_an_internal_initiatives_gate_opens_no_step_after_it(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "internal", OUT_OF_SCOPE)
    assert "diarienummer" not in card_text(gate)
    forged = await anna.press({**action(gate, "edit")["data"], "step": "case"}, card=gate)
    assert "utanför rutinens omfattning" in card_text(forged)  # the gate again, not Ärendet till nämnden
    assert "phone" not in inputs_of(forged)


async def test_an_old_word_link_to_a_withdrawn_answer_says_so_in_the_readers_language_with_a_way_on(client, connector) -> None:
    """The answers changed so that the gate passes: the answer is withdrawn. Its old links say that, not that a shared
    link has gone, and lead to the draft's page as it is now."""
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    answer = await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    word, pdf = links_of(answer)["Word"].removeprefix(HOST), links_of(answer)["PDF"].removeprefix(HOST)
    scope = await anna.press(action(answer, "edit", step="scope")["data"], card=answer)
    await anna.press(action(scope, "submit")["data"], ANSWERS["scope"], card=scope)  # in scope now: no answer owed

    token_page = word.split("/proposal.docx")[0].split("?")[0]
    for url, lang, said in (
        (word, "sv", "Svaret på initiativet är tillbakadraget"),
        (pdf, "sv", "Svaret på initiativet är tillbakadraget"),
        (f"{word.split('?')[0]}?lang=en", "en", "The answer to the initiative has been withdrawn"),
    ):
        response = await client.get(url, headers={"Accept-Language": "sv-SE"})
        page = await response.text()
        assert response.status == 410, url
        assert said in page and f'lang="{lang}"' in page, url
        assert "delade" not in page and "shared" not in page, url  # not worded for a shared link
        assert f'href="{token_page}?lang={lang}"' in page, url  # the way on: the draft's page as it is now
    opened = await client.get(f"{token_page}?lang=sv")
    assert opened.status == 200  # the link itself still works


def _my_drafts_line(card: dict[str, Any]) -> tuple[str, list[str]]:
    """The one draft's status line in Mina utkast and its buttons."""
    (box,) = [e for e in card["body"] if e.get("type") == "Container"]
    status = next(i["text"] for i in box["items"] if i.get("isSubtle"))
    buttons = [a["title"].split(":")[0] for i in box["items"] if i.get("type") == "ActionSet" for a in i["actions"]]
    return status, buttons


async def test_my_drafts_says_the_answer_was_written_as_it_says_a_proposal_was(client, connector) -> None:
    anna = HttpChat(client, connector)
    gate = await _at_the_gate(anna, "external", OUT_OF_SCOPE)
    status, buttons = _my_drafts_line(_card(await anna.say("mina utkast")))
    assert status.startswith("Stoppat – inte en medborgardialog enligt svaren ·")
    assert "Visa svaret" not in buttons  # nothing written yet

    await anna.press(action(gate, "answer_initiative")["data"], card=gate)
    status, buttons = _my_drafts_line(_card(await anna.say("mina utkast")))
    assert status.startswith("Svar på initiativet skrivet – ingen medborgardialog enligt svaren ·"), status
    assert buttons == ["Fortsätt", "Visa svaret", "Historik", "Delningar", "Ta bort"]
    shown = await anna.press(action(_card(await anna.say("mina utkast")), "show_proposal")["data"])
    assert "Svar på initiativet i ett tjänsteutlåtande" in card_text(shown)

    assert await anna.post(text="my drafts", locale="en-US") in (200, 201)
    status, buttons = _my_drafts_line(anna.cards_here()[-1])
    assert status.startswith("Answer to the initiative written – no citizen dialogue by the answers ·"), status
    assert "Show the answer" in buttons
