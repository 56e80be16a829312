"""Reminders: the user's coming reminders, watching (an open call) and un-watching a call, and
Klar / Påminn mig i morgon on a reminder card."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.actions import Action, ActionName, DeadlineDaysSave, OnCall, OnDeadline, OnReminder, WatchSave
from dialogs.actor import Actor
from dialogs.deadlines import days_until, read_key
from dialogs.draft import Draft
from dialogs.features.base import Services, open_call, own_draft
from dialogs.language import Lang
from dialogs.phases import Phases
from dialogs.ports import UnitOfWork
from dialogs.reminder import Reminder, Subscription
from dialogs.router import handles
from dialogs.schedule import DEFAULT_OFFSETS, STOCKHOLM, parse_offsets, snooze_until
from dialogs.views import (
    DeadlineDaysView,
    DeadlineReminders,
    DeadlineSource,
    NextStep,
    NextStepsView,
    ReminderGroup,
    RemindersView,
    Reply,
    WatchView,
    reply,
    say,
    when,
)

UPCOMING = 500  # the most reminders read for the list
DEADLINES_SHOWN = 15  # the nearest deadlines listed (a card must stay under a Teams message's size); the rest counted


def _days(offsets: Sequence[int]) -> str:
    """The days before a date that its reminders come, as the form shows them and they are typed: "14, 7, 1"."""
    return ", ".join(str(o) for o in offsets)


class Reminders:
    def __init__(self, services: Services) -> None:
        self.s = services
        self.phases = Phases(services.wizard)

    async def _own(self, tx: UnitOfWork, actor: Actor, reminder_id: str) -> Reminder | None:
        reminder = await tx.reminders.get(reminder_id)
        return reminder if reminder and reminder.owner_id == actor.id else None

    async def _role_moved(self, tx: UnitOfWork, actor: Actor, reminder: Reminder) -> Reply | None:
        """A reminder of a phase whose role (the kommunikatör's) is someone else's now than the reader's: the owner gave
        it to another person after the card came. Klar or Påminn mig i morgon would act in a role that is not theirs:
        refused, naming who has it now, with the ways on (their reminders; the owner, the dialogue's phases)."""
        key = read_key(reminder.deadline_key)
        phase = self.s.deadlines.phase_due(key.kind) if key.source == DeadlineSource.DRAFT else None
        draft = await tx.drafts.get(key.ref) if phase and phase.assign else None
        moved = self.phases.role_moved(draft, phase.assign, actor.id) if draft and phase else None
        if draft is None or moved is None:
            return None
        way = NextStep(ActionName.PHASES, draft.id) if draft.owner_id == actor.id else NextStep(ActionName.HELP)
        return reply(NextStepsView((moved, say("reminder_not_yours")), (NextStep(ActionName.REMINDERS), way)))

    async def _upcoming(self, tx: UnitOfWork, actor: Actor) -> RemindersView:
        """Grouped by dialogue and deadline, each deadline with when its reminders come (those already due go
        out at the next check, so no time in the past is shown)."""
        now = self.s.clock()
        found = await tx.reminders.upcoming(actor.id, UPCOMING + 1)
        by_deadline: dict[str, list[Reminder]] = {}
        for r in found[:UPCOMING]:
            by_deadline.setdefault(r.deadline_key, []).append(r)
        hidden = len(by_deadline) - DEADLINES_SHOWN
        groups: dict[tuple[str, str], list[DeadlineReminders]] = {}  # by the draft (or call) itself: titles repeat
        for reminders in list(by_deadline.values())[:DEADLINES_SHOWN]:
            deadline = await self.s.deadlines.describe(tx, reminders[0])
            due = tuple(r.due_at for r in reminders if r.due_at > now)
            line = DeadlineReminders(deadline, reminders[0].id, due, due_now=len(due) < len(reminders))
            owner = deadline.draft_id or (deadline.call.id if deadline.call else "")
            groups.setdefault((owner, deadline.about), []).append(line)
        more = f"{hidden}+" if len(found) > UPCOMING else str(hidden) if hidden > 0 else ""
        return RemindersView(tuple(ReminderGroup(about, tuple(lines)) for (_, about), lines in groups.items()), more)

    @handles(ActionName.REMINDERS)
    async def upcoming(self, actor: Actor, action: Action) -> Reply:
        async with self.s.uow() as tx:
            return reply(await self._upcoming(tx, actor))

    @handles(ActionName.WATCH)
    async def watch(self, actor: Actor, action: OnCall) -> Reply:
        """The form with the days the user chose before when they watch the call already, else the defaults."""
        async with self.s.uow() as tx:
            call = await open_call(self.s, tx, actor, action.call, "call_closed")
            watching = [s for s in await tx.subscriptions.for_owner(actor.id) if s.call_id == call.id]
        offsets = watching[0].offsets if watching else DEFAULT_OFFSETS
        return reply(WatchView(call, _days(offsets), in_channel=not actor.personal))

    @handles(ActionName.WATCH_SAVE)
    async def watch_save(self, actor: Actor, action: WatchSave) -> Reply:
        async with self.s.uow() as tx:
            call = await open_call(self.s, tx, actor, action.call, "call_closed")
            offsets = parse_offsets(action.offsets)
            if offsets is None:
                return reply(WatchView(call, action.offsets, in_channel=not actor.personal, error=True))
            here = action.here and not actor.personal
            subscription = Subscription(actor.id, call.id, offsets, actor.lang, actor.conversation_id if here else "")
            count = await self.s.deadlines.watch(tx, subscription)
            upcoming = await self._upcoming(tx, actor)
        return reply(say("watch_saved" if count else "watch_nothing_ahead", title=call.title, count=count), upcoming)

    def _days_view(self, draft: Draft, field_id: str, lang: Lang, offsets: str, error: bool = False) -> DeadlineDaysView:
        f = self.s.routine.field(field_id)
        what = f.label(lang) if f else field_id
        return DeadlineDaysView(draft.id, field_id, what, draft.title, offsets, error)

    @handles(ActionName.DEADLINE_DAYS)
    async def deadline_days(self, actor: Actor, action: OnDeadline) -> Reply:
        """The form for the days before one of the user's draft's dates that its reminders come: as chosen before,
        else the defaults."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            chosen = (await tx.deadline_offsets.for_draft(draft.id)).get(action.field, DEFAULT_OFFSETS)
        if self.s.deadlines.remind_field(action.field) is None:
            return reply(say("reminder_not_found"))
        return reply(self._days_view(draft, action.field, actor.lang, _days(chosen)))

    @handles(ActionName.DEADLINE_DAYS_SAVE)
    async def deadline_days_save(self, actor: Actor, action: DeadlineDaysSave) -> Reply:
        """Kept for the draft and that date: its reminders are planned again now, and again when the date changes."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            field_id = self.s.deadlines.remind_field(action.field)
            if field_id is None:
                return reply(say("reminder_not_found"))
            offsets = parse_offsets(action.offsets)
            if offsets is None:
                return reply(self._days_view(draft, field_id, actor.lang, action.offsets, error=True))
            await tx.deadline_offsets.set(draft.id, field_id, offsets)
            await self.s.deadlines.sync_draft(tx, draft, actor.lang)
            upcoming = await self._upcoming(tx, actor)
        view = self._days_view(draft, field_id, actor.lang, "")
        saved = say("deadline_days_saved", what=view.what, title=draft.title or say("untitled"), days=_days(offsets))
        return reply(saved, upcoming)

    @handles(ActionName.UNWATCH)
    async def unwatch(self, actor: Actor, action: OnCall) -> Reply:
        """Stop watching: the watch and its coming reminders go (also of a call no longer in the calendar)."""
        async with self.s.uow() as tx:
            call = await self.s.deadlines.find(tx, actor.id, action.call)
            watched = any(s.call_id == action.call for s in await tx.subscriptions.for_owner(actor.id))
            if call is None and not watched:
                return reply(say("call_not_found"))
            await self.s.deadlines.unwatch(tx, actor.id, action.call)
        return reply(say("unwatched", title=call.title if call else action.call))

    @handles(ActionName.REMINDER_DONE)
    async def done(self, actor: Actor, action: OnReminder) -> Reply:
        """'Klar': the deadline is handled; its remaining reminders are cancelled."""
        async with self.s.uow() as tx:
            reminder = await self._own(tx, actor, action.reminder)
            if reminder and (refused := await self._role_moved(tx, actor, reminder)):
                return refused
            if reminder:
                await tx.reminders.cancel_deadline(actor.id, reminder.deadline_key)
        return reply(say("reminder_done" if reminder else "reminder_not_found"))

    @handles(ActionName.REMINDER_SNOOZE)
    async def snooze(self, actor: Actor, action: OnReminder) -> Reply:
        """'Påminn mig i morgon': the same reminder again at 09:00 the next working day."""
        now = self.s.clock()
        async with self.s.uow() as tx:
            reminder = await self._own(tx, actor, action.reminder)
            if reminder is None:
                return reply(say("reminder_not_found"))
            if refused := await self._role_moved(tx, actor, reminder):
                return refused
            due = snooze_until(now)
            r = reminder
            await tx.reminders.add(
                Reminder(r.owner_id, r.deadline_key, r.deadline, -1, due, r.lang, r.conversation_id, next_attempt_at=due)
            )
        return reply(say("reminder_snoozed", when=when(days_until(due.astimezone(STOCKHOLM).date(), now))))
