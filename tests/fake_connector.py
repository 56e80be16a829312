"""A fake Bot Connector service on loopback: it records what the bot sends to its serviceUrl."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class FakeConnector:
    sent: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    # Answers to give instead of accepting, in order: (status, headers); empty = accept everything.
    refusals: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    refused: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    max_bytes: int | None = None  # like Teams: a larger activity is refused with 413
    client_ports: list[int] = field(default_factory=list)  # the sending side's port: one port = one reused connection
    authorizations: list[str] = field(default_factory=list)  # the Authorization header of every post ("" without)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/")).rstrip("/") + "/"

    async def _send(self, request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.client_ports.append(peer[1] if peer else -1)
        self.authorizations.append(request.headers.get("Authorization", ""))
        body = await request.read()
        activity = json.loads(body)
        if self.max_bytes is not None and len(body) > self.max_bytes:
            self.refused.append((413, activity))
            return web.json_response({"error": {"code": "MessageSizeTooBig", "message": "Message size too big"}}, status=413)
        if self.refusals:
            status, headers = self.refusals.pop(0)
            self.refused.append((status, activity))
            return web.json_response({"error": {"code": "Refused", "message": f"HTTP {status}"}}, status=status, headers=headers)
        activity["id"] = f"sent-{next(self._ids)}"
        self.sent.append(activity)
        return web.json_response({"id": activity["id"]})

    async def _update(self, request: web.Request) -> web.Response:
        activity = await request.json()
        self.updated.append(activity)
        return web.json_response({"id": request.match_info["activity_id"]})

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._send)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._update)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self.server:
            await self.server.close()

    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for act in self.sent for a in act.get("attachments") or []]

    def reminder_keys(self) -> list[str]:
        return [
            act["channelData"]["dialogstodReminderKey"]
            for act in self.sent
            if "dialogstodReminderKey" in (act.get("channelData") or {})
        ]

    def texts(self) -> list[str]:
        return [act["text"] for act in self.sent if act.get("text")]
