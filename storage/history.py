"""A dialogue's history (dialogs/history.py): appended to, read oldest first, deleted with its draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.history import HistoryEntry, HistoryKind
from storage.models import HistoryRow


def _to_entry(row: Row[Any]) -> HistoryEntry:
    return HistoryEntry(row.draft_id, HistoryKind(row.kind), row.at, row.who_id, row.who_name, row.phase, row.note, row.number)


class SqlHistoryRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(self, entry: HistoryEntry) -> None:
        await self._conn.execute(
            insert(HistoryRow).values(
                draft_id=entry.draft_id,
                kind=entry.kind.value,
                phase=entry.phase,
                who_id=entry.who_id,
                who_name=entry.who_name[:255],
                at=entry.at,
                note=entry.note,
                number=entry.number,
            )
        )

    async def for_draft(self, draft_id: str, limit: int) -> list[HistoryEntry]:
        """The newest `limit` entries, oldest first."""
        rows = await self._conn.execute(
            select(HistoryRow.__table__)
            .where(HistoryRow.draft_id == draft_id)
            .order_by(HistoryRow.at.desc(), HistoryRow.id.desc())
            .limit(limit)
        )
        return [_to_entry(r) for r in reversed(list(rows))]

    async def for_drafts(self, draft_ids: Sequence[str]) -> list[HistoryEntry]:
        """Every entry of these drafts, oldest first (a person's export)."""
        if not draft_ids:
            return []
        rows = await self._conn.execute(
            select(HistoryRow.__table__).where(HistoryRow.draft_id.in_(draft_ids)).order_by(HistoryRow.at, HistoryRow.id)
        )
        return [_to_entry(r) for r in rows]

    async def delete_for_draft(self, draft_id: str) -> None:
        await self._conn.execute(delete(HistoryRow).where(HistoryRow.draft_id == draft_id))
