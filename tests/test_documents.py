"""The documents a nämnd secretary reads, each rendered and reopened as the secretary gets it (Word read back with
python-docx): the feedback text and the redovisning of a dialogue taken through its phases, the proposal, and an
application's motivation and tjänsteutlåtande. What try-out 4 found in them: dates, agreement of nouns with
lists, file names, document properties, the motivation's heading and the attachments listed."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from cards.docx import render_docx, render_letter_docx
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import Proposal
from dialogs.draft import Draft, DraftStatus
from dialogs.phases import Phases
from dialogs.routine import Routine
from tests.support import PHASE_ANSWERS, PHASES
from tests.test_proposal import completed, proposal_of

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
    report = proposal_paragraphs(phases.redovisning(draft, "sv", LATER))  # type: ignore[arg-type]
    summary = next(p for p in report if p.startswith("Förvaltningen redovisar"))
    assert "Dialogen genomfördes den 1 februari 2027." in summary and "till den" not in summary
    english = phases.letter(draft, next(t for t in routine.lifecycle.texts if t.id == "feedback"), "en", LATER)
    assert "“Aktiviteter på Råcksta aktivitetscenter” on 1 February 2027." in english.paragraphs[0]


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
    report = proposal_paragraphs(phases.redovisning(draft, "sv", LATER))  # type: ignore[arg-type]
    assert "Det som kom in har samlats i 1 tema: ”Fler aktiviteter på kvällen”." in report
