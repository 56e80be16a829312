"""Connector clients reused across turns, and replies sent over one pooled aiohttp session.

A stock CloudAdapter builds a new ConnectorClient and a new UserTokenClient for every turn (each
construction spends milliseconds in msrest's retry-policy set-up) and sends replies through
`requests`, opening a new connection almost every time. Through the SDK's own extension points —
a BotFrameworkAuthentication that wraps the configured one, and msrest's pipeline `sender` — this
module keeps one client per (service URL, audience), one user token client, and one keep-alive
connection pool; and its conversations operations post activities serialized once by orjson
(bot/wire.py) instead of through msrest's model walk, and read the answer's id without msrest's
deserializer. Nothing in the SDK is patched.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from urllib.parse import quote

import orjson
from aiohttp import ClientSession
from botbuilder.schema import Activity, ErrorResponseException, ResourceResponse
from botframework.connector import AsyncBfPipeline
from botframework.connector.aio import ConnectorClient
from botframework.connector.aio.operations_async import ConversationsOperations
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient
from msrest.pipeline import Request, Response, SansIOHTTPPolicy
from msrest.pipeline.async_abc import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline
from msrest.pipeline.async_requests import AsyncRequestsCredentialsPolicy
from msrest.pipeline.requests import RequestsContext
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import ClientRequest
from msrest.universal_http.aiohttp import AioHttpClientResponse
from msrest.universal_http.async_abc import AsyncClientResponse

from bot import wire
from bot.connector_calls import TIMEOUT

MAX_CLIENTS = 64


class _Headers:
    """What msrest's credentials policy signs: it sets the Authorization header on `.headers`."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}


class PooledHTTPSender(AsyncHTTPSender[ClientRequest, AsyncClientResponse]):
    """The end of msrest's pipeline: every request goes out over one shared aiohttp session."""

    def __init__(self) -> None:
        self._session: ClientSession | None = None

    async def __aenter__(self) -> PooledHTTPSender:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:
        return None

    def build_context(self) -> RequestsContext:
        return RequestsContext(session=_Headers())  # type: ignore[no-untyped-call]  # msrest leaves it unannotated

    async def send(self, request: Request[ClientRequest], **kwargs: Any) -> Response[ClientRequest, AsyncClientResponse]:
        if self._session is None or self._session.closed:
            self._session = ClientSession(timeout=TIMEOUT)
        http = request.http_request
        signed = getattr(request.context.session, "headers", {}) if request.context else {}
        response = await self._session.request(http.method, http.url, headers={**signed, **http.headers}, data=http.data)
        result = AioHttpClientResponse(http, response)
        await result.load_body()
        return Response(request, result)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def signing_pipeline(
    config: Any, sender: AsyncHTTPSender[ClientRequest, AsyncClientResponse]
) -> AsyncPipeline[ClientRequest, AsyncClientResponse]:
    """msrest's pipeline with what a request to the connector needs — the SDK's user agent and the credentials'
    signature, as botframework's AsyncBfPipeline puts them — without the response's deserializer and the HTTP
    logger (off unless configured, as here): the JSON operations read the answer themselves."""
    policies: list[Any] = [config.user_agent_policy]
    credentials = config.credentials
    if credentials:
        is_policy = isinstance(credentials, AsyncHTTPPolicy | SansIOHTTPPolicy)
        policies.append(credentials if is_policy else AsyncRequestsCredentialsPolicy(credentials))  # type: ignore[no-untyped-call]
    return AsyncPipeline(policies, sender)


