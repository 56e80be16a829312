"""Every card the bot can send, checked with Microsoft's tooling and against Teams' constraints."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from bot.universal import with_execute
from cards.elements import CardContext
from cards.render import render
from dialogs.views import DraftLine, DraftListView, DraftState, ProposalView, ReviewView
from tests.card_catalog import all_cards, all_views, longest_answers
from tests.card_checks import (
    PEOPLE_PICKER_EVENTS,
    adaptivecards_events,
    node_available,
    people_picker,
    schema_problems,
    teams_problems,
)
from tests.support import actions_of, card_text, links_of

BROKEN = {
    "type": "AdaptiveCard",
    "version": "1.6",
    "body": [
        {"type": "Input.Text", "id": "title"},
        {"type": "Input.Text", "id": "title"},
        {"type": "Media", "sources": []},
        {"type": "TextBlock", "text": "x", "wieght": "Bolder"},
    ],
    "actions": [
        {"type": "Action.Submit", "title": "Spara", "data": "submit"},
        {"type": "Action.Execute", "title": "Gå", "verb": "list", "data": {"action": "new", "draft": None, "step": None}},
    ],
}


@pytest.fixture(scope="module")
def cards(routine, messages):
    """Every card as Web Chat gets it, and as Teams gets it: with Universal Actions (`-teams`)."""
    catalogue = all_cards(routine, messages)
    return catalogue + [(f"{name}-teams", with_execute(card)) for name, card in catalogue]


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
        "review-en-teams",
    ):
        assert expected in names
    assert len(cards) > 150


def test_every_card_keeps_to_teams_constraints(cards) -> None:
    problems = {name: p for name, card in cards if (p := teams_problems(card))}
    assert problems == {}
    assert {card["version"] for _, card in cards} == {"1.5"}


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
    [review] = [v for name, v in all_views(routine, "sv") if name == "review" and isinstance(v, ReviewView)]
    [card] = render(CardContext(routine, messages, "sv"), review)
    toggles = [a for e in card["body"] for a in _actions(e) if a["type"] == "Action.ToggleVisibility"]
    edits = [a["title"] for e in card["body"] for a in _actions(e) if a.get("data", {}).get("action") == "edit"]
    hidden = {e["id"] for e in _walk(card["body"]) if e.get("isVisible") is False}
    assert len(toggles) == 2 * len(review.sections)
    assert {t["targetElements"][0] for t in toggles} | {t["targetElements"][2] for t in toggles} == hidden
    # Open, the button says what it does now: Dölj (hide), in place of Visa (show).
    sets = [e for e in _walk(card["body"]) if e.get("type") == "ActionSet" and "id" in e]
    shown = {e["id"]: [a["title"] for a in e["actions"]] for e in sets}
    assert shown["s-purpose"] == ["Visa svaren i Syfte och mål"] and shown["h-purpose"] == ["Dölj svaren i Syfte och mål"]
    assert {tuple(t["targetElements"]) for t in toggles if t["targetElements"][0] == "a-purpose"} == {
        ("a-purpose", "s-purpose", "h-purpose")
    }
    assert edits == [f"Ändra {s.step.title('sv')}" for s in review.sections]
    assert "Ändra Syfte och mål" in edits and len(set(edits)) == len(edits)
    first_button = next(a for e in card["body"] for a in _actions(e))
    assert first_button["title"] == card["actions"][0]["title"] == "Skapa förslag"


def test_the_proposal_card_shows_title_decision_and_summary_with_the_document_buttons(routine, messages) -> None:
    [view] = [v for name, v in all_views(routine, "en") if name == "proposal"]
    assert isinstance(view, ProposalView)
    [card] = render(CardContext(routine, messages, "en"), view)
    text = "\n".join(e.get("text", "") for e in card["body"])
    assert view.proposal.title in text and "Summary" in text
    assert "3\\. The district council decides that the administration reports" in text
    assert "Background" not in text and "Purpose and goals" not in text  # never the whole document
    # One click to each document: the buttons open the owner's links, no second card in between.
    opened = [(title, url.rsplit("/", 1)[1]) for title, url in links_of(card).items()]
    assert opened == [
        ("Word, in Swedish", "proposal.docx"),
        ("PDF, in Swedish", "proposal.pdf"),
        ("Web page", "t" * 43),
        ("Download in English, to read", "proposal.docx?lang=en"),
    ]
    assert "Proposal 1" in text and "create_proposal" not in str(card)


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
    plain_pickers = {
        f"{name}-{lang}" for name in ("share-teams", "review-form", "review-form-report", "assign-form") for lang in ("sv", "en")
    }
    assert pickers == plain_pickers | {f"{name}-teams" for name in plain_pickers}
    # The one known difference (see PEOPLE_PICKER_EVENTS): exactly those events, and only on the picker cards.
    assert {name: set(e) for name, e in events.items() if name in pickers} == {name: PEOPLE_PICKER_EVENTS for name in pickers}
    assert {name: e for name, e in events.items() if e and name not in pickers} == {}


def test_a_broken_card_fails_every_check() -> None:
    assert set(teams_problems(BROKEN)) >= {
        "version 1.6 is newer than Teams renders (1.5)",
        "element Media is not supported in Teams",
        "input ids must be present and unique: ['title', 'title']",
        "submit action 'Spara' must carry an object with the draft and step ids",
        "execute action 'Gå' must have its action as the verb",
    }
    assert schema_problems({**BROKEN, "version": "1.4"})
    _need_node()
    events = adaptivecards_events([("broken", {**BROKEN, "version": "1.4"})])["broken"]
    assert any("DuplicateId" in e for e in events)


def test_mina_utkast_says_when_a_draft_last_changed_in_stockholm_time(routine, messages) -> None:
    """A save at 23:32 UTC on 23 November is 00:32 on the 24th in Stockholm, as the official's clock says."""
    line = DraftLine("d" * 32, "Parkleken", DraftState.IN_PROGRESS, datetime(2026, 11, 23, 23, 32, tzinfo=UTC), 3, 12)
    [card] = render(CardContext(routine, messages, "sv"), DraftListView((line,)))
    assert "Senast ändrat 2026-11-24 00:32" in card_text(card)
    summer = DraftLine("d" * 32, "Parkleken", DraftState.IN_PROGRESS, datetime(2026, 7, 1, 22, 15, tzinfo=UTC), 3, 12)
    [card] = render(CardContext(routine, messages, "sv"), DraftListView((summer,)))
    assert "Senast ändrat 2026-07-02 00:15" in card_text(card)  # summer time: UTC+2


def test_a_decided_proposal_card_says_so_and_offers_no_change_to_the_plan(routine, messages) -> None:
    """Finding 2: the proposal the nämnd decided on keeps its checklist's warnings, without the buttons that would open a
    step, and has neither Ändra ett steg nor a new version; the same proposal before the decision has them."""
    cards = dict(all_cards(routine, messages))
    decided, before = cards["proposal-decided-sv"], cards["proposal-checklist-sv"]
    assert "Nämnden har beslutat om det här förslaget" in card_text(decided) and "⚠" in card_text(decided)
    assert "edit" in {a["data"]["action"] for a in actions_of(before)}
    assert not {"edit", "create_proposal"} & {a["data"]["action"] for a in actions_of(decided)}
    assert "Ändra ett steg" not in card_text(decided)
