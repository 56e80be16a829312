"""What the bot stores about a person, and what belongs to a draft (GDPR articles 15 and 17).

A draft owns its answers, its history (each phase recorded, by whom and when), its reminders, its shares
with their log (views, downloads, comment texts) and any conversation's focus on it: deleting the draft
deletes all of it. A person's data is their drafts (with all of that), the links they made, the shares
others made to them with what they did there (views, downloads, comments), their reminders, the calls
they watch, their focus in each conversation and the card each conversation showed them last, and the
conversation references the bot keeps to reach them. `collect` reads all of it for the export; `erase`
deletes all of it. What others shared with the person stays the others' (their draft is untouched), but
the person's access and everything they did through it go.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from dialogs.actor import Focus
from dialogs.calls import Call
from dialogs.deadlines import draft_prefix
from dialogs.documents.application import Application
from dialogs.draft import Draft
from dialogs.history import HistoryEntry
from dialogs.limits import share_subject
from dialogs.proposal_versions import ProposalVersion
from dialogs.reminder import Reminder, Subscription
from dialogs.share import Share, ShareEvent, ShareEventKind
from dialogs.views import DataSummary

if TYPE_CHECKING:
    from dialogs.ports import UnitOfWork


@dataclass(frozen=True)
class StoredConversation:
    """A conversation reference the bot keeps to message someone proactively (Bot Framework's shape)."""

    conversation_id: str
    conversation_type: str
    updated_at: datetime
    reference: Mapping[str, object]


@dataclass(frozen=True)
class FocusEntry:
    conversation_id: str
    focus: Focus


@dataclass(frozen=True)
class ShownEntry:
    """What is kept of the card the user was shown last in a conversation (dialogs/shown.ShownCard), as stored."""

    conversation_id: str
    card: Mapping[str, object]


@dataclass(frozen=True)
class PersonalData:
    """Everything stored about one person, as the export gives it."""

    user_id: str
    exported_at: datetime
    drafts: tuple[Draft, ...]
    history: tuple[HistoryEntry, ...]  # of their drafts, oldest first
    shares_given: tuple[Share, ...]  # of their drafts, and their own download and export links
    events_on_their_shares: tuple[ShareEvent, ...]  # who opened, downloaded or commented, oldest first
    shares_received: tuple[Share, ...]
    events_by_them: tuple[ShareEvent, ...]  # what they did through the shares they received
    reminders: tuple[Reminder, ...]
    watches: tuple[Subscription, ...]
    focus: tuple[FocusEntry, ...]
    conversations: tuple[StoredConversation, ...]
    calls_added: tuple[Call, ...] = ()  # the calls they added in the chat (theirs alone or shown to everyone)
    applications: tuple[Application, ...] = ()  # their applications to calls
    proposal_versions: tuple[ProposalVersion, ...] = ()  # of their drafts' proposals, as each was created
    cards_shown: tuple[ShownEntry, ...] = ()  # the card each conversation showed them last, as kept (dialogs/shown.py)
    reminder_days: Mapping[str, Mapping[str, tuple[int, ...]]] = field(default_factory=dict)  # draft -> date -> days

    @property
    def summary(self) -> DataSummary:
        return DataSummary(
            drafts=len(self.drafts),
            shares_given=len(self.shares_given),
            shares_received=len(self.shares_received),
            comments=sum(1 for e in self.events_by_them if e.kind == ShareEventKind.COMMENT),
            reminders=len(self.reminders),
            watches=len(self.watches),
            conversations=len(self.conversations),
        )


async def delete_draft(tx: UnitOfWork, draft_id: str) -> None:
    """The draft and everything that belongs to it: history, its proposal's versions, reminders and their chosen days,
    shares and their log, focus on it."""
    await tx.drafts.delete(draft_id)
    await tx.history.delete_for_draft(draft_id)
    await tx.proposal_versions.delete_for_draft(draft_id)
    await tx.reminders.delete_prefix(draft_prefix(draft_id))
    await tx.deadline_offsets.delete_for_draft(draft_id)
    await tx.shares.delete_for_draft(draft_id)
    await tx.focus.clear_draft(draft_id)


async def collect(tx: UnitOfWork, user_id: str, now: datetime) -> PersonalData:
    given = await tx.shares.given_by(user_id)
    received = [s for s in await tx.shares.received_by(user_id) if s.owner_id != user_id]  # not their own links
    drafts = await tx.drafts.owned_by(user_id)
    return PersonalData(
        user_id=user_id,
        exported_at=now,
        drafts=tuple(drafts),
        history=tuple(await tx.history.for_drafts([d.id for d in drafts])),
        shares_given=tuple(given),
        events_on_their_shares=tuple(await tx.shares.events_for_shares([s.id for s in given])),
        shares_received=tuple(received),
        events_by_them=tuple(await tx.shares.events_for_shares([s.id for s in received])),
        reminders=tuple(await tx.reminders.for_owner(user_id)),
        watches=tuple(await tx.subscriptions.for_owner(user_id)),
        focus=tuple(await tx.focus.for_user(user_id)),
        conversations=tuple(await tx.conversations.for_user(user_id)),
        calls_added=tuple(c for c in await tx.calls.visible_to(user_id) if c.added_by == user_id),
        applications=tuple(await tx.applications.for_owner(user_id)),
        proposal_versions=tuple([v for d in drafts for v in await tx.proposal_versions.for_draft(d.id)]),
        cards_shown=tuple(await tx.focus.shown_for_user(user_id)),
        reminder_days={d.id: days for d in drafts if (days := await tx.deadline_offsets.for_draft(d.id))},
    )


async def erase(tx: UnitOfWork, user_id: str) -> None:
    """Everything `collect` finds, deleted (in the caller's one transaction)."""
    for draft in await tx.drafts.owned_by(user_id):
        await delete_draft(tx, draft.id)
    await tx.shares.delete_for_person(user_id)
    await tx.reminders.delete_owner(user_id)
    await tx.subscriptions.remove_owner(user_id)
    await tx.applications.remove_owner(user_id)
    await tx.calls.remove_owner(user_id)
    await tx.focus.delete_user(user_id)
    await tx.conversations.delete_user(user_id)
    await tx.rate_counters.forget(share_subject(user_id))
