"""Where the bot can reach a conversation proactively: Bot Framework conversation references."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from dialogs.draft import utcnow
from dialogs.personal_data import StoredConversation
from storage.models import ConversationRefRow
from storage.upsert import upsert


@dataclass(frozen=True)
class NamedChat:
    """A user's personal chat with the bot: their id, their name as the bot last saw it there, and its reference."""

    user_id: str
    name: str
    reference: dict[str, Any]


class SqlConversationRefs:
    """Refreshed on every turn the bot sees; each call is its own short transaction on the engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def save(self, conversation_id: str, conversation_type: str, user_id: str | None, reference: dict[str, Any]) -> None:
        values = {
            "conversation_id": conversation_id,
            "conversation_type": conversation_type,
            "user_id": user_id,
            "reference": reference,
            "updated_at": utcnow(),
        }
        async with self._engine.begin() as conn:
            await upsert(conn, ConversationRefRow, values, key=["conversation_id"])

    async def get(self, conversation_id: str) -> dict[str, Any] | None:
        async with self._engine.connect() as conn:
            reference = (
                await conn.execute(
                    select(ConversationRefRow.reference).where(ConversationRefRow.conversation_id == conversation_id)
                )
            ).scalar_one_or_none()
        return dict(reference) if reference is not None else None

    async def personal(self, user_id: str) -> dict[str, Any] | None:
        """The user's most recently seen personal chat with the bot."""
        async with self._engine.connect() as conn:
            reference = (
                await conn.execute(
                    select(ConversationRefRow.reference)
                    .where(ConversationRefRow.user_id == user_id, ConversationRefRow.conversation_type == "personal")
                    .order_by(ConversationRefRow.updated_at.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
        return dict(reference) if reference is not None else None

    async def personal_chats_named(self, name: str) -> list[NamedChat]:
        """The users with a personal chat whose name, as the bot last saw it, is `name` (case aside): each user's most
        recently seen such chat, by user id. Reads every personal chat: for local mode's few users
        (bot/identity.TeamsDirectory), not for a city's."""
        wanted = name.strip().casefold()
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(ConversationRefRow.user_id, ConversationRefRow.reference)
                .where(ConversationRefRow.conversation_type == "personal", ConversationRefRow.user_id.is_not(None))
                .order_by(ConversationRefRow.updated_at)
            )
            found = {
                r.user_id: NamedChat(r.user_id, seen, dict(r.reference))
                for r in rows
                if (seen := str((r.reference or {}).get("user", {}).get("name", ""))).casefold() == wanted
            }
        return [found[user_id] for user_id in sorted(found)]


class SqlConversationRepository:
    """dialogs.ports.ConversationRepository, on the unit of work's connection: a user's personal chats
    for the export of their data, and their erasure."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def for_user(self, user_id: str) -> list[StoredConversation]:
        rows = await self._conn.execute(
            select(ConversationRefRow.__table__)
            .where(ConversationRefRow.user_id == user_id)
            .order_by(ConversationRefRow.updated_at, ConversationRefRow.conversation_id)
        )
        return [StoredConversation(r.conversation_id, r.conversation_type, r.updated_at, dict(r.reference)) for r in rows]

    async def delete_user(self, user_id: str) -> None:
        await self._conn.execute(delete(ConversationRefRow).where(ConversationRefRow.user_id == user_id))
