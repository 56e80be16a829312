"""The days before a draft's date that its reminders come, as the owner chose them (dialogs/deadlines.py)."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import DeadlineOffsetsRow
from storage.upsert import upsert

_OF_DRAFT = select(DeadlineOffsetsRow.__table__).where(DeadlineOffsetsRow.draft_id == bindparam("draft"))


class SqlDeadlineOffsetRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def for_draft(self, draft_id: str) -> dict[str, tuple[int, ...]]:
        rows = await self._conn.execute(_OF_DRAFT, {"draft": draft_id})
        return {r.field_id: tuple(r.offsets) for r in rows}

    async def set(self, draft_id: str, field_id: str, offsets: tuple[int, ...]) -> None:
        values = {"draft_id": draft_id, "field_id": field_id, "offsets": list(offsets)}
        await upsert(self._conn, DeadlineOffsetsRow, values, key=("draft_id", "field_id"))

    async def delete_for_draft(self, draft_id: str) -> None:
        await self._conn.execute(delete(DeadlineOffsetsRow).where(DeadlineOffsetsRow.draft_id == draft_id))
