"""Roles along the way: the owner gives a person the role a phase can be given (the routine's `assign`: the
kommunikatör of the information and the feedback). The phases of that role still ahead are then theirs: their
reminders (dialogs/deadlines.py) go to that person instead of the owner, and the person is told in Teams, with a link
of their own to read the dialogue (a share of its own kind, `Access.ROLE`). The change is kept in the dialogue's
history; the owner can give the role to someone else, whose reminders then move. The former holder's link then stops
working, and it and their reminder cards' buttons say who has the role now (features/sharing.py, features/reminders.py)."""

from __future__ import annotations

from dialogs.actions import ActionName, AssignAsked, AssignSave
from dialogs.actor import Actor, Focus
from dialogs.draft import Assignee, Draft
from dialogs.features.base import Services, own_draft
from dialogs.features.drafts import Drafts
from dialogs.features.sharing import Sharing, find_recipient, refused_recipient
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.language import LANGS
from dialogs.phases import Phases
from dialogs.router import handles
from dialogs.routine import Phase, Routine, Text
from dialogs.share import Access
from dialogs.views import AssignFormView, Notice, Reply, RoleGivenView, reply, say


def role_ahead(routine: Routine, phases: Phases, draft: Draft, phase_id: str) -> tuple[Phase, tuple[Phase, ...]] | None:
    """The phase and the phases of its role still ahead, if the dialogue has reached its life after the proposal and
    the phase's role can be given: some phase of that role is still ahead."""
    phase = routine.phase(phase_id)
    if phase is None or not phase.assign or not Phases.started(draft):
        return None
    ahead = Phases.ahead(draft, phases.progress(draft), phase.assign)
    return (phase, ahead) if ahead else None


class Roles:
    def __init__(self, services: Services, drafts: Drafts, sharing: Sharing) -> None:
        self.s = services
        self.drafts = drafts
        self.sharing = sharing

    def _phase(self, draft: Draft, phase_id: str) -> tuple[Phase, tuple[Phase, ...]] | None:
        return role_ahead(self.s.routine, self.drafts.phases, draft, phase_id)

    @staticmethod
    def _form(
        actor: Actor, draft: Draft, phase: Phase, ahead: tuple[Phase, ...], person: str = "", error: Notice | None = None
    ) -> AssignFormView:
        current = draft.assigned.get(phase.assign or "")
        return AssignFormView(
            draft.id, draft.title, phase, ahead, actor.people_picker, current.name if current else "", person, error
        )

    @handles(ActionName.ASSIGN)
    async def form(self, actor: Actor, action: AssignAsked) -> Reply:
        """The card to give the phase's role, a name typed with it ("Karin ska ha kommunikatörsrollen") in its person
        field where that is a text field (Teams' people picker takes only a person it finds); where the dialogue stands
        when the role can no longer be given."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        found = self._phase(draft, action.step)
        if found is None:
            return await self.drafts.show_current(actor, draft)
        person = "" if actor.people_picker else action.person
        return reply(self._form(actor, draft, *found, person=person), focus=Focus(draft.id))

    @handles(ActionName.ASSIGN_SAVE)
    async def save(self, actor: Actor, action: AssignSave) -> Reply:
        """The person gets the role (and its phases' reminders, moved from whoever had them); someone who
        cannot be found, or the owner, is refused beside the field with what was typed kept."""
        person = action.person.strip()
        recipient = await find_recipient(self.s, actor, person)
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            phase, ahead = self._phase(draft, action.step) or (None, ())
            if phase is None or phase.assign is None:
                return await self.drafts.show_current(actor, draft, tx=tx)
            refused = await refused_recipient(
                tx, self.s, actor, recipient, not_self="err_assign_self", limited=False, must_reach="err_assign_unreachable"
            )
            if recipient is None or refused is not None:
                return reply(self._form(actor, draft, phase, ahead, person, refused))
            former = draft.assigned.get(phase.assign)
            draft.assigned[phase.assign] = Assignee(recipient.id, recipient.name)
            draft = await tx.drafts.save(draft)
            await self.s.deadlines.sync_draft(tx, draft, actor.lang, former=(former.id,) if former else ())
            if former is not None:
                await self.sharing.revoke_role_links(tx, draft, former.id)  # their link says who has the role now
            entry = HistoryEntry(
                draft.id, HistoryKind.ASSIGNED, self.s.clock(), actor.id, actor.shown_name, phase.id, recipient.name
            )
            await tx.history.record(entry)
            # In the routine's words, worded in each reader's language: the owner's reply, the colleague's notice.
            phases = Text(**{lang: ", ".join(p.title(lang) for p in ahead) for lang in LANGS})
            role = self.s.routine.role(phase.assign)
            role_name: Text | str = role.name if role else phase.assign
            # A link of their own to read the dialogue, as a share's: under Delningar, to be revoked there.
            role_words = role.name(actor.lang) if role else phase.assign
            ask = self.s.messages("assign_share_ask", actor.lang, role=role_words, phases=phases(actor.lang))
            share, token = await self.sharing.new_link(tx, draft, recipient.id, recipient.name, Access.ROLE, ask)
        title = draft.title or say("untitled")
        told = say("assigned_you", owner=actor.shown_name, role=role_name, title=title, phases=phases)
        expires = share.expires_on
        notice = RoleGivenView(draft.id, told, self.sharing.link(token), expires)
        reached = await self.s.notifier.to_user(recipient.id, notice, actor.lang)
        return reply(
            say("assigned_done", name=recipient.name, role=role_name, phases=phases),
            say("share_notified" if reached else "share_not_reached", name=recipient.name),
            *(await self.drafts.show_current(actor, draft)).views,
            focus=Focus(draft.id),
        )
