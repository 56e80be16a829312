"""Reminders, call subscriptions and conversation references in the database.

Claiming is what makes several schedulers safe: due rows are taken with
`SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL) inside the UPDATE that marks them as this
scheduler's, so two schedulers never hold the same row; SQLite has one writer at a time and ignores
the locking clause. A claim is a lease: a row left 'sending' by a scheduler that died is claimed
again once its lease has run out, and sent again under the same idempotency key.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from dialogs.draft import utcnow
from dialogs.reminders import CANCELLED, DONE, FAILED, PENDING, SENDING, SENT, Reminder, Subscription
from storage.db import sessions
from storage.models import ConversationRefRow, ReminderRow, SubscriptionRow


def _to_reminder(row: ReminderRow) -> Reminder:
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
        status=row.status,
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
        "status": r.status,
        "attempts": r.attempts,
        "created_at": utcnow(),
    }


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return pg_insert if dialect == "postgresql" else sqlite_insert


class SqlReminderRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = sessions(engine)
        self._dialect = engine.dialect.name

    # --- planning (dialogs.reminders.ReminderRepository) ----------------------------------------

    async def replace_pending(self, owner_id: str, key_prefix: str, wanted: list[Reminder]) -> None:
        keys = [r.idem_key for r in wanted]
        async with self._sessions.begin() as session:
            await session.execute(
                delete(ReminderRow).where(
                    ReminderRow.owner_id == owner_id,
                    ReminderRow.deadline_key.startswith(key_prefix, autoescape=True),
                    ReminderRow.status == PENDING,
                    ReminderRow.idem_key.not_in(keys) if keys else true(),
                )
            )
            if wanted:
                stmt = _insert(self._dialect)(ReminderRow).values([_row(r) for r in wanted])
                await session.execute(stmt.on_conflict_do_nothing(index_elements=["idem_key"]))

    async def cancel_prefix(self, key_prefix: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.deadline_key.startswith(key_prefix, autoescape=True), ReminderRow.status == PENDING)
                .values(status=CANCELLED)
            )

    async def cancel_deadline(self, owner_id: str, deadline_key: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.owner_id == owner_id, ReminderRow.deadline_key == deadline_key, ReminderRow.status == PENDING)
                .values(status=DONE)
            )

    async def add(self, reminder: Reminder) -> None:
        async with self._sessions.begin() as session:
            stmt = _insert(self._dialect)(ReminderRow).values(_row(reminder))
            await session.execute(stmt.on_conflict_do_nothing(index_elements=["idem_key"]))

    async def get(self, reminder_id: str) -> Reminder | None:
        async with self._sessions() as session:
            row = await session.get(ReminderRow, reminder_id)
            return _to_reminder(row) if row else None

    async def upcoming(self, owner_id: str, limit: int = 20) -> list[Reminder]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(ReminderRow)
                .where(ReminderRow.owner_id == owner_id, ReminderRow.status.in_((PENDING, SENDING)))
                .order_by(ReminderRow.due_at)
                .limit(limit)
            )
            return [_to_reminder(r) for r in rows]

    async def subscribe(self, subscription: Subscription) -> None:
        values = {
            "owner_id": subscription.owner_id,
            "call_id": subscription.call_id,
            "conversation_id": subscription.conversation_id,
            "offsets": list(subscription.offsets),
            "lang": subscription.lang,
            "created_at": utcnow(),
        }
        async with self._sessions.begin() as session:
            stmt = _insert(self._dialect)(SubscriptionRow).values(values)
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["owner_id", "call_id", "conversation_id"],
                    set_={"offsets": values["offsets"], "lang": values["lang"]},
                )
            )

    async def subscriptions(self, owner_id: str) -> list[Subscription]:
        async with self._sessions() as session:
            rows = await session.scalars(select(SubscriptionRow).where(SubscriptionRow.owner_id == owner_id))
            return [
                Subscription(r.owner_id, r.call_id, tuple(r.offsets), "en" if r.lang == "en" else "sv", r.conversation_id) for r in rows
            ]

    # --- sending (bot.reminder_sender) ----------------------------------------------------------

    async def claim_due(self, now: datetime, worker: str, limit: int, lease: timedelta) -> list[Reminder]:
        """Take up to `limit` due reminders for this worker (and any whose previous claim expired)."""
        due = or_(
            and_(ReminderRow.status == PENDING, ReminderRow.next_attempt_at <= now),
            and_(ReminderRow.status == SENDING, ReminderRow.claimed_at <= now - lease),
        )
        pick = select(ReminderRow.id).where(due).order_by(ReminderRow.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
        async with self._sessions.begin() as session:
            ids = list(await session.scalars(pick))
            if not ids:
                return []
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.id.in_(ids), due)
                .values(status=SENDING, claimed_by=worker, claimed_at=now, attempts=ReminderRow.attempts + 1)
            )
            rows = await session.scalars(
                select(ReminderRow).where(ReminderRow.id.in_(ids), ReminderRow.claimed_by == worker, ReminderRow.status == SENDING)
            )
            return [_to_reminder(r) for r in rows]

    async def mark_sent(self, reminder_id: str, worker: str, activity_id: str | None, now: datetime) -> None:
        await self._finish(reminder_id, worker, status=SENT, activity_id=activity_id, sent_at=now, last_error=None)

    async def mark_failed(self, reminder_id: str, worker: str, reason: str) -> None:
        await self._finish(reminder_id, worker, status=FAILED, last_error=reason[:2000])

    async def retry_at(self, reminder_id: str, worker: str, when: datetime, reason: str) -> None:
        await self._finish(reminder_id, worker, status=PENDING, next_attempt_at=when, last_error=reason[:2000], claimed_by=None)

    async def _finish(self, reminder_id: str, worker: str, **values: Any) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.claimed_by == worker, ReminderRow.status == SENDING)
                .values(**values)
            )

    async def all(self) -> list[Reminder]:
        """Every reminder (tests and the benchmark use it to count deliveries)."""
        async with self._sessions() as session:
            return [_to_reminder(r) for r in await session.scalars(select(ReminderRow).order_by(ReminderRow.due_at))]


class SqlConversationRefs:
    """Conversation references, refreshed on every turn the bot sees."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = sessions(engine)
        self._dialect = engine.dialect.name

    async def save(self, conversation_id: str, conversation_type: str, user_id: str | None, reference: dict[str, Any]) -> None:
        values = {
            "conversation_id": conversation_id,
            "conversation_type": conversation_type,
            "user_id": user_id,
            "reference": reference,
            "updated_at": utcnow(),
        }
        async with self._sessions.begin() as session:
            stmt = _insert(self._dialect)(ConversationRefRow).values(values)
            await session.execute(
                stmt.on_conflict_do_update(index_elements=["conversation_id"], set_={k: v for k, v in values.items() if k != "conversation_id"})
            )

    async def get(self, conversation_id: str) -> dict[str, Any] | None:
        async with self._sessions() as session:
            row = await session.get(ConversationRefRow, conversation_id)
            return dict(row.reference) if row else None

    async def personal(self, user_id: str) -> dict[str, Any] | None:
        """The user's most recently seen personal chat with the bot."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(ConversationRefRow)
                .where(ConversationRefRow.user_id == user_id, ConversationRefRow.conversation_type == "personal")
                .order_by(ConversationRefRow.updated_at.desc())
                .limit(1)
            )
            return dict(row.reference) if row else None
