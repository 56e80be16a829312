"""Applying to an external call: the motivation the invitation asks for (at most one A4 page) and the nämnd's
tjänsteutlåtande in the shape of seed 000 (decision points, Sammanfattning, Ärendets beredning, Bakgrund, the
call's content, Förvaltningens synpunkter, signatures, the invitation as Bilaga). Content only, from the routine
file's `application` templates; cards/ renders it (Word, PDF) and counts the motivation's pages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dialogs.calls import Call
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import DOCUMENT_LANG, Proposal, document_from_spec
from dialogs.documents.prose import long_date, paragraphs, proper_words, render
from dialogs.language import Lang
from dialogs.routine import ApplicationSpec, Routine

MOTIVATION_PAGES = 1  # "max en A4" (seed 004)
MOTIVATION_ID = "motivering"


@dataclass
class Application:
    """A user's application to one call: the answers of the application card."""

    owner_id: str
    owner_name: str
    call_id: str
    answers: dict[str, Any]
    updated_at: datetime
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


def spec_of(routine: Routine) -> ApplicationSpec:
    if routine.application is None:
        raise LookupError("the routine file has no `application`")
    return routine.application


def call_context(call: Call, lang: Lang) -> dict[str, Any]:
    """What a template sees of the call."""
    return {
        "title": call.title,
        "organiser": call.organiser,
        "deadline": long_date(call.cut_off, lang) if call.cut_off else "",
        "first_meeting": call.first_meeting.said(lang) if call.first_meeting else "",
        "requirements": list(call.requirements),
        "decision_requirement": call.decision_requirement,
        "costs": call.costs,
        "application_note": call.application_note,
        "city": call.decided_by.city,
    }


def _total(answers: dict[str, Any]) -> Decimal | None:
    per_year, years = answers.get("app_cost_per_year"), answers.get("app_years")
    if per_year in (None, "") or years in (None, ""):
        return None
    return Decimal(str(per_year)) * Decimal(str(years))


def context(routine: Routine, call: Call, application: Application, lang: Lang, today: date) -> dict[str, Any]:
    answers = application.answers
    return {
        "a": answers,
        "officer": application.owner_name,
        "call": call_context(call, lang),
        "total": _total(answers),
        "proper": proper_words([call.title, call.organiser, *(v for v in answers.values() if isinstance(v, str))])
        | routine.names,
        "board": routine.proposal.board(lang),
        "administration": routine.proposal.administration(lang),
        "today": today.isoformat(),
    }


def build_motivation(routine: Routine, call: Call, application: Application, today: date, lang: Lang = DOCUMENT_LANG) -> Letter:
    """The motivation to attach: a title (the call's), the lines under it (who applies, the date, whom to contact)
    and the paragraphs written from the motivation's fields."""
    spec = spec_of(routine).motivation
    values = context(routine, call, application, lang, today)
    written = tuple(p for t in spec.paragraphs[lang] for p in paragraphs(t, lang, values))
    header = tuple(line for line in (render(t, lang, values) for t in spec.header[lang]) if line)
    title = render(spec.title(lang), lang, values)
    return Letter(MOTIVATION_ID, lang, title, written, call.title, application.owner_name, header)


def build_application_proposal(
    routine: Routine,
    call: Call,
    application: Application,
    today: date,
    lang: Lang = DOCUMENT_LANG,
    motivation_attached: bool = False,
) -> Proposal:
    """The nämnd's tjänsteutlåtande on applying, through the same pipeline as the dialogue's proposal; it lists the
    motivation among its attachments only when `motivation_attached` (written, and within its page)."""
    spec = spec_of(routine).proposal
    values = {**context(routine, call, application, lang, today), "motivation_attached": motivation_attached}
    return document_from_spec(routine, spec, lang, values, application.owner_name, today, subject=call.title)
