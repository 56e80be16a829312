"""The local Direct Line emulation under abuse (issue 11, finding 12): bounded in bytes as well as in
count, its Bot Connector endpoints answer only the bot, and bad input gets a JSON 400, never a 500."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from yarl import URL

import bot.directline as directline
from bot.settings import Settings
from bot.state import APP_ENGINE
from storage.models import ConversationRefRow
from tests.support import StartApp

BIG = "x" * (200 * 1024)
# Typing activities are echoed and kept like messages, and the bot does not answer them.
TYPING = {"type": "typing", "text": BIG}


@pytest.fixture
async def client(tmp_path: Path, start_app: StartApp) -> TestClient:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'dl.db'}", reminder_poll_seconds=0)
    return await start_app(settings)


async def _start(client: TestClient) -> tuple[str, dict[str, str]]:
    """A conversation, once the bot's welcome has arrived in it."""
    conversation = await (await client.post("/v3/directline/conversations", json={"user": {"id": "anna"}})).json()
    started = conversation["conversationId"], {"Authorization": f"Bearer {conversation['token']}"}
    for _ in range(100):
        if (await _activities(client, *started))["activities"]:
            return started
        await asyncio.sleep(0.05)
    raise AssertionError("no welcome")


async def _activities(client: TestClient, conversation_id: str, headers: dict[str, str], watermark: str = "") -> dict[str, Any]:
    url = f"/v3/directline/conversations/{conversation_id}/activities?watermark={watermark}"
    response = await client.get(url, headers=headers)
    assert response.status == 200
    body: dict[str, Any] = await response.json()
    return body


async def _bots_reply_url(client: TestClient, conversation_id: str) -> str:
    """The serviceUrl the bot was handed (it keeps it for proactive messages): the way back into the emulation."""
    for _ in range(100):
        async with client.app[APP_ENGINE].connect() as conn:
            reference = (
                await conn.execute(
                    select(ConversationRefRow.reference).where(ConversationRefRow.conversation_id == conversation_id)
                )
            ).scalar_one_or_none()
        if reference:
            return str(reference["serviceUrl"])
        await asyncio.sleep(0.05)
    raise AssertionError("the bot never saw the conversation")


async def test_a_conversation_keeps_its_newest_activities_within_its_byte_bound(client: TestClient) -> None:
    conversation_id, headers = await _start(client)
    url = f"/v3/directline/conversations/{conversation_id}/activities"
    first = await _activities(client, conversation_id, headers)
    for n in range(15):  # 15 × 200 KB > 2 MB
        response = await client.post(url, json={**TYPING, "text": f"{n} {BIG}"}, headers=headers)
        assert response.status == 200
    kept = await _activities(client, conversation_id, headers)
    size = sum(len(json.dumps(a, ensure_ascii=False).encode()) for a in kept["activities"])
    assert size <= directline.MAX_CONVERSATION_BYTES
    assert any(a.get("text", "").startswith("14 ") for a in kept["activities"])  # the newest is kept
    assert not any(a.get("text", "").startswith("0 ") for a in kept["activities"])  # the oldest went

    # Web Chat polls from its watermark: what comes after the dropping still reaches it.
    await client.post(url, json={"type": "message", "text": "mina utkast"}, headers=headers)
    for _ in range(100):
        later = await _activities(client, conversation_id, headers, kept["watermark"])
        if any(a["from"]["role"] == "bot" for a in later["activities"]):
            break
        await asyncio.sleep(0.05)
    assert [a["from"]["role"] for a in later["activities"]] == ["user", "bot"]  # the question and its answer
    assert int(later["watermark"]) > int(kept["watermark"]) > int(first["watermark"] or 0)


