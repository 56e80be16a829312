"""The dialogue's life after the proposal, typed in a new user's own words (try-out 8 #4, #5, #9, #14, #15, #20), turn by
turn: the phase card keeps the avdelningschef's approval whenever it is shown, "spara" under it saves what it shows, the
nämnd's decision typed in words opens its card with what was typed in it, phases are reopened and given a person by
typing, the redovisning is asked for in English, a colleague who asks to record the decision is told whose it is, and a
phase says at once that it has nothing to skip."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_connector import FakeConnector
from tests.support import (
    ANSWERS,
    BERTIL,
    BERTIL_OID,
    PHASES,
    Chat,
    HttpChat,
    action,
    actions_of,
    card_text,
    cards_in,
    inputs_of,
    links_of,
    make_bot,
    phase_of,
    texts_in,
)

APPROVED = "✓ Förslaget är godkänt av Bertil Berg"
INFORMED = "The information went out on 20 January via Instagram and posters at the schools"


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
    await anna.press(action(anna.cards_here()[-1], "resume")["data"])  # the notice's Öppna utkastet: the phase's card
    return anna, bertil


def _ways(card: dict[str, Any]) -> list[str]:
    return [a["data"]["action"] for a in actions_of(card) if "data" in a]


async def test_the_phase_card_shown_again_keeps_the_approval(client, connector: FakeConnector) -> None:  # type: ignore[no-untyped-def]
    """Anna (#9): text under "Till nämnden" shows the card again, and a correction reopens it: each time it still says
    her avdelningschef (Erik there, Bertil here) approved the proposal, and never offers to send it to him again."""
    anna, _ = await _approved_at_the_first_phase(client, connector)
    assert APPROVED in card_text(anna.cards_here()[-1])
    await anna.say("det här är bara en anteckning")
    again = anna.cards_here()[-1]
    assert APPROVED in card_text(again) and "review" not in _ways(again)
    # Its one field took the note as its answer (not a date: the error beside it); the meeting the plan gave is saved.
    meeting = {"board_meeting": ANSWERS["timeline"]["decision_date"]}
    recorded = await anna.press(action(again, "phase_save")["data"], meeting, again)
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


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("sv-SE", "nämnden beslutade enligt förslaget den 20 januari, paragraf 45"),
        ("en-US", "The council approved it as proposed on 20 January 2027, paragraph 45. Please record the decision."),
    ],
)
async def test_the_decision_typed_in_words_opens_its_card_with_what_was_typed(chat: Chat, locale: str, typed: str) -> None:
    """Anna (#4): the nämnd's decision in her own words opens its card with the date (the meeting the plan gave, when
    the year is left out), the § and the outcome filled in, said so, to check and save; nothing is saved unasked."""
    chat.locale = locale
    await chat.to_phases()
    await chat.record_phase("sent")
    replies = await chat.say(typed)
    card = cards_in(replies)[-1]
    assert phase_of(card) == "decided"
    values = {k: v.get("value") for k, v in inputs_of(card).items()}
    assert (values["decided_on"], values["paragraph"], values["decision"]) == ("2027-01-20", "§ 45", "as_proposed")
    assert any("Spara" in t or "Save" in t for t in texts_in(replies))
    saved = cards_in(await chat.press(action(card, "phase_save"), card=card))[-1]
    assert phase_of(saved) == "informed"


async def test_a_decision_date_without_its_year_and_nothing_to_place_it_by_is_named_not_guessed(chat: Chat) -> None:
    """A day and month that no date of the dialogue has, for a date the card cannot take as happened yet: left empty,
    and the reply names it."""
    await chat.to_phases()
    await chat.record_phase("sent")
    replies = await chat.say("nämnden beslutade den 3 mars enligt förslaget, § 7")
    card = cards_in(replies)[-1]
    assert inputs_of(card)["decided_on"].get("value", "") == "" and inputs_of(card)["paragraph"]["value"] == "§ 7"
    assert any("”3 mars”" in t for t in texts_in(replies))
    replies = await chat.say("nämnden beslutade den 3 mars")  # nothing else to fill in: still named
    assert phase_of(cards_in(replies)[-1]) == "decided" and texts_in(replies) == [
        "”3 mars” kunde jag inte fylla i utan år: skriv hela datumet i kortet."
    ]


async def _at_phase(chat: Chat, phase_id: str) -> None:
    await chat.to_phases()
    for p in PHASES[: PHASES.index(phase_id)]:
        await chat.record_phase(p)
    assert phase_of(chat.last_card) == phase_id


@pytest.mark.parametrize(
    ("phase_id", "typed", "read"),
    [
        (
            "informed",
            "The information went out on 20 January via Instagram and posters at the schools",
            {
                "informed_on": "2027-01-20",
                "informed_how": "The information went out on 20 January via Instagram and posters at the schools",
            },
        ),
        (
            "reported",
            "the report was presented to the council on 16 June, paragraph 52",
            {"reported_on": "2027-06-16", "reported_paragraph": "§ 52"},
        ),
    ],
)
async def test_what_happened_typed_on_a_phase_opens_its_card_with_it(
    chat: Chat, phase_id: str, typed: str, read: dict[str, str]
) -> None:
    """Erik's words on the owner's account (#4): what happened, typed while the dialogue is in a phase, is that phase's
    card with what the words give it, to check and save; not the routine's "no clear answer"."""
    chat.locale = "en-US"
    await _at_phase(chat, phase_id)
    await chat.say("what does the routine say about citizens?")  # another card is the last one shown
    card = cards_in(await chat.say(typed))[-1]
    assert phase_of(card) == phase_id
    assert {k: inputs_of(card)[k]["value"] for k in read} == read


async def test_the_decision_typed_under_the_first_phase_opens_the_decisions_card(chat: Chat) -> None:
    """Under "Till nämnden", what the nämnd decided opens the decision's card with the § and the outcome; the day typed
    without its year, which no date of the dialogue has and which cannot come before the meeting, is named, not guessed."""
    await chat.to_phases()
    replies = await chat.say("nämnden sa ja till förslaget den 18 februari, paragraf 14")
    card = cards_in(replies)[-1]
    assert phase_of(card) == "decided" and inputs_of(card)["paragraph"]["value"] == "§ 14"
    assert not inputs_of(card)["decided_on"].get("value") and any("”18 februari”" in t for t in texts_in(replies))


@pytest.mark.parametrize(
    ("typed", "phase_id"),
    [
        ("go back to the phase To the council", "sent"),
        ("correct To the council", "sent"),
        ("gå tillbaka till fasen Till nämnden", "sent"),
    ],
)
async def test_a_recorded_phase_is_reopened_by_typing_its_name(chat: Chat, typed: str, phase_id: str) -> None:
    """Erik's words on the owner's account (#14), the button's own label too: the phase's card again, to correct it."""
    chat.locale = "en-US"
    await _at_phase(chat, "informed")
    card = cards_in(await chat.say(typed))[-1]
    assert phase_of(card) == phase_id


async def test_a_changed_meeting_date_typed_reopens_the_phase_with_it(chat: Chat) -> None:
    """ "the council meeting was actually on 19 November 2026, change the meeting date": the card with the meeting (its
    field names it) and the new date in it, to save."""
    chat.locale = "en-US"
    await _at_phase(chat, "decided")
    replies = await chat.say("the council meeting was actually on 19 November 2026, change the meeting date")
    card = cards_in(replies)[-1]
    assert phase_of(card) == "sent" and inputs_of(card)["board_meeting"]["value"] == "2026-11-19"


@pytest.mark.parametrize(
    ("locale", "typed", "form_action", "person"),
    [
        ("en-US", "Karin Ek is the communicator for this phase", "assign_save", "Karin Ek"),
        ("sv-SE", "Erik Lind ska vara avdelningschef för den här dialogen", "review_send", "Erik Lind"),
    ],
)
async def test_a_person_given_a_role_in_words_is_in_its_card(  # type: ignore[no-untyped-def]
    sqlite_engine, routine, messages, locale: str, typed: str, form_action: str, person: str
) -> None:
    """#14: the kommunikatör of the phase, and the avdelningschef who reviews the proposal (the routine's avdelningschef
    gives it in the tjänsteutlåtande): the card that gives them the role, their name in it, to check and send."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1], channel_id="webchat", locale=locale)
    await _at_phase(chat, "informed" if form_action == "assign_save" else "sent")
    form = cards_in(await chat.say(typed))[-1]
    assert form_action in [a["data"]["action"] for a in actions_of(form)], card_text(form)
    assert inputs_of(form)["person"]["value"] == person


@pytest.mark.parametrize(
    "typed",
    [
        "can I get the report as a Word file?",
        "I want to write the report to the council about the results",
        "write the report on the dialogue for the council",
    ],
)
async def test_the_redovisning_asked_for_in_english_is_its_card(chat: Chat, typed: str) -> None:
    """Erik's words on the owner's account (#15), as the Swedish "kan jag få redovisningen som word?" already was: the
    redovisning's downloads, with the way back to the dialogue."""
    chat.locale = "en-US"
    await _at_phase(chat, "reported")
    replies = await chat.say(typed)
    assert any(url.endswith("/redovisning.pdf") for card in cards_in(replies) for url in links_of(card).values()), texts_in(
        replies
    )


async def test_the_redovisning_sent_for_review_in_english_is_the_redovisning(chat: Chat) -> None:
    """ "send the report to Erik Lind for review" (#15): the redovisning's review card with Erik Lind in it, not the
    proposal's, nor "no draft called that"."""
    chat.locale = "en-US"
    await _at_phase(chat, "reported")
    form = cards_in(await chat.say("send the report to Erik Lind for review"))[-1]
    assert action(form, "review_send")["data"]["reviewed"] == "report"


async def test_the_official_report_is_still_the_proposal(chat: Chat) -> None:
    """The English name of the tjänsteutlåtande holds "report": it does not open the redovisning."""
    chat.locale = "en-US"
    await _at_phase(chat, "reported")
    replies = await chat.say("show the official report")
    assert not any(url.endswith("/redovisning.pdf") for card in cards_in(replies) for url in links_of(card).values())


@pytest.mark.parametrize(
    "typed",
    [
        "The council approved the dialogue at its meeting on 20 January. How do I record the decision?",
        "record the council's decision on Anna's draft: approved on 20 January",
        "next step for the activities dialogue",
    ],
)
async def test_the_avdelningschef_asking_to_record_the_decision_is_told_whose_it_is(  # type: ignore[no-untyped-def]
    client, connector: FakeConnector, typed: str
) -> None:
    """Erik (Bertil here, #5), who approved the proposal and owns no draft: not the routine's "After the decision" with
    Start a draft, but that Anna, who owns the dialogue, records it, to tell her the decision, and the dialogue to read."""
    _, bertil = await _approved_at_the_first_phase(client, connector)
    bertil.locale = "en-US"
    before = len(bertil.sent_here())
    await bertil.say(typed)
    said = " ".join([*bertil.texts_here(before), *(card_text(c) for c in bertil.cards_here()[-1:])])
    assert "only Anna Andersson records the council's decision" in said, said
    assert "Shared with you" in said


async def test_skipping_a_phase_with_a_reason_says_at_once_why_there_is_nothing_to_skip(chat: Chat) -> None:
    """#20: not a Skip button that then cannot skip, but that a phase is saved once it has happened."""
    chat.locale = "en-US"
    await _at_phase(chat, "held")
    replies = await chat.say("skip this phase, we haven't held it yet")
    assert any("“Dialogue carried out” is saved once it has happened" in t for t in texts_in(replies)), texts_in(replies)
