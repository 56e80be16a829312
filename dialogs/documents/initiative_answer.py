"""The answer to an external initiative that a gate stops (outside the routine's scope, or no medborgardialog): the
routine says external initiatives are handled as medborgarförslag, "möjligheten till en dialog ska utredas och
besvaras i ett tjänsteutlåtande", so the answer is owed even when it is no. A tjänsteutlåtande in the genre of the
proposal (seed 000: decision, signatures, Sammanfattning, Ärendets beredning, Bakgrund, Ärendet, Förvaltningens
synpunkter och förslag, Bilagor) from the routine file's `initiative_answer` templates, written from the answers up
to the gate and the gate's own verdict and routine text. Content only; cards/ renders it (Word, PDF, the page)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import takewhile
from typing import Any

from dialogs.documents.proposal import Answers, Proposal, document_from_spec
from dialogs.draft import Draft
from dialogs.language import Lang
from dialogs.routine import Routine, Step


def owes_answer(routine: Routine, answers: Mapping[str, Any], gate: Step | None) -> bool:
    """Whether a draft with these answers, standing at `gate` (the step whose gate fails; None: none), is owed an
    answer in a tjänsteutlåtande: an external initiative (the routine's `initiative_answer.when`) a gate stops."""
    spec = routine.initiative_answer
    return gate is not None and gate.gate is not None and spec is not None and spec.when.holds(answers)


def build_initiative_answer(
    routine: Routine, draft: Draft, steps: Sequence[Step], gate: Step, lang: Lang, today: date
) -> Proposal | None:
    """The answer from the draft's answers to `steps` up to and including `gate` (the step whose gate fails), and to
    the steps after it the routine names for the answer (its header and preparation, as the proposal's); None when the
    routine has no such document or the draft is not owed one."""
    spec = routine.initiative_answer
    if spec is None or gate.gate is None or not owes_answer(routine, draft.answers, gate):
        return None
    upto = [*takewhile(lambda step: step.id != gate.id, steps), gate]  # no answer of a step after the gate, but
    upto += [step for step in steps if step.id in spec.steps and step.id != gate.id]  # the answer's own (its header)
    context = Answers(routine, draft, upto, lang).context(routine, today)
    section = routine.sections[gate.gate.section]
    reason = spec.reasons.get(gate.id)
    context["gate"] = {
        "title": gate.title(lang),
        "verdict": gate.gate.verdict(lang),
        "section": section.title(lang),
        "quote": section.text(lang),
        "see": [{"title": s.title(lang), "text": s.text(lang)} for s in routine.referred(section)],
        "reason": reason(lang) if reason else "",
    }
    return document_from_spec(routine, spec, lang, context, draft.owner_name, today)
