"""End to end in a real browser: Microsoft's Web Chat at /chat, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.directline import WEBCHAT_JS
from bot.settings import Settings
from dialogs.routine import Routine
from dialogs.validation import validate
from tests.support import ANSWERS, INTERNAL_STEPS, TODAY, StartApp

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT = 15_000


def _missing() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    if not WEBCHAT_JS.exists():
        return f"{WEBCHAT_JS} is missing (run `npm ci`; make test does)"
    return None


def skip_unless_ready(reason: str | None, what: str) -> None:
    """Skip a browser test where Chromium or node_modules are missing; under CI=true, fail instead."""
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: {what} must run)")
        pytest.skip(reason)


@asynccontextmanager
async def chromium(request: pytest.FixtureRequest, **options: Any) -> AsyncIterator[Any]:
    """A Playwright browser context in Debian's Chromium; when the test fails, every page it showed is kept in
    test-artifacts/ as a screenshot and its HTML."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = await browser.new_context(**{"viewport": {"width": 1100, "height": 900}, **options})
        context.set_default_timeout(TIMEOUT)
        failed_before = request.session.testsfailed
        try:
            yield context
        finally:
            if request.session.testsfailed > failed_before:
                ARTIFACTS.mkdir(exist_ok=True)
                for n, shown in enumerate(context.pages):
                    name = f"{request.node.name}-{n}"
                    await shown.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                    (ARTIFACTS / f"{name}.html").write_text(await shown.content())
            await browser.close()


@pytest.fixture
async def base_url(tmp_path: Path, start_app: StartApp) -> str:
    skip_unless_ready(_missing(), "the browser tests")
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'browser.db'}", reminder_poll_seconds=0)
    client = await start_app(settings)
    return str(client.make_url("/")).rstrip("/")


