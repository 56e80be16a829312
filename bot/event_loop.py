"""The event loop the server runs on: uvloop's where it is installed (everywhere but on Windows), else asyncio's own.

uvloop does the loop's work (epoll, sockets, callbacks, timers) in C, where asyncio does much of it in Python:
about a third of a wizard turn's CPU went to the loop (README, Performance).
"""

from __future__ import annotations

import asyncio


def new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # not built for this platform: asyncio's loop serves the same, a little slower
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()
