"""Local mode only: Microsoft's Web Chat at /chat, talking to the bot through a Direct Line 3.0
emulation inside this app (polling, as Web Chat does with `webSocket: false`), and the Bot Connector
endpoints the bot replies to (its `serviceUrl` points back here), as the Bot Framework Emulator does.

Conversations live in memory, bounded by count and by bytes (the oldest go first); they are for trying
the bot on one machine. The Bot Connector endpoints answer only this process's bot: their path holds a
secret drawn at start-up, which only the activities handed to the bot carry (it is never shown to the
page). Bad input gets a JSON 400. None of these routes exist when an app id is configured.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.inbound import Refused, checked_body, parsed_json
from bot.state import APP_HOST
from dialogs.text import cleaned

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
WEBCHAT_JS = ROOT / "node_modules" / "botframework-webchat" / "dist" / "webchat.js"
CHAT_PAGE = Path(__file__).parent / "static" / "chat.html"
BOT_ACCOUNT = {"id": "dialogstod", "name": "Dialogstöd", "role": "bot"}
MAX_CONVERSATIONS = 500
MAX_ACTIVITIES = 2000  # per conversation
MAX_CONVERSATION_BYTES = 2 * 1024 * 1024  # activities kept per conversation, as JSON
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # all conversations together
TOKEN_SECONDS = 3600


def _error(status: int, code: str, message: str) -> web.HTTPException:
    """An HTTP error with a Direct Line style JSON body, to raise."""
    body = json.dumps({"error": {"code": code, "message": message}})
    errors: dict[int, type[web.HTTPException]] = {400: web.HTTPBadRequest, 403: web.HTTPForbidden, 404: web.HTTPNotFound}
    return errors[status](text=body, content_type="application/json")


async def _activity_in(request: web.Request) -> dict[str, Any]:
    """The request's body as an activity: a JSON object with a type, its text cleaned (what Web Chat shows
    back must be as clean as what the bot gets), or a 400."""
    try:
        activity = cleaned(parsed_json(await request.read()))
    except Refused as refused:
        raise _error(400, "BadArgument", refused.message) from None
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str) or not activity["type"]:
        raise _error(400, "BadArgument", "the body must be an activity: a JSON object with a type")
    return activity


def _size(activity: dict[str, Any]) -> int:
    return len(json.dumps(activity, ensure_ascii=False).encode())


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Conversation:
    id: str
    token: str
    user: dict[str, str]
    locale: str
    activities: list[dict[str, Any]] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # of each kept activity, in bytes of JSON
    bytes: int = 0  # of all kept activities
    dropped: int = 0  # the oldest activities, no longer kept; the watermark counts them
    _seq: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def watermark(self) -> int:
        return self.dropped + len(self.activities)

    def since(self, watermark: int) -> list[dict[str, Any]]:
        return self.activities[max(0, watermark - self.dropped) :]

    def append(self, activity: dict[str, Any]) -> str:
        activity.setdefault("id", f"{self.id}|{next(self._seq):07d}")
        activity.setdefault("timestamp", _now())
        activity["conversation"] = {"id": self.id}
        self.activities.append(activity)
        self.sizes.append(_size(activity))
        self.bytes += self.sizes[-1]
        while len(self.activities) > MAX_ACTIVITIES or (self.bytes > MAX_CONVERSATION_BYTES and len(self.activities) > 1):
            self.activities.pop(0)
            self.bytes -= self.sizes.pop(0)
            self.dropped += 1
        activity_id: str = activity["id"]  # ours, or the one the client sent
        return activity_id

    def replace(self, activity_id: str, activity: dict[str, Any]) -> None:
        for i, existing in enumerate(self.activities):
            if existing.get("id") == activity_id:
                self.activities[i] = {**existing, **activity, "id": activity_id, "from": BOT_ACCOUNT}
                size = _size(self.activities[i])
                self.bytes += size - self.sizes[i]
                self.sizes[i] = size


class LocalDirectLine:
    def __init__(self) -> None:
        self.conversations: OrderedDict[str, Conversation] = OrderedDict()  # oldest first
        self._tasks: set[asyncio.Task[None]] = set()
        self._secret = secrets.token_urlsafe(24)  # in the serviceUrl the bot replies to

    def _bound(self) -> None:
        """After a conversation started or grew: the oldest go while there are too many or they hold too much."""
        while len(self.conversations) > 1 and (
            len(self.conversations) > MAX_CONVERSATIONS or sum(c.bytes for c in self.conversations.values()) > MAX_TOTAL_BYTES
        ):
            self.conversations.popitem(last=False)

    # --- Direct Line 3.0 (what Web Chat calls) ---------------------------------------------------

    def _authorised(self, request: web.Request) -> Conversation:
        conversation = self.conversations.get(request.match_info.get("conversation_id", ""))
        if conversation is None:
            raise _error(404, "BadArgument", "unknown conversation")
        if not secrets.compare_digest(request.headers.get("Authorization", ""), f"Bearer {conversation.token}"):
            raise _error(403, "TokenInvalid", "wrong token")
        return conversation

    @staticmethod
    def _conversation_json(conversation: Conversation) -> dict[str, Any]:
        return {"conversationId": conversation.id, "token": conversation.token, "expires_in": TOKEN_SECONDS, "streamUrl": ""}

    async def start(self, request: web.Request) -> web.Response:
        """Start a conversation; the page names the user so that the bot's welcome reaches them."""
        body: Any = {}
        if request.can_read_body:
            try:
                body = parsed_json(await request.read())
            except Refused as refused:
                raise _error(400, "BadArgument", refused.message) from None
        if not isinstance(body, dict):
            raise _error(400, "BadArgument", "the body must be a JSON object")
        given = body.get("user")
        given_user: dict[str, Any] = given if isinstance(given, dict) else {}
        user = {
            "id": str(given_user.get("id") or f"dl_{uuid.uuid4().hex[:12]}")[:100],
            "name": str(given_user.get("name") or "")[:100],
            "role": "user",
        }
        conversation = Conversation(uuid.uuid4().hex, secrets.token_urlsafe(24), user, str(body.get("locale") or "sv-SE")[:20])
        self.conversations[conversation.id] = conversation
        self._bound()
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
        return web.json_response({"activities": conversation.since(watermark), "watermark": str(conversation.watermark)})

    async def post(self, request: web.Request) -> web.Response:
        conversation = self._authorised(request)
        activity = await _activity_in(request)
        given = activity.get("from")
        named = {k: v for k, v in given.items() if k == "name"} if isinstance(given, dict) else {}
        activity["from"] = {**conversation.user, **named, "role": "user"}
        to_bot = self._for_bot(request, conversation, dict(activity))
        activity_id = conversation.append(activity)  # echoed back with its clientActivityID, as Direct Line does
        self._bound()
        self._start_turn(request.app, to_bot)
        return web.json_response({"id": activity_id})

    def _to_bot(self, request: web.Request, conversation: Conversation, activity: dict[str, Any]) -> None:
        self._start_turn(request.app, self._for_bot(request, conversation, activity))

    def _for_bot(self, request: web.Request, conversation: Conversation, activity: dict[str, Any]) -> dict[str, Any]:
        """The activity as the bot receives it, replying to this process's connector endpoints; 400 if unreadable."""
        activity.update(
            channelId="webchat",
            serviceUrl=f"{request.url.origin()}/connector/{self._secret}/",
            recipient=BOT_ACCOUNT,
            conversation={"id": conversation.id, "conversationType": "personal"},
        )
        activity.setdefault("id", uuid.uuid4().hex)
        activity.setdefault("timestamp", _now())
        activity.setdefault("locale", conversation.locale)
        try:
            return checked_body(activity)  # as /api/messages does: bounded, typed, cleaned
        except Refused as refused:
            raise _error(400, "BadArgument", refused.message) from None

    def _start_turn(self, app: web.Application, activity: dict[str, Any]) -> None:
        task = asyncio.create_task(self._process(app, activity))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _process(app: web.Application, activity: dict[str, Any]) -> None:
        try:
            await app[APP_HOST].process("", activity)
        except Exception:  # the page must keep working; the log has the details
            logger.exception("local Direct Line: turn failed in conversation %s", activity["conversation"]["id"])

    # --- Bot Connector (what the bot calls back) --------------------------------------------------

    def _bots_conversation(self, request: web.Request) -> Conversation:
        """The conversation the bot writes to; 404 for anyone without this process's secret, as for an unknown one."""
        conversation = self.conversations.get(request.match_info["conversation_id"])
        if not secrets.compare_digest(request.match_info["secret"], self._secret) or conversation is None:
            raise _error(404, "BadArgument", "unknown conversation")
        return conversation

    async def bot_sends(self, request: web.Request) -> web.Response:
        conversation = self._bots_conversation(request)
        activity = await _activity_in(request)
        activity.pop("id", None)
        activity.pop("serviceUrl", None)  # holds the secret; the page has no use for it
        given = activity.get("from")
        activity["from"] = {**BOT_ACCOUNT, **({k: v for k, v in given.items() if k == "name"} if isinstance(given, dict) else {})}
        activity_id = conversation.append(activity)
        self._bound()
        return web.json_response({"id": activity_id})

    async def bot_updates(self, request: web.Request) -> web.Response:
        conversation = self._bots_conversation(request)
        activity = await _activity_in(request)
        activity.pop("serviceUrl", None)
        activity_id = request.match_info["activity_id"]
        conversation.replace(activity_id, activity)
        self._bound()
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
        connector = "/connector/{secret}/v3/conversations/{conversation_id}/activities"
        app.router.add_post(connector, self.bot_sends)
        app.router.add_post(connector + "/{activity_id}", self.bot_sends)
        app.router.add_put(connector + "/{activity_id}", self.bot_updates)
