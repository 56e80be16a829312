"""The local Direct Line 3.0 emulation behind /chat, through the real app, as Web Chat uses it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from tests.support import StartApp, card_text


@pytest.fixture
async def client(tmp_path: Path, bot_host: str, start_app: StartApp) -> TestClient:
    """Web Chat's local Direct Line in front of either host."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'dl.db'}", reminder_poll_seconds=0, bot_host=bot_host)
    return await start_app(settings)


async def _poll(client: TestClient, conversation: dict[str, Any], watermark: str, until: int) -> tuple[list[dict[str, Any]], str]:
    headers = {"Authorization": f"Bearer {conversation['token']}"}
    seen: list[dict[str, Any]] = []
    for _ in range(100):
        response = await client.get(
            f"/v3/directline/conversations/{conversation['conversationId']}/activities?watermark={watermark}", headers=headers
        )
        body = await response.json()
        seen += body["activities"]
        watermark = body["watermark"]
        if len([a for a in seen if a["from"].get("role") == "bot"]) >= until:
            return seen, watermark
        await asyncio.sleep(0.05)
    raise AssertionError(f"no bot reply: {seen}")


async def test_start_welcome_post_echo_and_reply(client: TestClient) -> None:
    response = await client.post("/v3/directline/conversations", json={"user": {"id": "anna", "name": "Anna"}, "locale": "sv-SE"})
    assert response.status == 201
    conversation = await response.json()
    assert {"conversationId", "token", "expires_in"} <= set(conversation)

    seen, watermark = await _poll(client, conversation, "", until=1)
    welcome = seen[0]
    assert welcome["from"]["role"] == "bot" and welcome["id"] and welcome["timestamp"]
    assert "Välkommen till Dialogstöd" in card_text(welcome["attachments"][0]["content"])

    headers = {"Authorization": f"Bearer {conversation['token']}"}
    posted = await client.post(
        f"/v3/directline/conversations/{conversation['conversationId']}/activities",
        json={
            "type": "message",
            "text": "mina utkast",
            "from": {"id": "anna"},
            "channelData": {"clientActivityID": "c-1"},
            "locale": "sv-SE",
        },
        headers=headers,
    )
    assert posted.status == 200
    posted_id = (await posted.json())["id"]
    seen, _ = await _poll(client, conversation, watermark, until=1)
    echo = next(a for a in seen if a["id"] == posted_id)
    assert echo["channelData"]["clientActivityID"] == "c-1" and echo["from"]["role"] == "user" and echo["timestamp"]
    reply = next(a for a in seen if a["from"].get("role") == "bot")
    assert "Mina utkast" in card_text(reply["attachments"][0]["content"])

    reconnect = await client.get(f"/v3/directline/conversations/{conversation['conversationId']}?watermark=", headers=headers)
    assert (await reconnect.json())["conversationId"] == conversation["conversationId"]


async def test_a_wrong_token_or_unknown_conversation_is_refused(client: TestClient) -> None:
    conversation = await (await client.post("/v3/directline/conversations", json={})).json()
    url = f"/v3/directline/conversations/{conversation['conversationId']}/activities"
    assert (await client.get(url, headers={"Authorization": "Bearer wrong"})).status == 403
    assert (await client.get("/v3/directline/conversations/nope/activities", headers={"Authorization": "Bearer x"})).status == 404


async def test_chat_page_is_served_in_local_mode_only(client: TestClient, tmp_path: Path, start_app: StartApp) -> None:
    page = await client.get("/chat")
    assert page.status == 200 and "renderWebChat" in await page.text()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}",
        app_id="00000000-0000-0000-0000-000000000001",
        reminder_poll_seconds=0,
    )
    with_auth = await start_app(settings)
    assert (await with_auth.get("/chat")).status == 404
    assert (await with_auth.post("/v3/directline/conversations", json={})).status in (404, 405)
