"""Incoming tokens with an app id configured, through the real app, against a local stand-in for the
OpenID configuration and key set endpoints: a valid token runs the turn; every other token is a JSON 401
(never a 500, never a hang), a slow or unreachable key endpoint holds up nothing else, and the keys are
fetched once for many requests."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hypothesis import given, settings
from hypothesis import strategies as st
from jwt.algorithms import RSAAlgorithm

from bot.auth import TokenRefused, TokenValidator
from bot.openid_keys import OpenIdKeys, SigningKey
from bot.settings import HOSTS, Settings
from tests.fake_connector import FakeConnector
from tests.support import StartApp, teams_activity

# Every test here runs with an app id, whose replies need the bot's own token (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("outgoing_token")
APP_ID = "00000000-0000-0000-0000-0000000000aa"
CHANNEL_ISSUER = "https://api.botframework.com"
EMULATOR_ISSUER = "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Key:
    kid: str
    private: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def jwk(self, endorsements: list[str] | None = None) -> dict[str, Any]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        jwk.update(kid=self.kid, use="sig")
        if endorsements is not None:
            jwk["endorsements"] = endorsements
        return jwk

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, claims: dict[str, Any], kid: str | None = None) -> str:
        return jwt.encode(claims, self.private, algorithm="RS256", headers={"kid": kid or self.kid})


CHANNEL_KEY = Key("bf-key-1")
ENTRA_KEY = Key("entra-key-1")


def by_hand(header: Any, claims: Any, sign: Callable[[bytes], bytes]) -> str:
    """A token built without PyJWT, which refuses to make many of the tokens an attacker can send."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{_b64(sign(signing_input.encode()))}"


def hs256(secret: bytes, claims: dict[str, Any], kid: str) -> str:
    """An HS256 token; PyJWT will not use a public key as the secret (the algorithm confusion attack), an attacker will."""
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    return by_hand(header, claims, lambda data: hmac.new(secret, data, hashlib.sha256).digest())


def unsigned(claims: dict[str, Any], kid: str) -> str:
    return jwt.encode(claims, key=None, algorithm="none", headers={"kid": kid})


class KeyServer:
    """Stand-in for login.botframework.com and Microsoft Entra ID: OpenID configuration + key set, hits counted."""

    def __init__(self) -> None:
        self.channel_key = CHANNEL_KEY
        self.entra_key = ENTRA_KEY
        self.hits: Counter[str] = Counter()
        self.server: TestServer | None = None

    def url(self, path: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    async def _config(self, request: web.Request) -> web.Response:
        family = request.match_info["family"]
        self.hits[f"{family} config"] += 1
        await asyncio.sleep(0.05)  # long enough for concurrent requests to arrive during the fetch
        return web.json_response({"issuer": "stand-in", "jwks_uri": self.url(f"/{family}/keys")})

    async def _keys(self, request: web.Request) -> web.Response:
        family = request.match_info["family"]
        self.hits[f"{family} keys"] += 1
        key = self.channel_key.jwk(["msteams", "webchat"]) if family == "botframework" else self.entra_key.jwk()
        return web.json_response({"keys": [{"kty": "oct", "kid": "ignored", "k": "c2VjcmV0"}, key]})

    async def start(self) -> KeyServer:
        app = web.Application()
        app.router.add_get("/{family}/openid", self._config)
        app.router.add_get("/{family}/keys", self._keys)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self.server:
            await self.server.close()


class StalledServer:
    """Accepts connections and never answers (a key endpoint behind a hung proxy)."""

    def __init__(self) -> None:
        self.accepted = asyncio.Event()
        self.server: asyncio.Server | None = None
        self.url = ""

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted.set()
        await reader.read()  # until the client gives up and closes
        writer.close()

    async def start(self) -> StalledServer:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/openid"
        return self

    async def close(self) -> None:
        if self.server:
            self.server.close()
            await self.server.wait_closed()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/openid"


@pytest.fixture
async def keys() -> AsyncIterator[KeyServer]:
    server = await KeyServer().start()
    yield server
    await server.close()


@pytest.fixture
async def stalled() -> AsyncIterator[StalledServer]:
    """A key endpoint that never answers, up before the app the test starts and closed after it."""
    server = await StalledServer().start()
    yield server
    await server.close()


def _settings(
    tmp_path: Path, bot_url: str, entra_url: str, fetch_timeout: float = 5.0, app_id: str = APP_ID, bot_host: str = HOSTS[0]
) -> Settings:
    return Settings(
        bot_host=bot_host,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}",
        app_id=app_id,
        app_password="not-a-real-secret",
        reminder_poll_seconds=0,
        bot_openid_metadata_url=bot_url,
        entra_openid_metadata_url=entra_url,
        openid_timeout_seconds=fetch_timeout,
    )


