"""The repositories of one use case on one connection, in one transaction (dialogs.ports.UnitOfWork)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection, Engine, Transaction
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage import greenlets
from storage.applications import SqlApplicationRepository
from storage.calls import SqlCallRepository
from storage.conversations import SqlConversationRepository
from storage.deadline_offsets import SqlDeadlineOffsetRepository
from storage.drafts import SqlDraftRepository
from storage.focus import SqlFocusRepository
from storage.history import SqlHistoryRepository
from storage.proposal_versions import SqlProposalVersionRepository
from storage.rate_counters import SqlRateCounterRepository
from storage.reminders import SqlReminderRepository
from storage.shares import SqlShareRepository
from storage.subscriptions import SqlSubscriptionRepository

if TYPE_CHECKING:
    from dialogs.ports import UnitOfWorkFactory

# Tasks inside a unit of work right now: a second one opened by the same task is refused at once.
_busy: set[asyncio.Task[Any] | None] = set()


@dataclass(frozen=True)
class _Repositories:
    drafts: SqlDraftRepository
    reminders: SqlReminderRepository
    subscriptions: SqlSubscriptionRepository
    shares: SqlShareRepository
    focus: SqlFocusRepository
    conversations: SqlConversationRepository
    rate_counters: SqlRateCounterRepository
    history: SqlHistoryRepository
    applications: SqlApplicationRepository
    calls: SqlCallRepository
    proposal_versions: SqlProposalVersionRepository
    deadline_offsets: SqlDeadlineOffsetRepository

    @classmethod
    def over(cls, conn: AsyncConnection) -> _Repositories:
        focus = SqlFocusRepository(conn)
        return cls(
            SqlDraftRepository(conn, focus),
            SqlReminderRepository(conn),
            SqlSubscriptionRepository(conn),
            SqlShareRepository(conn),
            focus,
            SqlConversationRepository(conn),
            SqlRateCounterRepository(conn),
            SqlHistoryRepository(conn),
            SqlApplicationRepository(conn),
            SqlCallRepository(conn),
            SqlProposalVersionRepository(conn),
            SqlDeadlineOffsetRepository(conn),
        )


def _connect_and_begin(engine: Engine) -> tuple[Connection, Transaction]:
    """A pooled connection with its transaction begun, in one trip into a greenlet (two otherwise)."""
    connection = engine.connect()
    try:
        transaction = connection.begin()
        transaction.__enter__()
    except BaseException:
        connection.close()
        raise
    return connection, transaction


class SqlUnitOfWork:
    """`async with` opens one connection and one transaction; the block's clean end commits, an exception
    rolls back and propagates.

    On SQLite the engine has ONE pooled connection and an open unit of work holds it. While it is open,
    the same task must not use the engine any other way (ReminderQueue, SqlConversationRefs, SqlStorage,
    another unit of work): that would wait for the pool timeout. A second unit of work in the same task
    raises RuntimeError at once, on every database.

    The connection is checked out and its transaction begun in one trip into a greenlet (SQLAlchemy's greenlet_spawn
    on greenlets that are kept: storage/greenlets.py); the end is as
    `async with engine.connect(), connection.begin()` ends: the transaction committed or rolled back (which a
    cancellation interrupts), then the connection closed, run to completion even when the task is cancelled.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._transaction: Transaction | None = None
        self._repositories: _Repositories | None = None

    async def __aenter__(self) -> SqlUnitOfWork:
        task = asyncio.current_task()
        if self._conn is not None or task in _busy:
            raise RuntimeError("a unit of work is already open in this task")
        connection, self._transaction = await greenlets.run(_connect_and_begin, self._engine.sync_engine)
        self._conn = AsyncConnection(self._engine, connection)
        self._repositories = _Repositories.over(self._conn)
        _busy.add(task)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        conn, transaction = self._conn, self._transaction
        self._conn, self._transaction, self._repositories = None, None, None
        _busy.discard(asyncio.current_task())
        if conn is None or transaction is None:
            return
        try:
            await greenlets.run(transaction.__exit__, exc_type, exc, tb)  # commit, or roll back
        finally:
            # the connection back to the pool, to completion (as AsyncConnection's `async with` ends)
            await greenlets.run_to_completion(conn.sync_connection.close)  # type: ignore[union-attr]  # started

    def _open(self) -> _Repositories:
        if self._repositories is None:
            raise RuntimeError("use the repositories inside `async with` the unit of work")
        return self._repositories

    @property
    def drafts(self) -> SqlDraftRepository:
        return self._open().drafts

    @property
    def reminders(self) -> SqlReminderRepository:
        return self._open().reminders

    @property
    def subscriptions(self) -> SqlSubscriptionRepository:
        return self._open().subscriptions

    @property
    def applications(self) -> SqlApplicationRepository:
        return self._open().applications

    @property
    def calls(self) -> SqlCallRepository:
        return self._open().calls

    @property
    def shares(self) -> SqlShareRepository:
        return self._open().shares

    @property
    def focus(self) -> SqlFocusRepository:
        return self._open().focus

    @property
    def conversations(self) -> SqlConversationRepository:
        return self._open().conversations

    @property
    def rate_counters(self) -> SqlRateCounterRepository:
        return self._open().rate_counters

    @property
    def history(self) -> SqlHistoryRepository:
        return self._open().history

    @property
    def proposal_versions(self) -> SqlProposalVersionRepository:
        return self._open().proposal_versions

    @property
    def deadline_offsets(self) -> SqlDeadlineOffsetRepository:
        return self._open().deadline_offsets


def unit_of_work_factory(engine: AsyncEngine) -> UnitOfWorkFactory:
    """What use cases get: `async with uow() as tx: await tx.drafts.get(…)`."""
    return lambda: SqlUnitOfWork(engine)
