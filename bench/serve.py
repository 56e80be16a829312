"""One benchmark target as its own server process, so that its CPU time and memory can be read:

    python -m bench.serve bare|echo|dialogstod PORT [DATABASE_URL]

(A) bare: an aiohttp handler that parses the activity and posts one reply, with a pooled client.
(B) echo: botbuilder's standard EchoBot shape on a stock CloudAdapter, as the samples build it.
(C) dialogstod: this project's app, wizard steps with their durable draft writes.
"""

from __future__ import annotations

import logging
import sys

from aiohttp import ClientSession, web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


def bare_app() -> web.Application:
    app = web.Application()
    sessions: list[ClientSession] = []

    async def messages(request: web.Request) -> web.Response:
        activity = await request.json()
        if not sessions:
            sessions.append(ClientSession())
        reply = {
            "type": "message",
            "text": f"Echo: {activity.get('text', '')}",
            "from": activity["recipient"],
            "recipient": activity["from"],
            "conversation": activity["conversation"],
            "replyToId": activity.get("id"),
        }
        conversation_id = activity["conversation"]["id"]
        url = f"{activity['serviceUrl'].rstrip('/')}/v3/conversations/{conversation_id}/activities/{activity.get('id')}"
        async with sessions[0].post(url, json=reply) as response:
            await response.read()
        return web.Response(status=201)

    async def close(app: web.Application) -> None:
        for session in sessions:
            await session.close()

    app.router.add_post("/api/messages", messages)
    app.on_cleanup.append(close)
    return app


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


class _NoAuth:
    APP_ID = ""
    APP_PASSWORD = ""


def echo_app() -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_NoAuth()))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def dialogstod_app(database_url: str) -> web.Application:
    from bot.app import create_app
    from bot.settings import Settings

    return create_app(Settings(database_url=database_url, reminder_poll_seconds=0, log_level="WARNING"))


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING)
    target, port = argv[0], int(argv[1])
    app = {"bare": bare_app, "echo": echo_app}.get(target)
    web.run_app(app() if app else dialogstod_app(argv[2]), host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(sys.argv[1:])
