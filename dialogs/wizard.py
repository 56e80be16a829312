"""The one step mechanism: a draft's progress through the routine's steps (computed once per use case),
applying a submitted step, and the views of a step, a failed gate and the review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from dialogs.actions import InputValue
from dialogs.coverage import Coverage
from dialogs.documents.initiative_answer import owes_answer
from dialogs.draft import Draft, DraftStatus
from dialogs.fields import FieldError, as_text, display, kind_of
from dialogs.language import Lang
from dialogs.methods import catalogue, suggest
from dialogs.routine import Field, Routine, Step, holding
from dialogs.validation import validate
from dialogs.views import GateView, InputView, NoneLeft, ReviewSection, ReviewView, ShownAnswer, StepView, View


class Positions(Protocol):
    """Where a step stands among the steps (or phases) a draft goes through: (number, total)."""

    def position(self, step: Step) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Progress:
    """Where a draft stands: the steps it goes through, a failing gate, and the step to show next."""

    steps: tuple[Step, ...]
    gate: Step | None  # the first complete step whose gate fails: not a medborgardialog as it stands
    current: Step | None  # the gate, else the first step not complete; None: ready for review
    # Past the gate, the steps open all the same: for an external initiative owed its answer, the ones the answer reads
    # besides its answers up to the gate (its header, as the proposal's: the routine's `initiative_answer.steps`).
    beyond: tuple[Step, ...] = ()

    def position(self, step: Step) -> tuple[int, int]:
        ids = [s.id for s in self.steps]
        return (ids.index(step.id) + 1 if step.id in ids else len(ids), len(ids))

    def has(self, step: Step) -> bool:
        return any(s.id == step.id for s in self.steps)

    def reachable(self, step: Step) -> bool:
        """Whether the step can be opened or saved: one the draft has, and not past a gate it stands at (its
        answers up to the gate can be changed, nothing after it but the steps `beyond`)."""
        ids = [s.id for s in self.steps]
        if step.id not in ids:
            return False
        before_gate = self.gate is None or ids.index(step.id) <= ids.index(self.gate.id)
        return before_gate or any(s.id == step.id for s in self.beyond)

    def open_step(self, reopened: Step | None) -> Step | None:
        """The step the user is on: one they opened again (Ändra) while the draft still has it (and no gate stops it
        before), else the draft's own next step (None: the review)."""
        return reopened if reopened is not None and self.reachable(reopened) else self.current


