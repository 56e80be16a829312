"""A proposal's versions (dialogs/proposal_versions.py): added when one is created, read oldest first (or one
asked for, or the newest), deleted with their draft."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.proposal_versions import ProposalVersion
from storage.models import ProposalVersionRow


def _to_version(row: Row[Any]) -> ProposalVersion:
    return ProposalVersion(row.draft_id, row.number, row.created_at, dict(row.answers), tuple(row.done), row.owner_name)


class SqlProposalVersionRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, version: ProposalVersion) -> None:
        await self._conn.execute(
            insert(ProposalVersionRow).values(
                draft_id=version.draft_id,
                number=version.number,
                created_at=version.created_at,
                answers=version.answers,
                done=list(version.done),
                owner_name=version.owner_name[:255],
            )
        )

    async def for_draft(self, draft_id: str) -> list[ProposalVersion]:
        rows = await self._conn.execute(
            select(ProposalVersionRow.__table__)
            .where(ProposalVersionRow.draft_id == draft_id)
            .order_by(ProposalVersionRow.number)
        )
        return [_to_version(r) for r in rows]

    async def get(self, draft_id: str, number: int) -> ProposalVersion | None:
        row = (
            await self._conn.execute(
                select(ProposalVersionRow.__table__).where(
                    ProposalVersionRow.draft_id == draft_id, ProposalVersionRow.number == number
                )
            )
        ).first()
        return _to_version(row) if row else None

    async def newest(self, draft_id: str) -> ProposalVersion | None:
        row = (
            await self._conn.execute(
                select(ProposalVersionRow.__table__)
                .where(ProposalVersionRow.draft_id == draft_id)
                .order_by(ProposalVersionRow.number.desc())
                .limit(1)
            )
        ).first()
        return _to_version(row) if row else None

    async def delete_for_draft(self, draft_id: str) -> None:
        await self._conn.execute(delete(ProposalVersionRow).where(ProposalVersionRow.draft_id == draft_id))
