"""Accessibility as the law on digital public services asks (EN 301 549, WCAG 2.1 AA), checked in Debian's
Chromium through Playwright: every page the app serves passes axe-core with no violation; the share page's
comment form works with the keyboard alone; the pages reflow at 320 px and at 200 % zoom without a
horizontal scroll. Then the cards, the whole catalogue (tests/card_checks.accessibility_problems), and the
Word and PDF documents, reopened (python-docx, pypdf)."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from bot.settings import Settings
from cards.docx import LANGUAGE_TAGS, render_docx, render_letter_docx
from cards.pdf import render_pdf
from dialogs.documents.letters import Letter
from tests.card_catalog import all_cards
from tests.card_checks import accessibility_problems
from tests.support import ANSWERS, INTERNAL_STEPS, HttpChat, SettableClock, StartApp, action, actions_of, inputs_of, share_draft
from tests.test_browser import (
    _missing,
    chromium,
    fill,
    last_card,
    open_chat,
    skip_unless_ready,
    wait_for_card,
    walk,
)
from tests.test_proposal import proposal_of

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.0 and 2.1, levels A and AA (axe-core's tags), and axe's best practices on top.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# 320 CSS pixels is WCAG 1.4.10's reflow width (1280 px at 400 %); 640 is a 1280 px screen at 200 % zoom.
NARROW, ZOOMED = 320, 640
# Web Chat keeps a copy of each card for screen readers in an aria-live region (AttachmentForScreenReader), whose
# text, date and number inputs it names only by their placeholder, ignoring the card's `label`: axe's `label` rule
# fails there for any input without a placeholder. The cards' own inputs (what a user reaches, in Web Chat and in
# Teams) are labelled and checked; only that copy's nodes are left out, and only for that rule.
WEBCHAT_UNLABELLED_COPY = ("label", ".webchat__live-region-activity")
LONG_WORD = "https://start.stockholm/aktuellt/nyheter/2026/11/medborgardialog-om-aktiviteterna-pa-racksta"


@pytest.fixture
async def client(tmp_path: Path, start_app: StartApp) -> TestClient:
    reason = _missing() or (None if AXE.exists() else f"{AXE} is missing (run `npm ci`; make test does)")
    skip_unless_ready(reason, "the accessibility tests")
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'a11y.db'}",
        reminder_poll_seconds=0,
        public_base_url="https://dialogstod.example.se",
    )
    return await start_app(settings, clock=SettableClock())


@pytest.fixture
async def browser(client: TestClient, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """A Swedish browser (Accept-Language sv-SE), as a colleague opening the link: a context to open pages in.
    The pages' Content-Security-Policy allows no script: bypassed so that axe-core can be injected."""
    async with chromium(request, locale="sv-SE", bypass_csp=True) as context:
        yield context


def url(client: TestClient, path: str) -> str:
    return str(client.make_url(path))


