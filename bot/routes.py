"""HTTP routes: POST /api/messages (Bot Framework activities) and GET /healthz, and the JSON errors of the app.

Requests are checked before they reach the adapter so that every bad one gets a clear JSON error
and no stack trace: wrong content type 415, oversized body 413, malformed, too deeply nested JSON or an
activity without type, serviceUrl, channelId or conversation 400, missing or invalid Bot Framework token 401
(when an app id is configured). Every string of an accepted activity is cleaned (dialogs/text.py) before the
bot sees it. An invoke the bot does not handle gets a JSON answer: for a card's `adaptiveCard/action` a message
in the user's language, for any other name 501 with an error. Any other path or method gets a JSON 404 or 405.
"""

from __future__ import annotations

import logging

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp.web_exceptions import HTTPException
from jwt import PyJWTError

from bot.inbound import Refused, checked_request
from bot.share_pages import SECURITY_HEADERS
from bot.state import APP_ENGINE, APP_HOST, APP_SETTINGS
from storage.db import database_ok

logger = logging.getLogger(__name__)


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)


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
        body = checked_request(raw)
        answer = await request.app[APP_HOST].process(request.headers.get("Authorization", ""), body)
    except Refused as refused:
        return error(400, refused.code, refused.message)
    except (web.HTTPUnauthorized, PermissionError, PyJWTError):
        return error(401, "unauthorized", "a valid Bot Framework token is required")
    except HTTPException as exc:
        return error(exc.status, "rejected", exc.reason)
    if answer is None:  # not an invoke: the turn's replies went to the connector
        return web.Response(status=201)
    if answer.status == 501 and answer.body is None:  # no handler for it in the bot
        return error(501, "invoke_not_supported", f"this bot does not handle the invoke {body.get('name')!r}")
    # orjson: a card of several kilobytes a press, written without json.dumps's walk
    return web.Response(body=orjson.dumps(answer.body), status=answer.status, content_type="application/json", charset="utf-8")


async def healthz(request: web.Request) -> web.Response:
    ok = await database_ok(request.app[APP_ENGINE])
    return web.json_response(
        {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unavailable"},
        status=200 if ok else 503,
    )


def _route(request: web.Request) -> str:
    """The route a request matched, as registered ('/d/{token}'): a path can hold a share link's token."""
    return request.match_info.route.resource.canonical if request.match_info.route.resource else "(no route)"


@web.middleware
async def no_stack_traces(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Errors as JSON with the security headers: an HTTP error raised with aiohttp's plain-text body (an unknown
    path 404, a wrong method 405, a handler's 403 or 413) with its status, anything unexpected as a plain 500
    whose details go to the log only. A client that goes away mid-request is no error of ours: logged at info."""
    try:
        return await handler(request)
    except HTTPException as exc:
        if exc.status < 400 or exc.content_type != "text/plain":  # a redirect, or a page of its own
            raise
        headers = {**SECURITY_HEADERS, **({"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else {})}
        return error(exc.status, exc.reason.lower().replace(" ", "_"), exc.text or exc.reason, headers)
    except ConnectionResetError:
        logger.info("client disconnected during %s %s", request.method, _route(request))
        return error(400, "client_disconnected", "the client closed the connection", SECURITY_HEADERS)
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, _route(request))
        return error(500, "internal_error", "something went wrong; it has been logged", SECURITY_HEADERS)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
