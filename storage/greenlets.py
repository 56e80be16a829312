"""SQLAlchemy's `greenlet_spawn`, on greenlets kept for the next call.

SQLAlchemy runs its synchronous code (a connection's check-out, a commit, a close) in a greenlet, where the driver's
`await_` hands each wait back to the event loop, and `greenlet_spawn` makes a new greenlet for every call. A new
greenlet's first Python frame makes the interpreter map a fresh frame stack for it (16 KB on Python 3.11: an mmap,
page faults, an munmap when the greenlet ends): about 8 µs of CPU a call here, three quarters of it in the kernel.
`run` does what `greenlet_spawn` does, on a greenlet that serves one call after another; it is taken from this
thread's idle ones and given back after the call, its frame stack still mapped.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from greenlet import GreenletExit, getcurrent, greenlet  # type: ignore[import-untyped]  # SQLAlchemy[asyncio] brings it, untyped

T = TypeVar("T")
_KEPT = 64  # idle greenlets kept per thread: more than a process has calls in flight at once


class _Done:
    """What a worker hands back when its call has returned or raised (anything else it hands back is awaited)."""

    __slots__ = ("error", "value")

    def __init__(self, value: Any, error: BaseException | None) -> None:
        self.value = value
        self.error = error


class _Worker(greenlet):  # type: ignore[misc]  # untyped
    __sqlalchemy_greenlet_provider__ = True  # SQLAlchemy's await_ may hand its waits back from here

    def __init__(self) -> None:
        super().__init__(self._serve)

    def _serve(self, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
        while True:
            try:
                done = _Done(function(*args), None)
            except GreenletExit:
                raise  # the worker itself is being collected
            except BaseException as error:
                done = _Done(None, error)
            function = args = None  # type: ignore[assignment]  # nothing held while idle
            function, args = self.parent.switch(done)


_local = threading.local()


def _idle() -> list[_Worker]:
    idle: list[_Worker] | None = getattr(_local, "idle", None)
    if idle is None:
        idle = _local.idle = []
    return idle


def _start(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[_Worker, Any]:
    idle = _idle()
    worker = idle.pop() if idle else _Worker()
    caller = getcurrent()
    worker.parent = caller
    worker.gr_context = caller.gr_context  # the caller's context variables, as greenlet_spawn gives them
    return worker, worker.switch(function, args)


def _result(worker: _Worker, done: _Done) -> Any:
    worker.gr_context = None
    idle = _idle()
    if len(idle) < _KEPT:
        idle.append(worker)
    if done.error is not None:
        raise done.error
    return done.value


async def _finish(worker: _Worker, handed: Any) -> Any:
    while not isinstance(handed, _Done):
        try:
            value = await handed  # a wait handed back by await_
        except BaseException:
            handed = worker.throw(*sys.exc_info())  # into the call, which goes on or ends as it would
        else:
            handed = worker.switch(value)
    return _result(worker, handed)


async def run(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` where SQLAlchemy's `await_` works, as `greenlet_spawn(function, *args)`."""
    worker, handed = _start(function, args)
    if isinstance(handed, _Done):
        return _result(worker, handed)  # type: ignore[no-any-return]
    return await _finish(worker, handed)  # type: ignore[no-any-return]


async def run_to_completion(function: Callable[..., T], *args: Any) -> T:
    """`run`, finished even when the caller is cancelled meanwhile (SQLAlchemy's rule for the close at the end of
    a connection's `async with`): a call that has to wait goes on in a task of its own, and a cancellation of the
    caller is raised once it is done."""
    worker, handed = _start(function, args)
    if isinstance(handed, _Done):
        return _result(worker, handed)  # type: ignore[no-any-return]
    task: asyncio.Task[T] = asyncio.ensure_future(_finish(worker, handed))
    cancelled: asyncio.CancelledError | None = None
    while True:
        try:
            result = await asyncio.shield(task)
            break
        except asyncio.CancelledError as error:
            if task.done():
                raise
            cancelled = error
    if cancelled is not None:
        raise cancelled
    return result
