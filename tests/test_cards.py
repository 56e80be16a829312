"""Every card the bot can send, checked with Microsoft's tooling and against Teams' constraints."""

from __future__ import annotations

import os

import pytest

from tests.card_catalog import all_cards
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
    assert pickers == {"share-teams-sv", "share-teams-en"}
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
