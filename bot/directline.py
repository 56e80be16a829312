"""Local mode only: Microsoft's Web Chat at /chat, talking to the bot through a Direct Line 3.0
emulation inside this app (polling, as Web Chat does with `webSocket: false`), and the Bot Connector
endpoints the bot replies to (its `serviceUrl` points back here), as the Bot Framework Emulator does.

Conversations live in memory and are bounded; they are for trying the bot on one machine. None of
these routes exist when an app id is configured.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from botbuilder.schema import Activity

from bot.state import APP_ADAPTER, APP_BOT

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
WEBCHAT_JS = ROOT / "node_modules" / "botframework-webchat" / "dist" / "webchat.js"
CHAT_PAGE = Path(__file__).parent / "static" / "chat.html"
BOT_ACCOUNT = {"id": "dialogstod", "name": "Dialogstöd", "role": "bot"}
MAX_CONVERSATIONS = 500
MAX_ACTIVITIES = 2000
TOKEN_SECONDS = 3600


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Conversation:
    id: str
    token: str
    user: dict[str, str]
    locale: str
    activities: list[dict[str, Any]] = field(default_factory=list)
    _seq: itertools.count[int] = field(default_factory=itertools.count)

    def append(self, activity: dict[str, Any]) -> str:
        activity.setdefault("id", f"{self.id}|{next(self._seq):07d}")
        activity.setdefault("timestamp", _now())
        activity["conversation"] = {"id": self.id}
        self.activities.append(activity)
        del self.activities[:-MAX_ACTIVITIES]
        activity_id: str = activity["id"]  # ours, or the one the client sent
        return activity_id


class LocalDirectLine:
    def __init__(self) -> None:
        self.conversations: OrderedDict[str, Conversation] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()

    # --- Direct Line 3.0 (what Web Chat calls) ---------------------------------------------------

    def _authorised(self, request: web.Request) -> Conversation:
        conversation = self.conversations.get(request.match_info.get("conversation_id", ""))
        if conversation is None:
            raise web.HTTPNotFound(
                text='{"error": {"code": "BadArgument", "message": "unknown conversation"}}', content_type="application/json"
            )
        if request.headers.get("Authorization") != f"Bearer {conversation.token}":
            raise web.HTTPForbidden(
                text='{"error": {"code": "TokenInvalid", "message": "wrong token"}}', content_type="application/json"
            )
        return conversation

    @staticmethod
    def _conversation_json(conversation: Conversation) -> dict[str, Any]:
        return {"conversationId": conversation.id, "token": conversation.token, "expires_in": TOKEN_SECONDS, "streamUrl": ""}

    async def start(self, request: web.Request) -> web.Response:
        """Start a conversation; the page names the user so that the bot's welcome reaches them."""
        body: dict[str, Any] = {}
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = {}
        given = body.get("user")
        given_user: dict[str, Any] = given if isinstance(given, dict) else {}
        user = {
            "id": str(given_user.get("id") or f"dl_{uuid.uuid4().hex[:12]}")[:100],
            "name": str(given_user.get("name") or "")[:100],
            "role": "user",
        }
        conversation = Conversation(uuid.uuid4().hex, secrets.token_urlsafe(24), user, str(body.get("locale") or "sv-SE")[:20])
        self.conversations[conversation.id] = conversation
        while len(self.conversations) > MAX_CONVERSATIONS:
            self.conversations.popitem(last=False)
        joined = {"type": "conversationUpdate", "membersAdded": [BOT_ACCOUNT, user], "from": user, "locale": conversation.locale}
        self._to_bot(request, conversation, joined)
        return web.json_response(self._conversation_json(conversation), status=201)

    async def reconnect(self, request: web.Request) -> web.Response:
        return web.json_response(self._conversation_json(self._authorised(request)))

    async def refresh(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        conversation = next((c for c in self.conversations.values() if c.token == token), None)
        if conversation is None:
            raise web.HTTPForbidden()
        return web.json_response(self._conversation_json(conversation))

    async def activities(self, request: web.Request) -> web.Response:
        conversation = self._authorised(request)
        try:
            watermark = max(0, int(request.query.get("watermark") or 0))
        except ValueError:
            watermark = 0
        return web.json_response(
            {"activities": conversation.activities[watermark:], "watermark": str(len(conversation.activities))}
        )

    async def post(self, request: web.Request) -> web.Response:
        conversation = self._authorised(request)
        try:
            activity = await request.json()
        except ValueError:
            raise web.HTTPBadRequest() from None
        if not isinstance(activity, dict) or not activity.get("type"):
            raise web.HTTPBadRequest()
        named = {k: v for k, v in (activity.get("from") or {}).items() if k == "name"}
        activity["from"] = {**conversation.user, **named, "role": "user"}
        activity_id = conversation.append(activity)  # echoed back with its clientActivityID, as Direct Line does
        self._to_bot(request, conversation, dict(activity))
        return web.json_response({"id": activity_id})

    def _to_bot(self, request: web.Request, conversation: Conversation, activity: dict[str, Any]) -> None:
        activity.update(
            channelId="webchat",
            serviceUrl=f"{request.url.origin()}/connector/",
            recipient=BOT_ACCOUNT,
            conversation={"id": conversation.id, "conversationType": "personal"},
        )
        activity.setdefault("id", uuid.uuid4().hex)
        activity.setdefault("timestamp", _now())
        activity.setdefault("locale", conversation.locale)
        task = asyncio.create_task(self._process(request.app, Activity().deserialize(activity)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _process(app: web.Application, activity: Activity) -> None:
        try:
            await app[APP_ADAPTER].process_activity("", activity, app[APP_BOT].on_turn)
        except Exception:  # the page must keep working; the log has the details
            logger.exception("local Direct Line: turn failed in conversation %s", activity.conversation.id)

    # --- Bot Connector (what the bot calls back) --------------------------------------------------

    async def bot_sends(self, request: web.Request) -> web.Response:
        conversation = self.conversations.get(request.match_info["conversation_id"])
        if conversation is None:
            raise web.HTTPNotFound()
        activity = await request.json()
        activity.pop("id", None)
        activity["from"] = {**BOT_ACCOUNT, **{k: v for k, v in (activity.get("from") or {}).items() if k == "name"}}
        return web.json_response({"id": conversation.append(activity)})

    async def bot_updates(self, request: web.Request) -> web.Response:
        conversation = self.conversations.get(request.match_info["conversation_id"])
        if conversation is None:
            raise web.HTTPNotFound()
        activity = await request.json()
        activity_id = request.match_info["activity_id"]
        for i, existing in enumerate(conversation.activities):
            if existing.get("id") == activity_id:
                conversation.activities[i] = {**existing, **activity, "id": activity_id, "from": BOT_ACCOUNT}
        return web.json_response({"id": activity_id})

    # --- the page --------------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(CHAT_PAGE, headers={"Cache-Control": "no-store"})

    async def webchat_js(self, request: web.Request) -> web.StreamResponse:
        if not WEBCHAT_JS.exists():
            return web.Response(
                status=503,
                text="// Web Chat is not installed: run `npm ci` (make run does)\n",
                content_type="application/javascript",
            )
        return web.FileResponse(WEBCHAT_JS)

    async def _finish_turns(self, app: web.Application) -> None:
        """On shutdown, let turns in flight finish (briefly) before the database goes away."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=5)
            for task in pending:
                task.cancel()

    def add_routes(self, app: web.Application) -> None:
        app.on_shutdown.append(self._finish_turns)
        app.router.add_get("/chat", self.page)
        app.router.add_get("/chat/webchat.js", self.webchat_js)
        app.router.add_post("/v3/directline/conversations", self.start)
        app.router.add_post("/v3/directline/tokens/refresh", self.refresh)
        app.router.add_get("/v3/directline/conversations/{conversation_id}", self.reconnect)
        app.router.add_get("/v3/directline/conversations/{conversation_id}/activities", self.activities)
        app.router.add_post("/v3/directline/conversations/{conversation_id}/activities", self.post)
        app.router.add_post("/connector/v3/conversations/{conversation_id}/activities", self.bot_sends)
        app.router.add_post("/connector/v3/conversations/{conversation_id}/activities/{activity_id}", self.bot_sends)
        app.router.add_put("/connector/v3/conversations/{conversation_id}/activities/{activity_id}", self.bot_updates)
