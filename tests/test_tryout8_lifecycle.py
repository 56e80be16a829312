"""The dialogue's life after the proposal, typed in a new user's own words (try-out 8 #4, #5, #9, #14, #15, #20), turn by
turn: the phase card keeps the avdelningschef's approval whenever it is shown, "spara" under it saves what it shows, the
nämnd's decision typed in words opens its card with what was typed in it, phases are reopened and given a person by
typing, the redovisning is asked for in English, and a colleague who asks to record the decision is told whose it is."""

from __future__ import annotations

from typing import Any

from tests.fake_connector import FakeConnector
from tests.support import (
    BERTIL,
    BERTIL_OID,
    HttpChat,
    action,
    actions_of,
    card_text,
)

APPROVED = "✓ Förslaget är godkänt av Bertil Berg"


async def _approved_at_the_first_phase(client: Any, connector: FakeConnector) -> tuple[HttpChat, HttpChat]:
    """Anna's proposal at "Till nämnden", sent to Bertil, her avdelningschef, who approved it."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await anna.join()
    proposal = await anna.press(action(await anna.walk_wizard(), "create_proposal")["data"])
    sent_phase = await anna.press(action(proposal, "next_step")["data"])
    form = await anna.press(action(sent_phase, "review")["data"], card=sent_phase)
    await anna.press(action(form, "review_send")["data"], {"person": BERTIL_OID}, form)
    await bertil.say("godkänn")
    await anna.press(action(anna.cards_here()[-1], "next_step")["data"])
    return anna, bertil


def _ways(card: dict[str, Any]) -> list[str]:
    return [a["data"]["action"] for a in actions_of(card) if "data" in a]


async def test_the_phase_card_shown_again_keeps_the_approval(client, connector: FakeConnector) -> None:  # type: ignore[no-untyped-def]
    """Anna (#9): text under "Till nämnden" shows the card again, and a correction reopens it: each time it still says
    Erik approved the proposal, and never offers to send it to the avdelningschef again."""
    anna, _ = await _approved_at_the_first_phase(client, connector)
    assert APPROVED in card_text(anna.cards_here()[-1])
    await anna.say("det här är bara en anteckning")
    again = anna.cards_here()[-1]
    assert APPROVED in card_text(again) and "review" not in _ways(again)
    recorded = await anna.press(action(again, "phase_save")["data"], card=again)
    phases = await anna.press(action(recorded, "phases")["data"])
    corrected = await anna.press(action(phases, "phase_edit", step="sent")["data"])
    assert APPROVED in card_text(corrected) and "review" not in _ways(corrected)


async def test_spara_typed_under_a_phase_card_saves_what_it_shows(client, connector: FakeConnector) -> None:  # type: ignore[no-untyped-def]
    """Anna (#9): "spara" under "Till nämnden", whose one field shows the meeting the plan gave, records it as the card's
    Spara would, and the next phase's card follows."""
    anna, _ = await _approved_at_the_first_phase(client, connector)
    await anna.say("spara")
    decided = anna.cards_here()[-1]
    assert "Nämndens beslut" in card_text(decided)
    phases = await anna.press(action(decided, "phases")["data"])
    assert "Rätta Till nämnden" in card_text(phases)
