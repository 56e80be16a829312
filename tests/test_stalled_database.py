"""A database that accepts connections and never answers (issue 11, finding 6): /healthz still answers
within a second or two, and a turn tells the user, in their language, that nothing was saved — within
the turn's budget, with what they typed still in the card. Also a locked SQLite file."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from tests.fake_connector import FakeConnector
from tests.stalled_database import StallingProxy
from tests.support import ANSWERS, BROWSER, PUBLIC_BASE_URL, HttpChat, StartApp, action, app_client, card_text, share_draft

PASSWORD = "s3cret-database-password"


@pytest.fixture
async def proxy(pg_url: str) -> AsyncIterator[StallingProxy]:
    stalling = await StallingProxy(pg_url).start()
    yield stalling
    await stalling.close()


async def _close(client: TestClient, proxy: StallingProxy) -> None:
    proxy.resume()  # so that the engine's connections can be closed
    await client.close()


async def test_healthz_answers_503_within_two_seconds_when_the_database_stalls(proxy: StallingProxy) -> None:
    client = await app_client(Settings(database_url=proxy.url(), reminder_poll_seconds=0))
    try:
        assert (await client.get("/healthz")).status == 200
        proxy.stall()
        for _ in range(2):  # a pooled connection first, then a new one: neither may hang
            response = await asyncio.wait_for(client.get("/healthz"), 2)
            assert response.status == 503
            assert (await response.json())["database"] == "unavailable"
        proxy.resume()
        assert (await asyncio.wait_for(client.get("/healthz"), 2)).status == 200
    finally:
        await _close(client, proxy)


async def _submit_start_step(anna: HttpChat) -> int:
    """Fill in and save the first step's card; the bot must answer within 5 seconds."""
    submit = action(anna.cards_here()[-1], "submit")["data"]
    return await asyncio.wait_for(anna.post(value={**ANSWERS["start"], **submit}, replyToId=anna.sent_here()[-1]["id"]), 5)


@pytest.mark.parametrize(
    "budget",
    [
        {"turn_seconds": 1.0},  # the turn's budget runs out first
        {"turn_seconds": 30.0, "database_timeout_seconds": 0.5},  # the database's own timeouts come first
    ],
    ids=["turn budget", "database timeouts"],
)
async def test_a_turn_on_a_stalled_database_tells_the_user_in_time_and_keeps_the_card(
    proxy: StallingProxy,
    connector: FakeConnector,
    messages,
    log_lines: io.StringIO,
    budget: dict[str, float],
    bot_host: str,
) -> None:
    settings = Settings(database_url=proxy.url(PASSWORD), reminder_poll_seconds=0, bot_host=bot_host, **budget)
    client = await app_client(settings)
    try:
        anna = HttpChat(client, connector)
        await anna.join()
        await anna.press({"action": "new"})
        before, updated = len(anna.sent_here()), len(connector.updated)
        proxy.stall()
        status = await _submit_start_step(anna)  # answered within 5 s, not after a minute
        assert status in (200, 201)
        assert [a.get("text") for a in anna.sent_here()[before:]] == [messages("database_unavailable", "sv")]
        assert len(connector.updated) == updated  # the card was not replaced: what was typed is still in it

        proxy.resume()  # pressing again once the database answers saves the step
        await _submit_start_step(anna)
        assert "Steg 2" in card_text(anna.cards_here()[-1])
    finally:
        await _close(client, proxy)
    written = log_lines.getvalue()
    assert "Traceback" not in written and PASSWORD not in written


async def test_a_locked_sqlite_file_gets_the_same_answer(
    tmp_path: Path, connector: FakeConnector, messages, start_app: StartApp
) -> None:
    path = tmp_path / "locked.db"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{path}", reminder_poll_seconds=0, database_timeout_seconds=0.5)
    client = await start_app(settings)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        anna = HttpChat(client, connector)
        await anna.join()
        await anna.press({"action": "new"})
        before = len(anna.sent_here())
        other.execute("BEGIN IMMEDIATE")  # another writer holds the file's write lock
        status = await _submit_start_step(anna)
        assert status in (200, 201)
        assert [a.get("text") for a in anna.sent_here()[before:]] == [messages("database_unavailable", "sv")]
    finally:
        other.close()


async def test_a_shared_page_on_a_stalled_database_says_to_try_again(proxy: StallingProxy, connector: FakeConnector) -> None:
    """Not a 500: a plain page (503, Retry-After) saying to reload in a while; served again once the database answers."""
    settings = Settings(
        database_url=proxy.url(), reminder_poll_seconds=0, database_timeout_seconds=0.5, public_base_url=PUBLIC_BASE_URL
    )
    client = await app_client(settings)
    try:
        path, _ = await share_draft(HttpChat(client, connector))
        proxy.stall()
        response = await asyncio.wait_for(client.get(path, headers=BROWSER), 5)
        assert (response.status, response.headers["Retry-After"]) == (503, "10")
        assert "Försök igen om en stund" in await response.text()
        proxy.resume()
        statuses = []
        for _ in range(10):  # a reload or two, as a reader would: a connection the stall broke may go first
            statuses.append((await asyncio.wait_for(client.get(path, headers=BROWSER), 5)).status)
            if statuses[-1] == 200:
                break
            await asyncio.sleep(0.5)
        assert statuses[-1] == 200 and set(statuses) <= {200, 503}, statuses
    finally:
        await _close(client, proxy)
