"""Deadline reminders: which deadlines a user has, when to remind, and what a reminder says.

Three sources of deadlines, each with a stable key:
  draft:<draft id>:<date field>       the draft's own dates (fields marked `remind` in the routine)
  call:<call id>:<kind>                external calls the user watches ("bevaka")
  routine:<routine id>:revision        the routine's next revision, for those in the stadsdelsdirektör role
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from dialogs.calls import Call
from dialogs.draft import PARKED, Draft, DraftRepository, utcnow
from dialogs.routine import Lang, Routine
from dialogs.schedule import DEFAULT_OFFSETS, STOCKHOLM, plan, snooze_until

PENDING, SENDING, SENT, FAILED, DONE, CANCELLED = "pending", "sending", "sent", "failed", "done", "cancelled"
REVISION_ROLE = "stadsdelsdirektor"


@dataclass
class Reminder:
    owner_id: str
    deadline_key: str
    deadline: date
    offset_days: int  # -1: a snoozed reminder ("påminn mig i morgon")
    due_at: datetime
    lang: Lang
    conversation_id: str = ""  # "" = the owner's personal chat
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    status: str = PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    activity_id: str | None = None
    last_error: str | None = None
    sent_at: datetime | None = None

    @property
    def idem_key(self) -> str:
        """The same reminder planned twice has the same key; it also travels with the sent activity."""
        raw = f"{self.owner_id}|{self.conversation_id}|{self.deadline_key}|{self.deadline}|{self.offset_days}|{self.due_at.isoformat()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Subscription:
    owner_id: str
    call_id: str
    offsets: tuple[int, ...]
    lang: Lang
    conversation_id: str = ""


class ReminderRepository(Protocol):
    async def replace_pending(self, owner_id: str, key_prefix: str, wanted: list[Reminder]) -> None:
        """Make the pending reminders under `key_prefix` exactly `wanted` (by key); sent ones stay."""
        ...

    async def cancel_prefix(self, key_prefix: str) -> None: ...

    async def cancel_deadline(self, owner_id: str, deadline_key: str) -> None: ...

    async def add(self, reminder: Reminder) -> None: ...

    async def get(self, reminder_id: str) -> Reminder | None: ...

    async def upcoming(self, owner_id: str, limit: int) -> list[Reminder]: ...

    async def subscribe(self, subscription: Subscription) -> None: ...

    async def subscriptions(self, owner_id: str) -> list[Subscription]: ...


@dataclass(frozen=True)
class Deadline:
    key: str
    day: date
    kind: str  # a date field id, a call date kind, or "revision"
    draft_id: str | None = None
    call_id: str | None = None


class ReminderService:
    def __init__(
        self,
        routine: Routine,
        calls: list[Call],
        reminders: ReminderRepository,
        drafts: DraftRepository,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.routine = routine
        self.calls = {c.id: c for c in calls}
        self.repo = reminders
        self.drafts = drafts
        self.clock = clock
        self.remind_fields = [f for s in routine.steps for f in s.fields if f.kind == "date" and f.remind]

    # --- deadlines -----------------------------------------------------------------------------

    def draft_deadlines(self, draft: Draft) -> list[Deadline]:
        return [
            Deadline(f"draft:{draft.id}:{f.id}", date.fromisoformat(draft.answers[f.id]), f.id, draft_id=draft.id)
            for f in self.remind_fields
            if isinstance(draft.answers.get(f.id), str)
        ]

    def call_deadlines(self, call: Call) -> list[Deadline]:
        return [Deadline(f"call:{call.id}:{kind}", day, kind, call_id=call.id) for kind, day in call.dates().items()]

    def revision_deadline(self) -> Deadline | None:
        text = self.routine.next_revision
        try:
            day = date.fromisoformat(text if len(text) > 7 else f"{text}-01")
        except ValueError:
            return None
        return Deadline(f"routine:{self.routine.id}:revision", day, "revision")

    def _reminders(
        self, owner_id: str, deadline: Deadline, offsets: tuple[int, ...], lang: Lang, conversation_id: str = "", overdue: bool = False
    ) -> list[Reminder]:
        now = self.clock()
        planned = plan(deadline.day, offsets, now)
        if not planned and overdue:
            planned = plan(now.date(), (0,), now)[:1]  # an overdue revision: say so once, now
        return [
            Reminder(owner_id, deadline.key, deadline.day, p.offset_days, p.due_at, lang, conversation_id, next_attempt_at=p.due_at)
            for p in planned
        ]

    # --- keeping reminders in step -------------------------------------------------------------

    def signature(self, draft: Draft) -> tuple[object, ...]:
        """What the draft's reminders depend on: when it has not changed, a save need not resync them."""
        return (tuple(draft.answers.get(f.id) for f in self.remind_fields), draft.status == PARKED, draft.answers.get("role"))

    async def sync_draft(self, draft: Draft, lang: Lang) -> None:
        """After every save: the draft's pending reminders follow its dates (none while parked)."""
        wanted: list[Reminder] = []
        if draft.status != PARKED:
            for deadline in self.draft_deadlines(draft):
                wanted += self._reminders(draft.owner_id, deadline, DEFAULT_OFFSETS, lang)
        await self.repo.replace_pending(draft.owner_id, f"draft:{draft.id}:", wanted)
        if draft.answers.get("role") == REVISION_ROLE:
            await self.sync_revision(draft.owner_id, lang)

    async def drop_draft(self, draft_id: str) -> None:
        await self.repo.cancel_prefix(f"draft:{draft_id}:")

    async def sync_revision(self, owner_id: str, lang: Lang) -> None:
        deadline = self.revision_deadline()
        if deadline:
            await self.repo.replace_pending(owner_id, deadline.key, self._reminders(owner_id, deadline, DEFAULT_OFFSETS, lang, overdue=True))

    async def subscribe(self, owner_id: str, call: Call, offsets: tuple[int, ...], lang: Lang, conversation_id: str = "") -> int:
        """Watch a call; returns how many reminders are now planned for it."""
        await self.repo.subscribe(Subscription(owner_id, call.id, offsets, lang, conversation_id))
        wanted = [r for d in self.call_deadlines(call) for r in self._reminders(owner_id, d, offsets, lang, conversation_id)]
        await self.repo.replace_pending(owner_id, f"call:{call.id}:", wanted)
        return len(wanted)

    async def done(self, owner_id: str, reminder_id: str) -> Reminder | None:
        """'Klar': the deadline is handled; its remaining reminders are cancelled."""
        reminder = await self._own(owner_id, reminder_id)
        if reminder:
            await self.repo.cancel_deadline(owner_id, reminder.deadline_key)
        return reminder

    async def snooze(self, owner_id: str, reminder_id: str) -> Reminder | None:
        """'Påminn mig i morgon': the same reminder again at 09:00 the next working day."""
        reminder = await self._own(owner_id, reminder_id)
        if reminder is None:
            return None
        due = snooze_until(self.clock())
        again = Reminder(owner_id, reminder.deadline_key, reminder.deadline, -1, due, reminder.lang, reminder.conversation_id, next_attempt_at=due)
        await self.repo.add(again)
        return again

    async def _own(self, owner_id: str, reminder_id: str) -> Reminder | None:
        reminder = await self.repo.get(reminder_id)
        return reminder if reminder and reminder.owner_id == owner_id else None

    # --- what a reminder is about ----------------------------------------------------------

    def call(self, call_id: str) -> Call | None:
        return self.calls.get(call_id)

    async def describe(self, reminder: Reminder) -> tuple[str, str, str | None]:
        """(what, about, draft id) for a reminder card, in the reminder's language."""
        lang = reminder.lang
        source, ref, kind = (reminder.deadline_key.split(":", 2) + ["", ""])[:3]
        if source == "draft":
            f = self.routine.field(kind)
            draft = await self.drafts.get(ref)
            return (f.label(lang) if f else kind, draft.title if draft else "", ref)
        if source == "call":
            call = self.calls.get(ref)
            return (kind, call.title if call else ref, None)
        return ("revision", self.routine.name(lang), None)



def days_until(deadline: date, now: datetime) -> int:
    return (deadline - now.astimezone(STOCKHOLM).date()).days
