"""What a user typed shows as typed in every card: no link, emphasis, list, heading or HTML made of it.

Every card of the catalogue is rendered with hostile text as everything users supply (answers, titles, names,
asks, comments), and each TextBlock is rendered to HTML as Web Chat renders it (tests/render_markdown.js:
markdown-it with HTML, linkify and typographer on). Wherever the text landed, the reader must see it verbatim.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from typing import Any

import pytest

from cards.elements import plain
from tests.card_catalog import all_cards
from tests.card_checks import ROOT, node_available
from tests.support import walk

RENDER = ROOT / "tests" / "render_markdown.js"
# A marker word, then what the probe posted as a comment, emphasis, HTML, typographer bait, bare addresses,
# and block Markdown on lines of their own. Short enough for the title field (120 characters).
HOSTILE = "zyxw [Logga in här](https://evil.example/x) **fet** _k_ <b>h</b> (c)--evil.se a@evil.se\n# h\n1. l\n- p\n> q"
FORMATTING = {"a", "b", "strong", "em", "h1", "h2", "h3", "ol", "ul", "li", "blockquote", "code", "pre", "img"}


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(html: str) -> tuple[str, list[tuple[str, dict[str, str | None]]]]:
    """What a reader sees (whitespace collapsed) and the elements it is made of."""
    parser = _Html()
    parser.feed(html)
    return " ".join("".join(parser.text).split()), parser.tags


def _web_chat_html(texts: list[str]) -> list[str]:
    reason = node_available()
    if reason:
        pytest.skip(reason)
    done = subprocess.run(
        ["node", str(RENDER)], input=json.dumps(texts), capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    result: list[str] = json.loads(done.stdout)
    return result


def _text_blocks(cards: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
    return [(name, e["text"]) for name, card in cards for e in walk(card) if e.get("type") == "TextBlock"]


@pytest.fixture(scope="module")
def hostile_blocks(routine, messages) -> list[tuple[str, str, str]]:
    """(card name, TextBlock text, its HTML in Web Chat) for every TextBlock with hostile text in it."""
    blocks = _text_blocks(all_cards(routine, messages, user_text=HOSTILE))
    html = _web_chat_html([text for _, text in blocks])
    return [(name, text, h) for (name, text), h in zip(blocks, html, strict=True) if "zyxw" in text]


def test_hostile_text_reaches_the_cards_users_read(hostile_blocks) -> None:
    cards = {name.rsplit("-", 1)[0] for name, _, _ in hostile_blocks}
    for expected in ("shares", "comment-notice", "shared-with-you", "review", "proposal", "drafts", "answered-purpose"):
        assert expected in cards
    assert {"step-start", "confirm-delete", "reminder-draft"} <= cards


def test_what_a_user_typed_shows_verbatim_in_every_card(hostile_blocks) -> None:
    """Verbatim, but in the proposal, the answer to an external initiative and the texts written from the draft, whose
    prose makes sentences of answers (list marks dropped, full stops)."""
    expected = " ".join(HOSTILE.split())
    wrong = {
        name: _read(html)[0]
        for name, _, html in hostile_blocks
        if expected not in _read(html)[0] and not name.startswith(("proposal", "initiative-answer", "text-"))
    }
    assert wrong == {}


def test_no_link_or_formatting_is_made_of_what_a_user_typed(hostile_blocks) -> None:
    for name, _, html in hostile_blocks:
        _, tags = _read(html)
        links = [attrs.get("href") for tag, attrs in tags if tag == "a"]
        assert links == [], name
        # The bot's own bold label around an answer is the one formatting allowed beside user text.
        made = [tag for tag, _ in tags if tag in FORMATTING and tag != "strong"]
        assert made == [], (name, html)


def test_the_bots_own_markdown_still_works(routine, messages) -> None:
    blocks = _text_blocks(all_cards(routine, messages, user_text=HOSTILE))
    bold = [text for name, text in blocks if name.startswith("shared-with-you") and text.startswith("**")]
    [html] = _web_chat_html(bold[:1])
    assert re.search(r"<strong>zyxw .*</strong>", html, re.DOTALL)


@pytest.mark.parametrize(
    "typed",
    ["[Logga in här](https://evil.example/login)", "**x**", "# x", "1. x", "- x", "<b>x</b>", "www.evil.se", "a\\*b"],
)
def test_plain_shows_each_probe_as_typed(typed: str) -> None:
    [html] = _web_chat_html([plain(typed)])
    text, tags = _read(html)
    assert (text, [t for t, _ in tags]) == (typed, ["p"])
