"""Rate counters in the database: one row per key and window, incremented atomically (INSERT … ON
CONFLICT DO UPDATE … RETURNING on SQLite and PostgreSQL alike), so several instances share them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import RateCounterRow


class SqlRateCounterRepository:
    """On the unit of work's connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def hit(self, key: str, window_start: datetime, window_end: datetime) -> int:
        # This key's ended windows go (its own rows only: hits on other keys never wait on each other).
        await self._conn.execute(
            delete(RateCounterRow).where(RateCounterRow.key == key, RateCounterRow.window_end < window_start)
        )
        dialect = postgresql if self._conn.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(RateCounterRow).values(key=key, window_start=window_start, count=1, window_end=window_end)
        stmt = stmt.on_conflict_do_update(
            index_elements=["key", "window_start"], set_={"count": RateCounterRow.count + 1}
        ).returning(RateCounterRow.count)
        return int((await self._conn.execute(stmt)).scalar_one())

    async def forget(self, subject: str) -> None:
        prefix = f"{subject}:"
        await self._conn.execute(delete(RateCounterRow).where(func.substr(RateCounterRow.key, 1, len(prefix)) == prefix))
