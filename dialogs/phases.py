"""The dialogue's life after the proposal: its phases (the routine's `lifecycle`), each a card that the one step
mechanism (dialogs/wizard.py) validates and applies as it does a planning step. Where a dialogue stands is
computed from its answers, as for the steps: the phases that apply to it, the first not recorded, and a phase
whose answer ended it (a rejected proposal). With every phase recorded it is closed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dialogs.actions import ActionName, InputValue
from dialogs.documents.letters import Letter, build_letter
from dialogs.documents.proposal import Proposal, ReviewedBy
from dialogs.documents.redovisning import build_redovisning, report_ready
from dialogs.draft import Draft, DraftStatus
from dialogs.fields import FieldError
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.language import Lang
from dialogs.routine import DutyRef, Phase, ReviewSpec, Step, TextSpec
from dialogs.schedule import STOCKHOLM
from dialogs.share import Reviewed
from dialogs.views import Approval, HistoryLine, NextStep, NextStepsView, Notice, PhasesView, PhaseView, ReviewSection, say
from dialogs.wizard import Wizard


@dataclass(frozen=True)
class PhaseProgress:
    phases: tuple[Phase, ...]  # the phases the dialogue goes through; none after one that ended it
    current: Phase | None  # the first phase not recorded; None: closed
    ended: Phase | None  # a recorded phase whose answer closes the dialogue (the nämnd rejected the proposal)

    @property
    def closed(self) -> bool:
        return self.current is None

    @property
    def rejected(self) -> bool:
        return self.closed and self.ended is not None

    def position(self, step: Step) -> tuple[int, int]:
        ids = [p.id for p in self.phases]
        return (ids.index(step.id) + 1 if step.id in ids else len(ids), len(ids))

    def has(self, step: Step) -> bool:
        return any(p.id == step.id for p in self.phases)


class Phases:
    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard
        self.routine = wizard.routine

    @staticmethod
    def started(draft: Draft) -> bool:
        """Whether the draft has reached its life after the proposal (it has a proposal)."""
        return draft.status == DraftStatus.PROPOSED

    def decided(self, draft: Draft) -> bool:
        """Whether the nämnd's decision on the proposal is recorded: from then on the plan is the one decided (parked
        or not)."""
        return self.routine.lifecycle.decision in draft.done

    def own_review(self, draft: Draft, review: ReviewSpec) -> Notice | None:
        """Why the review is the owner's, when their role is the reviewer's (`lifecycle.reviews`): there is no one to send
        it to, and no approval to wait for. None otherwise."""
        role = self.routine.role(review.reviewer) if draft.role == review.reviewer else None
        return say(review.key("review_yours"), role=role.name) if role else None

    def quote(self, ref: DutyRef | None) -> tuple[Notice, ...]:
        """The routine's line of responsibility that `ref` names, quoted with its role (none when there is none)."""
        found = self.routine.duty(ref) if ref else None
        return (say("routine_duty", role=found[0].name, duty=found[1]),) if found else ()

    def plan_kept(self, draft: Draft) -> NextStepsView:
        """Why a decided plan is not changed (a step edited, a new version of the proposal), quoting the routine, and
        the ways on: where the dialogue stands and the proposal the nämnd decided on."""
        notices = (say("plan_decided", title=draft.title or say("untitled")), *self.quote(self.routine.lifecycle.decided_plan))
        return NextStepsView(notices, (NextStep(ActionName.PHASES, draft.id), NextStep(ActionName.SHOW_PROPOSAL, draft.id)))

    @staticmethod
    def approval(history: Sequence[HistoryEntry], review: ReviewSpec) -> Approval | None:
        """The reviewer's approval of the document as it stands: the last answer to its review, unless it sent the
        document back or the document changed after it (a new version of the proposal; a phase the redovisning is
        written from corrected)."""
        changed = HistoryKind.PROPOSED if review.document is Reviewed.PROPOSAL else HistoryKind.PHASE_CORRECTED
        approved = None
        for entry in history:
            ours = entry.phase == review.noted
            if entry.kind == HistoryKind.REVIEW_APPROVED and ours:
                approved = Approval(entry.who_name, entry.at)
            elif (entry.kind == HistoryKind.REVIEW_RETURNED and ours) or entry.kind == changed:
                approved = None
        return approved

    def progress(self, draft: Draft) -> PhaseProgress:
        phases: list[Phase] = []
        ended = None
        for phase in self.routine.phases:
            if not phase.applies(draft.answers):
                continue
            phases.append(phase)
            if phase.id in draft.done and phase.ends and phase.ends.when.holds(draft.answers):
                ended = phase
                break
        current = next((p for p in phases if not self.wizard.complete(p, draft)), None)
        return PhaseProgress(tuple(phases), current, ended)

    def role_moved(self, draft: Draft, role_id: str | None, person_id: str) -> Notice | None:
        """Why `person_id` no longer acts in a role of the routine the owner gives in this dialogue (`role_id`; None: any
        they were given): the owner has given it to someone else since. Naming who has it now, in the dialogue's words;
        None while it is theirs (or no one else's)."""
        held = [(r, p) for r, p in draft.assigned.items() if role_id in (None, r)]
        if not held or any(p.id == person_id for _, p in held):
            return None
        role_key, holder = held[0]
        role = self.routine.role(role_key)
        return say("role_moved", role=role.name if role else role_key, title=draft.title or say("untitled"), name=holder.name)

    @staticmethod
    def ahead(draft: Draft, progress: PhaseProgress, role: str) -> tuple[Phase, ...]:
        """The phases the role can be given (the routine's `assign`) that are still to be recorded in this dialogue (of
        `progress`, its phases): those whose reminders a person given the role gets."""
        return tuple(p for p in progress.phases if p.assign == role and p.id not in draft.done)

    def hidden(self, draft: Draft, progress: PhaseProgress) -> tuple[Phase, ...]:
        """The phases recorded but not gone through since a phase ended the dialogue before them: kept, and shown again
        when that phase's answer is corrected back."""
        return tuple(p for p in self.routine.phases if p.id in draft.done and p.applies(draft.answers) and not progress.has(p))

    def phase_view(
        self,
        draft: Draft,
        phase: Phase,
        progress: PhaseProgress,
        typed: Mapping[str, InputValue] | None = None,
        errors: Mapping[str, FieldError] | None = None,
        hides: tuple[Phase, ...] = (),
    ) -> PhaseView:
        """The phase's card: its answers so far, or after a refused save what was typed and the errors; `hides`: the
        recorded phases the answers typed would hide, to be confirmed."""
        spec = self.routine.lifecycle.report
        report = spec is not None and spec.phase == phase.id and self.report_offered(draft, progress)
        form = self.wizard.step_view(draft, phase, progress, typed, errors)
        review = self.routine.lifecycle.review_on(phase.id)
        if review is not None and review.document is Reviewed.REPORT and not report:
            review = None  # the redovisning is sent for review once it can be written
        assignee = None
        if phase.assign and self.ahead(draft, progress, phase.assign):  # a role is given for what is still to be done
            assignee = person.name if (person := draft.assigned.get(phase.assign)) else ""
        own_review = self.own_review(draft, review) if review else None
        texts = self.offered(draft, progress, phase)
        return PhaseView(form, phase, texts, report, review, assignee, own_review=own_review, hides=hides)

    def overview(self, draft: Draft, progress: PhaseProgress, lang: Lang) -> PhasesView:
        """Every recorded phase with its answers (to read, or to correct), where the dialogue stands, and
        for a closed one why: all done, or the phase that ended it and the reason given."""
        sections = tuple(ReviewSection(p, self.wizard.shown(p, draft, lang)) for p in progress.phases if p.id in draft.done)
        reason = ""
        if progress.rejected and progress.ended and progress.ended.ends:
            reason = str(draft.answers.get(progress.ended.ends.reason) or "")
        texts = self.offered(draft, progress)
        report = self.report_offered(draft, progress)
        kept = self.hidden(draft, progress)
        return PhasesView(
            draft.id, draft.title, draft.version, sections, progress.current, progress.ended, reason, texts, report, kept
        )

    def offered(self, draft: Draft, progress: PhaseProgress, phase: Phase | None = None) -> tuple[TextSpec, ...]:
        """The texts the bot can write for this dialogue now (on a phase's card: those of that phase): none of a phase
        the dialogue no longer goes through (a rejected proposal is not informed of), unless written after its end."""
        ids = {p.id for p in progress.phases}
        return tuple(
            t
            for t in self.routine.lifecycle.texts
            if t.offered(draft.answers, draft.done)
            and (t.phase in ids or (t.after_ending and progress.ended is not None))
            and (phase is None or t.phase == phase.id)
        )

    def text(self, draft: Draft, text_id: str) -> TextSpec | None:
        """The text of that id, if the bot can write it for this dialogue now."""
        if not Phases.started(draft):
            return None
        return next((t for t in self.offered(draft, self.progress(draft)) if t.id == text_id), None)

    def letter(self, draft: Draft, spec: TextSpec, lang: Lang, today: date) -> Letter:
        """The text written from the draft's answers: its planning steps' and its phases'."""
        steps = (*self.wizard.progress(draft).steps, *self.progress(draft).phases)
        return build_letter(self.routine, draft, steps, spec, lang, today)

    def report_offered(self, draft: Draft, progress: PhaseProgress) -> bool:
        """Whether the redovisning can be written for this dialogue now (not for one the nämnd rejected)."""
        return Phases.started(draft) and not progress.rejected and report_ready(self.routine, draft.done)

    def redovisning(self, draft: Draft, lang: Lang, today: date, history: Sequence[HistoryEntry]) -> Proposal | None:
        """The redovisning for the nämnd, from the planning steps' and the phases' answers, and saying that it was
        reviewed only when its review (in the dialogue's `history`) approved it as it stands; None before it can be."""
        progress = self.progress(draft)
        if not self.report_offered(draft, progress):
            return None
        review = self.routine.lifecycle.review(Reviewed.REPORT)
        approved = self.approval(history, review) if review else None
        reviewed = ReviewedBy(approved.who, approved.at.astimezone(STOCKHOLM).date()) if approved else None
        steps = (*self.wizard.progress(draft).steps, *progress.phases)
        return build_redovisning(self.routine, draft, steps, lang, today, reviewed)

    def history(self, entries: Sequence[HistoryEntry]) -> tuple[HistoryLine, ...]:
        """A dialogue's history as it is shown, in the chat and on its page."""
        return tuple(HistoryLine(e.at, e.who_name, e.kind, self.routine.phase(e.phase), e.note, e.number) for e in entries)

    def current_view(self, draft: Draft, progress: PhaseProgress, lang: Lang) -> PhaseView | PhasesView:
        """The card for where the dialogue stands: its next phase, or the closed file."""
        if progress.current is None:
            return self.overview(draft, progress, lang)
        return self.phase_view(draft, progress.current, progress)
