"""What every feature shares: the services a use case needs, the ownership guard, and the open-call guard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from dialogs.actions import ActionName, InputValue
from dialogs.actor import Actor
from dialogs.calls import Call, CallStatus
from dialogs.deadlines import Deadlines, Signature
from dialogs.documents.initiative_answer import build_initiative_answer, owes_answer
from dialogs.documents.proposal import DOCUMENT_LANG, Proposal, build_proposal
from dialogs.draft import Draft, DraftStatus
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.language import Lang
from dialogs.matching import RoutineQuestions
from dialogs.messages import Messages
from dialogs.ports import Clock, Directory, Notifier, PageCounter, UnitOfWork, UnitOfWorkFactory
from dialogs.proposal_versions import MeetingMoved, ProposalVersion
from dialogs.routine import Routine, Step
from dialogs.schedule import STOCKHOLM
from dialogs.shown import shown_card
from dialogs.views import NextStep, NextStepsView, Reply, reply, say
from dialogs.wizard import Progress, Wizard


class DraftNotFound(Exception):
    """No such draft among the user's own (it may not exist, or belong to someone else: the two look the same)."""


class CallClosed(Exception):
    """A call past its cut-off, which the user tried to watch or apply to; answered once, in dialogs/conversation.py,
    with `refusal` (a message of its own for each: watching and applying are refused in different words)."""

    def __init__(self, call: Call, refusal: str) -> None:
        super().__init__(call.id)
        self.call = call
        self.refusal = refusal


@dataclass(frozen=True)
class Services:
    routine: Routine
    messages: Messages
    wizard: Wizard
    questions: RoutineQuestions
    deadlines: Deadlines
    uow: UnitOfWorkFactory
    notifier: Notifier
    directory: Directory
    clock: Clock
    public_base_url: str
    share_days: int
    letter_pages: PageCounter  # how many A4 pages a letter takes, as rendered (the motivation's check)


async def own_draft(tx: UnitOfWork, actor: Actor, draft_id: str | None) -> Draft:
    """The draft if it exists and belongs to this user; otherwise DraftNotFound. The user's focus is read with it:
    a turn that keeps them on the draft (keep_focus) then writes no focus."""
    draft = await tx.drafts.get(draft_id, actor) if draft_id else None
    if draft is None or draft.owner_id != actor.id:
        raise DraftNotFound(draft_id)
    return draft


def about_draft(key: str, draft: Draft, *ways: NextStep) -> Reply:
    """Words about the draft (`key`, given its title) with the ways on: why what was asked for is not there yet, or
    that the draft was kept."""
    return reply(NextStepsView((say(key, title=draft.title or say("untitled")),), ways))


async def open_call(s: Services, tx: UnitOfWork, actor: Actor, call_id: str, refusal: str) -> Call:
    """The call while it is open (CallNotFound when the user may not see it); CallClosed, saying `refusal`, after its
    cut-off."""
    call = await s.deadlines.get(tx, actor.id, call_id)
    if s.deadlines.status(call) == CallStatus.CLOSED:
        raise CallClosed(call, refusal)
    return call


async def keep_focus(tx: UnitOfWork, actor: Actor, answer: Reply) -> Reply:
    """Remember in `tx` which draft the user now works on in this conversation (the reply's focus), or that they
    left the one they worked on (its `left`), and the card the reply ends with (dialogs/shown.py); the reply, kept. A
    use case whose reply is ready inside its unit of work calls it there (one transaction for the turn, and no statement
    when neither changed); the conversation calls it in a unit of work of its own for any other reply."""
    if answer.focus is not None:
        await tx.focus.set(actor.conversation_id, actor.id, answer.focus)
    elif answer.left is not None:
        focus = await tx.focus.get(actor.conversation_id, actor.id)
        if focus is not None and focus.draft_id == answer.left:
            await tx.focus.set(actor.conversation_id, actor.id, None)
    await tx.focus.show(actor.conversation_id, actor.id, shown_card(answer))
    return replace(answer, focus=None, left=None, kept=True)


async def save_draft(s: Services, tx: UnitOfWork, draft: Draft, before: Signature, lang: Lang) -> Draft:
    """Store the draft (version-checked) and, in the same transaction, keep its reminders in step with
    its dates when they changed. `before` is `s.deadlines.signature(draft)` taken before the change."""
    saved = await tx.drafts.save(draft)
    if s.deadlines.signature(saved) != before:
        await s.deadlines.sync_draft(tx, saved, lang, role_before=before.role)
    return saved


async def keep_typed(tx: UnitOfWork, draft: Draft, step_id: str, inputs: Mapping[str, InputValue]) -> None:
    """What was typed on a step's (or a phase's) card whose save was refused, kept with the draft: the card shows it
    again wherever it is opened ("Fortsätt utkastet"), until the step is saved (`without_typed`)."""
    draft.typed[step_id] = dict(inputs)
    await tx.drafts.keep_typed(draft)


def without_typed(draft: Draft, step_id: str) -> dict[str, dict[str, InputValue]]:
    """The draft's kept inputs, but for the step now saved."""
    return {step: inputs for step, inputs in draft.typed.items() if step != step_id}


