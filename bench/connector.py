"""A fake Bot Connector service on loopback: accepts what bots post to their serviceUrl and
timestamps it; optionally enforces Teams' rate limits (answering 429 with Retry-After)."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Limits:
    per_conversation: int = 7  # per second, per conversation
    per_app: int = 50  # per second, for the bot in the tenant
    retry_after: int = 1


@dataclass
class Received:
    at: float
    activity: dict[str, Any]


@dataclass
class FakeConnector:
    limits: Limits | None = None
    received: dict[str, list[Received]] = field(default_factory=lambda: defaultdict(list))
    throttled: int = 0
    _conversation_times: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _app_times: deque[float] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    port: int = 0
    _next_id: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _over_limit(self, conversation: str, now: float) -> bool:
        if self.limits is None:
            return False
        windows = ((self._conversation_times[conversation], self.limits.per_conversation), (self._app_times, self.limits.per_app))
        for times, limit in windows:
            while times and times[0] <= now - 1.0:
                times.popleft()
            if len(times) >= limit:
                return True
        self._conversation_times[conversation].append(now)
        self._app_times.append(now)
        return False

    async def _post(self, request: web.Request) -> web.Response:
        now = time.perf_counter()
        conversation = request.match_info["conversation_id"]
        activity = await request.json()
        if self._over_limit(conversation, now):
            self.throttled += 1
            assert self.limits is not None
            retry_after = {"Retry-After": str(self.limits.retry_after)}
            return web.json_response({"error": {"code": "Throttled"}}, status=429, headers=retry_after)
        self._next_id += 1
        self.received[conversation].append(Received(now, activity))
        return web.json_response({"id": f"a{self._next_id}"})

    async def _put(self, request: web.Request) -> web.Response:
        return web.json_response({"id": request.match_info["activity_id"]})

    def total(self) -> int:
        return sum(len(v) for v in self.received.values())

    def last_card(self, conversation: str) -> dict[str, Any] | None:
        for item in reversed(self.received.get(conversation, [])):
            for attachment in item.activity.get("attachments") or []:
                return attachment["content"]
        return None

    async def start(self) -> FakeConnector:
        app = web.Application(client_max_size=1024**2)
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._post)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._put)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner:
            await self._runner.cleanup()
