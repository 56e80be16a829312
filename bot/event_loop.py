"""The event loop the server runs on: uvloop's where it is installed (it is, but on Windows), else asyncio's own.

uvloop does the loop's work (epoll, sockets, callbacks, timers) in C: about a third of a wizard turn's CPU was
asyncio's own bookkeeping (README, Performance).
"""

from __future__ import annotations

import asyncio


def new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # not built for this platform: asyncio's loop serves the same, a little slower
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()
