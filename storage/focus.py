"""Which draft each user works on in each conversation."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.draft import utcnow
from storage.models import FocusRow
from storage.upsert import upsert


class SqlFocusRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, conversation_id: str, user_id: str) -> str | None:
        result = await self._conn.execute(
            select(FocusRow.draft_id).where(FocusRow.conversation_id == conversation_id, FocusRow.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def set(self, conversation_id: str, user_id: str, draft_id: str | None) -> None:
        """Point the user's focus in the conversation at the draft; None clears it."""
        if draft_id is None:
            await self._conn.execute(
                delete(FocusRow).where(FocusRow.conversation_id == conversation_id, FocusRow.user_id == user_id)
            )
            return
        values = {"conversation_id": conversation_id, "user_id": user_id, "draft_id": draft_id, "updated_at": utcnow()}
        await upsert(self._conn, FocusRow, values, key=["conversation_id", "user_id"])
