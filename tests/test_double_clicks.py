"""Double clicks: the same card submitted many times at once is saved once, and nobody is told that
something went wrong (issue 11, finding 7). Through the real app, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.settings import Settings
from bot.state import APP_ENGINE
from storage.models import DraftRow
from tests.fake_connector import FakeConnector
from tests.support import ANSWERS, HttpChat, StartApp, action, card_text, inputs_of

CLICKS = 20


@pytest.fixture
async def client(db_url: str, start_app: StartApp) -> TestClient:
    return await start_app(Settings(database_url=db_url, reminder_poll_seconds=0))


async def test_twenty_identical_submissions_save_once_and_show_no_error(
    client: TestClient, connector: FakeConnector, messages, caplog: pytest.LogCaptureFixture
) -> None:
    anna = HttpChat(client, connector)
    await anna.join()
    card = await anna.press({"action": "new"})
    value = {fid: e.get("value", "") for fid, e in inputs_of(card).items()}
    value |= ANSWERS["start"] | action(card, "submit")["data"]
    replied_to = anna.sent_here()[-1]["id"]
    before = len(anna.sent_here())

    with caplog.at_level(logging.INFO):
        statuses = await asyncio.gather(*(anna.post(value=value, replyToId=replied_to) for _ in range(CLICKS)))

    assert set(statuses) <= {200, 201}
    async with client.app[APP_ENGINE].connect() as conn:
        versions = (await conn.execute(select(DraftRow.version))).scalars().all()
    assert versions == [1]  # saved exactly once
    texts = [a.get("text") or "" for a in anna.sent_here()[before:]]
    cards = [card_text(att["content"]) for a in anna.sent_here()[before:] for att in a.get("attachments") or []]
    assert not [t for t in texts if t in (messages("turn_error", "sv"), messages("turn_error", "en"))]
    assert sum("Steg 2" in c for c in cards) >= 1, cards[:2]
    # The first click saves and shows step 2; each other click is told the card was answered already.
    assert texts.count(messages("stale_card", "sv")) == CLICKS - 1
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not failures, [r.getMessage() for r in failures]


async def test_twenty_joins_at_once_show_no_error(
    client: TestClient, connector: FakeConnector, messages, caplog: pytest.LogCaptureFixture
) -> None:
    anna = HttpChat(client, connector)
    joined = {"type": "conversationUpdate", "membersAdded": [{"id": "28:dialogstod"}]}
    with caplog.at_level(logging.INFO):
        statuses = await asyncio.gather(*(anna.post(**joined) for _ in range(CLICKS)))
    assert set(statuses) <= {200, 201}
    assert anna.cards_here(), "no welcome"
    assert messages("turn_error", "sv") not in [a.get("text") for a in anna.sent_here()]
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not failures, [r.getMessage() for r in failures]
