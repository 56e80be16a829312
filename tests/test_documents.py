"""The documents a nämnd secretary reads, each rendered and reopened as the secretary gets it (Word read back with
python-docx): the feedback text and the redovisning of a dialogue taken through its phases, the proposal, and an
application's motivation and tjänsteutlåtande. What try-out 4 found in them: dates, agreement of nouns with
lists, file names, document properties, the motivation's heading and the attachments listed."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from docx import Document
from pypdf import PdfReader

from cards.application import render_letter_pdf
from cards.docx import render_docx, render_letter_docx
from dialogs.documents.application import Application, build_application_proposal, build_motivation
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import Proposal, build_proposal
from dialogs.draft import Draft, DraftStatus
from dialogs.phases import Phases
from dialogs.routine import Routine
from tests.support import (
    ANSWERS,
    INTERNAL_STEPS,
    PHASE_ANSWERS,
    PHASES,
    Chat,
    action,
    card_text,
    cards_in,
    make_bot,
    uncovered,
)
from tests.test_application import NETWORK, SHORT
from tests.test_proposal import TODAY, completed, proposal_of

LATER = date(2027, 9, 1)  # every phase recorded by then
ONE_DAY = {"held_from": "2027-02-01", "held_to": "2027-02-01"}


def through_phases(routine: Routine, overrides: dict[str, dict[str, str]] | None = None) -> tuple[Phases, Draft]:
    """The internal draft of tests/support.py proposed and recorded through every phase (with `overrides`)."""
    wizard, draft = completed(routine)
    draft.status = DraftStatus.PROPOSED
    for phase_id in PHASES:
        values = {**PHASE_ANSWERS[phase_id], **(overrides or {}).get(phase_id, {})}
        assert wizard.apply(routine.phase(phase_id), draft, values, "sv", LATER) == {}, phase_id  # type: ignore[arg-type]
    return Phases(wizard), draft


def text_of(routine: Routine, phases: Phases, draft: Draft, text_id: str) -> Letter:
    spec = next(t for t in routine.lifecycle.texts if t.id == text_id)
    return phases.letter(draft, spec, "sv", LATER)


def letter_paragraphs(letter: Letter) -> list[str]:
    return [p.text for p in Document(io.BytesIO(render_letter_docx(letter))).paragraphs if p.text.strip()]


def proposal_paragraphs(proposal: Proposal) -> list[str]:
    return [p.text for p in Document(io.BytesIO(render_docx(proposal))).paragraphs if p.text.strip()]


# --- wording ------------------------------------------------------------------------------------------


def test_a_dialogue_held_on_one_day_is_dated_once_in_the_feedback_and_the_redovisning(routine) -> None:
    phases, draft = through_phases(routine, {"held": ONE_DAY})
    feedback = letter_paragraphs(text_of(routine, phases, draft, "feedback"))
    assert feedback[1].startswith(
        "Tack för att ni deltog i medborgardialogen ”Aktiviteter på Råcksta aktivitetscenter” den 1 februari 2027. Här är"
    )
    report = proposal_paragraphs(phases.redovisning(draft, "sv", LATER, ()))  # type: ignore[arg-type]
    summary = next(p for p in report if p.startswith("Förvaltningen redovisar"))
    assert "Dialogen genomfördes den 1 februari 2027." in summary and "till den" not in summary
    english = phases.letter(draft, next(t for t in routine.lifecycle.texts if t.id == "feedback"), "en", LATER)
    assert "“Aktiviteter på Råcksta aktivitetscenter” on 1 February 2027." in english.paragraphs[0]


def test_typed_text_after_a_colon_continues_the_sentence_and_an_apposition_is_closed_by_its_comma(routine) -> None:
    """Try-out 5: "Dialogens övergripande mål: Att de boende …" and "Besluten togs av Karin Lund, enhetschef den 5
    april". In the Word documents, the answer after "…:" and "på följande sätt:" begins in lower case, a name keeps its
    capital, and the apposition gets its closing comma."""
    proposal = " ".join(proposal_paragraphs(proposal_of(routine, {})))
    assert "Dialogens övergripande mål: aktiviteter som möter besökarnas behov." in proposal
    assert "Resultatet används i styrningen på följande sätt: underlag för verksamhetsplanen 2027." in proposal
    assert "Den interna kommunikationen kring genomförandet: information på arbetsplatsträffar." in proposal
    named = {"purpose": {"general_goal": "Råcksta aktivitetscenter ska ha kvällsaktiviteter."}}
    with_name = " ".join(proposal_paragraphs(proposal_of(routine, named)))
    assert "Dialogens övergripande mål: Råcksta aktivitetscenter ska" in with_name
    phases, draft = through_phases(routine, {"follow_up": {"follow_up_by": "Karin Lund, enhetschef"}})
    report = " ".join(proposal_paragraphs(phases.redovisning(draft, "sv", LATER, ())))  # type: ignore[arg-type]
    assert "Besluten togs av Karin Lund, enhetschef, den 1 juni 2027." in report
    assert "Målgrupperna fick information den 25 januari 2027, på följande sätt: affischer i aktivitetscentret" in report


def test_the_views_claim_the_routine_is_met_only_when_the_coverage_checks_find_nothing(routine) -> None:
    """Try-out 5: "Förvaltningens synpunkter" said the proposal states what the routine requires "så som rutinen
    kräver" whatever the plan. With gaps the coverage checks flag (children affected, only a web survey, no date of
    feedback), it names the parts to look over instead."""
    met = proposal_paragraphs(proposal_of(routine, {}))
    assert any(p.endswith("hur resultatet ska återkopplas och användas, så som rutinen kräver.") for p in met)
    gaps = {
        "target_groups": {"children_affected": "yes"},
        "method": {"channels": "digital", "methods": "web_survey", "accessibility": ""},
    }
    views = proposal_paragraphs(proposal_of(routine, gaps))
    assert not any("så som rutinen kräver" in p for p in views)
    assert any(
        p.endswith(
            "Förvaltningens genomgång av planen mot rutinen visar att delen ”Metod” behöver ses över innan dialogen genomförs."
        )
        for p in views
    )


def test_the_views_name_each_part_to_look_over_once_and_in_the_plural_for_more(routine) -> None:
    """Four checks of the method failing (a group unreached, only digital, children, accessibility not addressed) name
    that part once; with the timeline's (the decision before the dialogue ends), "delarna" and both, in order."""
    changed = {step: values for step, values in uncovered().items() if values != ANSWERS[step]}
    views = proposal_paragraphs(proposal_of(routine, changed))
    assert any(p.endswith("visar att delarna ”Metod” och ”Tidplan” behöver ses över innan dialogen genomförs.") for p in views)