@pytest.fixture
async def client(tmp_path: Path, keys: KeyServer, bot_host: str, start_app: StartApp) -> TestClient:
    return await start_app(_settings(tmp_path, keys.url("/botframework/openid"), keys.url("/entra/openid"), bot_host=bot_host))


def channel_claims(service_url: str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": CHANNEL_ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 10, "exp": now + 3600, **changes}


def emulator_claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": EMULATOR_ISSUER, "aud": APP_ID, "azp": APP_ID, "ver": "2.0", "nbf": now - 10, "exp": now + 3600, **changes}


async def _post(client: TestClient, connector: FakeConnector, authorization: str | None, **fields: Any) -> web.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return await client.post("/api/messages", json=teams_activity(connector.url, text="hjälp", **fields), headers=headers)


async def test_a_valid_channel_token_runs_the_turn(client: TestClient, keys: KeyServer, connector: FakeConnector) -> None:
    token = keys.channel_key.sign(channel_claims(connector.url))
    response = await _post(client, connector, f"Bearer {token}")
    assert response.status in (200, 201)
    assert connector.sent, "the bot answered through the connector"
    assert set(connector.authorizations) == {"Bearer outgoing-token"}, "with the app's own token, on either host"


async def test_a_valid_emulator_token_runs_the_turn(client: TestClient, keys: KeyServer, connector: FakeConnector) -> None:
    token = keys.entra_key.sign(emulator_claims())
    response = await _post(client, connector, f"Bearer {token}", channelId="emulator")
    assert response.status in (200, 201)
    assert connector.sent


# Each: (Authorization header from the stand-in's keys and the connector's URL, activity fields).
BadToken = Callable[[KeyServer, str], str | None]
HOUR = 3600
BAD_TOKENS: dict[str, tuple[BadToken, dict[str, Any]]] = {
    "missing header": (lambda k, url: None, {}),
    "empty header": (lambda k, url: "", {}),
    "not Bearer": (lambda k, url: "Basic dXNlcjpwYXNz", {}),
    "Bearer without token": (lambda k, url: "Bearer ", {}),
    "garbage": (lambda k, url: "Bearer not-a-token", {}),
    "three garbage parts": (lambda k, url: "Bearer a.b.c", {}),
    "expired": (lambda k, url: k.channel_key.sign(channel_claims(url, exp=int(time.time()) - HOUR)), {}),
    "not yet valid": (lambda k, url: k.channel_key.sign(channel_claims(url, nbf=int(time.time()) + HOUR)), {}),
    "no expiry": (lambda k, url: k.channel_key.sign({c: v for c, v in channel_claims(url).items() if c != "exp"}), {}),
    "wrong audience": (lambda k, url: k.channel_key.sign(channel_claims(url, aud="another-bot")), {}),
    "audience list": (lambda k, url: k.channel_key.sign(channel_claims(url, aud=[APP_ID, "x"])), {}),
    "wrong issuer": (lambda k, url: k.channel_key.sign(channel_claims(url, iss="https://evil.example")), {}),
    "other service url": (lambda k, url: k.channel_key.sign(channel_claims("https://evil.example/")), {}),
    "channel not endorsed": (lambda k, url: k.channel_key.sign(channel_claims(url)), {"channelId": "slack"}),
    "alg none": (lambda k, url: unsigned(channel_claims(url), k.channel_key.kid), {}),
    "unknown kid": (lambda k, url: k.channel_key.sign(channel_claims(url), kid="no-such-key"), {}),
    "signed by another key": (lambda k, url: Key(k.channel_key.kid).sign(channel_claims(url)), {}),
    "HS256 with the public key": (lambda k, url: hs256(k.channel_key.public_pem(), channel_claims(url), k.channel_key.kid), {}),
    "HS256 with a secret": (lambda k, url: hs256(b"secret", channel_claims(url), k.channel_key.kid), {}),
    "channel key for an Entra issuer": (lambda k, url: k.channel_key.sign(emulator_claims()), {}),
    "emulator token for another app": (lambda k, url: k.entra_key.sign(emulator_claims(azp="another-app")), {}),
    "emulator token without version": (lambda k, url: k.entra_key.sign(emulator_claims(ver=None)), {}),
    "skill token": (lambda k, url: k.channel_key.sign(channel_claims(url, ver="1.0", appid="another-bot")), {}),
}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
async def test_every_invalid_token_is_a_json_401(
    client: TestClient, keys: KeyServer, connector: FakeConnector, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    make, fields = BAD_TOKENS[case]
    token = make(keys, connector.url)
    authorization = token if token is None or token.startswith(("Bearer", "Basic")) or not token else f"Bearer {token}"
    with caplog.at_level(logging.DEBUG):
        response = await asyncio.wait_for(_post(client, connector, authorization, **fields), timeout=10)
    assert response.status == 401, await response.text()
    body = await response.text()
    assert json.loads(body)["error"]["code"] == "unauthorized"
    assert "Traceback" not in body
    assert connector.sent == []
    secret = (authorization or "").partition(" ")[2]
    if len(secret) > 8:
        assert secret not in caplog.text, "the token is not logged"


async def test_keys_are_fetched_once_for_many_requests(client: TestClient, keys: KeyServer, connector: FakeConnector) -> None:
    token = keys.channel_key.sign(channel_claims(connector.url))
    responses = await asyncio.gather(*(_post(client, connector, f"Bearer {token}") for _ in range(20)))
    assert {r.status for r in responses} <= {200, 201}
    assert keys.hits == {"botframework config": 1, "botframework keys": 1}

    made_up = [keys.channel_key.sign(channel_claims(connector.url), kid=f"made-up-{i}") for i in range(20)]
    refused = await asyncio.gather(*(_post(client, connector, f"Bearer {t}") for t in made_up))
    assert {r.status for r in refused} == {401}
    assert keys.hits == {"botframework config": 1, "botframework keys": 1}, "unknown key ids cause no fetch storm"


async def test_a_stalled_key_endpoint_refuses_within_the_time_limit_while_healthz_answers(
    tmp_path: Path, keys: KeyServer, connector: FakeConnector, bot_host: str, stalled: StalledServer, start_app: StartApp
) -> None:
    client = await start_app(_settings(tmp_path, stalled.url, stalled.url, fetch_timeout=2.0, bot_host=bot_host))
    token = keys.channel_key.sign(channel_claims(connector.url))
    waiting = asyncio.create_task(_post(client, connector, f"Bearer {token}"))
    await asyncio.wait_for(stalled.accepted.wait(), timeout=5)
    health = await asyncio.wait_for(client.get("/healthz"), timeout=1)
    assert health.status == 200
    assert not waiting.done(), "healthz answered while the token request was still waiting for keys"
    response = await asyncio.wait_for(waiting, timeout=10)
    assert response.status == 401
    assert (await response.json())["error"]["code"] == "unauthorized"
    assert connector.sent == []


async def test_an_unreachable_key_endpoint_refuses_fast(
    tmp_path: Path, keys: KeyServer, connector: FakeConnector, bot_host: str, start_app: StartApp
) -> None:
    url = closed_port_url()
    client = await start_app(_settings(tmp_path, url, url, bot_host=bot_host))
    token = keys.channel_key.sign(channel_claims(connector.url))
    for _ in range(3):
        response = await asyncio.wait_for(_post(client, connector, f"Bearer {token}"), timeout=5)
        assert response.status == 401
        assert (await response.json())["error"]["code"] == "unauthorized"
    assert connector.sent == []


async def test_local_mode_stays_open_and_fetches_no_keys(
    tmp_path: Path, keys: KeyServer, connector: FakeConnector, bot_host: str, stalled: StalledServer, start_app: StartApp
) -> None:
    client = await start_app(_settings(tmp_path, stalled.url, stalled.url, app_id="", bot_host=bot_host))
    token = keys.channel_key.sign(channel_claims(connector.url))
    for authorization in (None, f"Bearer {token}"):
        response = await asyncio.wait_for(_post(client, connector, authorization), timeout=5)
        assert response.status in (200, 201)
    assert len(connector.texts() + connector.cards()) >= 2
    assert not stalled.accepted.is_set()


async def test_keys_are_refreshed_after_a_rotation_at_most_every_few_minutes(keys: KeyServer) -> None:
    now = [1000.0]
    source = OpenIdKeys(keys.url("/botframework/openid"), clock=lambda: now[0])
    old = keys.channel_key
    assert (await source.key(old.kid)) is not None
    keys.channel_key = Key("bf-key-2")  # the Bot Framework rotates its keys

    assert await source.key("bf-key-2") is None, "too soon after the last fetch"
    assert keys.hits["botframework keys"] == 1
    now[0] += 5 * 60
    assert await source.key("bf-key-2") is not None
    assert keys.hits["botframework keys"] == 2
    assert await source.key(old.kid) is None  # the retired key is gone with the new set
    now[0] += 24 * 3600
    assert await source.key("bf-key-2") is not None
    assert keys.hits["botframework keys"] == 3, "a day-old key set is refreshed"


class _StandInKeys:
    """The two key sets as the validator sees them once fetched (no HTTP: hypothesis runs many examples)."""

    def __init__(self, key: Key) -> None:
        self.signing = SigningKey(jwt.PyJWK(key.jwk(), algorithm="RS256"), frozenset({"msteams"}))
        self.kid = key.kid

    async def key(self, kid: str) -> SigningKey | None:
        return self.signing if kid == self.kid else None


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
_VALID_CLAIMS: dict[str, Any] = {
    "iss": CHANNEL_ISSUER,
    "aud": APP_ID,
    "exp": int(time.time()) + 3600,
    "nbf": int(time.time()) - 10,
    "serviceurl": "https://smba.example/",
    "ver": "2.0",
    "azp": APP_ID,
}
_other_values = {
    "iss": st.sampled_from([EMULATOR_ISSUER, "https://evil.example"]) | _json_values,
    "exp": st.integers(min_value=int(time.time()) - 900, max_value=int(time.time()) + 900) | _json_values,
}


def rs256(data: bytes) -> bytes:
    return CHANNEL_KEY.private.sign(data, padding.PKCS1v15(), hashes.SHA256())


@st.composite
def _tokens(draw: st.DrawFn) -> str:
    """A valid token with up to three claims changed or removed, or one with another algorithm or header, or text."""
    claims: dict[str, Any] = dict(_VALID_CLAIMS)
    for name in draw(st.lists(st.sampled_from([*_VALID_CLAIMS, "appid", "x"]), max_size=3)):
        if draw(st.booleans()):
            claims.pop(name, None)
        else:
            claims[name] = draw(_other_values.get(name, _json_values))
    kid = draw(st.just(CHANNEL_KEY.kid) | _json_values) if draw(st.integers(0, 3)) == 0 else CHANNEL_KEY.kid
    how = draw(st.sampled_from(["RS256", "RS256", "RS256", "none", "HS256", "other header", "text"]))
    if how == "RS256":
        return by_hand({"alg": "RS256", "kid": kid}, claims, rs256)
    if how == "none":
        return by_hand({"alg": "none", "kid": kid}, claims, lambda data: b"")
    if how == "HS256":
        return hs256(CHANNEL_KEY.public_pem(), claims, CHANNEL_KEY.kid)
    if how == "other header":
        header = draw(st.dictionaries(st.text(max_size=5), _json_values, max_size=4) | _json_values)
        return by_hand(header, claims, lambda data: draw(st.binary(max_size=40)))
    return draw(st.text(max_size=80))


@settings(max_examples=300, deadline=None)
@given(token=_tokens(), channel_id=st.sampled_from(["msteams", "slack", ""]))
async def test_any_token_is_either_valid_or_refused_never_an_error(token: str, channel_id: str) -> None:
    keys = _StandInKeys(CHANNEL_KEY)
    validator = TokenValidator(APP_ID, "", keys, keys)  # type: ignore[arg-type]  # the stand-in has OpenIdKeys' one method
    try:
        claims = await validator.validate(f"Bearer {token}", channel_id, "https://smba.example/")
    except TokenRefused:
        return
    assert claims["aud"] == APP_ID
    assert claims["iss"] in (CHANNEL_ISSUER, EMULATOR_ISSUER)
