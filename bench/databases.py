"""Fresh databases for benchmark runs: a SQLite file, or a new PostgreSQL database (dropped after); optionally seeded."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
from sqlalchemy import insert

from storage.db import make_engine, migrate
from storage.models import DraftRow

PG_ADMIN = os.environ.get("BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


async def postgres_reason() -> str | None:
    """Why PostgreSQL parts cannot run, or None."""
    try:
        conn = await asyncpg.connect(PG_ADMIN, timeout=3)
        await conn.close()
        return None
    except (OSError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN}: {exc}"


async def new_postgres() -> str:
    name = f"dialogstod_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(PG_ADMIN)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}"


async def drop_postgres(url: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN)
    await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await conn.close()


def new_sqlite() -> str:
    return f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='dialogstod-bench-')}/bench.db"


async def prepare(url: str, drafts: int = 0) -> None:
    """Migrate, and store `drafts` drafts of other users (the scale runs)."""
    engine = make_engine(url)
    await migrate(engine)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        for start in range(0, drafts, 5000):
            rows = [
                {
                    "id": uuid.uuid4().hex,
                    "owner_id": f"aad:seed-{n % 20000}",
                    "owner_name": "Seed",
                    "routine_id": "r",
                    "title": f"Utkast {n}",
                    "status": "active",
                    "answers": {"title": f"Utkast {n}", "unit": "Enhet"},
                    "done": ["start"],
                    "version": 1,
                    "created_at": now - timedelta(minutes=n),
                    "updated_at": now - timedelta(minutes=n),
                }
                for n in range(start, min(drafts, start + 5000))
            ]
            await conn.execute(insert(DraftRow), rows)
    await engine.dispose()


@asynccontextmanager
async def fresh(database: str, drafts: int = 0) -> AsyncIterator[str]:
    """The URL of a new database, migrated, with `drafts` drafts of other users stored (`prepare`): PostgreSQL when
    `database` is "postgres" (dropped at the end), else a SQLite file."""
    url = await new_postgres() if database == "postgres" else new_sqlite()
    try:
        await prepare(url, drafts)
        yield url
    finally:
        if database == "postgres":
            await drop_postgres(url)
