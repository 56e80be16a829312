"""INSERT … ON CONFLICT in the connection's dialect (SQLite and PostgreSQL spell it alike)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import DeclarativeBase


def _insert(conn: AsyncConnection, table: type[DeclarativeBase]) -> postgresql.Insert | sqlite.Insert:
    return postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)


async def insert_or_ignore(
    conn: AsyncConnection, table: type[DeclarativeBase], rows: list[dict[str, Any]], key: Sequence[str]
) -> None:
    """Insert the rows whose `key` is not taken yet; the others are left as they are."""
    if rows:
        await conn.execute(_insert(conn, table).values(rows).on_conflict_do_nothing(index_elements=key))


async def upsert(conn: AsyncConnection, table: type[DeclarativeBase], values: dict[str, Any], key: Sequence[str]) -> None:
    """Insert the row, or update every column but `key` (and created_at) of the row that has its key."""
    stmt = _insert(conn, table).values(values)
    kept = {*key, "created_at"}
    await conn.execute(
        stmt.on_conflict_do_update(index_elements=key, set_={c: stmt.excluded[c] for c in values if c not in kept})
    )
