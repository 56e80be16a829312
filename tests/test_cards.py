"""Every card the bot can send, checked with Microsoft's tooling and against Teams' constraints."""

from __future__ import annotations

import json
import os

import pytest

from cards.elements import CardContext
from cards.render import render
from dialogs.views import ProposalView, ReviewView
from tests.card_catalog import all_cards, all_views, longest_answers
from tests.card_checks import (
    PEOPLE_PICKER_EVENTS,
    adaptivecards_events,
    node_available,
    people_picker,
    schema_problems,
    teams_problems,
)

BROKEN = {
    "type": "AdaptiveCard",
    "version": "1.6",
    "body": [
        {"type": "Input.Text", "id": "title"},
        {"type": "Input.Text", "id": "title"},
        {"type": "Media", "sources": []},
        {"type": "TextBlock", "text": "x", "wieght": "Bolder"},
    ],
    "actions": [{"type": "Action.Submit", "title": "Spara", "data": "submit"}],
}


@pytest.fixture(scope="module")
def cards(routine, messages):
    return all_cards(routine, messages)


def test_the_catalogue_covers_every_kind_of_card(cards) -> None:
    names = {n for n, _ in cards}
    for expected in (
        "welcome-sv",
        "step-start-errors-en",
        "gate-influence-sv",
        "review-en",
        "proposal-sv",
        "drafts-sv",
        "help-purpose-en",
        "answer-role_enhetschef-sv",
        "reminder-call-en",
        "watch-channel-error-sv",
    ):
        assert expected in names
    assert len(cards) > 150


def test_every_card_keeps_to_teams_constraints(cards) -> None:
    problems = {name: p for name, card in cards if (p := teams_problems(card))}
    assert problems == {}
    assert {card["version"] for _, card in cards} == {"1.4"}


# What a card may weigh so that the activity around it (ids, addresses, channel data: about 1 KB) still
# fits under the 28 KB a Teams message may carry.
CARD_BUDGET = 26 * 1024


def test_every_card_fits_a_teams_message_with_every_answer_at_its_longest(routine, messages) -> None:
    longest = all_cards(routine, messages, answers=longest_answers(routine))
    sizes = {name: len(json.dumps(card, ensure_ascii=False).encode("utf-8")) for name, card in longest}
    assert {"review-sv", "proposal-en", "step-purpose-sv", "answered-reach-en"} <= set(sizes)
    assert {name: size for name, size in sizes.items() if size >= CARD_BUDGET} == {}
    assert {name: p for name, card in longest if (p := teams_problems(card))} == {}


def test_the_review_shows_each_section_collapsed_with_an_edit_button_that_names_it(routine, messages) -> None:
    [review] = [v for _, v in all_views(routine, "sv") if isinstance(v, ReviewView)]
    [card] = render(CardContext(routine, messages, "sv"), review)
    toggles = [a for e in card["body"] for a in _actions(e) if a["type"] == "Action.ToggleVisibility"]
    edits = [a["title"] for e in card["body"] for a in _actions(e) if a.get("data", {}).get("action") == "edit"]
    hidden = {e["id"] for e in _walk(card["body"]) if e.get("isVisible") is False}
    assert len(toggles) == len(review.sections) and {t["targetElements"][0] for t in toggles} == hidden
    assert edits == [f"Ändra {s.step.title('sv')}" for s in review.sections]
    assert "Ändra Syfte och mål" in edits and len(set(edits)) == len(edits)
    first_button = next(a for e in card["body"] for a in _actions(e))
    assert first_button["title"] == card["actions"][0]["title"] == "Skapa förslag"


def test_the_proposal_card_shows_title_decision_and_summary_with_the_document_buttons(routine, messages) -> None:
    [view] = [v for _, v in all_views(routine, "en") if isinstance(v, ProposalView)]
    [card] = render(CardContext(routine, messages, "en"), view)
    text = "\n".join(e.get("text", "") for e in card["body"])
    assert view.proposal.title in text and "Summary" in text
    assert "3\\. The district council decides that the administration reports" in text
    assert "Background" not in text and "Purpose and goals" not in text  # never the whole document
    assert [a["data"]["action"] for a in card["actions"][:3]] == ["download_docx", "download_pdf", "open_page"]


def _walk(items):
    for e in items:
        yield e
        yield from _walk(e.get("items", []))


def _actions(element):
    for e in _walk([element]):
        yield from e.get("actions", []) if e.get("type") == "ActionSet" else []


def test_every_card_matches_the_official_schema(cards) -> None:
    problems = {name: p for name, card in cards if (p := schema_problems(card))}
    assert problems == {}


def _need_node() -> None:
    reason = node_available()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the adaptivecards check must run)")
        pytest.skip(reason)


def test_every_card_parses_in_microsofts_adaptivecards_library_without_events(cards) -> None:
    _need_node()
    events = adaptivecards_events(cards)
    assert set(events) == {n for n, _ in cards}
    pickers = {name for name, card in cards if people_picker(card)}
    assert pickers == {f"{name}-{lang}" for name in ("share-teams", "review-form", "assign-form") for lang in ("sv", "en")}
    # The one known difference (see PEOPLE_PICKER_EVENTS): exactly those events, and only on the picker cards.
    assert {name: set(e) for name, e in events.items() if name in pickers} == {name: PEOPLE_PICKER_EVENTS for name in pickers}
    assert {name: e for name, e in events.items() if e and name not in pickers} == {}


def test_a_broken_card_fails_every_check() -> None:
    assert set(teams_problems(BROKEN)) >= {
        "version 1.6 is newer than Teams renders (1.5)",
        "element Media is not supported in Teams",
        "input ids must be present and unique: ['title', 'title']",
        "submit action 'Spara' must carry an object with the draft and step ids",
    }
    assert schema_problems({**BROKEN, "version": "1.4"})
    _need_node()
    events = adaptivecards_events([("broken", {**BROKEN, "version": "1.4"})])["broken"]
    assert any("DuplicateId" in e for e in events)
