"""SQLite through aiosqlite with one worker-thread hop per statement, and none for what need not wait.

A hop to aiosqlite's thread is a future, a wake-up of that thread, a hand-over of the GIL there and back and a
wake-up of the event loop: several system calls and context switches, which is what a wizard turn on SQLite pays
beyond one on PostgreSQL. SQLAlchemy's aiosqlite adapter makes three or four hops for every statement (open a cursor,
execute, fetch the rows, close the cursor); this adapter's cursor runs all of it as one call in that thread and keeps
the rows. Two more hops are spared:

- *A write that nobody waits for* (`OneHopConnection.defer`, e.g. a draft's save: storage/prepared.py) is queued and
  runs in the connection's next hop, before what that hop runs — the next statement, or the commit — so a unit of
  work that reads, then writes, then commits makes two hops, not three. Its rowcount is checked there, in order; a
  write that changed another number of rows raises its `mismatch` from that hop (the commit's transaction rolled
  back first), as a failed statement would.
- *A commit or rollback with nothing to end*: sqlite3 begins a transaction at the first write only, and ends nothing
  when none is open; a unit of work that only read (the thread said so after its last statement) ends without a hop.

Everything else (the connection, transactions, errors, the lock on concurrent use) is SQLAlchemy's and aiosqlite's
own. It is passed to the engine as its DBAPI module (`create_async_engine(..., module=dbapi())`); nothing is patched.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncIODBAPIConnection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

T = TypeVar("T")
# description, rowcount, lastrowid, rows; and whether a transaction is open after it
Executed = tuple[Any, int, int | None, list[Any], bool]


@dataclass(frozen=True, slots=True)
class Write:
    """A statement run in the connection's next hop. `rowcount`: the rows it must change, else `mismatch` is raised."""

    sql: str
    values: Sequence[Any]
    rowcount: int | None = None
    mismatch: Exception | None = None


def check_rowcount(sql: str, changed: int, rowcount: int | None, mismatch: Exception | None) -> None:
    """A write's check (here and in storage/prepared.py): raise `mismatch` when the statement `sql` changed another
    number of rows than `rowcount` (None: any number)."""
    if rowcount is not None and changed != rowcount:
        raise mismatch or RuntimeError(f"{sql!r} changed {changed} rows, not {rowcount}")


def _flush(raw: sqlite3.Connection, writes: list[Write]) -> None:
    for write in writes:
        cursor = raw.execute(write.sql, write.values)
        changed = cursor.rowcount
        cursor.close()
        check_rowcount(write.sql, changed, write.rowcount, write.mismatch)


def _run(raw: sqlite3.Connection, writes: list[Write], operation: str, parameters: Any, many: bool) -> Executed:
    """In aiosqlite's thread: the writes queued before it, the statement, its rows and its counts, the cursor closed."""
    _flush(raw, writes)
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows, raw.in_transaction
    finally:
        cursor.close()


def _commit(raw: sqlite3.Connection, writes: list[Write]) -> None:
    """In aiosqlite's thread: the queued writes and the commit; on any failure the transaction rolled back (SQLAlchemy
    sends no rollback after a commit that failed, and the pool returns the connection as it is)."""
    try:
        _flush(raw, writes)
        raw.commit()
    except BaseException:
        if raw.in_transaction:
            raw.rollback()
        raise


def _rollback(raw: sqlite3.Connection) -> None:
    raw.rollback()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: OneHopConnection) -> None:  # no aiosqlite cursor: no hop
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:  # type: ignore[override]  # None before an insert, as sqlite3's
        return self._lastrowid

    async def _hop(self, operation: str, parameters: Any, many: bool) -> None:
        adapt: OneHopConnection = self._adapt_connection  # type: ignore[assignment]
        self._description, self._rowcount, self._lastrowid, rows, _ = await adapt.statement(operation, parameters, many)
        self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._hop(operation, parameters, False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            return await_(self._hop(operation, seq_of_parameters, True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _async_soft_close(self) -> None:
        return None  # nothing left open: the rows and the description are kept already

    def close(self) -> None:
        self._rows.clear()


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_may_be_in_transaction", "_writes")
    _cursor_cls = OneHopCursor  # type: ignore[assignment]  # a subclass; SQLAlchemy types the attribute exactly

    def __init__(self, dbapi: Any, connection: AsyncIODBAPIConnection) -> None:
        super().__init__(dbapi, connection)
        self._writes: list[Write] = []
        # False only when the thread said, after the last hop, that no transaction is open (a hop that failed or was
        # cancelled says nothing: it may still run).
        self._may_be_in_transaction = True

    async def _hop(self, function: Callable[..., T], *args: Any) -> T:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        self._may_be_in_transaction = True
        async with self._execute_mutex:
            # aiosqlite leaves its thread call unannotated
            return await connection._execute(function, connection._conn, *args)  # type: ignore[no-untyped-call,no-any-return]

    def _queued(self) -> list[Write]:
        writes, self._writes = self._writes, []
        return writes

    def defer(self, write: Write) -> None:
        """Run `write` in this connection's next hop, before what that hop runs (see the module's docstring)."""
        self._writes.append(write)

    async def statement(self, operation: str, parameters: Any, many: bool = False) -> Executed:
        """One statement in one hop, after the writes queued before it."""
        outcome = await self._hop(_run, self._queued(), operation, parameters, many)
        self._may_be_in_transaction = outcome[4]
        return outcome

    def commit(self) -> None:
        writes = self._queued()
        if not writes and (not self._may_be_in_transaction or not self._connection._connection):
            return  # nothing was written: nothing to commit (sqlite3 would do nothing either)
        try:
            await_(self._hop(_commit, writes))
        except Exception as error:
            self._handle_exception(error)
        self._may_be_in_transaction = False

    def rollback(self) -> None:
        self._writes.clear()
        if not self._may_be_in_transaction or not self._connection._connection:
            return
        try:
            await_(self._hop(_rollback))
        except Exception as error:
            self._handle_exception(error)
        self._may_be_in_transaction = False


class _DBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        return OneHopConnection(self, super().connect(*arg, **kw)._connection)


def dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The DBAPI module for `create_async_engine("sqlite+aiosqlite://…", module=dbapi())`."""
    return _DBAPI(aiosqlite, sqlite3)
