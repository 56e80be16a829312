"""End to end in Microsoft's Agents Playground: the Teams-like client from npm, driven by Playwright in Chromium.

The Playground posts `msteams` activities to the bot's /api/messages and runs a mocked Bot Connector, so the bot's
replies and its proactive reminders go back to the Playground's own connector, as they would go to Teams.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.settings import Settings
from dialogs.language import Lang
from dialogs.messages import Messages
from dialogs.routine import Routine
from dialogs.validation import validate
from storage.db import make_engine
from storage.models import ReminderRow
from tests.support import ANSWERS, INTERNAL_STEPS, TODAY, SettableClock, StartApp
from tests.test_browser import CHROMIUM, chromium, last_card, skip_unless_ready, wait_for_card

ROOT = Path(__file__).resolve().parent.parent
PLAYGROUND = ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
EN: Lang = "en"  # the Playground's locale, fixed in it


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    if not PLAYGROUND.exists():
        return f"{PLAYGROUND} is missing (run `npm ci`; make test does)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _listening(port: int, log: Path) -> None:
    for _ in range(300):
        if f"Listening on {port}" in await asyncio.to_thread(log.read_text):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the Playground did not start: {await asyncio.to_thread(log.read_text)}")


@dataclass
class Playground:
    url: str  # the Playground's UI
    database: Path
    clock: SettableClock  # moved forward by the test to make a reminder due


@pytest.fixture
async def playground(tmp_path: Path, bot_host: str, start_app: StartApp) -> AsyncIterator[Playground]:
    """The real app on loopback with a settable clock, on either host, and the Playground pointed at it."""
    skip_unless_ready(_missing(), "the Playground test")
    clock = SettableClock(datetime.now().astimezone())
    database = tmp_path / "playground.db"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{database}", reminder_poll_seconds=0.2, bot_host=bot_host)
    client = await start_app(settings, clock=clock)
    port = _free_port()
    endpoint = str(client.make_url("/api/messages"))
    log = tmp_path / "playground.log"
    with log.open("w") as output:  # the Playground writes its own log under its working directory: tmp_path
        process = await asyncio.create_subprocess_exec(
            "node",
            str(PLAYGROUND),
            "-e",
            endpoint,
            "-c",
            "msteams",
            "-p",
            str(port),
            "--disable-telemetry",
            cwd=tmp_path,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        await _listening(port, log)
        yield Playground(url=f"http://127.0.0.1:{port}/", database=database, clock=clock)
    finally:
        process.terminate()
        await process.wait()


@pytest.fixture
async def page(playground: Playground, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    async with chromium(request, viewport={"width": 1200, "height": 900}) as context:
        yield await context.new_page()


async def fill_by_label(card: Any, routine: Routine, step_id: str, answers: dict[str, Any], values: dict[str, str]) -> None:
    """Fill a step card as the Playground renders it (Fluent UI, its own element ids): by labels, as a person reads it."""
    step = routine.step(step_id)
    assert step is not None
    for field in routine.fields_of(step, answers):
        label = field.label(EN)
        value = values.get(field.id, "")
        if field.kind in ("choice", "yesno", "multichoice"):
            group = card.get_by_role("radiogroup", name=label)
            for chosen in filter(None, value.split(",")):
                option = field.option(chosen).label(EN)
                if field.kind == "multichoice":  # each checkbox carries its option as aria-label
                    await card.locator(f'input[type="checkbox"][aria-label="{option}"]').check()
                else:
                    await group.get_by_label(option, exact=True).check()
        else:
            await card.get_by_label(label).fill(value)


async def walk_by_label(page: Any, routine: Routine, messages: Messages) -> Any:
    answers: dict[str, Any] = {}
    card = last_card(page)
    for step_id, following in zip(INTERNAL_STEPS, [*INTERNAL_STEPS[1:], None], strict=True):
        await fill_by_label(card, routine, step_id, answers, ANSWERS[step_id])
        step = routine.step(step_id)
        assert step is not None
        answers.update(validate(routine.fields_of(step, answers), ANSWERS[step_id], answers, str, TODAY)[0])
        await card.get_by_role("button", name=messages("btn_next", EN)).click()
        next_step = routine.step(following) if following else None
        card = await wait_for_card(page, next_step.title(EN) if next_step else messages("review_title", EN))
    return card


async def _first_reminder_due(database: Path) -> datetime:
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with engine.connect() as connection:
            due: datetime | None = (await connection.execute(select(func.min(ReminderRow.due_at)))).scalar_one()
    finally:
        await engine.dispose()
    assert due is not None, "the proposal planned no reminder"
    return due


async def test_the_wizard_and_a_reminder_in_the_agents_playground(
    page: Any, playground: Playground, routine: Routine, messages: Messages
) -> None:
    """The Playground speaks en-US (fixed in it), so the bot answers in English after its Swedish welcome."""
    await page.goto(playground.url)
    welcome = await wait_for_card(page, messages("welcome_title", "sv"))  # sent when the Playground adds the bot
    await welcome.get_by_role("button", name=messages("btn_new", "sv")).click()
    card = await wait_for_card(page, messages("progress", EN, n=1, total=len(INTERNAL_STEPS)))

    # A validation error, answered on the same card, with what was typed kept.
    await fill_by_label(card, routine, "start", {}, {**ANSWERS["start"], "title": ""})
    await card.get_by_role("button", name=messages("btn_next", EN)).click()
    card = await wait_for_card(page, messages("check_fields", EN))
    unit = routine.field("unit")
    assert unit is not None
    assert await card.get_by_label(unit.label(EN)).input_value() == ANSWERS["start"]["unit"]

    review = await walk_by_label(page, routine, messages)
    await review.get_by_role("button", name=messages("btn_create_proposal", EN)).first.click()
    proposal = await wait_for_card(page, messages("proposal_title", EN))
    await proposal.get_by_text(ANSWERS["start"]["title"]).first.wait_for()

    # A proactive reminder: the bot's clock moves to the first reminder's time, and the reminder comes back through
    # the Playground's mocked connector, as it would through Teams'.
    playground.clock.now = await _first_reminder_due(playground.database) + timedelta(minutes=1)
    reminder = await wait_for_card(page, messages("reminder_title", EN))
    await reminder.get_by_text(ANSWERS["start"]["title"]).first.wait_for()