def test_a_sentence_leading_to_an_answer_with_no_words_is_left_out(routine) -> None:
    """An answer stored before answers had to have words ("???") never leaves "Resultatet används i styrningen på
    följande sätt:" with nothing after it."""
    wizard, draft = completed(routine)
    draft.answers["governance_use"] = "???"
    proposal = build_proposal(routine, draft, wizard.progress(draft).steps, "sv", TODAY)
    assert not any("på följande sätt:" in p and p.endswith(":") for p in proposal_paragraphs(proposal))
    assert not any("Resultatet används i styrningen" in p for p in proposal_paragraphs(proposal))


def test_a_dialogue_over_several_days_keeps_from_and_to(routine) -> None:
    phases, draft = through_phases(routine)
    feedback = letter_paragraphs(text_of(routine, phases, draft, "feedback"))
    assert "”Aktiviteter på Råcksta aktivitetscenter” från den 1 februari till den 15 mars 2027. Här" in feedback[1]


def test_one_method_one_group_and_one_theme_are_named_in_the_singular(routine) -> None:
    one = proposal_paragraphs(
        proposal_of(
            routine,
            {
                "method": {"methods": "web_survey"},
                "target_groups": {"groups": "affected_active"},
                "reach": {"reach__affected_active": "Möte i samlingssalen."},
            },
        )
    )
    assert "Förvaltningen använder metoden webbenkät." in one
    assert "Dialogen vänder sig till målgruppen ”Berörda och aktiva gruppen”." in one
    two = proposal_paragraphs(proposal_of(routine))
    assert any(p.startswith("Förvaltningen använder metoderna ") for p in two)
    assert any(p.startswith("Dialogen vänder sig till målgrupperna ") for p in two)
    phases, draft = through_phases(routine, {"held": {"themes": "Fler aktiviteter på kvällen"}})
    report = proposal_paragraphs(phases.redovisning(draft, "sv", LATER, ()))  # type: ignore[arg-type]
    assert "Det som kom in har samlats i 1 tema: ”Fler aktiviteter på kvällen”." in report


# --- document properties -----------------------------------------------------------------------------


def application_documents(routine: Routine, answers: dict[str, str] = SHORT) -> tuple[Letter, Proposal]:
    """An application to the network of tests/test_application.py, its motivation and tjänsteutlåtande."""
    application = Application("aad:anna", "Anna Andersson", NETWORK.id, dict(answers), datetime(2026, 11, 23, 9, tzinfo=UTC))
    motivation = build_motivation(routine, NETWORK, application, TODAY)
    return motivation, build_application_proposal(routine, NETWORK, application, TODAY)


