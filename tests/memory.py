"""In-memory versions of the storage ports (dialogs.ports), for fast tests of use cases.

They behave as storage/ does, and tests/test_storage.py runs one contract suite over both: what is
stored is a copy (with datetimes in UTC, naive ones refused; answers through JSON), a stale version
raises StaleDraftError, and a unit of work that raises leaves every store as it was when it began.
Units of work take turns (as on SQLite's one connection); a second one in the same task raises.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from dialogs.actor import Actor, Focus
from dialogs.calls import Call
from dialogs.documents.application import Application
from dialogs.draft import Draft, StaleDraftError, utcnow
from dialogs.history import HistoryEntry
from dialogs.personal_data import FocusEntry, ShownEntry, StoredConversation
from dialogs.ports import WorkedOn
from dialogs.proposal_versions import ProposalVersion
from dialogs.reminder import Reminder, ReminderStatus, Subscription
from dialogs.share import Share, ShareEvent
from dialogs.shown import ShownCard, Whereabouts
from storage.drafts import LIST_LIMIT

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    E = TypeVar("E", bound=DataclassInstance)
else:
    E = TypeVar("E")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass timezone-aware UTC times")
    return value.astimezone(UTC)


def _stored(entity: E) -> E:
    """A copy as the database gives it back: its own objects, and every datetime in UTC."""
    entity = copy.deepcopy(entity)
    times = {f.name: _utc(v) for f in fields(entity) if isinstance(v := getattr(entity, f.name), datetime)}
    return replace(entity, **times)


@dataclass
class _Tables:
    drafts: dict[str, Draft] = field(default_factory=dict)
    reminders: dict[str, tuple[str, Reminder]] = field(default_factory=dict)  # id -> (idem key as planned, reminder)
    subscriptions: dict[tuple[str, str, str], Subscription] = field(default_factory=dict)  # (owner, call, conversation)
    shares: dict[str, tuple[str, Share]] = field(default_factory=dict)  # id -> (token hash, share)
    share_tokens: dict[str, str] = field(default_factory=dict)  # a further link's token hash -> its share's id
    share_events: list[tuple[int, ShareEvent]] = field(default_factory=list)  # (insertion order, event)
    focus: dict[tuple[str, str], Focus] = field(default_factory=dict)  # (conversation, user) -> focus
    shown: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (conversation, user) -> card, as JSON
    conversations: dict[str, tuple[str | None, StoredConversation]] = field(default_factory=dict)  # id -> (user, ref)
    rate_counters: dict[tuple[str, datetime], tuple[int, datetime]] = field(default_factory=dict)  # -> (count, end)
    history: list[tuple[int, HistoryEntry]] = field(default_factory=list)  # (insertion order, entry)
    applications: dict[tuple[str, str], Application] = field(default_factory=dict)  # (owner, call)
    calls: dict[str, Call] = field(default_factory=dict)  # id -> call, in the order added
    proposal_versions: dict[tuple[str, int], ProposalVersion] = field(default_factory=dict)  # (draft, number)
    deadline_offsets: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)  # (draft, field)


class MemoryDraftRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def create(self, draft: Draft) -> Draft:
        if draft.id in self._t.drafts:
            raise ValueError(f"draft {draft.id} exists")
        self._t.drafts[draft.id] = self._row(draft)
        return draft

    @staticmethod
    def _row(draft: Draft) -> Draft:
        return replace(_stored(draft), answers=json.loads(json.dumps(draft.answers)))

    async def get(self, draft_id: str, reader: Actor | None = None) -> Draft | None:
        stored = self._t.drafts.get(draft_id)
        return _stored(stored) if stored else None

    async def many(self, draft_ids: Sequence[str]) -> dict[str, Draft]:
        return {draft_id: _stored(self._t.drafts[draft_id]) for draft_id in draft_ids if draft_id in self._t.drafts}

    async def worked_on(self, reader: Actor) -> WorkedOn:
        focus = self._t.focus.get((reader.conversation_id, reader.id))
        return WorkedOn(focus, await self.get(focus.draft_id) if focus else None)

    async def save(self, draft: Draft) -> Draft:
        stored = self._t.drafts.get(draft.id)
        if stored is None or stored.version != draft.version:
            raise StaleDraftError(draft.id)
        saved = replace(draft, version=draft.version + 1, updated_at=utcnow())
        self._t.drafts[draft.id] = replace(self._row(saved), created_at=stored.created_at)
        return saved

    async def keep_typed(self, draft: Draft) -> None:
        stored = self._t.drafts.get(draft.id)
        if stored is not None and stored.version == draft.version:
            self._t.drafts[draft.id] = replace(stored, typed=json.loads(json.dumps(draft.typed)))

    async def list_for_owner(self, owner_id: str) -> list[Draft]:
        mine = [d for d in self._t.drafts.values() if d.owner_id == owner_id]
        mine.sort(key=lambda d: (d.updated_at, d.id), reverse=True)
        return [_stored(d) for d in mine[:LIST_LIMIT]]

    async def owned_by(self, owner_id: str) -> list[Draft]:
        mine = sorted((d for d in self._t.drafts.values() if d.owner_id == owner_id), key=lambda d: (d.created_at, d.id))
        return [_stored(d) for d in mine]

    async def delete(self, draft_id: str) -> None:
        self._t.drafts.pop(draft_id, None)


class MemoryReminderRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def _pending(self, key_prefix: str) -> list[Reminder]:
        return [
            r
            for _, r in self._t.reminders.values()
            if r.status == ReminderStatus.PENDING and r.deadline_key.startswith(key_prefix)
        ]

    async def replace_pending(self, owner_id: str, key_prefix: str, wanted: Sequence[Reminder]) -> None:
        keys = {r.idem_key for r in wanted}
        for reminder in self._pending(key_prefix):
            planned = reminder.offset_days >= 0  # a snoozed reminder was asked for: it stays
            if reminder.owner_id == owner_id and planned and self._t.reminders[reminder.id][0] not in keys:
                del self._t.reminders[reminder.id]
        for reminder in wanted:
            await self.add(reminder)

    async def delete_prefix(self, key_prefix: str) -> None:
        for rid in [rid for rid, (_, r) in self._t.reminders.items() if r.deadline_key.startswith(key_prefix)]:
            del self._t.reminders[rid]

    async def cancel_deadline(self, owner_id: str, deadline_key: str) -> None:
        for reminder in self._pending(deadline_key):
            if reminder.owner_id == owner_id and reminder.deadline_key == deadline_key:
                reminder.status = ReminderStatus.DONE

    async def add(self, reminder: Reminder) -> None:
        """Nothing happens when a reminder with the same idempotency key is stored (in any state)."""
        key = reminder.idem_key
        if any(k == key for k, _ in self._t.reminders.values()):
            return
        if reminder.id in self._t.reminders:
            raise ValueError(f"reminder {reminder.id} exists")
        self._t.reminders[reminder.id] = (
            key,
            _stored(replace(reminder, next_attempt_at=reminder.next_attempt_at or reminder.due_at)),
        )

    async def get(self, reminder_id: str) -> Reminder | None:
        stored = self._t.reminders.get(reminder_id)
        return _stored(stored[1]) if stored else None

    async def upcoming(self, owner_id: str, limit: int) -> list[Reminder]:
        live = (ReminderStatus.PENDING, ReminderStatus.SENDING)
        mine = sorted(
            (r for _, r in self._t.reminders.values() if r.owner_id == owner_id and r.status in live),
            key=lambda r: (r.due_at, r.id),
        )
        return [_stored(r) for r in mine[:limit]]

    async def for_owner(self, owner_id: str) -> list[Reminder]:
        mine = sorted((r for _, r in self._t.reminders.values() if r.owner_id == owner_id), key=lambda r: (r.due_at, r.id))
        return [_stored(r) for r in mine]

    async def delete_owner(self, owner_id: str) -> None:
        for rid in [rid for rid, (_, r) in self._t.reminders.items() if r.owner_id == owner_id]:
            del self._t.reminders[rid]


class MemoryCallRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def add(self, call: Call) -> None:
        if call.id in self._t.calls:
            raise ValueError(f"call {call.id} exists")
        self._t.calls[call.id] = call

    async def get(self, call_id: str) -> Call | None:
        return self._t.calls.get(call_id)

    async def visible_to(self, user_id: str) -> list[Call]:
        return [c for c in self._t.calls.values() if c.added_by == user_id or c.everyone]

    async def remove_owner(self, owner_id: str) -> None:
        for key in [k for k, c in self._t.calls.items() if c.added_by == owner_id]:
            del self._t.calls[key]


class MemoryApplicationRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def get(self, owner_id: str, call_id: str) -> Application | None:
        found = self._t.applications.get((owner_id, call_id))
        return _stored(found) if found else None

    async def by_id(self, application_id: str) -> Application | None:
        return next((_stored(a) for a in self._t.applications.values() if a.id == application_id), None)

    async def save(self, application: Application) -> None:
        self._t.applications[(application.owner_id, application.call_id)] = _stored(application)

    async def for_owner(self, owner_id: str) -> list[Application]:
        return [_stored(a) for (owner, _), a in sorted(self._t.applications.items()) if owner == owner_id]

    async def remove_owner(self, owner_id: str) -> None:
        for key in [k for k in self._t.applications if k[0] == owner_id]:
            del self._t.applications[key]


class MemorySubscriptionRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def save(self, subscription: Subscription) -> None:
        key = (subscription.owner_id, subscription.call_id, subscription.conversation_id)
        self._t.subscriptions[key] = replace(subscription, offsets=tuple(subscription.offsets))

    async def remove(self, owner_id: str, call_id: str) -> None:
        for key in [k for k in self._t.subscriptions if k[:2] == (owner_id, call_id)]:
            del self._t.subscriptions[key]

    async def remove_owner(self, owner_id: str) -> None:
        for key in [k for k in self._t.subscriptions if k[0] == owner_id]:
            del self._t.subscriptions[key]

    async def for_owner(self, owner_id: str) -> list[Subscription]:
        return [s for s in await self.every() if s.owner_id == owner_id]

    async def every(self) -> list[Subscription]:
        return [self._t.subscriptions[k] for k in sorted(self._t.subscriptions)]


class MemoryShareRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def create(self, share: Share, token_hash: str) -> None:
        if share.id in self._t.shares or any(h == token_hash for h, _ in self._t.shares.values()):
            raise ValueError("share id or token hash exists")
        self._t.shares[share.id] = (token_hash, _stored(share))

    async def by_token_hash(self, token_hash: str) -> Share | None:
        added = self._t.share_tokens.get(token_hash)
        return next((_stored(s) for h, s in self._t.shares.values() if h == token_hash or s.id == added), None)

    async def add_token(self, share_id: str, token_hash: str) -> None:
        self._t.share_tokens[token_hash] = share_id

    async def get(self, share_id: str) -> Share | None:
        stored = self._t.shares.get(share_id)
        return _stored(stored[1]) if stored else None

    async def for_draft(self, draft_id: str) -> list[Share]:
        mine = sorted((s for _, s in self._t.shares.values() if s.draft_id == draft_id), key=lambda s: (s.created_at, s.id))
        return [_stored(s) for s in mine]

    async def revoke(self, share_id: str, at: datetime) -> None:
        self._revoke([s for _, s in self._t.shares.values() if s.id == share_id], at)

    @staticmethod
    def _revoke(shares: list[Share], at: datetime) -> None:
        for share in shares:
            if share.revoked_at is None:
                share.revoked_at = _utc(at)

    def _shares_where(self, keep: Callable[[Share], bool]) -> list[Share]:
        return [
            _stored(s) for s in sorted((s for _, s in self._t.shares.values() if keep(s)), key=lambda s: (s.created_at, s.id))
        ]

    async def given_by(self, owner_id: str) -> list[Share]:
        return self._shares_where(lambda s: s.owner_id == owner_id)

    async def received_by(self, recipient_id: str) -> list[Share]:
        return self._shares_where(lambda s: s.recipient_id == recipient_id)

    async def events_for_shares(self, share_ids: Sequence[str]) -> list[ShareEvent]:
        mine = sorted(((e.at, n, e) for n, e in self._t.share_events if e.share_id in share_ids), key=lambda t: t[:2])
        return [e for _, _, e in mine]

    def _delete(self, gone: Callable[[Share], bool]) -> None:
        ids = {sid for sid, (_, s) in self._t.shares.items() if gone(s)}
        self._t.share_events = [(n, e) for n, e in self._t.share_events if e.share_id not in ids]
        for sid in ids:
            del self._t.shares[sid]
        self._t.share_tokens = {h: sid for h, sid in self._t.share_tokens.items() if sid not in ids}

    async def delete_for_draft(self, draft_id: str) -> None:
        self._delete(lambda s: s.draft_id == draft_id)
        self._t.share_events = [(n, e) for n, e in self._t.share_events if e.draft_id != draft_id]

    async def delete_for_person(self, user_id: str) -> None:
        self._delete(lambda s: user_id in (s.owner_id, s.recipient_id))

    async def record(self, event: ShareEvent) -> None:
        self._t.share_events.append((len(self._t.share_events), _stored(event)))

    async def events(self, draft_id: str, limit: int) -> list[ShareEvent]:
        mine = sorted(
            ((e.at, n, e) for n, e in self._t.share_events if e.draft_id == draft_id), reverse=True, key=lambda t: t[:2]
        )
        return [e for _, _, e in mine[:limit]]


class MemoryFocusRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def get(self, conversation_id: str, user_id: str) -> Focus | None:
        return self._t.focus.get((conversation_id, user_id))

    async def set(self, conversation_id: str, user_id: str, focus: Focus | None) -> None:
        if focus is None:
            self._t.focus.pop((conversation_id, user_id), None)
        else:
            self._t.focus[(conversation_id, user_id)] = focus

    async def whereabouts(self, conversation_id: str, user_id: str) -> Whereabouts:
        key = (conversation_id, user_id)
        return Whereabouts(self._t.focus.get(key), ShownCard.stored(self._t.shown.get(key)))

    async def show(self, conversation_id: str, user_id: str, card: ShownCard | None) -> None:
        if card is None:
            self._t.shown.pop((conversation_id, user_id), None)
        else:  # stored as JSON, as the database stores it
            self._t.shown[(conversation_id, user_id)] = json.loads(card.model_dump_json())

    async def forget_shown(self, conversation_id: str) -> None:
        for key in [k for k in self._t.shown if k[0] == conversation_id]:
            del self._t.shown[key]

    async def for_user(self, user_id: str) -> list[FocusEntry]:
        return [FocusEntry(c, f) for (c, u), f in sorted(self._t.focus.items()) if u == user_id]

    async def shown_for_user(self, user_id: str) -> list[ShownEntry]:
        return [ShownEntry(c, card) for (c, u), card in sorted(self._t.shown.items()) if u == user_id]

    async def clear_draft(self, draft_id: str) -> None:
        for key in [k for k, f in self._t.focus.items() if f.draft_id == draft_id]:
            del self._t.focus[key]

    async def delete_user(self, user_id: str) -> None:
        for key in [k for k in self._t.focus if k[1] == user_id]:
            del self._t.focus[key]
        for key in [k for k in self._t.shown if k[1] == user_id]:
            del self._t.shown[key]


class MemoryConversationRepository:
    """What the delivery layer writes (SqlConversationRefs.save) is put in with `add`."""

    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def add(self, user_id: str | None, conversation: StoredConversation) -> None:
        self._t.conversations[conversation.conversation_id] = (user_id, conversation)

    async def for_user(self, user_id: str) -> list[StoredConversation]:
        mine = (c for u, c in self._t.conversations.values() if u == user_id)
        return sorted(mine, key=lambda c: (c.updated_at, c.conversation_id))

    async def delete_user(self, user_id: str) -> None:
        for cid in [cid for cid, (u, _) in self._t.conversations.items() if u == user_id]:
            del self._t.conversations[cid]


class MemoryRateCounterRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def hit(self, key: str, window_start: datetime, window_end: datetime) -> int:
        for gone in [k for k, (_, end) in self._t.rate_counters.items() if end < window_start]:
            del self._t.rate_counters[gone]
        count = self._t.rate_counters.get((key, _utc(window_start)), (0, window_end))[0] + 1
        self._t.rate_counters[(key, _utc(window_start))] = (count, _utc(window_end))
        return count

    async def forget(self, subject: str) -> None:
        for gone in [k for k in self._t.rate_counters if k[0].startswith(f"{subject}:")]:
            del self._t.rate_counters[gone]


class MemoryHistoryRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def record(self, entry: HistoryEntry) -> None:
        self._t.history.append((len(self._t.history), _stored(entry)))

    def _of(self, draft_ids: Sequence[str]) -> list[HistoryEntry]:
        return [e for _, _, e in sorted((e.at, n, e) for n, e in self._t.history if e.draft_id in draft_ids)]

    async def for_draft(self, draft_id: str, limit: int) -> list[HistoryEntry]:
        entries = self._of([draft_id])
        return entries[-limit:] if limit > 0 else []

    async def for_drafts(self, draft_ids: Sequence[str]) -> list[HistoryEntry]:
        return self._of(draft_ids)

    async def delete_for_draft(self, draft_id: str) -> None:
        self._t.history = [(n, e) for n, e in self._t.history if e.draft_id != draft_id]


class MemoryProposalVersionRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def add(self, version: ProposalVersion) -> None:
        key = (version.draft_id, version.number)
        if key in self._t.proposal_versions:
            raise ValueError(f"version {key} exists")  # the table's primary key
        self._t.proposal_versions[key] = _stored(version)

    async def for_draft(self, draft_id: str) -> list[ProposalVersion]:
        return [_stored(v) for (d, _), v in sorted(self._t.proposal_versions.items()) if d == draft_id]

    async def get(self, draft_id: str, number: int) -> ProposalVersion | None:
        found = self._t.proposal_versions.get((draft_id, number))
        return _stored(found) if found else None

    async def newest(self, draft_id: str) -> ProposalVersion | None:
        numbers = [n for d, n in self._t.proposal_versions if d == draft_id]
        return await self.get(draft_id, max(numbers)) if numbers else None

    async def delete_for_draft(self, draft_id: str) -> None:
        self._t.proposal_versions = {k: v for k, v in self._t.proposal_versions.items() if k[0] != draft_id}


class MemoryDeadlineOffsetRepository:
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    async def for_draft(self, draft_id: str) -> dict[str, tuple[int, ...]]:
        return {f: offsets for (d, f), offsets in self._t.deadline_offsets.items() if d == draft_id}

    async def set(self, draft_id: str, field_id: str, offsets: tuple[int, ...]) -> None:
        self._t.deadline_offsets[(draft_id, field_id)] = tuple(offsets)

    async def delete_for_draft(self, draft_id: str) -> None:
        self._t.deadline_offsets = {k: v for k, v in self._t.deadline_offsets.items() if k[0] != draft_id}


class MemoryDatabase:
    """The stores; `unit_of_work` is the UnitOfWorkFactory to hand to use cases."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.turn = asyncio.Lock()
        self.busy: set[asyncio.Task[object] | None] = set()

    def unit_of_work(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self)


