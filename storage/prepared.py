"""The statements of every wizard turn (a draft read with its reader's focus, a draft saved; a draft created, an
upsert) run on the DBAPI connection under the unit of work's SQLAlchemy connection, in its transaction.

SQLAlchemy's `execute` costs about a hundred Python calls a statement however often the statement ran before (its
execution context, the compiled-statement cache look-up, parameter processing, a result object), two to four times
what the driver itself does. A `Prepared` statement is compiled by SQLAlchemy once per dialect — its SQL, its
parameters in the driver's order and the column types' bind and result processors, so that values go in and come out
as SQLAlchemy's would — and each run is one call into a greenlet (storage/greenlets.py): the driver's cursor,
executed, fetched and closed; on SQLite not even that: one hop to aiosqlite's thread, straight from the event loop
(storage/sqlite_driver.py). A driver error is raised as SQLAlchemy raises it (`sqlalchemy.exc.DBAPIError`, the
connection invalidated when the driver says it is gone). Statement events (`before_cursor_execute`) do not see these
runs.

A `write` that the caller does not wait for (`Prepared.write`: no rows back, its rowcount checked by the driver) is
queued on SQLite, inside a transaction, and runs in the connection's next hop — the unit of work's next statement or
its commit; its `mismatch` is raised from there. On PostgreSQL it runs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import Delete, Insert, Select, Update

from storage import greenlets
from storage.sqlite_driver import OneHopConnection, Write, check_rowcount

Processor = Callable[[Any], Any] | None


@dataclass
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters in the driver's order
    binds: Mapping[str, Processor]
    results: list[Processor] | None = field(default=None)  # set at the first run, from the driver's column types


@dataclass(frozen=True)
class Outcome:
    rows: list[dict[str, Any]]
    rowcount: int


class Prepared:
    """One statement with bound parameters (`bindparam`), compiled once per dialect and run on the driver."""

    def __init__(self, statement: Select[Any] | Insert | Update | Delete) -> None:
        self._statement = statement
        columns = statement.selected_columns if isinstance(statement, Select) else ()
        self._columns = tuple(str(c.key) for c in columns)
        self._types = tuple(c.type for c in columns)
        self._compiled: dict[str, _Compiled] = {}  # by dialect and driver

    def _for(self, dialect: Dialect) -> _Compiled:
        key = f"{dialect.name}+{dialect.driver}"  # the driver decides the parameter style
        compiled = self._compiled.get(key)
        if compiled is None:
            sql = self._statement.compile(dialect=dialect)
            binds = {name: b.type.dialect_impl(dialect).bind_processor(dialect) for name, b in sql.binds.items()}
            if not dialect.positional:
                raise ValueError(f"{key}: a driver that takes parameters by position (aiosqlite, asyncpg) is needed")
            if getattr(sql, "insert_prefetch", None) or getattr(sql, "update_prefetch", None):
                raise ValueError(f"{self._statement}: a column's Python-side default would not run: give every column")
            positions = tuple(getattr(sql, "positiontup", None) or ())
            compiled = self._compiled[key] = _Compiled(str(sql), positions, binds)
        return compiled

    async def run(self, conn: AsyncConnection, params: Mapping[str, Any]) -> Outcome:
        if not conn.in_transaction():  # SQLAlchemy would neither begin nor end one around the driver's statement
            raise RuntimeError("a Prepared statement runs inside a transaction: a unit of work, or engine.begin()")
        proxied = conn.sync_connection.connection  # type: ignore[union-attr]  # started: a connection
        if isinstance(driver := proxied.dbapi_connection, OneHopConnection):
            return await self._hop(conn, proxied, driver, params)
        return await greenlets.run(self._run, conn.sync_connection, params)

    async def write(
        self, conn: AsyncConnection, params: Mapping[str, Any], rowcount: int | None = None, mismatch: Exception | None = None
    ) -> None:
        """Run the statement, no rows back; if it changes another number of rows than `rowcount`, raise `mismatch`.
        Inside a transaction on SQLite it is queued and runs with the connection's next statement or its commit,
        which raise what it raises (the module's docstring)."""
        driver = conn.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
        compiled = self._for(conn.dialect)
        if isinstance(driver, OneHopConnection) and conn.in_transaction():  # else `run` refuses
            driver.defer(Write(compiled.sql, self._values(compiled, params), rowcount, mismatch))
            return
        check_rowcount(compiled.sql, (await self.run(conn, params)).rowcount, rowcount, mismatch)

    def _values(self, compiled: _Compiled, params: Mapping[str, Any]) -> Sequence[Any]:
        binds = compiled.binds
        return tuple([process(params[name]) if (process := binds[name]) else params[name] for name in compiled.names])

    def _outcome(self, compiled: _Compiled, dialect: Dialect, description: Any, fetched: Sequence[Any], rowcount: int) -> Outcome:
        if compiled.results is None and description:
            described = zip(self._types, description, strict=True)
            compiled.results = [t.dialect_impl(dialect).result_processor(dialect, d[1]) for t, d in described]
        processors = compiled.results or []
        rows = [
            {name: process(v) if process else v for name, process, v in zip(self._columns, processors, row, strict=True)}
            for row in fetched
        ]
        return Outcome(rows, rowcount)

    @staticmethod
    def _error(compiled: _Compiled, values: Sequence[Any], error: Exception, dialect: Dialect, gone: bool) -> exc.StatementError:
        return exc.DBAPIError.instance(
            compiled.sql, values, error, dialect.loaded_dbapi.Error, connection_invalidated=gone, dialect=dialect
        )

    async def _hop(
        self, conn: AsyncConnection, proxied: PoolProxiedConnection, driver: OneHopConnection, params: Mapping[str, Any]
    ) -> Outcome:
        """On SQLite: one hop to aiosqlite's thread, from the event loop (no greenlet)."""
        dialect = conn.dialect
        compiled = self._for(dialect)
        values = self._values(compiled, params)
        try:
            description, rowcount, _, fetched, _ = await driver.statement(compiled.sql, values)
        except dialect.loaded_dbapi.Error as error:
            gone = dialect.is_disconnect(error, proxied, None)
            if gone:
                await conn.invalidate(error)
            raise self._error(compiled, values, error, dialect, gone) from error
        return self._outcome(compiled, dialect, description, fetched, rowcount)

    def _run(self, conn: Connection, params: Mapping[str, Any]) -> Outcome:
        dialect = conn.dialect
        compiled = self._for(dialect)
        values = self._values(compiled, params)
        connection = conn.connection
        cursor = connection.cursor()
        try:
            cursor.execute(compiled.sql, values)
            fetched = cursor.fetchall() if cursor.description else []
            description, rowcount = cursor.description, cursor.rowcount
        except dialect.loaded_dbapi.Error as error:
            gone = dialect.is_disconnect(error, connection.dbapi_connection, cursor)
            if gone:
                conn.invalidate(error)
            raise self._error(compiled, values, error, dialect, gone) from error
        finally:
            cursor.close()
        return self._outcome(compiled, dialect, description, fetched, rowcount)
