"""Shares of drafts and their event log in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.share import Access, Reviewed, Share, ShareEvent, ShareEventKind
from storage.models import ShareEventRow, ShareRow, ShareTokenRow

_SHARES = select(ShareRow.__table__)


def _to_share(row: Row[Any]) -> Share:
    return Share(
        id=row.id,
        draft_id=row.draft_id,
        owner_id=row.owner_id,
        recipient_id=row.recipient_id,
        recipient_name=row.recipient_name,
        access=Access(row.access),
        ask=row.ask,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        reviewed=Reviewed(row.reviewed) if row.reviewed else None,
    )


def _to_event(row: Row[Any]) -> ShareEvent:
    return ShareEvent(row.share_id, row.draft_id, ShareEventKind(row.kind), row.who, row.at, row.text)


class SqlShareRepository:
    """On the unit of work's connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def create(self, share: Share, token_hash: str) -> None:
        await self._conn.execute(
            insert(ShareRow).values(
                id=share.id,
                draft_id=share.draft_id,
                owner_id=share.owner_id,
                recipient_id=share.recipient_id,
                recipient_name=share.recipient_name,
                access=share.access.value,
                ask=share.ask,
                token_hash=token_hash,
                created_at=share.created_at,
                expires_at=share.expires_at,
                revoked_at=share.revoked_at,
                reviewed=share.reviewed.value if share.reviewed else None,
            )
        )

    async def by_token_hash(self, token_hash: str) -> Share | None:
        """The share its first link opens, or one of the links added since (add_token)."""
        added = select(ShareTokenRow.share_id).where(ShareTokenRow.token_hash == token_hash).scalar_subquery()
        return await self._one(or_(ShareRow.token_hash == token_hash, ShareRow.id == added))

    async def get(self, share_id: str) -> Share | None:
        return await self._one(ShareRow.id == share_id)

    async def _one(self, condition: ColumnElement[bool]) -> Share | None:
        row = (await self._conn.execute(_SHARES.where(condition))).first()
        return _to_share(row) if row else None

    async def for_draft(self, draft_id: str) -> list[Share]:
        rows = await self._conn.execute(_SHARES.where(ShareRow.draft_id == draft_id).order_by(ShareRow.created_at, ShareRow.id))
        return [_to_share(r) for r in rows]

    async def revoke(self, share_id: str, at: datetime) -> None:
        """Revoked once: a second revoke keeps the first time."""
        await self._conn.execute(
            update(ShareRow).where(ShareRow.id == share_id, ShareRow.revoked_at.is_(None)).values(revoked_at=at)
        )

    async def add_token(self, share_id: str, token_hash: str) -> None:
        await self._conn.execute(insert(ShareTokenRow).values(token_hash=token_hash, share_id=share_id))

    async def given_by(self, owner_id: str) -> list[Share]:
        rows = await self._conn.execute(_SHARES.where(ShareRow.owner_id == owner_id).order_by(ShareRow.created_at, ShareRow.id))
        return [_to_share(r) for r in rows]

    async def received_by(self, recipient_id: str) -> list[Share]:
        rows = await self._conn.execute(
            _SHARES.where(ShareRow.recipient_id == recipient_id).order_by(ShareRow.created_at, ShareRow.id)
        )
        return [_to_share(r) for r in rows]

    async def delete_for_draft(self, draft_id: str) -> None:
        await self._conn.execute(delete(ShareEventRow).where(ShareEventRow.draft_id == draft_id))
        drafts = select(ShareRow.id).where(ShareRow.draft_id == draft_id)
        await self._conn.execute(delete(ShareTokenRow).where(ShareTokenRow.share_id.in_(drafts)))
        await self._conn.execute(delete(ShareRow).where(ShareRow.draft_id == draft_id))

    async def delete_for_person(self, user_id: str) -> None:
        theirs = select(ShareRow.id).where(or_(ShareRow.owner_id == user_id, ShareRow.recipient_id == user_id))
        await self._conn.execute(delete(ShareEventRow).where(ShareEventRow.share_id.in_(theirs)))
        await self._conn.execute(delete(ShareTokenRow).where(ShareTokenRow.share_id.in_(theirs)))
        await self._conn.execute(delete(ShareRow).where(or_(ShareRow.owner_id == user_id, ShareRow.recipient_id == user_id)))

    async def record(self, event: ShareEvent) -> None:
        await self._conn.execute(
            insert(ShareEventRow).values(
                share_id=event.share_id,
                draft_id=event.draft_id,
                kind=event.kind.value,
                who=event.who[:255],
                text=event.text,
                at=event.at,
            )
        )

    async def events(self, draft_id: str, limit: int) -> list[ShareEvent]:
        """The newest first."""
        rows = await self._conn.execute(
            select(ShareEventRow.__table__)
            .where(ShareEventRow.draft_id == draft_id)
            .order_by(ShareEventRow.at.desc(), ShareEventRow.id.desc())
            .limit(limit)
        )
        return [_to_event(r) for r in rows]

    async def events_for_shares(self, share_ids: Sequence[str]) -> list[ShareEvent]:
        if not share_ids:
            return []
        rows = await self._conn.execute(
            select(ShareEventRow.__table__)
            .where(ShareEventRow.share_id.in_(list(share_ids)))
            .order_by(ShareEventRow.at, ShareEventRow.id)
        )
        return [_to_event(r) for r in rows]
