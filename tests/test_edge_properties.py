"""Generated activities and card values through the real app: whatever a client posts (odd types, any
Unicode including lone surrogates and control characters, long text, deep nesting), the answer is never a 5xx,
never carries a traceback, and no turn fails (the user never gets the "something went wrong" message). The one
deliberate 5xx is 501 for an invoke the bot does not implement (tests/test_edges.py)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.settings import Settings
from dialogs.actions import ActionName
from tests.fake_connector import FakeConnector
from tests.support import teams_activity

# Any code point, lone surrogates and C0/C1 controls included (hypothesis leaves surrogates out by default).
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | ANY_TEXT
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12
)
IDS = st.none() | st.just("d" * 32) | ANY_TEXT | st.integers()
CARD_VALUES = st.fixed_dictionaries(
    {"action": st.sampled_from([str(a) for a in ActionName]) | JSON},
    optional={"draft": IDS, "step": IDS, "version": JSON, "title": JSON, "comment": JSON, "person": JSON, "share": IDS},
).flatmap(lambda value: st.dictionaries(ANY_TEXT, JSON, max_size=3).map(lambda extra: {**extra, **value}))
ACTIVITIES = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "invoke", "conversationUpdate", "event", "typing"]) | ANY_TEXT},
    optional={
        "text": ANY_TEXT | st.text(max_size=9000) | JSON,
        "value": CARD_VALUES | JSON,
        "name": st.sampled_from(["adaptiveCard/action", "task/fetch"]) | ANY_TEXT,
        "locale": ANY_TEXT | st.sampled_from(["sv-SE", "en-US"]),
        "from": st.fixed_dictionaries({"id": ANY_TEXT, "name": ANY_TEXT, "aadObjectId": ANY_TEXT}) | JSON,
        "channelData": JSON,
        "entities": JSON,
        "replyToId": ANY_TEXT,
    },
)
TURN_ERROR = ("Något gick fel hos mig", "Something went wrong on my side")


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[tuple[TestClient, FakeConnector]]:
    connector = await FakeConnector().start()
    settings_ = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'props.db'}", reminder_poll_seconds=0)
    client = TestClient(TestServer(create_app(settings_), host="127.0.0.1"))
    await client.start_server()
    yield client, connector
    await client.close()
    await connector.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=ACTIVITIES)
async def test_no_activity_gets_a_5xx_a_traceback_or_a_failed_turn(
    app: tuple[TestClient, FakeConnector], caplog: pytest.LogCaptureFixture, fields: dict[str, Any]
) -> None:
    client, connector = app
    caplog.clear()
    before = len(connector.sent)
    body = json.dumps(teams_activity(connector.url, **fields))  # lone surrogates travel as \ud800 escapes
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    answer = await response.text()
    # 501 is the one deliberate 5xx: an invoke this bot does not implement, said so in JSON.
    unsupported = response.status == 501 and json.loads(answer)["error"]["code"] == "invoke_not_supported"
    assert response.status < 500 or unsupported, answer
    assert "Traceback" not in answer
    said = [a.get("text") or "" for a in connector.sent[before:]]
    assert not any(t.startswith(TURN_ERROR) for t in said), said
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(min_value=1, max_value=3000), container=st.sampled_from(["[", '{"a":']))
async def test_any_nesting_gets_an_answer_below_500(app: tuple[TestClient, FakeConnector], depth: int, container: str) -> None:
    client, connector = app
    close = "]" if container == "[" else "}"
    nested = container * depth + "1" + close * depth
    body = json.dumps(teams_activity(connector.url, text="hej"))[:-1] + f', "value": {nested}}}'
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status in (201, 400)
