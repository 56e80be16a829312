"""The seam between the bot and the SDK that serves it: a `Host` reads a checked activity into its SDK's model,
authenticates it, runs the turn (bot/turn.py) in its adapter, and delivers proactive messages. botbuilder
(bot/host_botbuilder.py) is the default; `BOT_HOST=agents` serves the same bot on the Microsoft 365 Agents SDK
(bot/host_agents.py). Everything above (routes, the local Direct Line, share pages) and below (the turn, the
domain, cards, storage) is the same for both."""

from __future__ import annotations

from typing import Any, Protocol

from bot.proactive import Delivery
from bot.settings import Settings
from bot.turn import DialogstodBot, InvokeAnswer
from dialogs.messages import Messages


class Host(Protocol):
    name: str

    @property
    def delivery(self) -> Delivery: ...

    def serve(self, bot: DialogstodBot) -> None:
        """The bot whose turns `process` runs."""

    async def process(self, auth_header: str, body: dict[str, Any]) -> InvokeAnswer | None:
        """Run the turn of a checked activity (bot/inbound.checked_body); an invoke's answer. Raises Refused when
        the SDK cannot read the activity, PermissionError (TokenRefused) when the token is not valid."""

    async def close(self) -> None: ...


def create_host(settings: Settings, messages: Messages) -> Host:
    if settings.bot_host == "agents":
        from bot.host_agents import AgentsHost  # the Agents SDK is imported only when it serves

        return AgentsHost(settings, messages)
    from bot.host_botbuilder import BotbuilderHost

    return BotbuilderHost(settings, messages)
