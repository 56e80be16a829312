"""The HTTP contract through the real aiohttp app: /api/messages, /healthz and every bad request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from tests.fake_connector import FakeConnector
from tests.support import ANSWERS, INTERNAL_STEPS, HttpChat, StartApp, card_text, teams_activity


@pytest.fixture
async def client(tmp_path: Path, bot_host: str, start_app: StartApp) -> TestClient:
    return await start_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'http.db'}", bot_host=bot_host))


async def test_healthz_reports_the_database(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "database": "ok"}


async def test_wrong_content_type_is_415(client: TestClient) -> None:
    response = await client.post("/api/messages", data="hello", headers={"Content-Type": "text/plain"})
    assert response.status == 415
    assert (await response.json())["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "body,code",
    [
        ("{not json", "malformed_json"),
        ("[1, 2]", "malformed_activity"),
        (json.dumps({"text": "hej", "serviceUrl": "http://x/", "conversation": {"id": "c"}}), "malformed_activity"),
        (json.dumps({"type": "message", "conversation": {"id": "c"}}), "malformed_activity"),
    ],
)
async def test_malformed_requests_are_400_with_a_json_error(client: TestClient, body: str, code: str) -> None:
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    payload = await response.json()
    assert payload["error"]["code"] == code
    assert "Traceback" not in json.dumps(payload)


async def test_oversized_body_is_413(client: TestClient) -> None:
    body = json.dumps({"type": "message", "text": "x" * (257 * 1024)})
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 413
    assert (await response.json())["error"]["code"] == "body_too_large"


@pytest.mark.parametrize(
    "name,value",
    [
        ("from", "not an account"),
        ("timestamp", "yesterday"),
        ("membersAdded", "x"),
        ("recipient", None),
        ("recipient", {"id": "28:x", "role": "agenticAppInstance"}),
        ("serviceUrl", "relative"),
        ("serviceUrl", "/v3/"),
        ("serviceUrl", "http://"),
        ("serviceUrl", "http://[::1"),
        ("serviceUrl", "http://x:99999/"),
        ("serviceUrl", "ftp://x/"),
        ("deliveryMode", "expectReplies"),
        ("deliveryMode", "stream"),
    ],
)
async def test_activity_fields_of_the_wrong_shape_get_400_and_no_reply(
    client: TestClient, connector: FakeConnector, name: str, value: Any
) -> None:
    body = teams_activity(connector.url, text="hej")
    body[name] = value
    response = await client.post("/api/messages", json=body)
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "malformed_activity"
    assert connector.sent == []


async def test_with_an_app_id_a_request_without_a_valid_token_is_401(
    tmp_path: Path, connector: FakeConnector, bot_host: str, start_app: StartApp
) -> None:
    settings = Settings(
        bot_host=bot_host,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}",
        app_id="00000000-0000-0000-0000-000000000001",
        app_password="not-a-real-secret",
    )
    client = await start_app(settings)
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        response = await client.post("/api/messages", json=teams_activity(connector.url, text="hej"), headers=headers)
        assert response.status == 401
        assert (await response.json())["error"]["code"] == "unauthorized"
    assert connector.sent == []


async def test_the_wizard_from_welcome_to_proposal_over_http(client: TestClient, connector: FakeConnector) -> None:
    chat = HttpChat(client, connector)
    assert "Välkommen till Dialogstöd" in card_text(await chat.join())
    review = await chat.walk_wizard()
    assert "Granska utkastet" in card_text(review)
    assert len(connector.updated) == len(INTERNAL_STEPS)  # each answered card replaced in place

    create = next(a for a in review["actions"] if a["data"]["action"] == "create_proposal")
    text = card_text(await chat.press(create["data"]))
    assert "Förslag till tjänsteutlåtande" in text
    assert "Förvaltningens förslag till beslut" in text
    assert "Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter" in text.replace("\\", "")


async def test_a_card_the_channel_refuses_as_too_large_becomes_a_link_to_the_page(
    client: TestClient, connector: FakeConnector
) -> None:
    chat = HttpChat(client, connector)
    await chat.join()
    card = await chat.press({"action": "new"})
    for step_id in INTERNAL_STEPS[:-1]:
        card = await chat.press(next(a for a in card["actions"] if a["data"]["action"] == "submit")["data"], ANSWERS[step_id])
    connector.max_bytes = 6 * 1024  # the review card is larger than that; a short card is not
    before = len(chat.sent_here())
    await chat.press(next(a for a in card["actions"] if a["data"]["action"] == "submit")["data"], ANSWERS["case"])
    [(status, refused)] = connector.refused
    assert status == 413 and "Granska utkastet" in card_text(refused["attachments"][0]["content"])
    sent = chat.sent_here()[before:]
    assert sent[0].get("text") == "Det här blev för stort för ett meddelande i Teams. Läs det på webbsidan i stället."
    [link] = [a for a in sent[-1]["attachments"][0]["content"]["actions"] if a["type"] == "Action.OpenUrl"]
    page = await client.get(urlsplit(link["url"]).path)
    assert page.status == 200 and ANSWERS["method"]["method_description"] in await page.text()


@pytest.mark.parametrize(
    "question,locale,lang",
    [("vad är mitt ansvar som enhetschef?", "sv-SE", "sv"), ("what is my responsibility as enhetschef", "en-US", "en")],
)
async def test_role_question_over_http_lists_exactly_that_roles_responsibilities(
    client: TestClient, connector: FakeConnector, routine, question: str, locale: str, lang: str
) -> None:
    response = await client.post("/api/messages", json=teams_activity(connector.url, text=question, locale=locale))
    assert response.status in (200, 201)
    card = connector.cards()[-1]
    bullets = [line[2:] for line in card_text(card).splitlines() if line.startswith("- ")]
    # In English a statement reads after "ensure that" ("… has the responsibility to:"); Swedish reads as written.
    clause = "ensure that " if lang == "en" else ""
    assert bullets == [(clause if r.clause else "") + r(lang) for r in routine.role("enhetschef").responsibilities]


async def test_unanswerable_question_over_http_gets_the_honest_fallback(client: TestClient, connector: FakeConnector) -> None:
    await client.post("/api/messages", json=teams_activity(connector.url, text="hur bokar jag en lokal?"))
    assert "Det hittar jag inget tydligt svar på i rutinen." in card_text(connector.cards()[-1])


async def test_replies_reuse_one_connection_to_the_connector(client: TestClient, connector: FakeConnector) -> None:
    """Connector clients are kept per service URL and replies go over a keep-alive pool (see bot/connector_pool.py)."""
    for n in range(4):
        response = await client.post("/api/messages", json=teams_activity(connector.url, id=f"m{n}", text="mina utkast"))
        assert response.status in (200, 201)
    assert len(connector.sent) == 4
    assert len(set(connector.client_ports)) == 1
