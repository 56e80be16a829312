"""A reminder of a deadline, and a user's watch on an external call.

Deadline keys say where a deadline comes from:
  draft:<draft id>:<date field>       the draft's own dates (fields marked `remind` in the routine)
  call:<call id>:<kind>                external calls the user watches ("bevaka")
  routine:<routine id>:revision        the routine's next revision, for those in the stadsdelsdirektör role
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from dialogs.language import Lang


class ReminderStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DONE = "done"
    CANCELLED = "cancelled"


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
    status: ReminderStatus = ReminderStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    activity_id: str | None = None
    last_error: str | None = None
    sent_at: datetime | None = None

    @property
    def idem_key(self) -> str:
        """The same reminder planned twice has the same key; it also travels with the sent activity."""
        parts = (self.owner_id, self.conversation_id, self.deadline_key, self.deadline, self.offset_days, self.due_at.isoformat())
        raw = "|".join(str(p) for p in parts)
        return hashlib.sha256(raw.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Subscription:
    """A user watching a call, with their offsets and where to be reminded ("" = personal chat)."""

    owner_id: str
    call_id: str
    offsets: tuple[int, ...]
    lang: Lang
    conversation_id: str = ""
