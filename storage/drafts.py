"""Drafts in the database, saved with optimistic concurrency on their version."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from dialogs.draft import Draft, StaleDraftError, utcnow
from storage.models import DraftRow

LIST_LIMIT = 50


def _to_draft(row: Any) -> Draft:
    return Draft(
        id=row.id,
        owner_id=row.owner_id,
        owner_name=row.owner_name,
        routine_id=row.routine_id,
        answers=dict(row.answers or {}),
        done=list(row.done or []),
        status=row.status,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        proposal_markdown=row.proposal_markdown,
        proposal_html=row.proposal_html,
        proposal_created_at=row.proposal_created_at,
    )


def _columns(draft: Draft) -> dict[str, object]:
    return {
        "owner_id": draft.owner_id,
        "owner_name": draft.owner_name[:255],
        "routine_id": draft.routine_id,
        "title": draft.title[:255],
        "status": draft.status,
        "answers": copy.deepcopy(draft.answers),
        "done": list(draft.done),
        "updated_at": draft.updated_at,
        "proposal_markdown": draft.proposal_markdown,
        "proposal_html": draft.proposal_html,
        "proposal_created_at": draft.proposal_created_at,
    }


class SqlDraftRepository:
    """Drafts are read and saved on most turns, so this uses SQLAlchemy Core on the engine (no ORM session)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, draft: Draft) -> Draft:
        async with self._engine.begin() as conn:
            await conn.execute(insert(DraftRow).values(id=draft.id, version=draft.version, created_at=draft.created_at, **_columns(draft)))
        return draft

    async def get(self, draft_id: str) -> Draft | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(DraftRow.__table__).where(DraftRow.id == draft_id))).first()
            return _to_draft(row) if row else None

    async def save(self, draft: Draft) -> Draft:
        saved = replace(draft, version=draft.version + 1, updated_at=utcnow())
        async with self._engine.begin() as conn:
            result = await conn.execute(
                update(DraftRow)
                .where(DraftRow.id == draft.id, DraftRow.version == draft.version)
                .values(version=saved.version, **_columns(saved))
            )
            if result.rowcount != 1:
                raise StaleDraftError(draft.id)
        return saved

    async def list_for_owner(self, owner_id: str) -> list[Draft]:
        """The owner's drafts, most recently changed first (at most LIST_LIMIT)."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(DraftRow.__table__).where(DraftRow.owner_id == owner_id).order_by(DraftRow.updated_at.desc()).limit(LIST_LIMIT)
            )
            return [_to_draft(r) for r in rows]

    async def delete(self, draft_id: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(delete(DraftRow).where(DraftRow.id == draft_id))
