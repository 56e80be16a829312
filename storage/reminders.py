"""Reminders in the database: planned by use cases inside a unit of work, delivered through the queue.

Claiming is what makes several schedulers safe: due rows are taken with
`SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL) before the UPDATE that marks them as this
scheduler's, so two schedulers never hold the same row; SQLite has one writer at a time and ignores
the locking clause. A claim is a lease: a row left 'sending' by a scheduler that died is claimed
again once its lease has run out, and sent again under the same idempotency key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from dialogs.draft import utcnow
from dialogs.reminder import Reminder, ReminderStatus
from storage.models import ReminderRow
from storage.upsert import insert_or_ignore

PENDING, SENDING = ReminderStatus.PENDING.value, ReminderStatus.SENDING.value


def _to_reminder(row: Row[Any]) -> Reminder:
    return Reminder(
        id=row.id,
        owner_id=row.owner_id,
        conversation_id=row.conversation_id,
        deadline_key=row.deadline_key,
        deadline=row.deadline,
        offset_days=row.offset_days,
        due_at=row.due_at,
        next_attempt_at=row.next_attempt_at,
        lang="en" if row.lang == "en" else "sv",
        status=ReminderStatus(row.status),
        attempts=row.attempts,
        activity_id=row.activity_id,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )


def _row(r: Reminder) -> dict[str, Any]:
    return {
        "id": r.id,
        "idem_key": r.idem_key,
        "owner_id": r.owner_id,
        "conversation_id": r.conversation_id,
        "deadline_key": r.deadline_key,
        "deadline": r.deadline,
        "offset_days": r.offset_days,
        "due_at": r.due_at,
        "next_attempt_at": r.next_attempt_at or r.due_at,
        "lang": r.lang,
        "status": r.status.value,
        "attempts": r.attempts,
        "activity_id": r.activity_id,
        "last_error": r.last_error,
        "sent_at": r.sent_at,
        "created_at": utcnow(),
    }


_REMINDERS = select(ReminderRow.__table__)


def _key_under(prefix: str) -> ColumnElement[bool]:
    """The deadline key starts with `prefix`, exactly (LIKE would be case-insensitive on SQLite)."""
    return func.substr(ReminderRow.deadline_key, 1, len(prefix)) == prefix


# A draft's pending reminders that its dates no longer want (built once: a wizard step that changes a date runs it).
_UNWANTED = delete(ReminderRow).where(
    ReminderRow.owner_id == bindparam("owner"),
    func.substr(ReminderRow.deadline_key, 1, bindparam("prefix_length")) == bindparam("prefix"),
    ReminderRow.status == PENDING,
    ReminderRow.offset_days >= 0,  # a snoozed reminder was asked for: it stays
    ReminderRow.idem_key.not_in(bindparam("wanted", expanding=True)),  # none wanted: every one goes
)


class SqlReminderRepository:
    """Planning and cancelling reminders, on the unit of work's connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def replace_pending(self, owner_id: str, key_prefix: str, wanted: Sequence[Reminder]) -> None:
        values = {"owner": owner_id, "prefix": key_prefix, "prefix_length": len(key_prefix)}
        await self._conn.execute(_UNWANTED, {**values, "wanted": [r.idem_key for r in wanted]})
        await insert_or_ignore(self._conn, ReminderRow, [_row(r) for r in wanted], key=["idem_key"])

    async def delete_prefix(self, key_prefix: str) -> None:
        await self._conn.execute(delete(ReminderRow).where(_key_under(key_prefix)))

    async def cancel_deadline(self, owner_id: str, deadline_key: str) -> None:
        await self._conn.execute(
            update(ReminderRow)
            .where(ReminderRow.owner_id == owner_id, ReminderRow.deadline_key == deadline_key, ReminderRow.status == PENDING)
            .values(status=ReminderStatus.DONE.value)
        )

    async def add(self, reminder: Reminder) -> None:
        await insert_or_ignore(self._conn, ReminderRow, [_row(reminder)], key=["idem_key"])

    async def get(self, reminder_id: str) -> Reminder | None:
        row = (await self._conn.execute(_REMINDERS.where(ReminderRow.id == reminder_id))).first()
        return _to_reminder(row) if row else None

    async def upcoming(self, owner_id: str, limit: int) -> list[Reminder]:
        rows = await self._conn.execute(
            _REMINDERS.where(ReminderRow.owner_id == owner_id, ReminderRow.status.in_((PENDING, SENDING)))
            .order_by(ReminderRow.due_at, ReminderRow.id)
            .limit(limit)
        )
        return [_to_reminder(r) for r in rows]

    async def for_owner(self, owner_id: str) -> list[Reminder]:
        rows = await self._conn.execute(
            _REMINDERS.where(ReminderRow.owner_id == owner_id).order_by(ReminderRow.due_at, ReminderRow.id)
        )
        return [_to_reminder(r) for r in rows]

    async def delete_owner(self, owner_id: str) -> None:
        await self._conn.execute(delete(ReminderRow).where(ReminderRow.owner_id == owner_id))


class ReminderQueue:
    """Delivery of due reminders (the reminder sender); each call is its own short transaction on the engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim_due(self, now: datetime, worker: str, limit: int, lease: timedelta) -> list[Reminder]:
        """Take up to `limit` due reminders for this worker (and any whose previous claim expired)."""
        due = or_(
            and_(ReminderRow.status == PENDING, ReminderRow.next_attempt_at <= now),
            and_(ReminderRow.status == SENDING, ReminderRow.claimed_at <= now - lease),
        )
        pick = (
            select(ReminderRow.id).where(due).order_by(ReminderRow.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
        )
        async with self._engine.begin() as conn:
            ids = list((await conn.execute(pick)).scalars())
            if not ids:
                return []
            await conn.execute(
                update(ReminderRow)
                .where(ReminderRow.id.in_(ids), due)
                .values(status=SENDING, claimed_by=worker, claimed_at=now, attempts=ReminderRow.attempts + 1)
            )
            rows = await conn.execute(
                _REMINDERS.where(
                    ReminderRow.id.in_(ids), ReminderRow.claimed_by == worker, ReminderRow.status == SENDING
                ).order_by(ReminderRow.next_attempt_at)
            )
            return [_to_reminder(r) for r in rows]

    async def mark_sent(self, reminder_id: str, worker: str, activity_id: str | None, now: datetime) -> None:
        await self._finish(
            reminder_id, worker, status=ReminderStatus.SENT.value, activity_id=activity_id, sent_at=now, last_error=None
        )

    async def mark_failed(self, reminder_id: str, worker: str, reason: str) -> None:
        await self._finish(reminder_id, worker, status=ReminderStatus.FAILED.value, last_error=reason[:2000])

    async def retry_at(self, reminder_id: str, worker: str, when: datetime, reason: str) -> None:
        await self._finish(reminder_id, worker, status=PENDING, next_attempt_at=when, last_error=reason[:2000], claimed_by=None)

    async def _finish(self, reminder_id: str, worker: str, **values: Any) -> None:
        """Only the worker still holding the claim may settle it (a reclaimed row is the new holder's)."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.claimed_by == worker, ReminderRow.status == SENDING)
                .values(**values)
            )

    async def all(self) -> list[Reminder]:
        """Every reminder (tests and the benchmark use it to count deliveries)."""
        async with self._engine.connect() as conn:
            return [_to_reminder(r) for r in await conn.execute(_REMINDERS.order_by(ReminderRow.due_at, ReminderRow.id))]