@pytest.fixture
async def page(base_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    async with chromium(request) as context:
        yield await context.new_page()


def last_card(page: Any) -> Any:
    return page.locator(".ac-adaptiveCard").last


async def wait_for_card(page: Any, text: str) -> Any:
    card = last_card(page)
    await card.get_by_text(text, exact=False).first.wait_for()
    return card


async def open_chat(page: Any, base_url: str, user: str = "anna", lang: str = "sv") -> None:
    await page.goto(f"{base_url}/chat?user={user}&name=Anna%20Andersson&lang={lang}")
    await wait_for_card(page, "Välkommen till Dialogstöd" if lang == "sv" else "Welcome to Dialogstöd")


async def fill(card: Any, routine: Routine, step_id: str, answers: dict[str, Any], values: dict[str, str]) -> None:
    """Type and click into a step card the way a person would, field by field."""
    step = routine.step(step_id)
    assert step is not None
    for field in routine.fields_of(step, answers):
        value = values.get(field.id, "")
        box = card.locator(f'[id="{field.id}"]')
        if field.kind in ("choice", "yesno", "multichoice"):
            for chosen in filter(None, value.split(",")):
                await box.get_by_label(field.option(chosen).label.sv, exact=True).check()
        else:
            await box.locator("input, textarea").fill(value)


async def submit(page: Any, card: Any, next_text: str) -> Any:
    await card.get_by_role("button", name="Spara och fortsätt").click()
    return await wait_for_card(page, next_text)


async def walk(page: Any, routine: Routine, steps: list[str]) -> Any:
    """Fill and submit `steps`; the answers are also kept to know which fields a step has."""
    answers: dict[str, Any] = {}
    card = last_card(page)
    for step_id in steps:
        await fill(card, routine, step_id, answers, ANSWERS[step_id])
        step = routine.step(step_id)
        clean, _ = validate(routine.fields_of(step, answers), ANSWERS[step_id], answers, str, TODAY)
        answers.update(clean)
        following = INTERNAL_STEPS[INTERNAL_STEPS.index(step_id) + 1] if step_id != INTERNAL_STEPS[-1] else None
        card = await submit(page, card, routine.step(following).title.sv if following else "Granska utkastet")
    return card


async def test_the_whole_wizard_in_web_chat_with_a_validation_error(page, base_url: str, routine: Routine) -> None:
    await open_chat(page, base_url)
    await last_card(page).get_by_role("button", name="Nytt utkast").click()
    card = await wait_for_card(page, "Steg 1 av 12")

    # Save without a title: the error shows beside the title field, and what was typed stays.
    values = {**ANSWERS["start"], "title": ""}
    await fill(card, routine, "start", {}, values)
    await card.get_by_role("button", name="Spara och fortsätt").click()
    card = await wait_for_card(page, "Kontrollera de markerade fälten.")
    await card.get_by_text("Fyll i det här fältet.").wait_for()
    # Measured in one go in the page, so that Web Chat scrolling in between cannot skew the positions.
    title_y, error_y, question_y = await card.evaluate(
        """card => {
            const top = el => el.getBoundingClientRect().top;
            const error = [...card.querySelectorAll(".ac-textBlock")].find(e => e.textContent.includes("Fyll i det här fältet."));
            return [top(card.querySelector('[id="title"]')), top(error), top(card.querySelector('[id="question"]'))];
        }"""
    )
    assert title_y < error_y < question_y
    assert await card.locator('[id="unit"] input').input_value() == ANSWERS["start"]["unit"]

    review = await walk(page, routine, INTERNAL_STEPS)
    answer = review.get_by_text(ANSWERS["method"]["method_description"])
    assert not await answer.is_visible()  # each section collapsed until asked for
    await review.get_by_role("button", name="Visa svaren i Metod").click()
    await answer.wait_for()
    await review.get_by_role("button", name="Skapa förslag").first.click()  # at the top as well as the bottom
    proposal = await wait_for_card(page, "Förslag till tjänsteutlåtande")
    await proposal.get_by_text("Förvaltningens förslag till beslut").wait_for()
    await proposal.get_by_text("Sammanfattning").wait_for()


async def test_resume_a_draft_after_reloading_the_page(page, base_url: str, routine: Routine) -> None:
    await open_chat(page, base_url)
    await last_card(page).get_by_role("button", name="Nytt utkast").click()
    await wait_for_card(page, "Steg 1 av 12")
    await walk(page, routine, INTERNAL_STEPS[:3])

    await page.reload()
    await wait_for_card(page, "Välkommen till Dialogstöd")
    await last_card(page).get_by_role("button", name="Mina utkast").click()
    listing = await wait_for_card(page, "Pågår – steg 4 av 12")
    await listing.get_by_role("button", name="Fortsätt").click()
    card = await wait_for_card(page, "Syfte och mål")
    await card.get_by_text("Steg 4 av 12").wait_for()


async def test_english_and_typed_questions(page, base_url: str) -> None:
    await open_chat(page, base_url, user="bertil", lang="en")
    box = page.get_by_role("textbox").last
    await box.fill("what is my responsibility as enhetschef")
    await box.press("Enter")
    card = await wait_for_card(page, "Unit manager (enhetschef) has the responsibility to:")
    await card.get_by_text("carry out the decided citizen dialogue").wait_for()


async def test_without_parameters_each_browser_is_its_own_person_kept_across_reloads(page, base_url: str) -> None:
    """Never a shared fixed user ("anna") whose chat would capture notices meant for another official's."""
    await page.goto(f"{base_url}/chat")
    await wait_for_card(page, "Välkommen till Dialogstöd")
    first = await page.locator("#user").input_value()
    assert first.startswith("lokal-") and first != "anna"
    await page.reload()
    await wait_for_card(page, "Välkommen till Dialogstöd")
    assert await page.locator("#user").input_value() == first  # the same person after a reload: drafts resume

    other = await (await page.context.browser.new_context()).new_page()
    await other.goto(f"{base_url}/chat?lang=en")
    await wait_for_card(other, "Welcome to Dialogstöd")
    second = await other.locator("#user").input_value()
    assert second.startswith("lokal-") and second != first
    assert await other.evaluate("document.documentElement.lang") == "en"


async def test_the_breadth_options_are_whole_at_phone_width(page, base_url: str, routine: Routine) -> None:
    """Long options wrap instead of ending in "…", also 360 px wide."""
    await page.set_viewport_size({"width": 360, "height": 800})
    await open_chat(page, base_url, user="carin")
    await last_card(page).get_by_role("button", name="Nytt utkast").click()
    await wait_for_card(page, "Steg 1 av 12")
    card = await walk(page, routine, INTERNAL_STEPS[:4])
    breadth = routine.field("breadth")
    assert breadth is not None
    for option in breadth.options:
        label = card.get_by_text(option.label.sv, exact=True)
        await label.wait_for()
        # Cut: kept on one line, or wider or taller than the box that shows it.
        cut = await label.evaluate(
            "e => getComputedStyle(e).whiteSpace === 'nowrap'"
            " || e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1"
        )
        assert not cut, option.label.sv