async def test_all_conversations_together_stay_within_the_total_bound(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(directline, "MAX_CONVERSATION_BYTES", 700 * 1024)
    monkeypatch.setattr(directline, "MAX_TOTAL_BYTES", 1024 * 1024)
    started = [await _start(client) for _ in range(3)]
    for conversation_id, headers in started:  # 3 × 600 KB > 1 MB
        for _ in range(3):
            url = f"/v3/directline/conversations/{conversation_id}/activities"
            assert (await client.post(url, json=TYPING, headers=headers)).status == 200
    oldest, newest = started[0], started[-1]
    assert (await client.get(f"/v3/directline/conversations/{oldest[0]}/activities", headers=oldest[1])).status == 404
    assert len((await _activities(client, *newest))["activities"]) >= 3


async def test_the_connector_endpoints_answer_only_the_bot(client: TestClient) -> None:
    conversation_id, headers = await _start(client)
    assert "/connector/" in await _bots_reply_url(client, conversation_id)
    before = len((await _activities(client, conversation_id, headers))["activities"])
    forged = {"type": "message", "text": "Klicka här: http://evil.example", "from": {"id": "dialogstod"}}
    for guessed in ("/connector/", "/connector/wrong-secret/", f"/connector/{'x' * 32}/"):
        response = await client.post(f"{guessed}v3/conversations/{conversation_id}/activities", json=forged)
        assert response.status == 404
    assert len((await _activities(client, conversation_id, headers))["activities"]) == before

    kept = (await _activities(client, conversation_id, headers))["activities"]
    assert kept and not [a for a in kept if "serviceUrl" in a]  # the page never sees the way in


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"', '{"text": "no type"}'])
async def test_bad_json_anywhere_is_a_json_400(client: TestClient, body: str) -> None:
    conversation_id, headers = await _start(client)
    reply_url = await _bots_reply_url(client, conversation_id)
    path = URL(reply_url).path
    json_headers = {"Content-Type": "application/json"}
    for method, url, extra in (
        ("POST", f"/v3/directline/conversations/{conversation_id}/activities", headers),
        ("POST", f"{path}v3/conversations/{conversation_id}/activities", {}),
        ("POST", f"{path}v3/conversations/{conversation_id}/activities/some-id", {}),
        ("PUT", f"{path}v3/conversations/{conversation_id}/activities/some-id", {}),
    ):
        response = await client.request(method, url, data=body, headers={**json_headers, **extra})
        assert response.status == 400, (method, url)
        assert (await response.json())["error"]["code"] == "BadArgument"


async def test_an_unreadable_activity_or_start_body_is_a_json_400(client: TestClient) -> None:
    conversation_id, headers = await _start(client)
    url = f"/v3/directline/conversations/{conversation_id}/activities"
    response = await client.post(url, json={"type": "message", "timestamp": "yesterday"}, headers=headers)
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "BadArgument"
    for body in ("{not json", "[1]"):
        started = await client.post("/v3/directline/conversations", data=body, headers={"Content-Type": "application/json"})
        assert started.status == 400
        assert (await started.json())["error"]["code"] == "BadArgument"


async def test_web_chat_activities_get_the_same_checks_as_teams_ones(client: TestClient) -> None:
    """Bounded nesting, a typed envelope and cleaned text, as on /api/messages (bot/inbound.py)."""
    conversation_id, headers = await _start(client)
    url = f"/v3/directline/conversations/{conversation_id}/activities"
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    refused = await client.post(url, json={"type": "message", "from": {"id": "anna"}, "value": deep}, headers=headers)
    assert refused.status == 400 and (await refused.json())["error"]["code"] == "BadArgument"
    before = len((await _activities(client, conversation_id, headers))["activities"])
    posted = await client.post(url, data=json.dumps({"type": "message", "from": {"id": "anna"}, "text": "Hej\x00\ud800"}),
                               headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    assert posted.status == 200
    for _ in range(100):
        replies = (await _activities(client, conversation_id, headers))["activities"][before + 1 :]
        if replies:
            break
        await asyncio.sleep(0.05)
    assert replies and all("Något gick fel" not in (r.get("text") or "") for r in replies)
