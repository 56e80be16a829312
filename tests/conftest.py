"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable; required with CI=true), units of work,
the bot behind botbuilder's TestAdapter, and the real app over HTTP."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
from aiohttp.test_utils import TestClient
from botframework.connector.auth import MicrosoftAppCredentials
from microsoft_agents.authentication.msal import MsalAuth
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.logs import log_handler
from bot.settings import HOSTS, Settings
from dialogs.messages import Messages, load_messages
from dialogs.ports import Clock, UnitOfWorkFactory
from dialogs.routine import Routine, load_routine
from storage.db import make_engine, migrate
from storage.unit_of_work import unit_of_work_factory
from tests.fake_connector import FakeConnector
from tests.memory import MemoryDatabase
from tests.support import PUBLIC_BASE_URL, Chat, SettableClock, StartApp, app_client, make_bot

PG_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def routine() -> Routine:
    return load_routine()


@pytest.fixture(scope="session")
def messages() -> Messages:
    return load_messages()


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'dialogstod.db'}"


def _admin(sql: str) -> None:
    """Run one statement on the PostgreSQL admin database, in its own thread and event loop."""

    async def run() -> None:
        conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    try:
        _admin("SELECT 1")
    except (OSError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL not reachable at {PG_ADMIN_DSN}: {exc}"
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)
    name = f"dialogstod_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def start_app() -> AsyncIterator[StartApp]:
    """Start the real app from settings (tests/support.app_client); every one started is closed after the test."""
    started: list[TestClient] = []

    async def start(settings: Settings, clock: Clock | None = None) -> TestClient:
        client = await app_client(settings, clock)
        started.append(client)
        return client

    yield start
    for client in started:
        await client.close()


@pytest.fixture(params=HOSTS)
def bot_host(request: pytest.FixtureRequest) -> str:
    """The SDK that serves the app (BOT_HOST): the tests of the HTTP contract, the wizard over HTTP, Teams'
    invokes, proactive reminders and authentication run on each."""
    return str(request.param)


OUTGOING_TOKEN = "outgoing-token"


@pytest.fixture
def outgoing_token(monkeypatch: pytest.MonkeyPatch) -> str:
    """With an app id, replies and proactive messages need an Entra token for the bot; there is no network here, so
    the bot gets a fixed one (botbuilder's credentials, and the Agents SDK's MSAL provider)."""
    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", lambda self, force_refresh=False: OUTGOING_TOKEN)

    async def msal_token(self: MsalAuth, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return OUTGOING_TOKEN

    monkeypatch.setattr(MsalAuth, "get_access_token", msal_token)
    return OUTGOING_TOKEN


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("pg_url")


async def _migrated(url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(url)
    await migrate(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """SQLite and PostgreSQL in turn."""
    async for e in _migrated(db_url):
        yield e


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    async for e in _migrated(sqlite_url(tmp_path)):
        yield e


@pytest.fixture
async def pg_engine(pg_url: str) -> AsyncIterator[AsyncEngine]:
    async for e in _migrated(pg_url):
        yield e


@pytest.fixture(params=["sqlite", "postgres", "memory"])
def uow(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """Units of work on SQLite, PostgreSQL and the in-memory repositories in turn."""
    if request.param == "memory":
        return MemoryDatabase().unit_of_work
    engine: AsyncEngine = request.getfixturevalue(f"{'pg' if request.param == 'postgres' else 'sqlite'}_engine")
    return unit_of_work_factory(engine)


@pytest.fixture
def chat(sqlite_engine: AsyncEngine, routine: Routine, messages: Messages) -> Chat:
    """Anna in a conversation with the bot on SQLite, behind botbuilder's TestAdapter."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    return Chat(adapter)


@pytest.fixture
def clock() -> SettableClock:
    """The `client` app's clock: 23 November 2026, 10:00 UTC, until a test moves it."""
    return SettableClock()


@pytest.fixture
async def client(tmp_path: Path, clock: SettableClock, start_app: StartApp) -> TestClient:
    """The real app on SQLite with its public address, on `clock`'s time; a module that needs other settings
    defines a `client` of its own."""
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}", reminder_poll_seconds=0, public_base_url=PUBLIC_BASE_URL
    )
    return await start_app(settings, clock=clock)


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, as the application writes it (through bot.logs.log_handler)."""
    stream = io.StringIO()
    handler = log_handler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    with caplog.at_level(logging.DEBUG):
        yield stream
    root.removeHandler(handler)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """A fake Bot Connector on loopback: what the bot sends lands in it."""
    fake = await FakeConnector().start()
    yield fake
    await fake.close()
