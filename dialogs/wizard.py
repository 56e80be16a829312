"""The one step mechanism: which steps a draft has, where it stands, and applying a submitted step.

Pure domain logic over a `Routine` and a `Draft`; the flow (dialogs/flow.py) decides what to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogs.draft import Draft
from dialogs.routine import Field, Lang, Routine, Step
from dialogs.validation import FieldError, validate


@dataclass(frozen=True)
class StepResult:
    """What applying a step did: errors (nothing saved) or the answers it stored."""

    errors: dict[str, FieldError]
    saved: bool


class Wizard:
    def __init__(self, routine: Routine) -> None:
        self.routine = routine

    def steps(self, draft: Draft) -> list[Step]:
        """The steps this draft goes through (an external initiative has one more)."""
        return [s for s in self.routine.steps if s.applies(draft.answers)]

    def fields(self, step: Step, draft: Draft) -> tuple[Field, ...]:
        return self.routine.fields_of(step, draft.answers)

    def is_complete(self, step: Step, draft: Draft) -> bool:
        if step.id not in draft.done:
            return False
        return all(f.id in draft.answers for f in self.fields(step, draft) if f.required)

    def blocking_gate(self, draft: Draft) -> Step | None:
        """The first answered step whose gate fails: the draft is not a medborgardialog as it stands."""
        return next(
            (s for s in self.steps(draft) if s.gate and s.id in draft.done and not s.gate.passes(draft.answers)),
            None,
        )

    def current_step(self, draft: Draft) -> Step | None:
        """Where to resume: a failing gate, else the first step not complete; None means review."""
        gate = self.blocking_gate(draft)
        if gate:
            return gate
        return next((s for s in self.steps(draft) if not self.is_complete(s, draft)), None)

    def position(self, step: Step, draft: Draft) -> tuple[int, int]:
        steps = self.steps(draft)
        ids = [s.id for s in steps]
        return (ids.index(step.id) + 1 if step.id in ids else len(ids), len(ids))

    def label(self, field_id: str, lang: Lang) -> str:
        f = self.routine.field(field_id)
        return f.label(lang) if f else field_id

    def apply(self, step: Step, draft: Draft, raw: dict[str, Any], lang: Lang) -> StepResult:
        """Validate the step's values; when valid, write them into the draft (not yet stored)."""
        fields = self.fields(step, draft)
        clean, errors = validate(fields, raw, draft.answers, lambda fid: self.label(fid, lang))
        if errors:
            return StepResult(errors=errors, saved=False)
        for f in fields:
            if f.id in clean:
                draft.answers[f.id] = clean[f.id]
            else:
                draft.answers.pop(f.id, None)
        if step.id not in draft.done:
            draft.done.append(step.id)
        return StepResult(errors={}, saved=True)

    def display(self, field: Field, value: Any, lang: Lang) -> str:
        """An answer as a reader sees it: option labels, Ja/Nej, amounts with thousands spaces."""
        if value is None or value == "" or value == []:
            return ""
        if field.kind in ("choice", "yesno"):
            opt = field.option(str(value))
            return opt.label(lang) if opt else str(value)
        if field.kind == "multichoice":
            return ", ".join(o.label(lang) for o in field.options if o.value in value)
        if field.kind == "number":
            return f"{value:,}".replace(",", "\u00a0" if lang == "sv" else ",")
        return str(value)

    def answered_fields(self, step: Step, draft: Draft) -> list[tuple[Field, Any]]:
        return [(f, draft.answers.get(f.id)) for f in self.fields(step, draft)]
