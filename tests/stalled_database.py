"""A TCP proxy in front of PostgreSQL that can stall: after `stall()` it accepts connections and never
answers, and stops passing bytes on the connections already open — a database that hangs."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy.engine import make_url


class StallingProxy:
    def __init__(self, url: str) -> None:
        self._target = make_url(url)
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None
        self._closed = False

    async def start(self) -> StallingProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self

    def url(self, password: str = "") -> str:
        """The target database's URL, through the proxy (with `password`, which trust auth ignores)."""
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        url = self._target.set(host="127.0.0.1", port=port, password=password or None)
        return url.render_as_string(hide_password=False)

    def stall(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self._writers.add(client_writer)
        await self._flowing.wait()  # a stalled database accepts, and never answers
        if self._closed:
            client_writer.close()
            return
        server_reader, server_writer = await asyncio.open_connection(self._target.host, self._target.port or 5432)
        self._writers.add(server_writer)
        for reader, writer in ((client_reader, server_writer), (server_reader, client_writer)):
            task = asyncio.create_task(self._pipe(reader, writer))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        writer.close()

    async def close(self) -> None:
        self._closed = True
        self._flowing.set()  # lets held connections end
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in self._writers:
            writer.close()
