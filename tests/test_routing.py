"""Routing: which use case an activity reaches, and that every action a card or a typed request can
produce has exactly one handler (and every handler is reachable)."""

from __future__ import annotations

import pytest
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from bot.identity import actor_of, without_mentions
from dialogs.actions import ActionName, Ask, Command, Focused, SubmitStep, parse_card, parse_text
from dialogs.actor import Focus
from tests.card_catalog import all_cards
from tests.support import memory_conversation, walk


@pytest.fixture
def conversation(routine, messages):  # type: ignore[no-untyped-def]
    return memory_conversation(routine, messages)[0]


def _activity(**fields: object) -> Activity:
    return Activity(
        type="message",
        channel_id="msteams",
        locale="sv-SE",
        from_property=ChannelAccount(id="29:anna", name="Anna", aad_object_id="0b3f9a64-1c2d-4e5f-8a9b-1234567890ab"),
        conversation=ConversationAccount(id="a:1", conversation_type="personal"),
        **fields,
    )


def _handler_of(conversation, activity: Activity, focus: Focus | None = None):  # type: ignore[no-untyped-def]
    if isinstance(activity.value, dict):
        action = parse_card(activity.value)
    else:
        action = parse_text(without_mentions(activity.text or ""), conversation.intents, focus)
    assert action is not None
    return action, conversation.router.handler(action.name)


def test_every_action_has_one_handler_and_every_handler_is_reachable(conversation, routine, messages) -> None:
    assert conversation.router.names == set(ActionName)
    from_cards = {
        a["data"]["action"] for _, card in all_cards(routine, messages) for a in walk(card) if a.get("type") == "Action.Submit"
    }
    intents = conversation.intents
    typed = {parse_text(phrase, intents, None).name for phrases in messages.intents.values() for phrase in phrases}
    typed |= {ActionName.WATCH, parse_text("vad är en medborgardialog?", intents, None).name}  # 'bevaka masterclass'
    assert {ActionName(a) for a in from_cards} | typed == set(ActionName)


@pytest.mark.parametrize(
    "value,handler",
    [
        ({"action": "new", "draft": None, "step": None}, "new"),
        ({"action": "submit", "draft": "d1", "step": "start", "version": 3, "title": "Park"}, "submit"),
        ({"action": "edit", "draft": "d1", "step": "method", "version": 3}, "edit"),
        ({"action": "delete_confirm", "draft": "d1"}, "delete_confirm"),
        ({"action": "watch_save", "call": "c", "offsets": "1", "target": "here"}, "watch_save"),
        ({"action": "share_comment", "share": "s1", "comment": "Bra"}, "comment"),
    ],
)
def test_a_card_submission_reaches_its_use_case(conversation, value, handler: str) -> None:
    _, found = _handler_of(conversation, _activity(value=value))
    assert found.__name__ == handler
    assert actor_of(_activity(value=value)).id == "aad:0b3f9a64-1c2d-4e5f-8a9b-1234567890ab"


def test_a_submission_keeps_its_inputs_apart_from_its_ids(conversation) -> None:
    value = {"action": "submit", "draft": "d1", "step": "start", "version": 3, "title": "Park", "role": ["x"], "evil": {"$gt": 1}}
    action, _ = _handler_of(conversation, _activity(value=value))
    assert isinstance(action, SubmitStep)
    assert (action.draft, action.step, action.version) == ("d1", "start", 3)
    assert action.inputs == {"title": "Park", "role": ["x"]}


@pytest.mark.parametrize(
    "value",
    [
        {"action": "format_disk"},
        {"action": "submit", "draft": "d1", "step": "start", "version": "3"},  # a version is a number
        {"action": "resume"},  # no draft
        {"action": "resume", "draft": 12},
        {"action": "ask", "text": "vad är en medborgardialog?"},  # typed only
        {"action": "resume", "draft": "x" * 256},
    ],
)
def test_what_no_card_sends_is_not_an_action(value) -> None:
    assert parse_card(value) is None


@pytest.mark.parametrize(
    "text,name,kind",
    [
        ("<at>Dialogstöd</at> mina utkast", ActionName.LIST, None),
        ("Var är jag?", ActionName.STATUS, Command),
        ("hjälp", ActionName.HELP, Command),
        ("bevaka masterclass", ActionName.CALLS, Command),
        ("Vad är mitt ansvar som enhetschef?", ActionName.ASK, Ask),
        ("Samtal på biblioteket", ActionName.ASK, Ask),
    ],
)
def test_typed_text_becomes_the_same_kind_of_action(conversation, text: str, name: ActionName, kind: type | None) -> None:
    action, handler = _handler_of(conversation, _activity(text=text), focus=Focus("d1"))
    assert action.name == name and handler is not None
    if kind is not None:
        assert isinstance(action, kind)
    if isinstance(action, Focused):
        assert action.draft == "d1"  # typed requests are about the draft the user works on
