"""Deadlines and the reminders planned for them: a draft's dates, watched calls, the routine's revision.

Pure planning over a unit of work: which reminders a deadline should have (dialogs/schedule.py says
when), keeping them in step with a draft's dates, and describing a reminder for the reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from dialogs.calls import Call, CallStatus
from dialogs.draft import Draft, DraftStatus
from dialogs.language import Lang
from dialogs.planning import CallPlan, MeetingPlan, load_meeting_plan, plan_back, plan_dates
from dialogs.ports import Clock, UnitOfWork
from dialogs.reminder import Reminder, Subscription
from dialogs.routine import Phase, Routine
from dialogs.schedule import DEFAULT_OFFSETS, STOCKHOLM, plan
from dialogs.views import Deadline, DeadlineSource


class CallNotFound(Exception):
    """No such call among those the user may see (the file's, and those added in the chat that are theirs to see);
    answered once, in dialogs/conversation.py, as a draft not found is."""


REVISION_ROLE = "stadsdelsdirektor"
REVISION_SECTION = "revision"  # the routine's section that gives its next revision


class Signature(NamedTuple):
    """What a draft's reminders depend on (Deadlines.signature): its dates, whether it is parked, the owner's role, the
    phases done, who holds which role."""

    dates: tuple[object, ...]
    parked: bool
    role: str
    done: tuple[bool, ...]
    assigned: tuple[tuple[str, str], ...]


def revision_day(routine: Routine) -> date | None:
    """The routine's next revision ("2025-02": by the first of that month), or None when it gives none."""
    text = routine.next_revision
    try:
        return date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        return None


def days_until(day: date, now: datetime) -> int:
    return (day - now.astimezone(STOCKHOLM).date()).days


def draft_prefix(draft_id: str) -> str:
    return f"draft:{draft_id}:"


def call_prefix(call_id: str) -> str:
    return f"call:{call_id}:"


class DeadlineKey(NamedTuple):
    """What a reminder's deadline key says: what it is about (a DeadlineSource), the draft's or call's id, and the
    draft's date field or the call's date ("" where the key has none)."""

    source: str
    ref: str
    kind: str


def read_key(deadline_key: str) -> DeadlineKey:
    """A reminder's deadline key (draft_prefix + the field, call_prefix + the call's date, or the revision's) read back."""
    source, ref, kind = [*deadline_key.split(":", 2), "", ""][:3]
    return DeadlineKey(source, ref, kind)


class Deadlines:
    def __init__(self, routine: Routine, calls: tuple[Call, ...], clock: Clock, meetings: MeetingPlan | None = None) -> None:
        self.routine = routine
        self.calls = {c.id: c for c in calls}
        self.clock = clock
        self.meetings = meetings or load_meeting_plan()
        self._remind_fields = [f for s in routine.steps for f in s.fields if f.kind == "date" and f.remind]
        self._phase_due = {p.deadline: p for p in routine.phases if p.deadline}  # date field -> the phase due by it

    async def find(self, tx: UnitOfWork, user_id: str, call_id: str) -> Call | None:
        """A call of the file, or one added in the chat that the user may see."""
        call = self.calls.get(call_id) or await tx.calls.get(call_id)
        return call if call and call.visible_to(user_id) else None

    async def get(self, tx: UnitOfWork, user_id: str, call_id: str) -> Call:
        """`find`, or CallNotFound."""
        if (call := await self.find(tx, user_id, call_id)) is None:
            raise CallNotFound(call_id)
        return call

    async def visible(self, tx: UnitOfWork, user_id: str) -> list[Call]:
        """The file's calls, then those added in the chat that the user may see."""
        return [*self.calls.values(), *await tx.calls.visible_to(user_id)]

    def today(self) -> date:
        return self.clock().astimezone(STOCKHOLM).date()

    def status(self, call: Call) -> CallStatus:
        return call.status(self.today())

    def plan(self, call: Call) -> CallPlan:
        """Planning back from the call's cut-off against the nämnd's sammanträdesplan."""
        return plan_back(call, self.meetings, self.today())

    def _reminded(self, call: Call) -> dict[str, date]:
        """A watched call's days: its own (application sent, first meeting) and the plan's (tjänsteutlåtande
        ready, the nämnd's meeting)."""
        return {**call.dates(), **plan_dates(self.plan(call))}

    # --- planning ---------------------------------------------------------------------------------

    def _planned(
        self,
        owner_id: str,
        key: str,
        day: date,
        offsets: tuple[int, ...],
        lang: Lang,
        conversation_id: str = "",
        overdue: bool = False,
    ) -> list[Reminder]:
        now = self.clock()
        planned = plan(day, offsets, now)
        if not planned and overdue:
            planned = plan(now.astimezone(STOCKHOLM).date(), (0,), now)[:1]  # an overdue revision: say so once, now
        return [
            Reminder(owner_id, key, day, p.offset_days, p.due_at, lang, conversation_id, next_attempt_at=p.due_at)
            for p in planned
        ]

    def signature(self, draft: Draft) -> Signature:
        """What a draft's reminders depend on: when it has not changed, a save need not re-plan them."""
        return Signature(
            tuple(draft.answers.get(f.id) for f in self._remind_fields),
            draft.status == DraftStatus.PARKED,
            draft.role,
            tuple(phase.id in draft.done for phase in self._phase_due.values()),
            tuple(sorted((role, person.id) for role, person in draft.assigned.items())),
        )

    def phase_due(self, field_id: str) -> Phase | None:
        """The phase due by a date of the draft (the phase whose reminders the date's are), if any."""
        return self._phase_due.get(field_id)

    def remind_field(self, field_id: str) -> str | None:
        """The id of a draft's date field that has reminders; None for any other."""
        return field_id if any(f.id == field_id for f in self._remind_fields) else None

    def reminded(self, draft: Draft, field_id: str) -> str | None:
        """Who is reminded of a date of the draft: whoever the phase due by it belongs to (the person the
        owner gave the phase's role, else the owner); None once that phase is recorded."""
        phase = self._phase_due.get(field_id)
        if phase is None:
            return draft.owner_id
        if phase.id in draft.done:
            return None
        person = draft.assigned.get(phase.assign) if phase.assign else None
        return person.id if person else draft.owner_id

    async def sync_draft(
        self, tx: UnitOfWork, draft: Draft, lang: Lang, former: Iterable[str] = (), role_before: str = ""
    ) -> None:
        """The draft's pending reminders follow its dates (none while parked), each to whoever its phase
        belongs to (`former`: people who no longer have a role in it, whose reminders of it go); the routine's
        revision reminds whoever is stadsdelsdirektör: the owner while this draft, or another of theirs, gives them
        that role (`Draft.role`), no longer once none does (looked for only when this save took the role away from
        it, `role_before`: a save that leaves the role as it was reads no other draft)."""
        wanted: list[Reminder] = []
        if draft.status != DraftStatus.PARKED:
            chosen = await tx.deadline_offsets.for_draft(draft.id)  # the days the owner chose for a date, else 14, 7, 1
            for f in self._remind_fields:
                value = draft.answers.get(f.id)
                if isinstance(value, str) and (person := self.reminded(draft, f.id)):
                    key, offsets = f"{draft_prefix(draft.id)}{f.id}", chosen.get(f.id, DEFAULT_OFFSETS)
                    wanted += self._planned(person, key, date.fromisoformat(value), offsets, lang)
        people = {draft.owner_id, *(p.id for p in draft.assigned.values()), *former}
        for person in sorted(people):
            mine = [r for r in wanted if r.owner_id == person]
            await tx.reminders.replace_pending(person, draft_prefix(draft.id), mine)
        await self._sync_revision(tx, draft, lang, role_before)

    async def _sync_revision(self, tx: UnitOfWork, draft: Draft, lang: Lang, role_before: str) -> None:
        day = revision_day(self.routine)
        if day is None:
            return
        owner_id, key = draft.owner_id, f"routine:{self.routine.id}:revision"
        if draft.role == REVISION_ROLE:
            wanted = self._planned(owner_id, key, day, DEFAULT_OFFSETS, lang, overdue=True)
            await tx.reminders.replace_pending(owner_id, key, wanted)
        elif role_before == REVISION_ROLE and not any(d.role == REVISION_ROLE for d in await tx.drafts.list_for_owner(owner_id)):
            await tx.reminders.replace_pending(owner_id, key, [])  # no draft of theirs gives them the role any more

    async def watch(self, tx: UnitOfWork, subscription: Subscription) -> int:
        """Watch a call; returns how many reminders are now planned for it."""
        await tx.subscriptions.save(subscription)
        watches = [s for s in await tx.subscriptions.for_owner(subscription.owner_id) if s.call_id == subscription.call_id]
        return await self._sync_call(tx, subscription.owner_id, subscription.call_id, watches)

    async def _sync_call(self, tx: UnitOfWork, owner_id: str, call_id: str, watches: list[Subscription]) -> int:
        """The owner's pending reminders of a call: one set per place they watch it from."""
        call = await self.find(tx, owner_id, call_id)
        wanted = [
            r
            for s in watches
            for kind, day in (self._reminded(call).items() if call else ())
            for r in self._planned(owner_id, f"{call_prefix(call_id)}{kind}", day, s.offsets, s.lang, s.conversation_id)
        ]
        await tx.reminders.replace_pending(owner_id, call_prefix(call_id), wanted)
        return len(wanted)

    async def unwatch(self, tx: UnitOfWork, owner_id: str, call_id: str) -> None:
        await tx.subscriptions.remove(owner_id, call_id)
        await tx.reminders.replace_pending(owner_id, call_prefix(call_id), [])

    async def replan_calls(self, tx: UnitOfWork) -> int:
        """After the calls file changed (at start-up): every watch's pending reminders follow the file
        (a call taken out of the file loses its pending reminders). Returns the number of watches."""
        watches: dict[tuple[str, str], list[Subscription]] = {}
        for s in await tx.subscriptions.every():
            watches.setdefault((s.owner_id, s.call_id), []).append(s)
        for (owner_id, call_id), group in watches.items():
            await self._sync_call(tx, owner_id, call_id, group)
        return len(watches)

    # --- describing ---------------------------------------------------------------------------------

    async def describe(self, tx: UnitOfWork, reminder: Reminder, lang: Lang | None = None) -> Deadline:
        """What a reminder is about, in `lang` (its reader's), else the reminder's language."""
        lang = lang or reminder.lang
        source, ref, kind = read_key(reminder.deadline_key)
        days = days_until(reminder.deadline, self.clock())
        if source == DeadlineSource.DRAFT:
            f = self.routine.field(kind)
            draft = await tx.drafts.get(ref)
            what = f.label(lang) if f else kind
            title = draft.title if draft else ""
            theirs = draft is not None and draft.owner_id == reminder.owner_id  # a kommunikatör's is not their draft
            return Deadline(
                DeadlineSource.DRAFT, reminder.deadline, what, title, days, draft_id=ref if theirs else None, field_id=kind
            )
        if source == DeadlineSource.CALL:
            call = await self.find(tx, reminder.owner_id, ref)
            return Deadline(DeadlineSource.CALL, reminder.deadline, kind, call.title if call else ref, days, call=call)
        return Deadline(DeadlineSource.ROUTINE, reminder.deadline, "revision", self.routine.name(lang), days)
