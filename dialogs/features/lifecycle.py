"""After the proposal: the dialogue's phases, from the nämnd to the closed file. Record a phase (its card, saved
as a step's), correct an earlier one, see them all, see the history, typed "vad är nästa steg?" and "nämnden
har beslutat"; and the texts the bot writes for the official to send, to copy or as Word. Every change of
phase goes into the history, in the same transaction as the draft."""

from __future__ import annotations

from dataclasses import replace

from dialogs.actions import ActionName, DecisionAsked, OnDraft, OnText, PhaseOpened, SubmitStep
from dialogs.actor import Actor, Focus
from dialogs.documents import redovisning
from dialogs.documents.proposal import DOCUMENT_LANG
from dialogs.draft import Draft, StaleDraftError
from dialogs.features.base import (
    Services,
    about_draft,
    keep_focus,
    keep_typed,
    meeting_moved,
    own_draft,
    save_draft,
    without_typed,
)
from dialogs.features.drafts import Drafts
from dialogs.features.sharing import Sharing
from dialogs.history import HISTORY_SHOWN, HistoryEntry, HistoryKind
from dialogs.links import DocumentLinks, docx_links, text_docx_path
from dialogs.phases import PhaseProgress, Phases
from dialogs.ports import UnitOfWork
from dialogs.router import handles
from dialogs.routine import Phase
from dialogs.share import Reviewed
from dialogs.views import (
    AnsweredView,
    HistoryView,
    LinkView,
    NextStep,
    NextStepsView,
    Notice,
    Reply,
    TextView,
    reply,
    say,
)


def _closing(progress: PhaseProgress) -> HistoryKind | None:
    if not progress.closed:
        return None
    return HistoryKind.REJECTED if progress.rejected else HistoryKind.CLOSED


