"""INSERT … ON CONFLICT in the connection's dialect (SQLite and PostgreSQL spell it alike). Each statement is
built once per table, columns and dialect and reused, values bound at execution: SQLAlchemy then neither
rebuilds it nor recomputes its cache key; an upsert runs on the driver (storage/prepared.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import DeclarativeBase

from storage.prepared import Prepared


def _insert(dialect: str, table: type[DeclarativeBase]) -> postgresql.Insert | sqlite.Insert:
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


@cache
def _ignoring(dialect: str, table: type[DeclarativeBase], key: tuple[str, ...]) -> postgresql.Insert | sqlite.Insert:
    return _insert(dialect, table).on_conflict_do_nothing(index_elements=key)


@cache
def _upserting(dialect: str, table: type[DeclarativeBase], columns: tuple[str, ...], key: tuple[str, ...]) -> Prepared:
    stmt = _insert(dialect, table).values({c: bindparam(c) for c in columns})
    kept = {*key, "created_at"}
    return Prepared(stmt.on_conflict_do_update(index_elements=key, set_={c: stmt.excluded[c] for c in columns if c not in kept}))


async def insert_or_ignore(
    conn: AsyncConnection, table: type[DeclarativeBase], rows: list[dict[str, Any]], key: Sequence[str]
) -> None:
    """Insert the rows whose `key` is not taken yet; the others are left as they are."""
    if rows:
        await conn.execute(_ignoring(conn.dialect.name, table, tuple(key)), rows)


async def upsert(conn: AsyncConnection, table: type[DeclarativeBase], values: dict[str, Any], key: Sequence[str]) -> None:
    """Insert the row, or update every column but `key` (and created_at) of the row that has its key. A write on the
    driver (storage/prepared.py): on SQLite it runs with the transaction's next statement or its commit."""
    await _upserting(conn.dialect.name, table, tuple(values), tuple(key)).write(conn, values)