def test_every_word_document_has_the_officer_as_author_its_title_and_swedish(routine) -> None:
    """Word shows the author, title and language in File → Info: none says "python-docx"."""
    phases, draft = through_phases(routine)
    motivation, application = application_documents(routine)
    documents = {
        "proposal": render_docx(proposal_of(routine)),
        "redovisning": render_docx(phases.redovisning(draft, "sv", LATER, ())),  # type: ignore[arg-type]
        "feedback": render_letter_docx(text_of(routine, phases, draft, "feedback")),
        "information": render_letter_docx(text_of(routine, phases, draft, "information")),
        "motivation": render_letter_docx(motivation),
        "tjänsteutlåtande": render_docx(application),
    }
    for kind, data in documents.items():
        document = Document(io.BytesIO(data))
        props = document.core_properties
        heading = next(p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1"))  # type: ignore[union-attr]
        assert (props.author, props.title, props.language) == ("Anna Andersson", heading, "sv-SE"), kind
        assert props.last_modified_by == "Anna Andersson", kind
        assert "python-docx" not in f"{props.comments} {props.author}", kind
        assert props.created and props.created.year >= 2026, kind  # not the library's template's date (2013)
    pdf = PdfReader(io.BytesIO(render_letter_pdf(motivation))).metadata
    assert pdf and (pdf.title, pdf.author) == (motivation.title, "Anna Andersson")  # as the proposal's PDF has them


# --- the motivation ------------------------------------------------------------------------------------


def test_the_motivation_is_headed_by_the_call_and_says_who_applies_when_and_whom_to_contact(routine) -> None:
    """Seed 004 asks for a short description (max one A4) motivating why the district wants to take part and its
    development needs; seed 000's header names the officer, the telephone and the date. Both in Word and in the PDF."""
    motivation, _ = application_documents(routine)
    word = letter_paragraphs(motivation)
    assert word[:4] == [
        "Motivering till intresseanmälan: Medborgardialog i budgetprocessen",
        "Hässelby-Vällingby stadsdelsförvaltning",
        "Datum: 2026-11-23",
        "Kontakt: Anna Andersson, 08-508 03 000",
    ]
    assert word[4:] == [SHORT["app_why"], SHORT["app_needs"], SHORT["app_meets"]]
    pdf = PdfReader(io.BytesIO(render_letter_pdf(motivation)))
    text = pdf.pages[0].extract_text()
    assert "Datum: 2026-11-23" in text and "Kontakt: Anna Andersson, 08-508 03 000" in text and len(pdf.pages) == 1
    without_phone, _ = application_documents(routine, {**SHORT, "app_phone": ""})
    assert "Kontakt: Anna Andersson" in letter_paragraphs(without_phone)


# --- the nämnd's decision with changes -----------------------------------------------------------------


def test_a_decision_with_changes_and_how_it_was_carried_out_are_in_the_redovisning(routine) -> None:
    """Try-out 5: Karin recorded the decision "med ändringar", and no phase asked how the change was carried out. The
    held phase asks it (only then), and the redovisning says it after the change."""
    change = "Nämnden beslutade att även personalen på Solbacken ska tillfrågas."
    done = "personalen tillfrågades vid arbetsplatsträffen den 10 mars."
    changed = {"decided": {"decision": "changed", "decision_change": change}, "held": {"decision_change_done": done}}
    phases, draft = through_phases(routine, changed)
    held = [f.id for f in routine.fields_of(routine.phase("held"), draft.answers)]
    assert "decision_change_done" in held
    report = " ".join(proposal_paragraphs(phases.redovisning(draft, "sv", LATER, ())))  # type: ignore[arg-type]
    assert (
        "med ändringar: nämnden beslutade att även personalen på Solbacken ska tillfrågas. Så genomfördes ändringen: "
        "personalen tillfrågades vid arbetsplatsträffen den 10 mars."
    ) in report
    _, as_proposed = through_phases(routine)
    assert "decision_change_done" not in [f.id for f in routine.fields_of(routine.phase("held"), as_proposed.answers)]


def test_why_groups_were_not_reached_is_kept_when_no_group_is_ticked(routine) -> None:
    """Try-out 5: "Några boende med demens kunde inte delta" typed, no group ticked, and the redovisning said only
    "Ingen målgrupp har angetts som inte nådd". What was typed is printed."""
    why = "Några boende med demens kunde inte delta."
    held = {"held": {"not_reached": "", "not_reached_why": why}, "participation": {"participants__affected_low_activity": "4"}}
    phases, draft = through_phases(routine, held)
    report = proposal_paragraphs(phases.redovisning(draft, "sv", LATER, ()))  # type: ignore[arg-type]
    assert "Ingen målgrupp har angetts som inte nådd. Några boende med demens kunde inte delta." in report


def test_the_information_to_the_target_groups_says_how_to_take_part_and_whom_to_ask_in_plain_words(routine) -> None:
    """Try-out 5: the text to residents and relatives gave the nämnd's "beslutade … med ändringar" and "Dialogen
    erbjuder er delaktighet (dialog)", but no time or place and no contact. Only what the draft holds is written."""
    change = "Nämnden beslutade att även personalen ska tillfrågas."
    phases, draft = through_phases(routine, {"decided": {"decision": "changed", "decision_change": change}})
    information = letter_paragraphs(text_of(routine, phases, draft, "information"))
    text = " ".join(information)
    assert "Dialogen pågår från den 1 februari till den 15 mars 2027." in text
    assert "Hembesök och samtal vid lunchen, dagtid. Möte i samlingssalen med tydlig dagordning." in text  # each group
    assert (
        information[-1]
        == "Har ni frågor? Kontakta Anna Andersson, Äldreomsorgens aktivitetscenter Råcksta, telefon 08-508 00 000."
    )
    assert "Vårt löfte till er: Vi lyssnar på er" in text
    assert not any(word in text for word in ("beslutade", "ändring", "konsultation", "delaktighetstrappan"))
    without_phone = {"decided": {"decision": "changed", "decision_change": change}}
    wizard_phases, no_phone = through_phases(routine, without_phone)
    no_phone.answers.pop("phone")
    last = letter_paragraphs(text_of(routine, wizard_phases, no_phone, "information"))[-1]
    assert last == "Har ni frågor? Kontakta Anna Andersson, Äldreomsorgens aktivitetscenter Råcksta."


def test_what_the_cost_is_made_of_is_printed_after_the_amount(routine) -> None:
    """Try-out 5: Lena asked what the 15 000 kronor were made of, and Karin's breakdown did not fit the amount's field.
    Resurser has a field for it, and the proposal says it after the amount."""
    typed = "Växter och material 10 000 kr, trädgårdsarkitekt 5 000 kr"
    costs = {"resources": {"cost_sek": "15 000", "cost_details": typed}}
    text = " ".join(proposal_paragraphs(proposal_of(routine, costs)))
    assert (
        "Dialogen beräknas kosta 15\u00a0000 kronor. Kostnaden består av växter och material 10 000 kr, "
        "trädgårdsarkitekt 5 000 kr. Kostnaden ryms inom ramen"
    ) in text
    no_amount = " ".join(proposal_paragraphs(proposal_of(routine, {"resources": {"cost_sek": "0", "cost_details": typed}})))
    assert "Dialogens kostnader består av växter och material 10 000 kr" in no_amount  # never dropped
    assert "Kostnaden består av" not in " ".join(proposal_paragraphs(proposal_of(routine, {})))


# --- answers typed in English ------------------------------------------------------------------------------

TYPED_AS_IS = "The documents for the nämnd are written in Swedish; what you type here appears in them as you typed it."
PROPOSAL_AS_IS = (
    "The Swedish proposal has your answers as you typed them: answers in English stay in English there. "
    "To have them in Swedish, rewrite them under Edit a step."
)


async def test_an_english_user_is_told_that_answers_go_into_the_swedish_documents_as_typed(
    sqlite_engine, routine, messages
) -> None:
    """Nothing is translated (nothing is fetched at run time): an answer typed in English reads so in the Swedish
    document, and the English user is told where they type it, once a card, and again on the proposal."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    eva = Chat(adapter, "user-eva", "Eva Ek", "en-US", conversation_id="c-eva")
    start = cards_in(await eva.press({"data": {"action": "new"}}, card={}))[-1]
    assert card_text(start).count(TYPED_AS_IS) == 1
    scope = cards_in(await eva.submit_step("start"))[-1]
    assert TYPED_AS_IS not in card_text(scope)  # only choices: the bot words them in Swedish itself
    await eva.submit_step("scope")
    purpose = cards_in(await eva.submit_step("influence"))[-1]
    assert card_text(purpose).count(TYPED_AS_IS) == 1  # why, the goals, what can be influenced: typed
    for step_id in INTERNAL_STEPS[3:]:
        await eva.submit_step(step_id)
    proposal = cards_in(await eva.press(action(eva.last_card or {}, "create_proposal")))[-1]
    assert card_text(proposal).count(PROPOSAL_AS_IS) == 1
    await eva.press(action(proposal, "next_step"))
    await eva.record_phase("sent")
    assert card_text(eva.last_card or {}).count(TYPED_AS_IS) == 1  # the decision's change or reasons, typed

    anna = Chat(adapter)  # a Swedish user types Swedish: no note
    first = cards_in(await anna.press({"data": {"action": "new"}}, card={}))[-1]
    assert "svenska" not in card_text(first) and TYPED_AS_IS not in card_text(first)

    typed = {"purpose": {**ANSWERS["purpose"], "citizen_influence": "The park's content."}}
    assert "Deltagarna kan påverka the park's content." in proposal_paragraphs(proposal_of(routine, typed))