async def violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA (and best-practice) violations on the page as it stands: rule, impact, where;
    less the one known defect of Web Chat 4.18.1 (WEBCHAT_UNLABELLED_COPY)."""
    await page.add_script_tag(path=str(AXE))
    found = await page.evaluate(
        """async ([tags, [rule, copy]]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"], elementRef: true};
            const result = await axe.run(document, options);
            const known = (v, n) => v.id === rule && n.element && n.element.closest(copy);
            return result.violations
                .map(v => ({v, targets: v.nodes.filter(n => !known(v, n)).map(n => n.target)}))
                .filter(({targets}) => targets.length)
                .map(({v, targets}) => `${v.id} (${v.impact}): ${JSON.stringify(targets.slice(0, 5))} ${v.help}`);
        }""",
        [WCAG_TAGS, list(WEBCHAT_UNLABELLED_COPY)],
    )
    return list(found)


async def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return int(await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


async def shared_page_path(client: TestClient, connector: Any, proposal: bool = False) -> str:
    """Anna completes a draft and shares it with Bertil to comment on (then creates its proposal, which the
    page shows instead of the draft)."""
    anna = HttpChat(client, connector)
    await anna.join()
    review = await anna.walk_wizard()
    path, _ = await share_draft(anna, share_card=await anna.press(action(review, "share")["data"]))
    if proposal:
        await anna.press(action(review, "create_proposal")["data"], card=review)
    return path


async def test_the_share_page_its_comments_and_its_errors_have_no_wcag_violations(browser, client, connector) -> None:
    page = await browser.new_page()
    await page.goto(url(client, await shared_page_path(client, connector)))
    assert await page.get_attribute("html", "lang") == "sv"
    assert await violations(page) == []

    # A comment of only spaces is refused: the error is announced and tied to the field, and passes too.
    await page.get_by_label("Din kommentar").fill("   ")
    await page.get_by_role("button", name="Skicka kommentar").click()
    error = page.get_by_role("alert")
    await error.wait_for()
    box = page.get_by_label("Din kommentar")
    assert await box.get_attribute("aria-invalid") == "true"
    described = await box.get_attribute("aria-describedby")
    assert described and await page.locator(f"#{described}").inner_text() == await error.inner_text()
    assert await violations(page) == []

    await box.fill("Bra! Lägg till affischer.")
    await page.get_by_role("button", name="Skicka kommentar").click()
    await page.get_by_text("Bra! Lägg till affischer.").first.wait_for()
    assert await violations(page) == []


async def test_the_proposal_page_and_the_link_gone_page_have_no_wcag_violations(browser, client, connector) -> None:
    page = await browser.new_page()
    await page.goto(url(client, await shared_page_path(client, connector, proposal=True)))
    await page.get_by_role("heading", name="Förvaltningens förslag till beslut").wait_for()
    assert await page.get_attribute("html", "lang") == "sv"
    assert await violations(page) == []

    await page.goto(url(client, "/d/no-such-link"))
    await page.get_by_role("heading", level=1).wait_for()
    assert await page.get_attribute("html", "lang") == "sv"
    assert await violations(page) == []


async def test_the_local_chat_page_and_its_cards_have_no_wcag_violations(browser, client) -> None:
    page = await browser.new_page()
    await open_chat(page, url(client, "").rstrip("/"))
    assert await page.get_attribute("html", "lang") == "sv"
    # Web Chat renders the card's title as a heading (style: heading), read out as one.
    await page.get_by_role("heading", name="Välkommen till Dialogstöd").wait_for()
    assert await violations(page) == []

    # A step saved empty: its inputs, their labels and the errors beside them, as Web Chat shows them.
    await last_card(page).get_by_role("button", name="Nytt utkast").click()
    card = await wait_for_card(page, "Steg 1 av")
    await card.get_by_role("button", name="Spara och fortsätt").click()
    card = await wait_for_card(page, "Kontrollera de markerade fälten.")
    await card.get_by_role("textbox", name="Rubrik för dialogen").wait_for()
    assert await violations(page) == []

    english = await browser.new_page()
    await open_chat(english, url(client, "").rstrip("/"), user="bertil", lang="en")
    assert await english.get_attribute("html", "lang") == "en"


async def test_a_number_the_card_refuses_says_why_beside_its_field(browser, client, routine, messages) -> None:
    """A number out of range is refused by the bot (not silently by the browser); the card that comes back shows the
    error right after the field, in reading order (and carries it as the field's errorMessage: card_checks)."""
    page = await browser.new_page()
    await open_chat(page, url(client, "").rstrip("/"))
    await last_card(page).get_by_role("button", name="Nytt utkast").click()
    await wait_for_card(page, "Steg 1 av")
    card = await walk(page, routine, INTERNAL_STEPS[: INTERNAL_STEPS.index("resources")])
    await fill(card, routine, "resources", {}, {**ANSWERS["resources"], "cost_sek": "-5"})
    await card.get_by_role("button", name="Spara och fortsätt").click()
    message = messages("err_too_small", "sv", min=0)
    card = await wait_for_card(page, message)
    cost = card.get_by_role("textbox", name="Kostnad (kronor)")
    follows = await cost.evaluate(
        """(box, message) => {
            const error = [...document.querySelectorAll(".ac-textBlock")].filter(e => e.textContent.includes(message)).pop();
            return !!(box.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""",
        message,
    )
    assert follows
    assert await cost.input_value() == "-5"  # what was typed stays
    assert await violations(page) == []


async def test_the_comment_form_works_with_the_keyboard_alone(browser, client, connector) -> None:
    page = await browser.new_page()
    await page.goto(url(client, await shared_page_path(client, connector)))
    focused: list[str] = []
    for _ in range(40):  # Tab from the top of the page until the comment box has the focus
        await page.keyboard.press("Tab")
        focused.append(await page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if focused[-1] == "comment":
            break
    assert focused[-1] == "comment", focused
    # The focus is visible where it is (WCAG 2.4.7): an outline is drawn around the box.
    outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    await page.keyboard.type("Skickad med tangentbordet.")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Skicka kommentar"
    await page.keyboard.press("Enter")
    await page.locator(".comment", has_text="Skickad med tangentbordet.").wait_for()


@pytest.mark.parametrize("width", [NARROW, ZOOMED])
async def test_the_pages_reflow_without_a_horizontal_scroll(browser, client, connector, width: int) -> None:
    draft, proposal = await shared_page_path(client, connector), await shared_page_path(client, connector, proposal=True)
    # A comment with an address in it: one long word that has to wrap somewhere.
    typed = {"comment": f"Se {LONG_WORD} och Hässelby-Vällingby-stadsdelsförvaltningens-medborgardialogsrutin."}
    assert (await client.post(f"{draft}/comments", data=typed, allow_redirects=False)).status == 303
    page = await browser.new_page()
    await page.set_viewport_size({"width": width, "height": 800})
    for path in (draft, proposal, "/d/no-such-link"):
        await page.goto(url(client, path))
        assert await horizontal_overflow(page) == 0, path
    await open_chat(page, url(client, "").rstrip("/"))
    assert await horizontal_overflow(page) == 0


# --- cards ---------------------------------------------------------------------------------------


def test_every_card_names_its_buttons_labels_its_inputs_and_marks_its_headings(routine, messages) -> None:
    cards = all_cards(routine, messages)
    assert {name: p for name, card in cards if (p := accessibility_problems(card))} == {}
    # Every card with a title reads it out as a heading; the errors after a refused step are the fields' own.
    [errors] = [card for name, card in cards if name == "step-resources-errors-sv"]
    assert errors["body"][0]["style"] == "heading"
    cost = inputs_of(errors)["cost_sek"]
    assert cost["label"].startswith("Kostnad") and cost["errorMessage"] == "Fyll i det här fältet."
    [drafts] = [card for name, card in cards if name == "drafts-sv"]
    titles = [a["title"] for a in actions_of(drafts)]
    assert "Ta bort: Parkleken" in titles and "Fortsätt: Aktiviteter på Råcksta aktivitetscenter" in titles


def test_a_card_that_a_screen_reader_cannot_follow_fails_the_check() -> None:
    broken = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": "Mina utkast", "weight": "Bolder"},
            {"type": "Image", "url": "https://example.se/logo.png"},
            {"type": "Input.Text", "id": "title", "placeholder": "Titel"},
            {"type": "TextBlock", "text": "Fyll i det här fältet.", "color": "Attention"},
            {"type": "TextBlock", "text": " ", "color": "Good"},
            {"type": "ActionSet", "actions": [{"type": "Action.Submit", "title": "Ta bort", "data": {"draft": "a"}}]},
            {"type": "ActionSet", "actions": [{"type": "Action.Submit", "title": "Ta bort", "data": {"draft": "b"}}]},
        ],
    }
    assert accessibility_problems(broken) == [
        "button 'Ta bort' acts on 2 different things",
        "bold text 'Mina utkast' is not marked as a heading (style: heading)",
        "image 'https://example.se/logo.png' has no altText",
        "input 'title' has no label",
        "a coloured text block says nothing in words",
        "the error beside 'title' is not its errorMessage: 'Fyll i det här fältet.'",
    ]