class Wizard:
    def __init__(self, routine: Routine) -> None:
        self.routine = routine
        self.coverage = Coverage(routine)

    def fields(self, step: Step, draft: Draft) -> tuple[Field, ...]:
        return self.routine.fields_of(step, draft.answers)

    def progress(self, draft: Draft) -> Progress:
        steps = tuple(s for s in self.routine.steps if s.applies(draft.answers))
        # A gate judges a complete step: one the routine has since given a new field (a draft from before the level of
        # influence) is asked again, not stopped.
        gate = next((s for s in steps if s.gate and self.complete(s, draft) and not s.gate.passes(draft.answers)), None)
        current = gate or next((s for s in steps if not self.complete(s, draft)), None)
        spec = self.routine.initiative_answer
        owed = owes_answer(self.routine, draft.answers, gate)
        beyond = tuple(s for s in steps if owed and spec and s.id in spec.steps)
        return Progress(steps, gate, current, beyond)

    def complete(self, step: Step, draft: Draft) -> bool:
        """Submitted, and its required answers still there (a phase's as a step's), or an answer given fails its gate."""
        if step.id not in draft.done:
            return False
        answered = all(field_id in draft.answers for field_id in self.routine.required_of(step, draft.answers))
        return answered or (step.gate is not None and step.gate.fails(draft.answers))

    def apply(self, step: Step, draft: Draft, inputs: Mapping[str, InputValue], lang: Lang, today: date) -> dict[str, FieldError]:
        """Validate the step's inputs (dates held against `today` in Stockholm); when valid, write them into the
        draft (not yet stored). Returns the errors beside the fields (empty: applied)."""
        fields = self.fields(step, draft)
        clean, errors = validate(fields, dict(inputs), draft.answers, lambda fid: self._label(fid, lang), today)
        ids = {f.id for f in fields}
        answers = {**{k: v for k, v in draft.answers.items() if k not in ids}, **clean}  # this card's as submitted
        errors = {**self._unmet(fields, answers, errors, lang), **errors}
        if step.gate and step.gate.fails(answers):  # the verdict is given: what is left empty is not asked for
            errors = {k: e for k, e in errors.items() if as_text(inputs.get(k)).strip()}
        if errors:
            return errors
        for f in fields:
            if f.id in clean:
                draft.answers[f.id] = clean[f.id]
            else:
                draft.answers.pop(f.id, None)
        if step.id not in draft.done:
            draft.done.append(step.id)
        return {}

    def _unmet(
        self, fields: tuple[Field, ...], answers: Mapping[str, object], refused: Mapping[str, FieldError], lang: Lang
    ) -> dict[str, FieldError]:
        """A chosen option whose requirements the answers do not meet (medbestämmande without a decision maker
        who delegates): the routine's reason beside the field. A requirement on an answer refused for itself
        (missing, say) waits for that answer."""
        errors = {}
        for f in fields:
            chosen = f.option(str(answers.get(f.id, "")))
            for need in chosen.requires if chosen else ():
                if need.field not in refused and answers.get(need.field) != need.equals:
                    errors[f.id] = FieldError("err_inconsistent", {"reason": need.reason(lang)})
        return errors

    def _label(self, field_id: str, lang: Lang) -> str:
        f = self.routine.field(field_id)
        return f.label(lang) if f else field_id

    def shown(self, step: Step, draft: Draft, lang: Lang) -> tuple[ShownAnswer, ...]:
        """The step's answers as a reader sees them: option labels, Ja/Nej, amounts with thousands spaces."""
        return tuple(ShownAnswer(f, display(f, draft.answers.get(f.id), lang)) for f in self.fields(step, draft))

    # --- views ------------------------------------------------------------------------------------

    def step_view(
        self,
        draft: Draft,
        step: Step,
        progress: Positions,
        typed: Mapping[str, InputValue] | None = None,
        errors: Mapping[str, FieldError] | None = None,
    ) -> StepView:
        """The step's card: stored answers (or what was planned, for a field not answered yet), or after a refused
        submit what was typed and the errors; opened again after one, what was typed then (`Draft.typed`)."""
        kept = draft.typed.get(step.id) if typed is None else None
        values = typed if typed is not None else kept or self.card_values(step, draft)
        n, total = progress.position(step)
        fields = self.fields(step, draft)
        inputs = tuple(InputView(f, kind_of(f).as_input(values.get(f.id)), (errors or {}).get(f.id)) for f in fields)
        method_fields = [f for f in fields if catalogue(f)]
        suggestions = suggest(method_fields[0], self.routine, draft.answers) if method_fields else ()
        notes = holding(step.notes, draft.answers)
        return StepView(
            draft.id,
            draft.title,
            draft.version,
            step,
            n,
            total,
            inputs,
            suggestions=suggestions,
            notes=notes,
            may_add=self.may_add(step, draft),
            none_left=self.none_left(step, draft, fields),
            unsaved=kept is not None,
        )

    def none_left(self, step: Step, draft: Draft, fields: tuple[Field, ...]) -> NoneLeft | None:
        """For a repeated step that an earlier answer leaves nothing to repeat over (every target group marked not
        reached): the routine's words for it, that answer as recorded and where it was given; None otherwise."""
        spec, asked = step.repeat_none, step.repeat_except
        if fields or spec is None or asked is None or not draft.answers.get(asked):
            return None
        source = self.routine.asked_on(asked)
        if source is None:
            return None
        recorded = tuple((f, draft.answers.get(f.id)) for field_id in spec.shows if (f := self.routine.field(field_id)))
        return NoneLeft(spec.text, recorded, source)

    @staticmethod
    def card_values(step: Step, draft: Draft) -> Mapping[str, InputValue]:
        """What the step's card shows in its fields: the draft's answers, and for a field of the step not answered yet the
        earlier answer it shows until then (Field.suggested_from); the answers themselves, uncopied, when the step has no
        such field (most steps)."""
        planned = {f.id: draft.answers[f.suggested_from] for f in step.fields if f.suggested_from in draft.answers}
        return {**planned, **draft.answers} if planned else draft.answers

    def may_add(self, step: Step, draft: Draft) -> int:
        """How many planning steps hang on an answer not yet given (the external initiative's on the initiative):
        the count shows them from the first card ("Steg 1 av 11–12") instead of jumping later."""
        if not any(s.id == step.id for s in self.routine.steps):
            return 0  # a phase after the proposal
        return sum(1 for s in self.routine.steps if s.when and s.when.field not in draft.answers)

    def current_view(self, draft: Draft, progress: Progress, lang: Lang) -> View:
        """The card for where the draft stands: a failing gate, the next open step, or the review."""
        if progress.gate:
            gate = progress.gate.gate
            notes = holding(gate.notes, draft.answers) if gate else ()
            answerable = owes_answer(self.routine, draft.answers, progress.gate)
            return GateView(draft.id, draft.version, progress.gate, notes, answerable, progress.beyond)
        if progress.current:
            return self.step_view(draft, progress.current, progress)
        sections = tuple(ReviewSection(s, self.shown(s, draft, lang)) for s in progress.steps)
        warnings = self.coverage.warnings(draft.answers)
        return ReviewView(draft.id, draft.title, draft.version, sections, warnings, draft.status == DraftStatus.PROPOSED)
