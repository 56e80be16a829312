"""HTTP routes: POST /api/messages (Bot Framework activities) and GET /healthz.

Requests are checked before they reach the adapter so that every bad one gets a clear JSON error
and no stack trace: wrong content type 415, oversized body 413, malformed JSON or activity 400,
missing or invalid Bot Framework token 401 (when an app id is configured).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp.web_exceptions import HTTPException
from jwt import PyJWTError
from msrest.exceptions import DeserializationError

from bot.state import APP_ADAPTER, APP_BOT, APP_ENGINE, APP_SETTINGS
from storage.db import database_ok

logger = logging.getLogger(__name__)


def error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def _activity_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    if not isinstance(body.get("type"), str) or not body["type"]:
        return "the activity has no type"
    if not isinstance(body.get("serviceUrl"), str) or not body["serviceUrl"]:
        return "the activity has no serviceUrl"
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not conversation.get("id"):
        return "the activity has no conversation id"
    return None


async def messages(request: web.Request) -> web.StreamResponse:
    settings = request.app[APP_SETTINGS]
    if "application/json" not in request.headers.get("Content-Type", ""):
        return error(415, "unsupported_media_type", "activities must be sent as application/json")
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        return error(413, "body_too_large", f"the body is larger than {settings.max_body_bytes} bytes")
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return error(413, "body_too_large", f"the body is larger than {settings.max_body_bytes} bytes")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return error(400, "malformed_json", "the body is not valid JSON")
    problem = _activity_problem(body)
    if problem:
        return error(400, "malformed_activity", problem)
    try:
        response = await request.app[APP_ADAPTER].process(request, request.app[APP_BOT])
    except (web.HTTPUnauthorized, PyJWTError):
        return error(401, "unauthorized", "a valid Bot Framework token is required")
    except HTTPException as exc:
        return error(exc.status, "rejected", exc.reason)
    except (DeserializationError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("malformed activity rejected: %s", exc)
        return error(400, "malformed_activity", "the activity could not be read")
    return response or web.Response(status=201)


async def healthz(request: web.Request) -> web.Response:
    ok = await database_ok(request.app[APP_ENGINE])
    return web.json_response(
        {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unavailable"},
        status=200 if ok else 503,
    )


@web.middleware
async def no_stack_traces(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Anything unexpected becomes a plain JSON 500; the details go to the log only."""
    try:
        return await handler(request)
    except HTTPException:
        raise
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return error(500, "internal_error", "something went wrong; it has been logged")


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
