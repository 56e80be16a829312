"""One benchmark target as its own server process, so that its CPU time and memory can be read:

    python -m bench.serve bare|echo|agents|dialogstod PORT [DATABASE_URL]

(A) bare: an aiohttp handler that parses the activity and posts one reply, with a pooled client.
(B) echo: botbuilder's standard EchoBot shape on a stock CloudAdapter, as the samples build it.
(D) agents: the Microsoft 365 Agents SDK's echo as its quickstart builds it, anonymous.
(C) dialogstod: this project's app, wizard steps with their durable draft writes, on the host BOT_HOST names.

With BENCH_PROFILE=<file>, SIGUSR1 starts cProfile in the target and SIGUSR2 stops it and writes its
statistics to <file> (bench/profile.py: so that start-up and warm-up stay out of the profile).
"""

from __future__ import annotations

import cProfile
import logging
import os
import signal
import sys
import time

from aiohttp import ClientSession, web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bot.event_loop import new_event_loop


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


def agents_app() -> web.Application:
    """The Agents SDK quickstart's shape (AgentApplication, CloudAdapter, the JWT middleware), anonymous as its
    local samples run (CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED=true): the connection manager is
    hosting-core's own, as msal's MsalConnectionManager is, with the anonymous token provider an anonymous turn uses."""
    from microsoft_agents.activity import load_configuration_from_env
    from microsoft_agents.hosting.aiohttp import CloudAdapter as AgentsAdapter
    from microsoft_agents.hosting.aiohttp import jwt_authorization_middleware, start_agent_process
    from microsoft_agents.hosting.core import (
        AgentApplication,
        AgentAuthConfiguration,
        AnonymousTokenProvider,
        ConnectionManager,
        MemoryStorage,
        TurnState,
    )
    from microsoft_agents.hosting.core import TurnContext as AgentsTurnContext

    os.environ.setdefault("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED", "true")
    config = load_configuration_from_env(os.environ)
    connections = ConnectionManager(lambda _settings: AnonymousTokenProvider(), **config)
    adapter = AgentsAdapter(connection_manager=connections)
    agent = AgentApplication[TurnState](storage=MemoryStorage(), adapter=adapter, connection_manager=connections, **config)

    @agent.activity("message")
    async def on_message(context: AgentsTurnContext, _state: TurnState) -> None:
        await context.send_activity(f"Echo: {context.activity.text}")

    async def messages(request: web.Request) -> web.Response | None:
        return await start_agent_process(request, agent, adapter)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app.router.add_post("/api/messages", messages)
    app["agent_configuration"] = AgentAuthConfiguration(**config["CONNECTIONS"]["SERVICE_CONNECTION"]["SETTINGS"])
    return app


def dialogstod_app(database_url: str) -> web.Application:
    from bot.app import create_app, keep_startup_objects
    from bot.settings import Settings

    host = os.environ.get("BOT_HOST") or "botbuilder"
    app = create_app(Settings(database_url=database_url, reminder_poll_seconds=0, log_level="WARNING", bot_host=host))
    keep_startup_objects(app)  # as `python -m bot` does
    return app


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING)
    target, port = argv[0], int(argv[1])
    app = {"bare": bare_app, "echo": echo_app, "agents": agents_app}.get(target)
    if profile_file := os.environ.get("BENCH_PROFILE"):
        profiler = cProfile.Profile(time.thread_time)  # CPU of the event loop thread, not waiting
        signal.signal(signal.SIGUSR1, lambda *_: profiler.enable())

        def dump(*_: object) -> None:  # written whole, then renamed: the file appears only once complete
            profiler.disable()
            profiler.dump_stats(f"{profile_file}.part")
            os.replace(f"{profile_file}.part", profile_file)

        signal.signal(signal.SIGUSR2, dump)
    # Dialogstöd on its own event loop (uvloop, as `python -m bot` runs it); the stock targets as their samples run.
    loop = None if app else new_event_loop()
    served = app() if app else dialogstod_app(argv[2])
    web.run_app(served, host="127.0.0.1", port=port, print=None, access_log=None, loop=loop)


if __name__ == "__main__":
    main(sys.argv[1:])
