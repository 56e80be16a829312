"""The wizard's steps: save a step's card, open a step again (Ändra), skip an all-optional one, "jag är klar", and help for
a step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from dialogs.actions import ActionName, Focused, InputValue, OnStep, StepCard, SubmitStep
from dialogs.actor import Actor, Focus
from dialogs.draft import Draft, DraftStatus, StaleDraftError, reopened_status
from dialogs.features.base import Services, keep_focus, keep_typed, own_draft, save_draft, without_typed
from dialogs.features.drafts import Drafts
from dialogs.fields import FREE_TEXT_KINDS, as_text, kind_of
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.language import Lang
from dialogs.phases import Phases
from dialogs.router import handles
from dialogs.routine import Field, Step
from dialogs.typed_answers import with_filled
from dialogs.views import WELCOME_STEPS, AnsweredView, HelpView, NextStepsView, Reply, StepView, reply, say

LABELS_APART = "; "  # between the labels of the fields a reply names (a label may hold a comma)


def needed(fields: Sequence[Field]) -> list[Field]:
    """The fields a step cannot be saved without: required, or required by another answer."""
    return [f for f in fields if f.required or f.required_when]


class Steps:
    def __init__(self, services: Services, drafts: Drafts) -> None:
        self.s = services
        self.drafts = drafts

    @handles(ActionName.SUBMIT)
    async def submit(self, actor: Actor, action: SubmitStep) -> Reply:
        """Check the inputs: errors beside the fields (what was typed kept), or saved and the next card.
        A card for another version of the draft, or a step the draft no longer has, is stale."""
        wizard = self.s.wizard
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if self.drafts.phases.decided(draft):  # the plan is the one the nämnd decided on
                return reply(self.drafts.phases.plan_kept(draft))
            step = self.s.routine.step(action.step)
            progress = wizard.progress(draft)
            if step is None or not progress.reachable(step) or action.version != draft.version:
                raise StaleDraftError(draft.id)  # a step past a gate the draft stands at is one too: the gate is shown
            before = self.s.deadlines.signature(draft)
            answers_before = dict(draft.answers)
            errors = wizard.apply(step, draft, action.inputs, actor.lang, self.s.deadlines.today())
            if errors:
                await keep_typed(tx, draft, step.id, action.inputs)
                with_errors = wizard.step_view(draft, step, progress, action.inputs, errors)
                return await keep_focus(tx, actor, reply(with_errors, focus=Focus(draft.id, step.id)))
            draft.typed = without_typed(draft, step.id)
            # An edit reopens a parked draft; after the proposal the proposal is kept (a new version is the
            # owner's choice on the review) and the change is in the history, unless the draft is no longer complete.
            after = wizard.progress(draft)  # of the answers: saving changes the version, not where the draft stands
            draft.status = reopened_status(draft, after.current is None)
            draft = await save_draft(self.s, tx, draft, before, actor.lang)
            if draft.proposal_created_at is not None and draft.answers != answers_before:  # saved unchanged: no edit
                await tx.history.record(
                    HistoryEntry(draft.id, HistoryKind.EDITED, self.s.clock(), actor.id, actor.shown_name, step.id)
                )
            answered = AnsweredView(step, wizard.shown(step, draft, actor.lang))
            view = wizard.current_view(draft, after, actor.lang)
            kept = (say("proposal_kept"),) if draft.status == DraftStatus.PROPOSED else ()
            return await keep_focus(tx, actor, reply(*kept, view, focus=Focus(draft.id), answered=answered))

    async def keep_left(self, actor: Actor, card: StepCard, inputs: Mapping[str, InputValue]) -> None:
        """What was typed on a step's (or a phase's) card left unsaved by another of its buttons, kept with the draft as a
        refused save's is: the card shows it again wherever it is opened, until the step is saved. Nothing is written
        for a card left as it showed the draft, for one out of date, or for someone else's draft."""
        wizard = self.s.wizard
        async with self.s.uow() as tx:
            draft = await tx.drafts.get(card.draft)
            step = self.s.routine.step(card.step) or self.s.routine.phase(card.step)
            if draft is None or draft.owner_id != actor.id or step is None or draft.version != card.version:
                return
            fields = wizard.fields(step, draft)
            shown = draft.typed.get(step.id) or wizard.card_values(step, draft)
            typed = {f.id: inputs[f.id] for f in fields if f.id in inputs}
            if all(kind_of(f).as_input(typed.get(f.id)) == kind_of(f).as_input(shown.get(f.id)) for f in fields):
                return
            await keep_typed(tx, draft, step.id, typed)

    async def typed_on_card(self, actor: Actor, draft: Draft, step: Step, filled: Mapping[str, str], text: str) -> Reply:
        """Text typed under a step's card of several fields, which brings none of its inputs: the fields it clearly fills
        (dialogs/typed_answers.py) put in the card, kept with the draft as typed on it and shown again to check and save;
        else the text given back to paste into its field, with the card. Never saved unseen, never lost."""
        wizard = self.s.wizard
        fields, title = wizard.fields(step, draft), step.title(actor.lang)
        async with self.s.uow() as tx:
            if filled:
                shown = draft.typed.get(step.id) or wizard.card_values(step, draft)
                values = with_filled({f.id: kind_of(f).as_input(shown.get(f.id)) for f in fields}, fields, filled)
                await keep_typed(tx, draft, step.id, values)
                labels = LABELS_APART.join(f.label(actor.lang) for f in fields if f.id in filled)
                said = say("typed_filled", fields=labels, step=title, text=text)
            else:  # a card with nothing to paste into (yes/no questions, choices): filled in on the card
                pasted = any(f.kind in FREE_TEXT_KINDS for f in fields)
                said = say("typed_to_paste" if pasted else "typed_not_filled", step=title, text=text)
            card = wizard.step_view(draft, step, wizard.progress(draft))
            return await keep_focus(tx, actor, reply(said, card, focus=Focus(draft.id, step.id)))

    @handles(ActionName.EDIT)
    async def edit(self, actor: Actor, action: OnStep) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if self.drafts.phases.decided(draft):  # the plan is the one the nämnd decided on
                return reply(self.drafts.phases.plan_kept(draft))
            progress = self.s.wizard.progress(draft)
            step = self.s.routine.step(action.step)
            if step is None or not progress.reachable(step):
                return await keep_focus(tx, actor, await self.drafts.show_current(actor, draft, tx=tx))
            return await keep_focus(
                tx, actor, reply(self.s.wizard.step_view(draft, step, progress), focus=Focus(draft.id, step.id))
            )

    @handles(ActionName.SKIP_STEP, ActionName.OPTIONAL_FIELDS)
    async def skip(self, actor: Actor, action: Focused) -> Reply:
        """ "hoppa över" on a step whose fields are all optional saves it as it is (as the card sent empty would) and
        goes on; on one with fields needed, says kindly why not, naming them, with the step's card; on a phase after
        the proposal, that it is saved once it has happened, so there is nothing to skip. "måste jag fylla i allt?" says
        which are needed and which optional (the card marks those "(frivilligt)")."""
        draft = await self.drafts.focused(actor, action.draft)
        progress = self.s.wizard.progress(draft) if draft else None
        step = progress.open_step(self.s.routine.step(action.step or "")) if progress else None
        if draft is None or progress is None or step is None:
            phases = self.drafts.phases
            phase = phases.progress(draft).current if draft and phases.started(draft) else None
            return reply(say("skip_phase", phase=phase.title(actor.lang)) if phase else say("nothing_to_skip"))
        fields = self.s.wizard.fields(step, draft)
        needs = needed(fields)
        if action.name is ActionName.SKIP_STEP and not needs:
            kept: dict[str, InputValue] = {f.id: kind_of(f).as_input(draft.answers.get(f.id)) for f in fields}
            submit = SubmitStep(name=ActionName.SUBMIT, draft=draft.id, step=step.id, version=draft.version, inputs=kept)
            return await self.submit(actor, submit)
        title, lang = step.title(actor.lang), actor.lang
        required = LABELS_APART.join(self._needed_label(f, lang) for f in needs)
        optional = LABELS_APART.join(f.label(lang) for f in fields if f not in needs)
        if action.name is ActionName.SKIP_STEP:  # why not, and the card to fill in
            shown = self.s.wizard.step_view(draft, step, progress)
            return reply(say("skip_needs", step=title, required=required), shown, focus=Focus(draft.id, step.id))
        if not needs:
            return reply(say("fields_all_optional", step=title))
        if not optional:
            return reply(say("fields_all_needed", step=title, required=required))
        return reply(say("fields_optional", step=title, required=required, optional=optional))

    def _needed_label(self, f: Field, lang: Lang) -> str:
        """A needed field's label; one needed only by another answer says which ("Om ja – vilka frågor …? (bara om
        ”Finns det olika frågor …?” är Ja)", "Beskriv metoden (bara om inget är valt i ”Metoder ur metodkatalogen”)")."""
        when, other = f.required_when, self.s.routine.field(f.required_when.field) if f.required_when else None
        if f.required or when is None or other is None:
            return f.label(lang)
        option = other.option(when.equals)
        if option is None:
            return self.s.messages("needed_if_empty", lang, label=f.label(lang), other=other.label(lang))
        return self.s.messages("needed_if", lang, label=f.label(lang), other=other.label(lang), value=option.label(lang))

    @handles(ActionName.DONE)
    async def done(self, actor: Actor, action: Focused) -> Reply:
        """ "jag är klar" / "I'm done". On the step the user is on, the card sent as it is saved (a typed message brings
        none of its inputs) and the next card, or when it cannot be saved so, that its own button saves what is filled in,
        what the saved answers still need, and the card again as saved. Elsewhere the next step of the draft they work
        on, else of the one changed last: the review, where the proposal is created, once every step is answered; what
        is left, else; after the proposal, the phase it is in.
        Under a phase's card, that its Spara saves it, and the card again. With no draft at all, the welcome's ways
        on."""
        draft = await self.drafts.focused(actor, action.draft)
        if draft is not None and (on_phase := await self.typed_on_phase(actor, draft, action.step)) is not None:
            return on_phase
        progress = self.s.wizard.progress(draft) if draft and not Phases.started(draft) else None
        step = progress.open_step(self.s.routine.step(action.step or "")) if progress else None
        if draft is not None and progress is not None and step is not None and step is not progress.gate:
            fields = self.s.wizard.fields(step, draft)
            shown = draft.typed.get(step.id) or self.s.wizard.card_values(step, draft)  # as the card shows it
            inputs: dict[str, InputValue] = {f.id: kind_of(f).as_input(shown.get(f.id)) for f in fields}
            submit = SubmitStep(name=ActionName.SUBMIT, draft=draft.id, step=step.id, version=draft.version, inputs=inputs)
            answer = await self.submit(actor, submit)
            refused = next((v for v in answer.views if isinstance(v, StepView) and v.has_errors), None)
            if refused is None:
                return answer
            # A typed message brings none of the card's inputs: what the user filled in is still on the card, saved by
            # its button; the card again shows what is saved, the needs named in words, not as errors of theirs. An
            # optional answer left empty is not missing: it is offered (one refused for itself, a date gone by, is named).
            needs, lang = needed(fields), actor.lang
            refusing = [i.field for i in refused.inputs if i.error]
            missing = LABELS_APART.join(f.label(lang) for f in [f for f in refusing if f in needs] or refusing)
            said = [say("done_needs", step=step.title(lang), fields=missing)]
            if empty := [f.label(lang) for f in fields if f not in needs and not as_text(inputs.get(f.id)).strip()]:
                said.append(say("done_optional", fields=LABELS_APART.join(empty)))
            return replace(answer, views=(*said, self.s.wizard.step_view(draft, step, progress)))
        if draft is None:
            async with self.s.uow() as tx:
                draft = next(iter(await tx.drafts.list_for_owner(actor.id)), None)
        if draft is None:
            return reply(NextStepsView((say("done_no_draft"),), WELCOME_STEPS))
        return await self.drafts.status(actor, Focused(name=ActionName.STATUS, draft=draft.id))

    async def typed_on_phase(self, actor: Actor, draft: Draft, phase_id: str | None) -> Reply | None:
        """Text or "klar" typed under a phase's card (`phase_id`, dialogs/shown.py): a typed message brings none of the
        card's inputs, so the reply says the card's Spara saves it, and shows the card again (what was typed on it
        before kept) with its own ways on. None when the draft has no such phase."""
        phases = self.drafts.phases
        phase = self.s.routine.phase(phase_id) if phase_id and Phases.started(draft) else None
        if phase is None or not (progress := phases.progress(draft)).has(phase):
            return None
        said = say("use_the_phase_card", phase=phase.title(actor.lang))
        return reply(said, await self.drafts.phase_card(draft, phase, progress), focus=Focus(draft.id))

    @handles(ActionName.HELP)
    async def help(self, actor: Actor, action: Focused) -> Reply:
        """Help for the step on the card (or the step the user is on), else general help."""
        draft = await self.drafts.focused(actor, action.draft)
        if draft is None:
            return reply(HelpView())
        progress = self.s.wizard.progress(draft)
        step = self.s.routine.step(action.step) if action.step else progress.current
        if step is None or not progress.has(step):
            return reply(HelpView(draft_id=draft.id, proposed=draft.status == DraftStatus.PROPOSED))
        return reply(HelpView(step, self.s.wizard.fields(step, draft), draft.id))
