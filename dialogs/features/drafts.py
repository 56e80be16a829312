"""Drafts: start one, list them, resume, park, delete, and typed avbryt / var är jag. Whatever leaves a draft
(avbryt, parkera, ta bort) says so with the ways on: back to it, Mina utkast, Nytt utkast."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from dialogs.actions import Action, ActionName, Focused, InputValue, NewDraft, OnDraft, SaveLater
from dialogs.actor import Actor, Focus
from dialogs.draft import TITLE, Draft, DraftStatus, reopened_status
from dialogs.features.base import Services, about_draft, keep_focus, owed_answer, own_draft, save_draft
from dialogs.fields import FieldError, kind_of
from dialogs.history import HistoryKind
from dialogs.personal_data import delete_draft
from dialogs.phase_words import PhaseReader, PhaseWords
from dialogs.phases import PhaseProgress, Phases
from dialogs.ports import UnitOfWork
from dialogs.router import handles
from dialogs.routine import Phase
from dialogs.validation import validate_form
from dialogs.views import (
    ConfirmDeleteView,
    DraftLine,
    DraftListView,
    DraftState,
    NextStep,
    NextStepsView,
    Notice,
    PhasesView,
    PhaseView,
    Reply,
    SharedLine,
    View,
    choice,
    reply,
    say,
    step_count,
)
from dialogs.wizard import Progress


def _cut(text: str, most: int) -> str:
    """The text, or as much of it as ends with a word within `most` characters (a first word longer than that, cut)."""
    if len(text) <= most:
        return text
    head = text[: most + 1]
    end = max((m.start() for m in re.finditer(r"\s", head)), default=0)
    return (head[:end] if end else head[:most]).rstrip()


def _state(draft: Draft, progress: Progress, answered: bool) -> DraftState:
    """`answered`: the answer to the draft's external initiative is written (and still owed: it stands at the gate)."""
    if draft.status == DraftStatus.PARKED:
        return DraftState.PARKED
    if progress.gate:
        return DraftState.ANSWERED if answered else DraftState.STOPPED
    if draft.status == DraftStatus.PROPOSED:
        return DraftState.PROPOSED
    return DraftState.READY if progress.current is None else DraftState.IN_PROGRESS


def _line(draft: Draft, wizard_progress: Progress, phases: Phases, answered: bool) -> DraftLine:
    """A draft in 'Mina utkast': its state, and the step or (after the proposal) the phase it is in."""
    state = _state(draft, wizard_progress, answered)
    if state == DraftState.PROPOSED:
        progress = phases.progress(draft)
        if progress.current is None:
            return DraftLine(
                draft.id, draft.title, DraftState.REJECTED if progress.rejected else DraftState.CLOSED, draft.updated_at
            )
        number, total = progress.position(progress.current)
        return DraftLine(draft.id, draft.title, state, draft.updated_at, number, total, progress.current)
    current = wizard_progress.current
    number, total = wizard_progress.position(current) if current else (0, len(wizard_progress.steps))
    return DraftLine(draft.id, draft.title, state, draft.updated_at, number, total)


def _back_to(draft_id: str) -> tuple[NextStep, ...]:
    return (NextStep(ActionName.RESUME, draft_id), NextStep(ActionName.LIST))


def _left(notice: Notice, draft_id: str | None) -> NextStepsView:
    """What the user is told on leaving a draft, with the ways on: back to it (unless it is gone), Mina utkast
    and Nytt utkast."""
    return NextStepsView(
        (notice,), (*(_back_to(draft_id) if draft_id else (NextStep(ActionName.LIST),)), NextStep(ActionName.NEW))
    )


