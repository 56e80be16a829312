"""Calls officials added in the chat: each the user's own, or shown to everyone in the district."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.calls import Call, call_row, parse_call
from dialogs.draft import utcnow
from storage.models import CallRow

_CALLS = select(CallRow.__table__).order_by(CallRow.created_at, CallRow.id)


def _to_call(row: Row[Any]) -> Call:
    return parse_call({**row.data, "id": row.id, "added_by": row.owner_id, "everyone": row.everyone}, f"calls[{row.id}]")


class SqlCallRepository:
    """On the unit of work's connection; lists in the order the calls were added."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, call: Call) -> None:
        data = {k: v for k, v in call_row(call).items() if k not in ("id", "added_by", "everyone")}
        values = {"id": call.id, "owner_id": call.added_by, "everyone": call.everyone, "data": data, "created_at": utcnow()}
        await self._conn.execute(insert(CallRow).values(values))

    async def get(self, call_id: str) -> Call | None:
        row = (await self._conn.execute(_CALLS.where(CallRow.id == call_id))).first()
        return _to_call(row) if row else None

    async def visible_to(self, user_id: str) -> list[Call]:
        query = _CALLS.where(or_(CallRow.owner_id == user_id, CallRow.everyone.is_(True)))
        return [_to_call(r) for r in await self._conn.execute(query)]

    async def remove_owner(self, owner_id: str) -> None:
        await self._conn.execute(delete(CallRow).where(CallRow.owner_id == owner_id))
