"""A proposal's versions: each one created from the review keeps what its document was built from (the draft's
answers, the steps submitted, the officer), so that its Word, PDF and page show that version after the draft
changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from dialogs.draft import Draft


@dataclass(frozen=True)
class MeetingMoved:
    """The nämnd's meeting the newest version of a proposal names (`was`, Förslag `number`), and the one the draft names
    now (`now`: "Till nämnden" recorded another): the version is kept as it is, a new one would hold the new date."""

    number: int
    was: str
    now: str


@dataclass(frozen=True)
class ProposalVersion:
    draft_id: str
    number: int  # Förslag 1, 2, …
    created_at: datetime
    answers: dict[str, Any]
    done: tuple[str, ...]
    owner_name: str

    @classmethod
    def of(cls, draft: Draft, number: int, created_at: datetime) -> ProposalVersion:
        return cls(draft.id, number, created_at, dict(draft.answers), tuple(draft.done), draft.owner_name)

    def draft(self, current: Draft) -> Draft:
        """The draft as it was when this version was created."""
        return replace(current, answers=dict(self.answers), done=list(self.done), owner_name=self.owner_name)
