"""The Agents SDK host's connector clients are built once and kept across turns: each turn's token is the one its
requests carry, the SDK's close at a turn's end leaves the client usable, and the host's close closes them."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import AgentAuthConfiguration, ClaimsIdentity, TurnContext
from microsoft_agents.hosting.core.authorization.connection_manager import ConnectionManager

from bot.agents_clients import PooledClientFactory

SERVICE_URL = "https://smba.example/emea/"
AUDIENCE = "https://api.botframework.com"


class Tokens:
    """An MSAL stand-in: the token it hands out now."""

    def __init__(self) -> None:
        self.current = "token-1"

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return self.current


def factory(tokens: Tokens) -> PooledClientFactory:
    config = {"SERVICE_CONNECTION": AgentAuthConfiguration(anonymous_allowed=False, client_id="app")}
    return PooledClientFactory(ConnectionManager(lambda _config: tokens, connections_configurations=config))


def turn() -> tuple[TurnContext, ClaimsIdentity]:
    activity = Activity(type="message", channel_id="msteams", service_url=SERVICE_URL, text="hej")
    identity = ClaimsIdentity({"aud": "app", "appid": "channel"}, "Bearer")
    return TurnContext(object(), activity, identity), identity  # type: ignore[arg-type]  # no adapter needed here


async def connector(clients: PooledClientFactory) -> Any:
    context, identity = turn()
    return await clients.create_connector_client(context, identity, SERVICE_URL, AUDIENCE)


async def test_a_connector_client_is_kept_across_turns_with_each_turns_token() -> None:
    tokens = Tokens()
    clients = factory(tokens)
    first = await connector(clients)
    assert first.client.headers["Authorization"] == "Bearer token-1"
    await first.close()  # what the SDK does at the end of the turn
    tokens.current = "token-2"  # MSAL renewed it
    second = await connector(clients)
    assert second is first and not second.client.closed, "the same client, still open"
    assert second.client.headers["Authorization"] == "Bearer token-2"
    context, identity = turn()
    user_tokens = await clients.create_user_token_client(context, identity)
    assert user_tokens is await clients.create_user_token_client(context, identity)
    await clients.close()
    assert first.client.closed and user_tokens.client.closed
