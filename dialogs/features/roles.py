"""Roles along the way: the owner gives a person the role a phase can be given (the routine's `assign`: the
kommunikatör of the information and the feedback). The phases of that role are then theirs: their reminders
(dialogs/deadlines.py) go to that person instead of the owner, and the person is told in Teams. The change is
kept in the dialogue's history; the owner can give the role to someone else, whose reminders then move."""

from __future__ import annotations

from dialogs.actions import ActionName, AssignSave, OnStep
from dialogs.actor import Actor, Focus
from dialogs.draft import Assignee, Draft
from dialogs.features.base import Services, own_draft
from dialogs.features.drafts import Drafts
from dialogs.features.sharing import find_recipient, refused_recipient
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.language import LANGS
from dialogs.phases import Phases
from dialogs.router import handles
from dialogs.routine import Phase, Text
from dialogs.views import AssignFormView, NextStep, NextStepsView, Notice, Reply, reply, say


class Roles:
    def __init__(self, services: Services, drafts: Drafts) -> None:
        self.s = services
        self.drafts = drafts

    def _phase(self, draft: Draft, phase_id: str) -> Phase | None:
        """The phase, if the dialogue has reached its life after the proposal and the phase's role can be given."""
        phase = self.s.routine.phase(phase_id)
        return phase if phase and phase.assign and Phases.started(draft) else None

    def _form(self, actor: Actor, draft: Draft, phase: Phase, person: str = "", error: Notice | None = None) -> AssignFormView:
        same_role = tuple(p for p in self.s.routine.phases if p.assign == phase.assign)
        current = draft.assigned.get(phase.assign or "")
        return AssignFormView(
            draft.id, draft.title, phase, same_role, actor.people_picker, current.name if current else "", person, error
        )

    @handles(ActionName.ASSIGN)
    async def form(self, actor: Actor, action: OnStep) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        phase = self._phase(draft, action.step)
        if phase is None:
            return await self.drafts.show_current(actor, draft)
        return reply(self._form(actor, draft, phase), focus=Focus(draft.id))

    @handles(ActionName.ASSIGN_SAVE)
    async def save(self, actor: Actor, action: AssignSave) -> Reply:
        """The person gets the role (and its phases' reminders, moved from whoever had them); someone who
        cannot be found, or the owner, is refused beside the field with what was typed kept."""
        person = action.person.strip()
        recipient = await find_recipient(self.s, actor, person)
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            phase = self._phase(draft, action.step)
            if phase is None or phase.assign is None:
                return await self.drafts.show_current(actor, draft, tx=tx)
            refused = await refused_recipient(
                tx, self.s, actor, recipient, not_self="err_assign_self", limited=False, must_reach="err_assign_unreachable"
            )
            if recipient is None or refused is not None:
                return reply(self._form(actor, draft, phase, person, refused))
            former = draft.assigned.get(phase.assign)
            draft.assigned[phase.assign] = Assignee(recipient.id, recipient.name)
            draft = await tx.drafts.save(draft)
            await self.s.deadlines.sync_draft(tx, draft, actor.lang, former=(former.id,) if former else ())
            entry = HistoryEntry(
                draft.id, HistoryKind.ASSIGNED, self.s.clock(), actor.id, actor.shown_name, phase.id, recipient.name
            )
            await tx.history.record(entry)
        form = self._form(actor, draft, phase)
        # In the routine's words, worded in each reader's language: the owner's reply, the colleague's notice.
        phases = Text(**{lang: ", ".join(p.title(lang) for p in form.phases) for lang in LANGS})
        role = self.s.routine.role(phase.assign)
        role_name = role.name if role else phase.assign
        title = draft.title or say("untitled")
        told = say("assigned_you", owner=actor.shown_name, role=role_name, title=title, phases=phases)
        # The way on for them: their reminders, and the help (which answers what the role asks of them).
        ways = (NextStep(ActionName.REMINDERS), NextStep(ActionName.HELP))
        reached = await self.s.notifier.to_user(recipient.id, NextStepsView((told,), ways), actor.lang)
        return reply(
            say("assigned_done", name=recipient.name, role=role_name, phases=phases),
            say("share_notified" if reached else "share_not_reached", name=recipient.name),
            *(await self.drafts.show_current(actor, draft)).views,
            focus=Focus(draft.id),
        )
