"""Which draft each user works on in each conversation. A unit of work's focus repository remembers the focus it
read or wrote (and the one read with a draft: storage/drafts.py), and does not write again what is stored already:
most turns keep the user on the draft they were on."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.actor import Focus
from dialogs.draft import utcnow
from dialogs.personal_data import FocusEntry
from storage.models import FocusRow
from storage.upsert import upsert

_GET = select(FocusRow.draft_id, FocusRow.step_id).where(
    FocusRow.conversation_id == bindparam("conversation"), FocusRow.user_id == bindparam("user")
)  # on every turn: built once


class SqlFocusRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        self._stored: dict[tuple[str, str], Focus | None] = {}  # (conversation, user): as read or written in this transaction

    def seen(self, conversation_id: str, user_id: str, focus: Focus | None) -> None:
        """`focus` is what the transaction read as stored (with a draft)."""
        self._stored[(conversation_id, user_id)] = focus

    async def get(self, conversation_id: str, user_id: str) -> Focus | None:
        result = await self._conn.execute(_GET, {"conversation": conversation_id, "user": user_id})
        row = result.first()
        focus = Focus(row.draft_id, row.step_id) if row else None
        self.seen(conversation_id, user_id, focus)
        return focus

    async def set(self, conversation_id: str, user_id: str, focus: Focus | None) -> None:
        """Point the user's focus in the conversation at a draft (and step); None clears it. Nothing is written
        when the transaction read or wrote this focus already."""
        key = (conversation_id, user_id)
        if key in self._stored and self._stored[key] == focus:
            return
        self._stored[key] = focus
        if focus is None:
            await self._conn.execute(
                delete(FocusRow).where(FocusRow.conversation_id == conversation_id, FocusRow.user_id == user_id)
            )
            return
        values = {
            "conversation_id": conversation_id,
            "user_id": user_id,
            "draft_id": focus.draft_id,
            "step_id": focus.step_id,
            "updated_at": utcnow(),
        }
        await upsert(self._conn, FocusRow, values, key=["conversation_id", "user_id"])

    async def for_user(self, user_id: str) -> list[FocusEntry]:
        result = await self._conn.execute(
            select(FocusRow.conversation_id, FocusRow.draft_id, FocusRow.step_id)
            .where(FocusRow.user_id == user_id)
            .order_by(FocusRow.conversation_id)
        )
        return [FocusEntry(r.conversation_id, Focus(r.draft_id, r.step_id)) for r in result]

    async def clear_draft(self, draft_id: str) -> None:
        self._stored.clear()
        await self._conn.execute(delete(FocusRow).where(FocusRow.draft_id == draft_id))

    async def delete_user(self, user_id: str) -> None:
        self._stored.clear()
        await self._conn.execute(delete(FocusRow).where(FocusRow.user_id == user_id))
