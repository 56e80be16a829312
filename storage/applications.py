"""Applications to external calls: one per user and call, the application card's answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.documents.application import Application
from storage.models import ApplicationRow
from storage.upsert import upsert

_APPLICATIONS = select(ApplicationRow.__table__)


def _to_application(row: Row[Any]) -> Application:
    return Application(row.owner_id, row.owner_name, row.call_id, dict(row.answers), row.updated_at, row.id)


class SqlApplicationRepository:
    """On the unit of work's connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, owner_id: str, call_id: str) -> Application | None:
        query = _APPLICATIONS.where(ApplicationRow.owner_id == owner_id, ApplicationRow.call_id == call_id)
        row = (await self._conn.execute(query)).first()
        return _to_application(row) if row else None

    async def by_id(self, application_id: str) -> Application | None:
        row = (await self._conn.execute(_APPLICATIONS.where(ApplicationRow.id == application_id))).first()
        return _to_application(row) if row else None

    async def save(self, application: Application) -> None:
        """Insert, or replace the answers of the user's application to that call (keeping its id)."""
        values = {
            "owner_id": application.owner_id,
            "call_id": application.call_id,
            "id": application.id,
            "owner_name": application.owner_name,
            "answers": application.answers,
            "updated_at": application.updated_at,
        }
        await upsert(self._conn, ApplicationRow, values, key=["owner_id", "call_id"])

    async def for_owner(self, owner_id: str) -> list[Application]:
        query = _APPLICATIONS.where(ApplicationRow.owner_id == owner_id).order_by(ApplicationRow.call_id)
        return [_to_application(r) for r in await self._conn.execute(query)]

    async def remove_owner(self, owner_id: str) -> None:
        await self._conn.execute(delete(ApplicationRow).where(ApplicationRow.owner_id == owner_id))
