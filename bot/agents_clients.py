"""The Agents SDK host's connector clients over one pool of connections, built once.

The SDK's `RestChannelServiceClientFactory` builds, for every turn and every proactive message, a connector client
and a user-token client, each with a new aiohttp session and so new connections (a new TLS handshake in production),
and no time limit but aiohttp's five minutes; each client's construction also looks up the SDK's version in the
installed packages' metadata (its User-Agent). This factory — given to the SDK's CloudAdapter through its
`channel_service_client_factory` parameter — builds the same clients once per endpoint and audience and keeps them:
each over a session of its own that shares one connection pool with all the others, gives up after the bot's
connector time limit (bot/connector_calls.py) and writes its JSON bodies with orjson. The token is fetched for every
turn as before and set on the kept client's session before the turn uses it (a token for the same app, endpoint and
audience: a request already under way keeps the one it was sent with). The SDK closes a turn's clients when the turn
ends; a kept client's close leaves it open, and the factory's close closes them all. Agentic requests and Copilot
Studio connectors take the SDK's own way."""

from __future__ import annotations

import orjson
from aiohttp import ClientSession, TCPConnector
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

from bot.connector_calls import TIMEOUT

ANONYMOUS = "anonymous"


class KeptConnectorClient(TeamsConnectorClient):
    async def close(self) -> None:
        """The SDK's close at a turn's end: the client is kept (PooledClientFactory.close closes it)."""


class KeptUserTokenClient(UserTokenClient):
    async def close(self) -> None:
        """The SDK's close at a turn's end: the client is kept (PooledClientFactory.close closes it)."""


def _authorize(session: ClientSession, token: str) -> None:
    """The session's requests carry `token` from now on (none when empty, as the SDK's clients do)."""
    if len(token) > 1:
        session.headers["Authorization"] = f"Bearer {token}"
    else:
        session.headers.pop("Authorization", None)


class PooledClientFactory(RestChannelServiceClientFactory):
    def __init__(self, connection_manager: Connections) -> None:
        super().__init__(connection_manager)
        self._connections = connection_manager
        self._pool: TCPConnector | None = None  # made on first use, inside the running event loop
        self._connector_clients: dict[tuple[str, str, tuple[str, ...]], KeptConnectorClient] = {}
        self._user_token_clients: dict[str, KeptUserTokenClient] = {}

    def _session(self, endpoint: str) -> ClientSession:
        if self._pool is None or self._pool.closed:
            self._pool = TCPConnector()
        base = endpoint if endpoint.endswith("/") else f"{endpoint}/"
        return ClientSession(base_url=base, connector=self._pool, connector_owner=False, timeout=TIMEOUT, json_serialize=_json)

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
        connections = self._connections
        provider = AnonymousTokenProvider() if use_anonymous else connections.get_token_provider(claims_identity, service_url)
        scopes = scopes or claims_identity.get_token_scope()
        token = await provider.get_access_token(audience, scopes)
        key = (service_url, audience, tuple(scopes or ()))
        client = self._connector_clients.get(key)
        if client is None:
            client = self._connector_clients[key] = KeptConnectorClient(service_url, token, session=self._session(service_url))
        _authorize(client.client, token)
        return client

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
        client = self._user_token_clients.get(app_id)
        if client is None:
            client = self._user_token_clients[app_id] = KeptUserTokenClient(
                endpoint, token, app_id=app_id, session=self._session(endpoint)
            )
        _authorize(client.client, token)
        return client

    async def close(self) -> None:
        sessions = [c.client for c in self._connector_clients.values()] + [c.client for c in self._user_token_clients.values()]
        self._connector_clients.clear()
        self._user_token_clients.clear()
        for session in sessions:
            await session.close()
        if self._pool is not None:
            await self._pool.close()


def _json(body: object) -> str:
    """A request's JSON body (the SDK's model_dump of an activity: plain values), by orjson instead of json.dumps."""
    return orjson.dumps(body).decode()


def _copilot_studio(context: TurnContext | None) -> bool:
    recipient = context.activity.recipient if context else None
    return bool(recipient and recipient.role == RoleTypes.connector_user)
