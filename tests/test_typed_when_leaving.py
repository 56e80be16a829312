"""What a user typed into a step's (or a phase's) card is kept when they press another of its buttons than the save:
Action.Submit sends the card's inputs with any button, so Hjälp, Mina utkast or a phase's Historik leave nothing typed
behind. The card shows it again, marked as not saved yet, until it is saved; a card left as it was is not marked."""

from __future__ import annotations

from typing import Any

from tests.support import ANSWERS, PHASE_ANSWERS, Chat, action, card_text, cards_in, inputs_of, make_bot, phase_of

NOT_SAVED = "Här är det du skrev senast. Det är inte sparat än"


def _values(card: dict[str, Any]) -> dict[str, Any]:
    return {field_id: element.get("value", "") for field_id, element in inputs_of(card).items()}


async def test_half_a_step_typed_is_there_after_help_and_my_drafts(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    purpose = cards_in(await chat.to_step("purpose"))[-1]
    why, goal = ANSWERS["purpose"]["why"], ANSWERS["purpose"]["general_goal"]
    help_card = cards_in(await chat.press(action(purpose, "help"), why=why, general_goal=goal))[-1]
    assert "Syfte och mål" in card_text(help_card)

    again = cards_in(await chat.press(action(help_card, "resume")))[-1]  # Fortsätt utkastet, from the help
    assert _values(again)["why"] == why and _values(again)["general_goal"] == goal
    assert NOT_SAVED in card_text(again)

    # More typed, Hjälp again, then Mina utkast: that too is kept, and Fortsätt shows it all.
    help_card = cards_in(await chat.press(action(again, "help"), specific_goal="Ett program för 2027."))[-1]
    listing = cards_in(await chat.press(action(help_card, "list")))[-1]
    back = cards_in(await chat.press(action(listing, "resume")))[-1]
    assert _values(back)["why"] == why and _values(back)["specific_goal"] == "Ett program för 2027."

    # Saved, it is the step's answers: the next time the card is opened it is no longer marked unsaved.
    await chat.submit_step("purpose")
    edited = cards_in(await chat.press({"data": {**action(back, "submit")["data"], "action": "edit"}}, card={}))[-1]
    assert NOT_SAVED not in card_text(edited) and _values(edited)["why"] == why


async def test_a_card_left_as_it_was_is_not_marked_unsaved(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    purpose = cards_in(await chat.to_step("purpose"))[-1]
    help_card = cards_in(await chat.press(action(purpose, "help")))[-1]
    again = cards_in(await chat.press(action(help_card, "resume")))[-1]
    assert action(again, "submit")["data"]["step"] == "purpose" and NOT_SAVED not in card_text(again)


async def test_half_a_phase_typed_is_there_after_its_history(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    await chat.to_phases()
    await chat.record_phase("sent")
    await chat.record_phase("decided")
    informed = chat.last_card or {}
    how = PHASE_ANSWERS["informed"]["informed_how"]
    history = cards_in(await chat.press(action(informed, "history"), informed_how=how))[-1]
    assert "Historik" in card_text(history)
    back = cards_in(await chat.press(action(history, "next_step")))[-1]
    assert phase_of(back) == "informed" and _values(back)["informed_how"] == how and NOT_SAVED in card_text(back)
    saved = cards_in(await chat.record_phase("informed"))[-1]
    assert phase_of(saved) == "held"


async def test_what_someone_else_sends_as_a_card_of_my_draft_is_not_kept(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    purpose = cards_in(await anna.to_step("purpose"))[-1]
    carl = Chat(adapter, user_id="user-3", name="Carl Carlsson", aad_object_id="aad-carl", conversation_id="conv-3")
    await carl.press(action(purpose, "help"), card=purpose, why="Carl skrev det här.")
    again = cards_in(await anna.press(action(purpose, "help")))[-1]
    resumed = cards_in(await anna.press(action(again, "resume")))[-1]
    assert _values(resumed)["why"] == "" and NOT_SAVED not in card_text(resumed)


async def test_a_card_left_as_it_showed_costs_no_look_at_the_draft(sqlite_engine, routine, messages) -> None:
    """Hjälp on a step's card, or a text to write on a phase's card, pressed with nothing typed opens as many units of
    work as the same press from a card that names none: the card's digest of what it showed says nothing changed."""
    built, adapter = make_bot(sqlite_engine, routine, messages)
    opened = []
    uow = built.services.uow
    object.__setattr__(built.services, "uow", lambda: opened.append(1) or uow())
    chat = Chat(adapter)

    async def units(button: dict[str, Any], card: dict[str, Any]) -> int:
        opened.clear()
        await chat.press(button, card=card)
        return len(opened)

    def bare(button: dict[str, Any]) -> dict[str, Any]:
        return {**button, "data": {k: v for k, v in button["data"].items() if k != "card"}}

    purpose = cards_in(await chat.to_step("purpose"))[-1]
    assert await units(action(purpose, "help"), purpose) == await units(bare(action(purpose, "help")), purpose)
    await chat.to_phases()
    await chat.record_phase("sent")
    await chat.record_phase("decided")
    informed = chat.last_card or {}
    text = action(informed, "text")
    assert await units(text, informed) == await units(bare(text), informed)