class Drafts:
    def __init__(self, services: Services) -> None:
        self.s = services
        self.phases = Phases(services.wizard)
        self.reader = PhaseReader(services.messages.intent_words["paragraph"])

    async def show_current(self, actor: Actor, draft: Draft, *notices: str, tx: UnitOfWork | None = None) -> Reply:
        """Where the draft stands (a failing gate, the next open step, or the review; after the proposal, the
        phase it is in or the closed file), after notices. `tx`: the turn's unit of work, if it has one open."""
        view: View
        if Phases.started(draft):
            view = await self.life_view(actor, draft, tx)
        else:
            view = self.s.wizard.current_view(draft, self.s.wizard.progress(draft), actor.lang)
        return reply(*(say(key) for key in notices), view, focus=Focus(draft.id))

    async def life_view(
        self, actor: Actor, draft: Draft, tx: UnitOfWork | None = None, progress: PhaseProgress | None = None
    ) -> PhaseView | PhasesView:
        """The card for where the dialogue stands after the proposal (`tx`: the turn's unit of work, if it has one open;
        `progress`: the draft's, if worked out already)."""
        view = self.phases.current_view(draft, progress or self.phases.progress(draft), actor.lang)
        return await self._with_approval(view, tx) if isinstance(view, PhaseView) else view

    async def phase_card(
        self,
        draft: Draft,
        phase: Phase,
        progress: PhaseProgress,
        typed: Mapping[str, InputValue] | None = None,
        errors: Mapping[str, FieldError] | None = None,
        hides: tuple[Phase, ...] = (),
        tx: UnitOfWork | None = None,
    ) -> PhaseView:
        """A phase's card (Phases.phase_view), however it is shown: first, after a save refused, again under text typed,
        to correct it."""
        return await self._with_approval(self.phases.phase_view(draft, phase, progress, typed, errors, hides), tx)

    async def phase_told(self, actor: Actor, draft: Draft, phase: Phase, progress: PhaseProgress, text: str) -> Reply:
        """The phase's card as it shows, with what typed words give its fields (dialogs/phase_words.py), said so, to check
        and save; the dates it could not fill in named. Nothing is saved."""
        return await self._told(actor, draft, phase, progress, self._read(draft, phase, progress, text) if text else None)

    async def _told(self, actor: Actor, draft: Draft, phase: Phase, progress: PhaseProgress, read: PhaseWords | None) -> Reply:
        fields = self.s.wizard.fields(phase, draft)
        if read is None or not (read.values or read.unread):
            return reply(await self.phase_card(draft, phase, progress), focus=Focus(draft.id))
        shown = draft.typed.get(phase.id) or self.s.wizard.card_values(phase, draft)
        typed: dict[str, InputValue] = {f.id: kind_of(f).as_input(shown.get(f.id)) for f in fields}
        typed.update(read.values)
        said = [say("phase_typed_read", phase=phase.title(actor.lang))] if read.values else []
        if read.unread:
            said.append(say("phase_typed_unread", dates=", ".join(f"”{d}”" for d in read.unread)))
        return reply(*said, await self.phase_card(draft, phase, progress, typed), focus=Focus(draft.id))

    async def told(self, actor: Actor, draft: Draft, phase_id: str | None, text: str) -> Reply | None:
        """Text typed about a dialogue past its proposal that gives the card of its phase (the one shown, else the one it
        is in) a date, a § or an option it can fill in ("the information went out on 20 November via Instagram"): that
        card with them; None for other text."""
        progress = self.phases.progress(draft) if Phases.started(draft) else None
        shown = self.s.routine.phase(phase_id) if phase_id else None
        phase = shown if progress and shown and progress.has(shown) else progress.current if progress else None
        if progress is None or phase is None:
            return None
        read = self._read(draft, phase, progress, text)
        return await self._told(actor, draft, phase, progress, read) if read else None

    def _read(self, draft: Draft, phase: Phase, progress: PhaseProgress, text: str) -> PhaseWords:
        """What the words give the phase's card, a day typed without its year placed by the dates the dialogue holds:
        its answers, and what the phases' cards show until recorded (the meeting the plan gave)."""
        known: dict[str, object] = {}
        for p in progress.phases:
            known.update(self.s.wizard.card_values(p, draft))
        return self.reader.read(self.s.wizard.fields(phase, draft), text, known, self.s.deadlines.today())

    async def _with_approval(self, view: PhaseView, tx: UnitOfWork | None) -> PhaseView:
        """On the review's phase, the card with the avdelningschef's approval when it was given (read from the history, in
        `tx` or a unit of work of its own)."""
        if view.review is None:
            return view
        if tx is None:
            async with self.s.uow() as own:
                history = await own.history.for_drafts([view.draft_id])
        else:
            history = await tx.history.for_drafts([view.draft_id])
        return replace(view, approved=self.phases.approval(history, view.review))

    async def stale(self, actor: Actor, draft_id: str | None) -> Reply:
        """A card answered already, or out of date: say so, and show where the draft stands now."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, draft_id)
        return await self.show_current(actor, draft, "stale_card")

    async def _set_status(self, actor: Actor, draft_id: str, status: DraftStatus | None = None) -> Draft:
        """Give the draft a status (reminders follow: none while parked); None: reopen it (a proposed draft stays
        proposed; a parked one past its proposal goes on in its life after it: reopened_status)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, draft_id)
            if status is None:
                complete = self.s.wizard.progress(draft).current is None
                status = DraftStatus.PROPOSED if draft.status == DraftStatus.PROPOSED else reopened_status(draft, complete)
            if draft.status != status:
                before = self.s.deadlines.signature(draft)
                draft.status = status
                draft = await save_draft(self.s, tx, draft, before, actor.lang)
        return draft

    @handles(ActionName.NEW)
    async def new(self, actor: Actor, action: NewDraft) -> Reply:
        """A new draft at its first step; typed with what it is about, that is its title until the user changes it."""
        title = self._titled(action.subject, actor)
        answers = {TITLE: title} if title else {}
        draft = Draft(owner_id=actor.id, owner_name=actor.name, routine_id=self.s.routine.id, answers=answers)
        async with self.s.uow() as tx:
            draft = await tx.drafts.create(draft)
            return await keep_focus(tx, actor, await self.show_current(actor, draft, tx=tx))

    def _titled(self, subject: str, actor: Actor) -> str:
        """What a draft started in words is about, as its title field takes it: cut after the last word that fits the
        field's `max_length`; "" when the field takes no such text (the user names the draft on its first card)."""
        field = self.s.routine.field(TITLE)
        if not subject or field is None:
            return ""
        cut = _cut(subject, field.max_length) if field.max_length else subject
        clean, _ = validate_form((field,), {TITLE: cut}, actor.lang, self.s.deadlines.today())
        return str(clean.get(TITLE) or "")

    @handles(ActionName.LIST)
    async def list_drafts(self, actor: Actor, action: Action) -> Reply:
        """The user's drafts, then those colleagues shared with them (a kommunikatör's way back to one)."""
        async with self.s.uow() as tx:
            drafts = await tx.drafts.list_for_owner(actor.id)
            return reply(await self.listing(tx, drafts, await self.shared_with(tx, actor)))

    async def listing(self, tx: UnitOfWork, drafts: Sequence[Draft], shared: tuple[SharedLine, ...]) -> DraftListView:
        """Mina utkast of the user's drafts and those shared with them, as read (in `tx`)."""
        progress = {d.id: self.s.wizard.progress(d) for d in drafts}
        # The answer to an external initiative written, as a proposal created is: read for the drafts owed one.
        owed = [d.id for d in drafts if owed_answer(self.s, d, progress[d.id]) is not None]
        history = await tx.history.for_drafts(owed) if owed else []
        written = {e.draft_id for e in history if e.kind == HistoryKind.ANSWERED}
        return DraftListView(tuple(_line(d, progress[d.id], self.phases, d.id in written) for d in drafts), shared)

    async def shared_with(self, tx: UnitOfWork, actor: Actor) -> tuple[SharedLine, ...]:
        """The drafts others shared with the user whose links still work, the latest share first."""
        now = self.s.clock()
        shares = [s for s in reversed(await tx.shares.received_by(actor.id)) if s.owner_id != actor.id and s.usable(now)]
        drafts = await tx.drafts.many([share.draft_id for share in shares]) if shares else {}
        return tuple(
            SharedLine(share.id, draft.title, draft.owner_name, share.access, share.reviewed, share.expires_on)
            for share in shares
            if (draft := drafts.get(share.draft_id)) is not None
        )

    @handles(ActionName.RESUME)
    async def resume(self, actor: Actor, action: OnDraft) -> Reply:
        """Open a draft where it stands; a parked draft becomes active again, one parked after its proposal goes on
        in the phase it was in, a proposed one stays proposed."""
        return await self.show_current(actor, await self._set_status(actor, action.draft))

    @handles(ActionName.PARK)
    async def park(self, actor: Actor, action: OnDraft) -> Reply:
        draft = await self._set_status(actor, action.draft, DraftStatus.PARKED)
        return reply(_left(say("parked", title=draft.title), draft.id), left=draft.id)

    @handles(ActionName.DELETE)
    async def delete(self, actor: Actor, action: OnDraft) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        return reply(ConfirmDeleteView(draft.id, draft.title))

    @handles(ActionName.DELETE_CONFIRM)
    async def delete_confirm(self, actor: Actor, action: OnDraft) -> Reply:
        """The draft and everything that belongs to it (reminders, shares and their log with comment
        texts, focus on it) go in one transaction."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            await delete_draft(tx, draft.id)
        return reply(_left(say("deleted", title=draft.title or say("untitled")), None), left=draft.id)

    @handles(ActionName.DELETE_CANCEL)
    async def delete_cancel(self, actor: Actor, action: OnDraft) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        return about_draft("kept", draft, *_back_to(draft.id))

    @handles(ActionName.CANCEL)
    async def cancel(self, actor: Actor, action: Focused) -> Reply:
        draft = await self.focused(actor, action.draft)
        if draft is None:
            return reply(say("nothing_open"))
        return reply(_left(say("cancelled", title=draft.title or say("untitled")), draft.id), left=draft.id)

    @handles(ActionName.SAVE_LATER)
    async def save_later(self, actor: Actor, action: SaveLater) -> Reply:
        """ "jag måste gå, kan jag spara och fortsätta senare?": the draft is saved after every step, and the way back to
        it (the one open, else none to name: Mina utkast); "Ja." only when that was asked."""
        draft = await self.focused(actor, action.draft)
        yes = say("yes_asked") if action.asked else ""
        if draft is None:
            return reply(say("saved_later_none", yes=yes))
        return reply(NextStepsView((say("saved_later", yes=yes, title=draft.title or say("untitled")),), _back_to(draft.id)))

    @handles(ActionName.STATUS)
    async def status(self, actor: Actor, action: Focused) -> Reply:
        """Where the user is, in words, and the card they are on shown again (the step they opened again, if any). With no
        draft open in this conversation (the proposal's creation leaves it, a new chat has none: "var är jag?" after a
        reload), where the case stands when the draft they changed last is past its proposal; else that draft (parked,
        say) offered, with the step it is at."""
        draft = await self.focused(actor, action.draft)
        if draft is None:
            async with self.s.uow() as tx:
                drafts = await tx.drafts.list_for_owner(actor.id)
            latest = max(drafts, key=lambda d: d.updated_at, default=None)
            if latest is None:
                return reply(say("nothing_open"))
            if not Phases.started(latest):  # the draft changed last is no case past its proposal: offered, at its step
                return reply(choice(self._last_in(latest, actor), _back_to(latest.id)))
            draft = latest
        if Phases.started(draft):
            return await self.where_in_life(actor, draft)
        title = draft.title or say("untitled")
        wizard = self.s.wizard
        progress = wizard.progress(draft)
        step = progress.open_step(self.s.routine.step(action.step or ""))
        if step is None:
            return reply(
                say("where_review", title=title), wizard.current_view(draft, progress, actor.lang), focus=Focus(draft.id)
            )
        n, total = progress.position(step)
        count = step_count(total, wizard.may_add(step, draft))
        where = say("where_step", title=title, n=n, total=count, step=step.title(actor.lang))
        if step is progress.current:
            return reply(where, wizard.current_view(draft, progress, actor.lang), focus=Focus(draft.id))
        return reply(where, wizard.step_view(draft, step, progress), focus=Focus(draft.id, step.id))

    def _last_in(self, draft: Draft, actor: Actor) -> Notice:
        """That no draft is open, and the one the user was last in, at its open step (if it has one)."""
        title = draft.title or say("untitled")
        progress = self.s.wizard.progress(draft)
        step = progress.current
        if step is None:
            return say("nothing_open_one", title=title)
        n, total = progress.position(step)
        count = step_count(total, self.s.wizard.may_add(step, draft))
        return say("nothing_open_step", title=title, n=n, total=count, step=step.title(actor.lang))

    async def where_in_life(self, actor: Actor, draft: Draft) -> Reply:
        """After the proposal: what is to be done next, in words, and the phase's card (closed: the file)."""
        progress = self.phases.progress(draft)
        title = draft.title or say("untitled")
        current = progress.current
        words = say("next_phase", title=title, next=current.next(actor.lang)) if current else say("next_closed", title=title)
        return reply(words, await self.life_view(actor, draft), focus=Focus(draft.id))

    async def focused(self, actor: Actor, draft_id: str | None) -> Draft | None:
        """The draft the user works on in this conversation, if it is still theirs (else None, silently)."""
        if draft_id is None:
            return None
        async with self.s.uow() as tx:
            draft = await tx.drafts.get(draft_id)
        return draft if draft and draft.owner_id == actor.id else None