def parked_with_proposal(draft: Draft) -> bool:
    """A draft parked after its proposal was created: the proposal is still shown, said to be parked."""
    return draft.status == DraftStatus.PARKED and draft.proposal_created_at is not None


def has_proposal(draft: Draft) -> bool:
    """Whether the draft has a proposal to show and download: proposed, or parked after its proposal. A draft being
    worked on has none, also one a change left incomplete after its proposal (it is a draft to finish again)."""
    return draft.proposal_created_at is not None and (draft.status == DraftStatus.PROPOSED or parked_with_proposal(draft))


def parked_notice(draft: Draft, key: str, *ways: NextStep) -> NextStepsView:
    """That the draft is parked (`key`, given its title), with the way back to it first."""
    return NextStepsView((say(key, title=draft.title or say("untitled")),), (NextStep(ActionName.RESUME, draft.id), *ways))


def proposal_of(s: Services, draft: Draft, lang: Lang) -> Proposal | None:
    """The proposal of a draft that has one (has_proposal), built from the draft as of the day it was created: a
    proposal from before its versions were kept (None when there is none)."""
    if draft.proposal_created_at is None or not has_proposal(draft):
        return None
    day = draft.proposal_created_at.astimezone(STOCKHOLM).date()
    return build_proposal(s.routine, draft, s.wizard.progress(draft).steps, lang, day)


def proposal_from(s: Services, draft: Draft, version: ProposalVersion, lang: Lang) -> Proposal:
    """The proposal as this version of it was created: from the answers it kept, as of its day."""
    kept = version.draft(draft)
    day = version.created_at.astimezone(STOCKHOLM).date()
    return build_proposal(s.routine, kept, s.wizard.progress(kept).steps, lang, day)


async def meeting_moved(s: Services, tx: UnitOfWork, draft: Draft) -> MeetingMoved | None:
    """The nämnd's meeting the newest version of the draft's proposal names, when the draft names another now (the phase
    "Till nämnden" recorded or corrected it); None when it names the same, or there is no version. A version is a
    snapshot: it is never changed, a new one holds the new date."""
    newest = await tx.proposal_versions.newest(draft.id) if draft.proposal_created_at is not None else None
    now = proposal_of(s, draft, DOCUMENT_LANG) if newest is not None else None
    if newest is None or now is None:
        return None
    was = proposal_from(s, draft, newest, DOCUMENT_LANG).header.meeting
    return MeetingMoved(newest.number, was, now.header.meeting) if was != now.header.meeting else None


def owed_answer(s: Services, draft: Draft, progress: Progress | None = None) -> tuple[tuple[Step, ...], Step] | None:
    """The steps and the failing gate of a draft still owed an answer in a tjänsteutlåtande: an external initiative
    stopped at a gate (dialogs/documents/initiative_answer.py); None for any other draft. `progress`: the draft's,
    when computed already."""
    progress = progress or s.wizard.progress(draft)
    gate = progress.gate
    return (progress.steps, gate) if gate is not None and owes_answer(s.routine, draft.answers, gate) else None


async def answer_withdrawn(s: Services, tx: UnitOfWork, draft: Draft) -> bool:
    """An answer to the draft's external initiative was written, and the draft owes none now: its answers changed
    since (the gate passes, or the initiative is no longer an external one)."""
    return owed_answer(s, draft) is None and answered(await tx.history.for_drafts([draft.id])) is not None


def answered(history: Sequence[HistoryEntry]) -> HistoryEntry | None:
    """The newest creation of the answer to an external initiative (its number: the draft's version it was written from)."""
    return next((e for e in reversed(history) if e.kind == HistoryKind.ANSWERED), None)


def initiative_answer(
    s: Services, draft: Draft, owed: tuple[tuple[Step, ...], Step], created: HistoryEntry, lang: Lang
) -> Proposal | None:
    """The answer to the draft's external initiative (`owed`: its steps and gate), dated as `answer_day` says."""
    return build_initiative_answer(s.routine, draft, *owed, lang, answer_day(s, draft, created))


def answer_day(s: Services, draft: Draft, created: HistoryEntry) -> date:
    """The day of the answer to an external initiative: it follows the draft's answers, so it is the day it was
    `created` only while the draft is the version it was written from; after a change, today (the services' clock)."""
    written = created.at if created.number == draft.version else s.clock()
    return written.astimezone(STOCKHOLM).date()


async def document_of(s: Services, tx: UnitOfWork, draft: Draft, lang: Lang) -> Proposal | None:
    """The draft's document for the nämnd behind its links: the proposal, else the answer to its external initiative
    once created (and while the draft stands at its gate)."""
    proposal = proposal_of(s, draft, lang)
    owed = owed_answer(s, draft) if proposal is None else None
    if owed is None:
        return proposal
    created = answered(await tx.history.for_drafts([draft.id]))
    return initiative_answer(s, draft, owed, created, lang) if created else None


async def chosen_version(tx: UnitOfWork, draft: Draft, number: int) -> tuple[ProposalVersion, ProposalVersion | None] | None:
    """Version `number` of the draft's proposal and the newest one when that is a later one; None: no such version."""
    chosen = await tx.proposal_versions.get(draft.id, number)
    if chosen is None:
        return None
    newest = await tx.proposal_versions.newest(draft.id)
    return chosen, (newest if newest is not None and newest.number > number else None)
