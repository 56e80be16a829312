"""The database engine, schema migrations and a health check; none of them waits for ever on a database
that accepts connections but does not answer."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import event, exc, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from storage import sqlite_driver

MIGRATIONS = Path(__file__).parent / "migrations"
# One migration at a time when several instances start together on PostgreSQL.
_PG_MIGRATION_LOCK = 7_304_211
HEALTH_CHECK_SECONDS = 1.0
# A pooled PostgreSQL connection that sat idle longer than this is pinged before use (one that broke
# meanwhile, e.g. the server restarted, is replaced unseen); one in steady use is not (a ping is three round trips).
PING_AFTER_IDLE_SECONDS = 1.0
_IDLE_SINCE = "dialogstod_idle_since"
T = TypeVar("T")
_SQLITE_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def unavailable(error: BaseException) -> bool:
    """Whether `error` says that the database is down, locked or not answering — try again later — rather
    than that something is wrong with the work itself (a missing table, a bug)."""
    if isinstance(error, TimeoutError | OSError | exc.TimeoutError | exc.InterfaceError):
        return True  # asyncio's and asyncpg's timeouts, refused or reset connections, no pooled connection free
    if isinstance(error, exc.DBAPIError):  # a connection that broke, or SQLite still locked after its busy timeout
        return error.connection_invalidated or getattr(error.orig, "sqlite_errorcode", None) in _SQLITE_BUSY
    return False


def _json_text(value: Any) -> str:
    """A JSON column's value as its text: by orjson, several times faster than json.dumps; by json.dumps what orjson
    refuses (an integer beyond 64 bits: a number field without a maximum may hold one)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


# The JSON columns' writer on every engine (a draft's answers, the card just shown: each turn). They are read by
# json.loads, as before: orjson would read an integer beyond 64 bits as a float.
_JSON = {"json_serializer": _json_text}


def make_engine(url: str, timeout_seconds: float = 5.0, ping_after_idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> AsyncEngine:
    """An engine for `url` that gives up after `timeout_seconds` when connecting, when waiting for a pooled
    connection and, per statement, when the database does not answer (PostgreSQL) or stays locked (SQLite).
    For SQLite the file's folder is created; on PostgreSQL a pooled connection idle longer than
    `ping_after_idle_seconds` is pinged before use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite has one writer at a time: one connection (one aiosqlite thread) serves every turn in
        # order, instead of many threads contending for the file lock and the GIL; one hop to that thread per
        # statement (storage/sqlite_driver.py). A connection goes back to the pool with its transaction ended
        # already (a Connection rolls back what it did not commit when it closes), so the pool's own rollback
        # on return, one more hop per unit of work, is left out.
        engine = create_async_engine(
            url,
            module=sqlite_driver.dbapi() if parsed.get_driver_name() == "aiosqlite" else None,
            connect_args={"timeout": timeout_seconds},
            pool_reset_on_return=None,
            pool_size=1,
            max_overflow=0,
            pool_timeout=timeout_seconds,
            **_JSON,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(timeout_seconds * 1000)}")
            cursor.close()

        return engine
    engine = create_async_engine(
        url,
        connect_args={"timeout": timeout_seconds, "command_timeout": timeout_seconds},
        pool_size=10,
        max_overflow=10,
        pool_timeout=timeout_seconds,
        **_JSON,
    )
    _ping_after_idle(engine, ping_after_idle_seconds)
    return engine


def _ping_after_idle(engine: AsyncEngine, seconds: float) -> None:
    """Ping a pooled connection at check-out if it sat idle more than `seconds` (a broken one is replaced,
    and the pool's others with it: pool_pre_ping's answer, without its round trips for every check-out).
    A connection that broke while in steady use shows at its first statement: SQLAlchemy invalidates the
    pool, and the turn says to try again (`unavailable`)."""
    dialect = engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _idle_from(_dbapi_connection, record):  # type: ignore[no-untyped-def]
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):  # type: ignore[no-untyped-def]
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since <= seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error  # the pool connects anew and checks out again
            raise


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration for our migrations, run on `connection` (storage/migrations/env.py)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), revision)


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision`, by default the newest (idempotent; safe to run at every start).

    On PostgreSQL the migration runs on a connection of its own without the engine's statement timeout
    (building an index on a large table may take longer); connecting still times out."""
    if engine.dialect.name != "postgresql":
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
        return
    unbounded = create_async_engine(engine.url, poolclass=NullPool, connect_args={"timeout": 30, "command_timeout": None})
    try:
        async with unbounded.begin() as connection:
            await connection.run_sync(_upgrade, revision)
    finally:
        await unbounded.dispose()


async def _answers(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


# Database work given up on, still closing its connection in the background (SQLAlchemy allows 2 s for that).
_abandoned: set[asyncio.Task[Any]] = set()


def _forget(task: asyncio.Task[Any]) -> None:
    _abandoned.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: nobody waits for it any more


async def finish_by(deadline: float, work: Coroutine[Any, Any, T]) -> T:
    """`work`'s result if it is done by `deadline` (event-loop time), else TimeoutError right at the deadline.
    Work given up on is cancelled and left to close its connections in the background: a connection to a
    database that does not answer takes seconds to close, and nobody should wait for that."""
    task = asyncio.create_task(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=max(0.0, deadline - asyncio.get_running_loop().time()))
    except asyncio.CancelledError:
        task.cancel()
        raise
    if task in done:
        return task.result()
    task.cancel()
    _abandoned.add(task)
    task.add_done_callback(_forget)
    raise TimeoutError("database work not done within the time allowed")


async def database_ok(engine: AsyncEngine, within: float = HEALTH_CHECK_SECONDS) -> bool:
    """Whether the database answers `SELECT 1` within `within` seconds; never waits longer."""
    try:
        return await finish_by(asyncio.get_running_loop().time() + within, _answers(engine))
    except TimeoutError:
        return False