class MemoryUnitOfWork:
    """Takes the database's turn on enter and snapshots it; an exception restores the snapshot."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._db = database
        self._snapshot: _Tables | None = None
        t = database.tables
        self._drafts = MemoryDraftRepository(t)
        self._reminders = MemoryReminderRepository(t)
        self._subscriptions = MemorySubscriptionRepository(t)
        self._applications = MemoryApplicationRepository(t)
        self._calls = MemoryCallRepository(t)
        self._shares = MemoryShareRepository(t)
        self._focus = MemoryFocusRepository(t)
        self._conversations = MemoryConversationRepository(t)
        self._rate_counters = MemoryRateCounterRepository(t)
        self._history = MemoryHistoryRepository(t)
        self._proposal_versions = MemoryProposalVersionRepository(t)
        self._deadline_offsets = MemoryDeadlineOffsetRepository(t)

    async def __aenter__(self) -> MemoryUnitOfWork:
        task = asyncio.current_task()
        if self._snapshot is not None or task in self._db.busy:
            raise RuntimeError("a unit of work is already open in this task")
        await self._db.turn.acquire()
        self._db.busy.add(task)
        self._snapshot = copy.deepcopy(self._db.tables)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        snapshot, self._snapshot = self._snapshot, None
        try:
            if exc_type is not None and snapshot is not None:
                for f in fields(_Tables):  # in place: the repositories hold this _Tables object
                    setattr(self._db.tables, f.name, getattr(snapshot, f.name))
        finally:
            self._db.busy.discard(asyncio.current_task())
            self._db.turn.release()

    def _open(self) -> None:
        if self._snapshot is None:
            raise RuntimeError("use the repositories inside `async with` the unit of work")

    @property
    def drafts(self) -> MemoryDraftRepository:
        self._open()
        return self._drafts

    @property
    def reminders(self) -> MemoryReminderRepository:
        self._open()
        return self._reminders

    @property
    def subscriptions(self) -> MemorySubscriptionRepository:
        self._open()
        return self._subscriptions

    @property
    def applications(self) -> MemoryApplicationRepository:
        self._open()
        return self._applications

    @property
    def calls(self) -> MemoryCallRepository:
        self._open()
        return self._calls

    @property
    def shares(self) -> MemoryShareRepository:
        self._open()
        return self._shares

    @property
    def focus(self) -> MemoryFocusRepository:
        self._open()
        return self._focus

    @property
    def conversations(self) -> MemoryConversationRepository:
        self._open()
        return self._conversations

    @property
    def rate_counters(self) -> MemoryRateCounterRepository:
        self._open()
        return self._rate_counters

    @property
    def history(self) -> MemoryHistoryRepository:
        self._open()
        return self._history

    @property
    def proposal_versions(self) -> MemoryProposalVersionRepository:
        self._open()
        return self._proposal_versions

    @property
    def deadline_offsets(self) -> MemoryDeadlineOffsetRepository:
        self._open()
        return self._deadline_offsets
