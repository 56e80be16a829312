"""The bot served by botbuilder (the default host): its CloudAdapter authenticates each request (bot/auth.py) and
runs the turn; connector clients and connections are pooled (bot/connector_pool.py) and replies posted as JSON
serialized once (bot/wire.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import BotAdapter, CardFactory, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, AttachmentLayoutTypes, ConversationReference, InputHints

from bot.adapter import create_adapter
from bot.connector_pool import ConnectorPool
from bot.host import ContextTurn, proactive_post
from bot.inbound import read_activity
from bot.proactive import in_proactive_turn
from bot.settings import Settings
from bot.turn import DialogstodBot, InvokeAnswer
from bot.universal import as_posted
from bot.wire import Outgoing
from cards.render import Message
from dialogs.messages import Messages


def to_activity(message: Message, channel: str | None = None) -> Activity:
    """A text or a card as MessageFactory would build it, as an activity the SDK copies cheaply (bot/wire.py); in
    Teams a card's buttons are Universal Actions (bot/universal.py)."""
    if isinstance(message, str):
        return Outgoing(type=ActivityTypes.message, text=message, input_hint=InputHints.accepting_input)
    return Outgoing(
        type=ActivityTypes.message,
        attachment_layout=AttachmentLayoutTypes.list,
        attachments=[CardFactory.adaptive_card(as_posted(message, channel))],
    )


class BotbuilderTurn(ContextTurn):
    """bot.turn.TurnIO over botbuilder's TurnContext."""

    outgoing = staticmethod(to_activity)

    def reference(self) -> dict[str, Any]:
        activity: Activity = self._context.activity
        reference: dict[str, Any] = TurnContext.get_conversation_reference(activity).serialize()
        return reference


def botbuilder_turn(bot: DialogstodBot) -> Callable[[TurnContext], Awaitable[None]]:
    """The bot as botbuilder's adapters run it (the CloudAdapter, and the TestAdapter of the tests): an invoke's
    answer goes back as the SDK's invoke response."""

    async def on_turn(context: TurnContext) -> None:
        answer = await bot.on_turn(BotbuilderTurn(context))
        if answer is not None:
            response = InvokeResponse(status=answer.status, body=answer.body)
            await context.send_activity(Outgoing(type=ActivityTypes.invoke_response, value=response))  # its card not walked

    return on_turn


class BotbuilderDelivery:
    """bot.proactive.Delivery: a message into a stored conversation through `continue_conversation` under the
    bot's app id, the Teams way."""

    def __init__(self, adapter: BotAdapter, app_id: str) -> None:
        self.adapter = adapter
        self.app_id = app_id

    async def send(self, reference: dict[str, Any], message: Message, channel_data: dict[str, Any] | None = None) -> str | None:
        post = proactive_post(to_activity, reference, message, channel_data)
        continuation = ConversationReference().deserialize(reference)
        return await in_proactive_turn(lambda turn: self.adapter.continue_conversation(continuation, turn, self.app_id), post)


class BotbuilderHost:
    """bot.host.Host on botbuilder-integration-aiohttp's CloudAdapter."""

    name = "botbuilder"

    def __init__(self, settings: Settings, messages: Messages) -> None:
        self._pool = ConnectorPool()
        self.adapter = create_adapter(settings, messages, self._pool)
        self.delivery = BotbuilderDelivery(self.adapter, settings.app_id)
        self._bot: Callable[[TurnContext], Awaitable[None]] | None = None

    def serve(self, bot: DialogstodBot) -> None:
        self._bot = botbuilder_turn(bot)

    def check(self, body: dict[str, Any]) -> None:
        read_activity(body)

    async def process(self, auth_header: str, body: dict[str, Any]) -> InvokeAnswer | None:
        assert self._bot is not None, "serve(bot) first"
        activity = read_activity(body)
        response: InvokeResponse | None = await self.adapter.process_activity(auth_header, activity, self._bot)
        if activity.type != ActivityTypes.invoke or response is None:
            return None
        return InvokeAnswer(response.status, response.body if isinstance(response.body, dict) else None)

    async def close(self) -> None:
        await self._pool.close()