class Lifecycle:
    def __init__(self, services: Services, drafts: Drafts, sharing: Sharing) -> None:
        self.s = services
        self.drafts = drafts
        self.sharing = sharing
        self.phases = drafts.phases

    async def _record(self, tx: UnitOfWork, actor: Actor, draft: Draft, kind: HistoryKind, phase: str = "") -> None:
        await tx.history.record(HistoryEntry(draft.id, kind, self.s.clock(), actor.id, actor.shown_name, phase))

    @handles(ActionName.PHASE_SAVE)
    async def save(self, actor: Actor, action: SubmitStep) -> Reply:
        """Check a phase's inputs: errors beside the fields (what was typed kept), or recorded (in the history:
        done, or corrected when it was recorded before) and the next phase's card, or the closed file. A correction
        that would end the dialogue before phases already recorded is saved only once confirmed: the card again, with
        what was typed and which phases would no longer show (they are kept, and come back when corrected back)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            phase = self.s.routine.phase(action.step)
            progress = self.phases.progress(draft)
            if not Phases.started(draft) or phase is None or not progress.has(phase) or action.version != draft.version:
                raise StaleDraftError(draft.id)
            again = phase.id in draft.done
            before = self.s.deadlines.signature(draft)
            changed = replace(draft, answers=dict(draft.answers), done=list(draft.done), typed=without_typed(draft, phase.id))
            errors = self.s.wizard.apply(phase, changed, action.inputs, actor.lang, self.s.deadlines.today())
            if errors:
                await keep_typed(tx, draft, phase.id, action.inputs)
                with_errors = await self.drafts.phase_card(draft, phase, progress, action.inputs, errors, tx=tx)
                return await keep_focus(tx, actor, reply(with_errors, focus=Focus(draft.id)))
            hidden = {p.id for p in self.phases.hidden(draft, progress)}
            hides = tuple(p for p in self.phases.hidden(changed, self.phases.progress(changed)) if p.id not in hidden)
            if hides and not action.confirmed:
                warned = await self.drafts.phase_card(draft, phase, progress, action.inputs, hides=hides, tx=tx)
                return await keep_focus(tx, actor, reply(warned, focus=Focus(draft.id)))
            draft = await save_draft(self.s, tx, changed, before, actor.lang)
            await self._record(tx, actor, draft, HistoryKind.PHASE_CORRECTED if again else HistoryKind.PHASE_DONE, phase.id)
            after = self.phases.progress(draft)
            if (closing := _closing(after)) and closing != _closing(progress):
                await self._record(tx, actor, draft, closing, (after.ended or phase).id)
            answered = AnsweredView(phase, self.s.wizard.shown(phase, draft, actor.lang))
            notes: tuple[Notice | NextStepsView, ...] = (
                *(() if again else await self._unreviewed(tx, draft, phase)),
                *(await self._meeting_moved(tx, draft) if phase in self.s.routine.lifecycle.before_decision else ()),
            )
            view = await self.drafts.life_view(actor, draft, tx, after)
            if closing:  # the file is closed: the user has left it, and the ways on lead to new work, not back to it
                return await keep_focus(tx, actor, reply(*notes, view, left=draft.id, answered=answered))
            return await keep_focus(tx, actor, reply(*notes, view, focus=Focus(draft.id), answered=answered))

    async def _meeting_moved(self, tx: UnitOfWork, draft: Draft) -> tuple[NextStepsView, ...]:
        """Before the nämnd's decision, a meeting recorded (or corrected) other than the one the proposal's newest version
        names: that version is kept as it is, and a new one is offered, to hold the new date."""
        moved = None if self.phases.decided(draft) else await meeting_moved(self.s, tx, draft)
        if moved is None:
            return ()
        said = say("proposal_meeting_moved", number=moved.number, was=moved.was, now=moved.now)
        create = NextStep(ActionName.CREATE_PROPOSAL, draft.id, version=draft.version, label="btn_new_version")
        return (NextStepsView((said,), (create,)),)

    async def _unreviewed(self, tx: UnitOfWork, draft: Draft, phase: Phase) -> tuple[Notice, ...]:
        """On recording the nämnd's decision on a proposal the avdelningschef has not approved: a note saying so, with
        the routine's line on who gives the proposal (none when the routine file quotes none)."""
        review = self.s.routine.lifecycle.review(Reviewed.PROPOSAL)
        quote = self.phases.quote(review.duty_ref) if review else ()
        if phase.id != self.s.routine.lifecycle.decision or not review or not quote or self.phases.own_review(draft, review):
            return ()
        if self.phases.approval(await tx.history.for_drafts([draft.id]), review) is not None:
            return ()
        return (say("decision_unreviewed"), *quote)

    @handles(ActionName.PHASE_EDIT)
    async def edit(self, actor: Actor, action: PhaseOpened) -> Reply:
        """A phase's card again, to correct it (typed, with what the words give it); a phase the dialogue does not have
        shows where it stands."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        progress = self.phases.progress(draft)
        phase = self.s.routine.phase(action.step)
        if not Phases.started(draft) or phase is None or not progress.has(phase):
            return await self.drafts.show_current(actor, draft)
        return await self.drafts.phase_told(actor, draft, phase, progress, action.text)

    @handles(ActionName.PHASES)
    async def overview(self, actor: Actor, action: OnDraft) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        if not Phases.started(draft):
            return await self.drafts.show_current(actor, draft)
        return reply(self.phases.overview(draft, self.phases.progress(draft), actor.lang), focus=Focus(draft.id))

    @handles(ActionName.NEXT_STEP)
    async def next_step(self, actor: Actor, action: OnDraft) -> Reply:
        """What is to be done next, in words, and its card: a planning step, the review, a phase, or none
        (closed: the phases and the history)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        title = draft.title or say("untitled")
        if not Phases.started(draft):
            current = self.s.wizard.progress(draft).current
            words = (
                say("next_planning", title=title, step=current.title(actor.lang)) if current else say("next_review", title=title)
            )
            return reply(words, *(await self.drafts.show_current(actor, draft)).views, focus=Focus(draft.id))
        return await self.drafts.where_in_life(actor, draft)

    @handles(ActionName.DECISION)
    async def decision(self, actor: Actor, action: DecisionAsked) -> Reply:
        """The card that records the nämnd's decision, once there is a proposal for it to decide on; typed with the
        decision in words, with what they give it."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        phase = self.s.routine.phase(self.s.routine.lifecycle.decision)
        progress = self.phases.progress(draft)
        if not Phases.started(draft) or phase is None or not progress.has(phase):
            return about_draft("decision_not_yet", draft, NextStep(ActionName.RESUME, draft.id), NextStep(ActionName.LIST))
        return await self.drafts.phase_told(actor, draft, phase, progress, action.text)

    @handles(ActionName.HISTORY)
    async def history(self, actor: Actor, action: OnDraft) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            entries = await tx.history.for_draft(draft.id, HISTORY_SHOWN)
        return reply(HistoryView(draft.id, draft.title, self.phases.history(entries)))

    # --- the texts the bot writes for the official to send --------------------------------------------

    @staticmethod
    def _not_offered(key: str, draft: Draft) -> Reply:
        """Why a text or the redovisning cannot be written yet (`key`), and the way on: the next step."""
        return about_draft(key, draft, NextStep(ActionName.NEXT_STEP, draft.id), NextStep(ActionName.LIST))

    @handles(ActionName.TEXTS)
    async def texts(self, actor: Actor, action: OnDraft) -> Reply:
        """ "kan du ge mig en text att skicka ut?": the text the bot can write now, when it is one; the phases' card, with
        a button for each, when there are more; why not yet, and the way on, when there is none."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        progress = self.phases.progress(draft)
        offered = self.phases.offered(draft, progress) if Phases.started(draft) else ()
        if not offered:
            return self._not_offered("texts_not_yet", draft)
        if len(offered) > 1:
            return reply(self.phases.overview(draft, progress, actor.lang), focus=Focus(draft.id))
        return reply(TextView(draft.id, self.phases.letter(draft, offered[0], DOCUMENT_LANG, self.s.deadlines.today())))

    @handles(ActionName.TEXT)
    async def text(self, actor: Actor, action: OnText) -> Reply:
        """The text written from the draft, in Swedish (what is sent), to copy, or in the language the card asks for, to
        read; with its Word download."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        spec = self.phases.text(draft, action.text)
        if spec is None:
            return self._not_offered("text_not_yet", draft)
        return reply(TextView(draft.id, self.phases.letter(draft, spec, action.lang or DOCUMENT_LANG, self.s.deadlines.today())))

    @handles(ActionName.TEXT_DOCX)
    async def text_docx(self, actor: Actor, action: OnText) -> Reply:
        """A one-day link bound to the owner: the text as a Word document, in Swedish (and in the chat's
        language, to read, when that is another)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            spec = self.phases.text(draft, action.text)
            if spec is None:
                return self._not_offered("text_not_yet", draft)
            page = await self.sharing.owner_link(tx, draft, actor)
        return reply(LinkView("text_docx_ready", docx_links("btn_text_docx_sv", f"{page}/{text_docx_path(spec.id)}", actor.lang)))

    # --- the redovisning for the nämnd -------------------------------------------------------------------

    @handles(ActionName.REPORT)
    async def report(self, actor: Actor, action: OnDraft) -> Reply:
        """One-day links bound to the owner: the redovisning as Word (Swedish, and the chat's language to read
        when that is another) and as PDF/A, and the way back to the dialogue beside them; or why it cannot be written
        yet, and the way on."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if not self.phases.report_offered(draft, self.phases.progress(draft)):
                return self._not_offered("report_not_yet", draft)
            page = await self.sharing.owner_link(tx, draft, actor)
        documents = DocumentLinks(page, actor.lang, docx=redovisning.DOCX, pdf=redovisning.PDF)
        word, *own_lang = documents.words("btn_docx_sv")
        back = NextStepsView((), (NextStep(ActionName.NEXT_STEP, draft.id), NextStep(ActionName.PHASES, draft.id)))
        return reply(LinkView("report_ready", (word, documents.pdf_link("btn_pdf"), *own_lang)), back, focus=Focus(draft.id))