class JsonConversations(ConversationsOperations):
    """The SDK's conversations operations, with the three that carry an activity — reply, send, update — posting
    JSON serialized by bot/wire.py over `signing_pipeline` (to the client's config's sender); everything else (headers,
    the credentials' signature, errors) as the SDK does. A refused request's answer is read as msrest's deserializer
    reads it, so its error (ErrorResponseException, with the connector's error and status) is the SDK's."""

    def __init__(self, client: Any, config: Any, serializer: Any, deserializer: Any) -> None:
        super().__init__(client, config, serializer, deserializer)
        self._pipeline = signing_pipeline(config, config.sender)
        self._conversations = client.format_url("/v3/conversations/")  # the service URL joined as msrest joins it

    def url(self, conversation_id: str, activity_id: str | None) -> str:
        """The activities' address, as msrest's `format_url` makes it — the path joined to the client's service URL,
        each id quoted as msrest's serializer quotes a str in a path (every character but letters, digits, _.-~) — with
        the join done once per client: a path that goes on from the joined prefix is the same join, unless an id is
        empty or a dot segment ("." or ".."), which the join drops or resolves."""
        conversation = quote(str(conversation_id), safe="")
        activity = quote(str(activity_id), safe="") if activity_id is not None else None
        if {conversation, activity} & {"", ".", ".."}:
            path = "/v3/conversations/{conversationId}/activities" + ("/{activityId}" if activity is not None else "")
            return str(self._client.format_url(path, conversationId=conversation, activityId=activity))
        return f"{self._conversations}{conversation}/activities" + (f"/{activity}" if activity is not None else "")

    async def reply_to_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **_options: Any
    ) -> ResourceResponse | None:
        return await self._send("POST", conversation_id, activity_id, activity)

    async def send_to_conversation(self, conversation_id: str, activity: Activity, **_options: Any) -> ResourceResponse | None:
        return await self._send("POST", conversation_id, None, activity)

    async def update_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **_options: Any
    ) -> ResourceResponse | None:
        return await self._send("PUT", conversation_id, activity_id, activity)

    async def _send(
        self, method: str, conversation_id: str, activity_id: str | None, activity: Activity
    ) -> ResourceResponse | None:
        if conversation_id is None:  # as msrest's URL serializer refuses it
            raise ValueError("No value for given attribute")
        url = self.url(conversation_id, activity_id)
        body = wire.dumps(activity)
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
            "Content-Length": str(len(body)),
            "x-ms-conversation-id": conversation_id,
        }
        request = ClientRequest(method, url)
        request.headers.update(headers)
        request.data = body
        sent = await self._pipeline.run(request, stream=False)  # type: ignore[arg-type]  # run wraps it in a Request itself
        response: Any = sent.http_response
        response.context = sent.context  # as msrest's async_send hands a response on
        if response.status_code not in (200, 201, 202):
            found = RawDeserializer.deserialize_from_http_generics(response.text(), response.headers)
            response.context[RawDeserializer.CONTEXT_NAME] = found
            raise ErrorResponseException(self._deserialize, response)
        answer = response.body()
        parsed = orjson.loads(answer) if answer else None
        return ResourceResponse(id=str(parsed["id"])) if isinstance(parsed, dict) and parsed.get("id") else None


class _CachingConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, pool: ConnectorPool) -> None:
        self._inner = inner
        self._pool = pool

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        # ConnectorFactory.create declares `audience: str`, but the SDK calls it with None and its own
        # implementation defaults it to None; this override accepts what it is actually given.
        return await self._pool.client(self._inner, service_url, audience)


class ConnectorPool:
    def __init__(self) -> None:
        self.sender = PooledHTTPSender()
        self._clients: OrderedDict[tuple[str, str | None], ConnectorClient] = OrderedDict()

    async def client(self, factory: ConnectorFactory, service_url: str, audience: str | None) -> ConnectorClient:
        key = (service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = await factory.create(service_url, audience)  # type: ignore[arg-type]  # None is allowed, see above
            client.config.sender = self.sender
            client.config.pipeline = AsyncBfPipeline(client.config)
            client.conversations = JsonConversations(client._client, client.config, client._serialize, client._deserialize)
            self._clients[key] = client
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
        else:
            self._clients.move_to_end(key)
        return client

    async def close(self) -> None:
        await self.sender.close()


class PooledAuthentication(BotFrameworkAuthentication):
    """The configured authentication, with connector clients and the user token client reused."""

    def __init__(self, inner: BotFrameworkAuthentication, pool: ConnectorPool) -> None:
        self._inner = inner
        self._pool = pool
        self._user_token_clients: dict[str, UserTokenClient] = {}

    async def authenticate_request(self, activity: Any, auth_header: str) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _CachingConnectorFactory(result.connector_factory, self._pool)
        return result

    async def authenticate_streaming_request(self, auth_header: str, channel_id_header: str) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _CachingConnectorFactory(self._inner.create_connector_factory(claims_identity), self._pool)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        claims = (claims_identity.claims if claims_identity else None) or {}
        key = str(claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(AuthenticationConstants.APP_ID_CLAIM) or "")
        client = self._user_token_clients.get(key)
        if client is None:
            client = await self._inner.create_user_token_client(claims_identity)
            if len(self._user_token_clients) < MAX_CLIENTS:
                self._user_token_clients[key] = client
        return client

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)
