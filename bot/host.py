"""The seam between the bot and the SDK that serves it: a `Host` reads a checked activity into its SDK's model,
authenticates it, runs the turn (bot/turn.py) in its adapter, and delivers proactive messages. botbuilder
(bot/host_botbuilder.py) is the default; `BOT_HOST=agents` serves the same bot on the Microsoft 365 Agents SDK
(bot/host_agents.py). Everything above (routes, the local Direct Line, share pages) and below (the turn, the
domain, cards, storage) is the same for both."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from bot.identity import ActivityLike
from bot.proactive import Delivery
from bot.settings import Settings
from bot.turn import DialogstodBot, InvokeAnswer
from cards.render import Message
from dialogs.messages import Messages

ToActivity = Callable[[Message, str | None], Any]  # a text or a card as the SDK's activity, for a channel


class SdkContext(Protocol):
    """What the turn asks of either SDK's TurnContext."""

    @property
    def activity(self) -> Any: ...

    async def send_activity(self, activity: Any) -> Any: ...

    async def send_activities(self, activities: Any) -> Any: ...

    async def update_activity(self, activity: Any) -> Any: ...


class ContextTurn(ABC):
    """bot.turn.TurnIO over an SDK's TurnContext, sending and updating alike in both: a host says how a message
    becomes its SDK's activity (`outgoing`) and how its SDK writes the conversation reference."""

    def __init__(self, context: SdkContext) -> None:
        self._context = context

    @staticmethod
    @abstractmethod
    def outgoing(message: Message, channel: str | None) -> Any:
        """The message as the SDK's activity, for `channel`."""

    @property
    def activity(self) -> ActivityLike:
        activity: ActivityLike = self._context.activity
        return activity

    async def send(self, messages: Sequence[Message]) -> None:
        channel = self.activity.channel_id
        await self._context.send_activities([self.outgoing(m, channel) for m in messages])

    async def update(self, activity_id: str, message: Message) -> None:
        updated = self.outgoing(message, self.activity.channel_id)
        updated.id = activity_id
        await self._context.update_activity(updated)

    @abstractmethod
    def reference(self) -> dict[str, Any]:
        """The conversation reference of the activity, as the Bot Framework's JSON has it."""


def proactive_post(
    outgoing: ToActivity, reference: dict[str, Any], message: Message, channel_data: dict[str, Any] | None
) -> Callable[[SdkContext], Awaitable[str | None]]:
    """What a proactive turn does in either SDK: post `message` into the referenced conversation; its id."""

    async def post(context: SdkContext) -> str | None:
        activity = outgoing(message, reference.get("channelId"))
        if channel_data:
            activity.channel_data = channel_data
        response = await context.send_activity(activity)
        return response.id if response else None

    return post


class Host(Protocol):
    name: str

    @property
    def delivery(self) -> Delivery: ...

    def serve(self, bot: DialogstodBot) -> None:
        """The bot whose turns `process` runs."""

    def check(self, body: dict[str, Any]) -> None:
        """Raises Refused when the SDK cannot read a checked activity (bot/inbound.checked_body): for a caller that
        answers before the turn runs (the local Direct Line)."""

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
