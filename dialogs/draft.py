"""A draft: one official's planned dialogue, its answers so far, and the repository it lives in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

ACTIVE = "active"
PARKED = "parked"
PROPOSED = "proposed"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Draft:
    owner_id: str
    routine_id: str
    owner_name: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    answers: dict[str, Any] = field(default_factory=dict)
    # Steps the owner has submitted; a step is complete when it is here and its answers still hold.
    done: list[str] = field(default_factory=list)
    status: str = ACTIVE
    version: int = 0
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    proposal_markdown: str | None = None
    proposal_html: str | None = None
    proposal_created_at: datetime | None = None

    @property
    def title(self) -> str:
        return str(self.answers.get("title") or "")


class StaleDraftError(Exception):
    """The draft changed since it was read (another card, another instance): nothing was saved."""


class DraftRepository(Protocol):
    async def create(self, draft: Draft) -> Draft: ...

    async def get(self, draft_id: str) -> Draft | None: ...

    async def save(self, draft: Draft) -> Draft:
        """Store the draft if its version is still the stored one; return it with version + 1."""
        ...

    async def list_for_owner(self, owner_id: str) -> list[Draft]: ...

    async def delete(self, draft_id: str) -> None: ...
