"""The redovisning of a dialogue to the nämnd: the routine's "redovisning av dialog, underlag för beslut",
written from the draft and its phases (the question, the decision that started it, who took part and who was
not reached, what came in, the evaluation, the "du sa – vi gjorde" ledger, the decisions taken from it) by the
routine's `lifecycle.report` templates. It is the same `Proposal` content as the tjänsteutlåtande, so the one
pipeline renders it: Word from the replaceable template, PDF/A, in Swedish (English to read)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from dialogs.documents.proposal import Proposal, ReviewedBy, build_document
from dialogs.draft import Draft
from dialogs.language import Lang
from dialogs.routine import Routine, Step

DOCX = "redovisning.docx"
PDF = "redovisning.pdf"


def report_ready(routine: Routine, done: Iterable[str]) -> bool:
    """Whether the redovisning can be written: the routine has one, and the phase it needs is recorded."""
    report = routine.lifecycle.report
    return report is not None and report.needs in set(done)


def build_redovisning(
    routine: Routine, draft: Draft, steps: Sequence[Step], lang: Lang, today: date, reviewed: ReviewedBy | None
) -> Proposal | None:
    """The redovisning from the draft's answers to `steps` (its planning steps and phases); `reviewed` in its templates:
    who approved it as it stands, and the day (None: no one has). None when the routine has none or the dialogue has not
    come that far."""
    report = routine.lifecycle.report
    if report is None or not report_ready(routine, draft.done):
        return None
    return build_document(routine, report, draft, steps, lang, today, reviewed)
