"""The bot served by the Microsoft 365 Agents SDK (`BOT_HOST=agents`): botbuilder's successor, the same turn
(bot/turn.py), domain and cards. What the SDK does here: read the activity into its model, run the turn in its
`CloudAdapter` with its TurnContext, post replies and proactive messages through its connector client, with
outgoing tokens from MSAL (`microsoft-agents-authentication-msal`) for the configured app, or none in local mode.
What stays ours, as on the botbuilder host: the checks before the SDK sees a request (bot/routes.py, bot/inbound.py)
and the incoming token's validation (bot/auth.py: the same rules, keys fetched without blocking)."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, ConversationReference, InvokeResponse
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ClaimsIdentity,
    Connections,
    TurnContext,
)
from microsoft_agents.hosting.core.authorization import AuthTypes
from microsoft_agents.hosting.core.authorization.connection_manager import ConnectionManager
from pydantic import ValidationError

from bot.agents_clients import PooledClientFactory
from bot.auth import TokenValidator
from bot.host import ContextTurn, proactive_post
from bot.inbound import Refused
from bot.proactive import in_proactive_turn
from bot.settings import Settings
from bot.turn import DialogstodBot, InvokeAnswer, turn_error_handler
from bot.universal import CARD_CONTENT_TYPE, as_posted
from cards.render import Message
from dialogs.messages import Messages

SERVICE_CONNECTION = "SERVICE_CONNECTION"
MULTI_TENANT_AUTHORITY = "botframework.com"  # where a multi-tenant bot's outgoing tokens come from


class Outgoing(Activity):
    """An activity the bot sends. The SDK's TurnContext deep-copies every outgoing activity before it sets the copy's
    addresses (assignments, nothing changed inside): a shallow copy does the same for it, without walking a card of
    several kilobytes, which nothing changes once built (as bot/wire.Outgoing does for botbuilder)."""

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Outgoing:
        return self.model_copy()


def agents_activity(message: Message, channel: str | None) -> Outgoing:
    """A text or a card as the Agents SDK's MessageFactory would build it; in Teams with Universal Actions."""
    if isinstance(message, str):
        return Outgoing(type=ActivityTypes.message, text=message, input_hint="acceptingInput")
    card = Attachment(content_type=CARD_CONTENT_TYPE, content=as_posted(message, channel))
    return Outgoing(type=ActivityTypes.message, attachment_layout="list", attachments=[card])


def _read(body: dict[str, Any]) -> Activity:
    try:
        return Activity.model_validate(body)
    except ValidationError:
        raise Refused("malformed_activity", "the activity could not be read") from None


class AgentsTurn(ContextTurn):
    """bot.turn.TurnIO over the Agents SDK's TurnContext."""

    outgoing = staticmethod(agents_activity)

    def reference(self) -> dict[str, Any]:
        activity: Activity = self._context.activity
        return activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)


def connections(settings: Settings) -> Connections:
    """Outgoing credentials as botbuilder takes them from the same settings (MicrosoftAppType): a multi-tenant app's
    client secret against botframework.com, a single-tenant app's against its tenant, a user-assigned managed
    identity; anonymous in local mode (no app id)."""
    if settings.local_mode:
        anonymous = {SERVICE_CONNECTION: AgentAuthConfiguration(anonymous_allowed=True)}
        return ConnectionManager(lambda _config: AnonymousTokenProvider(), connections_configurations=anonymous)
    if settings.app_type.lower() == "userassignedmsi":
        config = AgentAuthConfiguration(
            auth_type=AuthTypes.user_managed_identity, client_id=settings.app_id, tenant_id=settings.app_tenant_id
        )
    else:  # Settings checked that a single-tenant app names its tenant
        single = settings.app_type.lower() == "singletenant"
        config = AgentAuthConfiguration(
            auth_type=AuthTypes.client_secret,
            client_id=settings.app_id,
            client_secret=settings.app_password,
            tenant_id=settings.app_tenant_id if single else MULTI_TENANT_AUTHORITY,
        )
    return MsalConnectionManager(connections_configurations={SERVICE_CONNECTION: config})


class AgentsDelivery:
    """bot.proactive.Delivery on the Agents SDK's `continue_conversation`."""

    def __init__(self, adapter: CloudAdapter, settings: Settings) -> None:
        self.adapter = adapter
        self.app_id = settings.app_id
        self.anonymous = settings.local_mode

    async def send(self, reference: dict[str, Any], message: Message, channel_data: dict[str, Any] | None = None) -> str | None:
        post = proactive_post(agents_activity, reference, message, channel_data)
        continuation = ConversationReference.model_validate(reference).get_continuation_activity()
        if self.anonymous:  # local mode: no app id to claim, and no token to fetch
            anonymous = ClaimsIdentity({}, "anonymous")
            return await in_proactive_turn(
                lambda turn: self.adapter.continue_conversation_with_claims(anonymous, continuation, turn), post
            )
        return await in_proactive_turn(lambda turn: self.adapter.continue_conversation(self.app_id, continuation, turn), post)


class AgentsHost:
    """bot.host.Host on microsoft-agents-hosting-aiohttp's CloudAdapter."""

    name = "agents"

    def __init__(self, settings: Settings, messages: Messages) -> None:
        self._clients = PooledClientFactory(connections(settings))
        self.adapter = CloudAdapter(channel_service_client_factory=self._clients)
        self.adapter.on_turn_error = turn_error_handler(messages)  # the SDK's own would show the user the exception
        self.delivery = AgentsDelivery(self.adapter, settings)
        self._validator = None if settings.local_mode else TokenValidator.from_settings(settings)
        self._bot: DialogstodBot | None = None

    def serve(self, bot: DialogstodBot) -> None:
        self._bot = bot

    async def _on_turn(self, context: TurnContext) -> None:
        assert self._bot is not None, "serve(bot) first"
        answer = await self._bot.on_turn(AgentsTurn(context))
        if answer is not None:
            response = InvokeResponse(status=answer.status, body=answer.body)
            await context.send_activity(Outgoing(type=ActivityTypes.invoke_response, value=response))  # its card not walked

    def check(self, body: dict[str, Any]) -> None:
        _read(body)

    async def process(self, auth_header: str, body: dict[str, Any]) -> InvokeAnswer | None:
        # The token first (its channel and service URL are typed strings in a checked body): the SDK's model logs
        # every activity it cannot read at length, which nobody without a token may fill the log with.
        if self._validator is None:
            identity = ClaimsIdentity({}, "anonymous")
        else:
            claims = await self._validator.validate(auth_header, body["channelId"], body["serviceUrl"])
            identity = ClaimsIdentity(claims, "Bearer")
        activity = _read(body)
        response = await self.adapter.process_activity(identity, activity, self._on_turn)
        if activity.type != ActivityTypes.invoke or response is None:
            return None
        return InvokeAnswer(response.status, response.body if isinstance(response.body, dict) else None)

    async def close(self) -> None:
        await self._clients.close()
