"""Calls users watch ("bevaka"), with their offsets and where to be reminded."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.draft import utcnow
from dialogs.reminder import Subscription
from storage.models import SubscriptionRow
from storage.upsert import upsert

_SUBSCRIPTIONS = select(SubscriptionRow.__table__).order_by(
    SubscriptionRow.owner_id, SubscriptionRow.call_id, SubscriptionRow.conversation_id
)


def _to_subscription(row: Row[Any]) -> Subscription:
    return Subscription(row.owner_id, row.call_id, tuple(row.offsets), "en" if row.lang == "en" else "sv", row.conversation_id)


class SqlSubscriptionRepository:
    """On the unit of work's connection; lists come in (owner, call, conversation) order."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def save(self, subscription: Subscription) -> None:
        values = {
            "owner_id": subscription.owner_id,
            "call_id": subscription.call_id,
            "conversation_id": subscription.conversation_id,
            "offsets": list(subscription.offsets),
            "lang": subscription.lang,
            "created_at": utcnow(),
        }
        await upsert(self._conn, SubscriptionRow, values, key=["owner_id", "call_id", "conversation_id"])

    async def remove(self, owner_id: str, call_id: str) -> None:
        await self._conn.execute(
            delete(SubscriptionRow).where(SubscriptionRow.owner_id == owner_id, SubscriptionRow.call_id == call_id)
        )

    async def remove_owner(self, owner_id: str) -> None:
        await self._conn.execute(delete(SubscriptionRow).where(SubscriptionRow.owner_id == owner_id))

    async def for_owner(self, owner_id: str) -> list[Subscription]:
        return [_to_subscription(r) for r in await self._conn.execute(_SUBSCRIPTIONS.where(SubscriptionRow.owner_id == owner_id))]

    async def every(self) -> list[Subscription]:
        return [_to_subscription(r) for r in await self._conn.execute(_SUBSCRIPTIONS)]
