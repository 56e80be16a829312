"""Shares and their event log in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from dialogs.sharing import Share, ShareEvent
from storage.db import sessions
from storage.models import ShareEventRow, ShareRow


def _share(row: ShareRow) -> Share:
    return Share(
        id=row.id,
        draft_id=row.draft_id,
        owner_id=row.owner_id,
        recipient_id=row.recipient_id,
        recipient_name=row.recipient_name,
        access=row.access,
        ask=row.ask,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


class SqlShareRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = sessions(engine)

    async def create(self, share: Share, token_hash: str) -> None:
        async with self._sessions.begin() as session:
            session.add(
                ShareRow(
                    id=share.id,
                    draft_id=share.draft_id,
                    owner_id=share.owner_id,
                    recipient_id=share.recipient_id,
                    recipient_name=share.recipient_name,
                    access=share.access,
                    ask=share.ask,
                    token_hash=token_hash,
                    created_at=share.created_at,
                    expires_at=share.expires_at,
                    revoked_at=share.revoked_at,
                )
            )

    async def by_token_hash(self, token_hash: str) -> Share | None:
        async with self._sessions() as session:
            row = await session.scalar(select(ShareRow).where(ShareRow.token_hash == token_hash))
            return _share(row) if row else None

    async def get(self, share_id: str) -> Share | None:
        async with self._sessions() as session:
            row = await session.get(ShareRow, share_id)
            return _share(row) if row else None

    async def for_draft(self, draft_id: str) -> list[Share]:
        async with self._sessions() as session:
            rows = await session.scalars(select(ShareRow).where(ShareRow.draft_id == draft_id).order_by(ShareRow.created_at))
            return [_share(r) for r in rows]

    async def revoke(self, share_id: str, at: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(update(ShareRow).where(ShareRow.id == share_id, ShareRow.revoked_at.is_(None)).values(revoked_at=at))

    async def revoke_draft(self, draft_id: str, at: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(update(ShareRow).where(ShareRow.draft_id == draft_id, ShareRow.revoked_at.is_(None)).values(revoked_at=at))

    async def record(self, event: ShareEvent) -> None:
        async with self._sessions.begin() as session:
            session.add(ShareEventRow(share_id=event.share_id, draft_id=event.draft_id, kind=event.kind, who=event.who[:255], text=event.text, at=event.at))

    async def events(self, draft_id: str, limit: int = 50) -> list[ShareEvent]:
        """The newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(ShareEventRow).where(ShareEventRow.draft_id == draft_id).order_by(ShareEventRow.at.desc(), ShareEventRow.id.desc()).limit(limit)
            )
            return [ShareEvent(r.share_id, r.draft_id, r.kind, r.who, r.at, r.text) for r in rows]
