"""No secret in any log line (issue 11, finding 5): share-link tokens, bearer tokens and passwords stay out
of what the application logs, at DEBUG, through the real app."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.logs import CONTENT_LOGGERS, configure_logging, without_secrets
from bot.settings import Settings
from tests.fake_connector import FakeConnector
from tests.support import HttpChat, app_client, share_draft, teams_activity

FAKE_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"
OPAQUE_BEARER = "opaque-bearer-s3cr3t-value"


async def test_share_links_and_turns_leave_no_token_in_the_log(
    tmp_path: Path, connector: FakeConnector, log_lines: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'logs.db'}",
        reminder_poll_seconds=0,
        public_base_url="https://dialogstod.example.se",
    )
    client = await app_client(settings)
    try:
        anna = HttpChat(client, connector)
        path, _ = await share_draft(anna)
        assert (await client.get(path)).status == 200
        commented = await client.post(f"{path}/comments", data={"comment": "Bra!"}, allow_redirects=False)
        assert commented.status == 303
        assert (await client.get(f"{path}/proposal.docx")).status == 404  # no proposal yet
        assert (await client.get(f"{path}x")).status == 404
        await anna.say("mina utkast")
    finally:
        await client.close()

    token = path.removeprefix("/d/")
    written = log_lines.getvalue()
    assert "/d/…" in written  # the share pages were logged, without their token
    assert token not in written
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any('"GET /d/… HTTP/1.1" 200' in line for line in access), access
    assert not [line for line in access if token in line]  # not even in the record itself


async def test_a_bearer_token_is_not_logged(
    tmp_path: Path, connector: FakeConnector, log_lines: io.StringIO, bot_host: str
) -> None:
    """Neither the caller's token nor the app's secret, on either host (the Agents SDK logs its connections)."""
    settings = Settings(
        bot_host=bot_host,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}",
        app_id="00000000-0000-0000-0000-000000000001",
        app_password="not-a-real-secret",
        reminder_poll_seconds=0,
    )
    client = await app_client(settings)
    try:
        body = teams_activity(connector.url, text="hej")
        response = await client.post("/api/messages", json=body, headers={"Authorization": f"Bearer {OPAQUE_BEARER}"})
        assert response.status == 401
    finally:
        await client.close()
    written = log_lines.getvalue()
    assert "POST /api/messages" in written
    assert OPAQUE_BEARER not in written and "not-a-real-secret" not in written


@pytest.mark.parametrize(
    "line,secret",
    [
        ('"GET /d/AbC-12_x HTTP/1.1" 200', "AbC-12_x"),
        ("see https://dialogstod.example.se/d/AbC-12_x/comments", "AbC-12_x"),
        ('"POST /connector/Yzx2LzFGq_9/v3/conversations/c/activities HTTP/1.1" 200', "Yzx2LzFGq_9"),
        ("'Authorization': 'Bearer abc.def-ghi'", "abc.def-ghi"),
        (f"token {FAKE_JWT} refused", FAKE_JWT),
        ("postgresql+asyncpg://dialogstod:p%40ss:w0rd@db:5432/x", "p%40ss:w0rd"),
    ],
)
def test_what_looks_like_a_secret_is_left_out(line: str, secret: str) -> None:
    assert secret not in without_secrets(line)


def test_debug_logging_leaves_out_what_users_typed() -> None:
    """LOG_LEVEL=DEBUG: the bot's own debug lines, but not aiosqlite's statement parameters nor msrest's bodies."""
    root = logging.getLogger()
    saved = (root.level, root.handlers[:], {name: logging.getLogger(name).level for name in CONTENT_LOGGERS})
    try:
        configure_logging("DEBUG")
        assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
        assert not any(logging.getLogger(name).isEnabledFor(logging.DEBUG) for name in CONTENT_LOGGERS)
        assert not logging.getLogger("aiosqlite.core").isEnabledFor(logging.DEBUG)
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)