# --- documents -----------------------------------------------------------------------------------

W_LANG, W_BOLD = qn("w:lang"), qn("w:b")


def word_problems(document: Any, tag: str) -> list[str]:
    """What a screen reader user (or Word's accessibility checker) would miss in a Word document: its language,
    its title, headings in Word's heading styles and in order (no bold line passing as one), tables that say
    which cells are headers, images with alt text."""
    problems = []
    languages = {e.get(qn("w:val")) for part in (document.styles.element, document.element.body) for e in part.iter(W_LANG)}
    if languages != {tag} or document.core_properties.language != tag:
        problems.append(f"language {sorted(map(str, languages))} / {document.core_properties.language!r}, not {tag}")
    if not document.core_properties.title:
        problems.append("no title in the document's properties")
    levels = [0] + [int(p.style.name[-1]) for p in document.paragraphs if re.fullmatch(r"Heading \d", p.style.name)]
    problems += [f"heading level {b} after {a}" for a, b in itertools.pairwise(levels) if b > a + 1]
    for p in document.paragraphs:
        runs = [r for r in p.runs if r.text.strip()]
        if runs and all(r.bold for r in runs) and not re.fullmatch(r"Heading \d|Title", p.style.name):
            problems.append(f"bold text {p.text[:40]!r} is not a heading style")
    for n, table in enumerate(document.tables):
        properties = table._tbl.tblPr
        look = properties.find(qn("w:tblLook"))
        first_column = look is not None and look.get(qn("w:firstColumn")) == "1" and look.get(qn("w:firstRow")) == "0"
        captioned = properties.find(qn("w:tblCaption")) is not None
        header_row = (
            table.rows and table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        )
        if not (header_row or (first_column and captioned)):
            problems.append(f"table {n} marks no header row (w:tblHeader) nor a captioned first column of headers")
    for picture in document.element.body.iter(qn("wp:docPr")):
        if not (picture.get("descr") or "").strip():
            problems.append(f"image {picture.get('name')!r} has no alt text")
    return problems


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_word_proposal_has_headings_language_and_a_table_with_its_headers(routine, lang: str) -> None:
    document = Document(io.BytesIO(render_docx(proposal_of(routine, lang=lang))))
    assert word_problems(document, LANGUAGE_TAGS[lang]) == []
    styles = [p.style.name for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert styles[0] == "Title" and styles.count("Heading 1") >= 5 and "Heading 2" in styles
    header = document.tables[0]
    assert [row.cells[0].text for row in header.rows][:3] == (
        ["Handläggare", "Till", "Datum"] if lang == "sv" else ["Officer in charge", "To", "Date"]
    )


def test_the_word_letters_have_a_heading_and_their_language() -> None:
    letter = Letter("information", "sv", "Information om medborgardialogen", ("Första stycket.", "Andra stycket."))
    document = Document(io.BytesIO(render_letter_docx(letter)))
    assert word_problems(document, "sv-SE") == []
    first = document.paragraphs[0]
    assert (first.style.name, first.text) == ("Heading 1", "Information om medborgardialogen")


def test_a_word_document_a_screen_reader_cannot_follow_fails_the_check(tmp_path: Path) -> None:
    from PIL import Image

    document = Document()
    document.add_paragraph("Bakgrund").runs[0].bold = True
    document.add_heading("Metod", level=3)
    document.add_table(rows=2, cols=2)
    Image.new("RGB", (4, 4)).save(tmp_path / "logo.png")
    document.add_picture(str(tmp_path / "logo.png"))
    problems = word_problems(document, "sv-SE")
    assert problems[0].startswith("language") and problems[1:] == [
        "no title in the document's properties",
        "heading level 3 after 0",
        "bold text 'Bakgrund' is not a heading style",
        "table 0 marks no header row (w:tblHeader) nor a captioned first column of headers",
        "image 'Picture 1' has no alt text",
    ]


def test_the_pdf_is_tagged_with_its_language_and_title(routine) -> None:
    proposal = proposal_of(routine)
    reader = PdfReader(io.BytesIO(render_pdf(proposal)))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "sv" and bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and reader.metadata.title == proposal.title
    elements = structure_elements(catalog["/StructTreeRoot"])
    roles = Counter(str(e["/S"]) for e in elements)
    assert {"/Document", "/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD"} <= roles.keys()
    assert roles["/H1"] == 1 and roles["/TH"] == 3  # the title; the header's three labels
    # Each value in the header table names its row's label as its header (the page's <th scope="row">).
    headers = {str(e["/ID"]): e for e in elements if e["/S"] == "/TH"}
    cells = [e for e in elements if e["/S"] == "/TD"]
    named = [[str(h) for h in cell["/A"]["/Headers"]] for cell in cells]
    assert all(len(n) == 1 for n in named) and sorted(n[0] for n in named) == sorted(headers)


def structure_elements(root: Any) -> list[Any]:
    """Every element of the PDF's structure tree (/H1, /P, /Table…)."""
    elements, stack = [], [root]
    while stack:
        element = stack.pop().get_object()
        if not hasattr(element, "keys"):
            continue  # a marked-content id
        if "/S" in element:
            elements.append(element)
        kids = element.get("/K")
        stack += kids if isinstance(kids, list) else [kids] if kids is not None else []
    return elements
