"""A draft: one official's planned dialogue and its answers so far."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

TITLE = "title"  # the answer that names a draft (the first step's field)


class DraftStatus(StrEnum):
    ACTIVE = "active"
    PARKED = "parked"
    PROPOSED = "proposed"


def reopened_status(draft: Draft, complete: bool) -> DraftStatus:
    """The status a draft opened again (resumed, or a step saved) has: a draft that had its proposal and is still
    complete keeps it and its life after it; otherwise it is being worked on."""
    return DraftStatus.PROPOSED if draft.proposal_created_at is not None and complete else DraftStatus.ACTIVE


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Assignee:
    """A person the owner gave a role of the routine in this dialogue (the kommunikatör): the phases that role
    can be given (the routine's `assign`) are theirs, and so are those phases' reminders."""

    id: str
    name: str


@dataclass
class Draft:
    owner_id: str
    routine_id: str
    owner_name: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    answers: dict[str, Any] = field(default_factory=dict)
    # Steps the owner has submitted; a step is complete when it is here and its answers still hold.
    done: list[str] = field(default_factory=list)
    status: DraftStatus = DraftStatus.ACTIVE
    version: int = 0
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    proposal_created_at: datetime | None = None
    assigned: dict[str, Assignee] = field(default_factory=dict)  # role id -> the person given it
    # Step id -> what was typed on its card when saving it was refused: the card shows it again until the step is saved.
    typed: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.answers.get(TITLE) or "")

    @property
    def role(self) -> str:
        """The owner's role in the dialogue, as they answered it (a role of the routine by its id, or another)."""
        return str(self.answers.get("role") or "")


class StaleDraftError(Exception):
    """The draft changed since it was read (another card, another instance), or a card was for another
    version of it: nothing was saved."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(draft_id)
        self.draft_id = draft_id
