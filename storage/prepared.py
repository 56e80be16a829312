"""The statements of every wizard turn (a draft read with its reader's focus, a draft saved) run on the DBAPI
connection under the unit of work's SQLAlchemy connection, in its transaction.

SQLAlchemy's `execute` costs about a hundred Python calls a statement however often the statement ran before (its
execution context, the compiled-statement cache look-up, parameter processing, a result object), two to four times
what the driver itself does. A `Prepared` statement is compiled by SQLAlchemy once per dialect — its SQL, its
parameters in the driver's order and the column types' bind and result processors, so that values go in and come out
as SQLAlchemy's would — and each run is one call into the unit of work's greenlet: the driver's cursor, executed,
fetched and closed. A driver error is raised as SQLAlchemy raises it (`sqlalchemy.exc.DBAPIError`, the connection
invalidated when the driver says it is gone). Statement events (`before_cursor_execute`) do not see these runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Delete, Insert, Select, Update

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
            positions = tuple(getattr(sql, "positiontup", None) or ())
            compiled = self._compiled[key] = _Compiled(str(sql), positions, binds)
        return compiled

    async def run(self, conn: AsyncConnection, params: Mapping[str, Any]) -> Outcome:
        return await conn.run_sync(self._run, params)

    def _values(self, compiled: _Compiled, params: Mapping[str, Any]) -> Sequence[Any]:
        binds = compiled.binds
        return tuple([process(params[name]) if (process := binds[name]) else params[name] for name in compiled.names])

    def _run(self, conn: Connection, params: Mapping[str, Any]) -> Outcome:
        dialect = conn.dialect
        compiled = self._for(dialect)
        values = self._values(compiled, params)
        connection = conn.connection
        cursor = connection.cursor()
        try:
            cursor.execute(compiled.sql, values)
            fetched = cursor.fetchall() if cursor.description else []
            if compiled.results is None and cursor.description:
                described = zip(self._types, cursor.description, strict=True)
                compiled.results = [t.dialect_impl(dialect).result_processor(dialect, d[1]) for t, d in described]
            rowcount = cursor.rowcount
        except dialect.loaded_dbapi.Error as error:
            gone = dialect.is_disconnect(error, connection.dbapi_connection, cursor)
            if gone:
                conn.invalidate(error)
            raise exc.DBAPIError.instance(
                compiled.sql, values, error, dialect.loaded_dbapi.Error, connection_invalidated=gone, dialect=dialect
            ) from error
        finally:
            cursor.close()
        processors = compiled.results or []
        rows = [
            {name: process(v) if process else v for name, process, v in zip(self._columns, processors, row, strict=True)}
            for row in fetched
        ]
        return Outcome(rows, rowcount)
