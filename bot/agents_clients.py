"""The Agents SDK host's connector clients over kept HTTP sessions.

The SDK's `RestChannelServiceClientFactory` builds, for every turn and every proactive message, a connector client
and a user-token client, each with a new aiohttp session (a new connection, a new TLS handshake in production), and
closes both when the turn ends. This factory — given to the SDK's CloudAdapter through its
`channel_service_client_factory` parameter — builds the same clients with the same tokens, over one session per
endpoint that stays open from turn to turn (at most MAX_SESSIONS; one that falls out is closed after a grace period,
so that a turn still using it finishes). Agentic requests and Copilot Studio connectors take the SDK's own way."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from aiohttp import ClientSession
from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import (
    AnonymousTokenProvider,
    ClaimsIdentity,
    Connections,
    RestChannelServiceClientFactory,
    TurnContext,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

MAX_SESSIONS = 64
CLOSE_AFTER_SECONDS = 60.0  # longer than any turn
ANONYMOUS = "anonymous"


class _KeptSessionConnectorClient(TeamsConnectorClient):
    async def close(self) -> None:
        """The session is the factory's: it stays open for the next turn."""


class _KeptSessionUserTokenClient(UserTokenClient):
    async def close(self) -> None:
        """The session is the factory's: it stays open for the next turn."""


class KeptSessionClientFactory(RestChannelServiceClientFactory):
    def __init__(self, connection_manager: Connections) -> None:
        super().__init__(connection_manager)
        self._connections = connection_manager
        self._sessions: OrderedDict[str, ClientSession] = OrderedDict()
        self._closing: set[asyncio.Task[None]] = set()

    def _session(self, endpoint: str) -> ClientSession:
        endpoint = endpoint if endpoint.endswith("/") else f"{endpoint}/"
        session = self._sessions.get(endpoint)
        if session is None or session.closed:
            session = self._sessions[endpoint] = ClientSession(base_url=endpoint)
            while len(self._sessions) > MAX_SESSIONS:
                self._close_later(self._sessions.popitem(last=False)[1])
        self._sessions.move_to_end(endpoint)
        return session

    def _close_later(self, session: ClientSession) -> None:
        async def close() -> None:
            await asyncio.sleep(CLOSE_AFTER_SECONDS)
            await session.close()

        task = asyncio.create_task(close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        activity = context.activity if context else None
        if not service_url or not audience or (activity and (activity.is_agentic_request() or _copilot_studio(context))):
            return await super().create_connector_client(context, claims_identity, service_url, audience, scopes, use_anonymous)
        provider = (
            AnonymousTokenProvider() if use_anonymous else self._connections.get_token_provider(claims_identity, service_url)
        )
        token = await provider.get_access_token(audience, scopes or claims_identity.get_token_scope())
        return _KeptSessionConnectorClient(service_url, token, session=self._session(service_url))

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> UserTokenClient:
        if context.activity.is_agentic_request():
            return await super().create_user_token_client(context, claims_identity, use_anonymous)
        endpoint, token = self._token_service_endpoint, ""
        if not use_anonymous:
            provider = self._connections.get_token_provider(claims_identity, endpoint)
            token = await provider.get_access_token(self._token_service_audience, claims_identity.get_token_scope())
        # The bot signs no user in, so this client is never used; without an app id (local mode) the SDK would warn
        # at every turn that OAuth needs one.
        app_id = claims_identity.get_app_id() or ANONYMOUS
        return _KeptSessionUserTokenClient(endpoint, token, app_id=app_id, session=self._session(endpoint))

    async def close(self) -> None:
        for task in list(self._closing):
            task.cancel()
        for session in self._sessions.values():
            await session.close()
        self._sessions.clear()


def _copilot_studio(context: TurnContext | None) -> bool:
    recipient = context.activity.recipient if context else None
    return bool(recipient and recipient.role == RoleTypes.connector_user)
