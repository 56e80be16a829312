"""Phase reminders go to whoever the phase belongs to: the owner, or the kommunikatör the owner gave the
information and feedback phases; a recorded phase is reminded of no more; giving the role to someone else moves
the reminders. Through the test adapter, on SQLite and PostgreSQL."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.identity import TeamsDirectory
from cards.elements import CardContext
from cards.render import render
from dialogs.deadlines import draft_prefix
from dialogs.ports import Recipient
from dialogs.views import ReminderView
from storage.conversations import SqlConversationRefs
from storage.unit_of_work import unit_of_work_factory
from tests.support import BERTIL as BERTIL_USER
from tests.support import CARL as CARL_USER
from tests.support import (
    PHASE_ANSWERS,
    PHASES,
    Chat,
    HttpChat,
    action,
    card_text,
    cards_in,
    inputs_of,
    links_of,
    make_bot,
    texts_in,
)

BERTIL_OID = "0b3f9a64-1c2d-4e5f-8a9b-1234567890ab"
CARL_OID = "c0ffee00-1c2d-4e5f-8a9b-1234567890ab"
ANNA = "aad:aad-anna"
BERTIL = f"aad:{BERTIL_OID}"
CARL = f"aad:{CARL_OID}"


async def _dates_of(engine: Any, person: str, draft_id: str) -> set[str]:
    """The draft's dates the person has pending reminders of."""
    async with unit_of_work_factory(engine)() as tx:
        reminders = await tx.reminders.upcoming(person, 100)
    prefix = draft_prefix(draft_id)
    return {r.deadline_key.removeprefix(prefix) for r in reminders if r.deadline_key.startswith(prefix)}


def _cards_to(replies: list[Any], conversation_id: str) -> list[dict[str, Any]]:
    """The cards among the replies that went to another conversation (a notice to a colleague)."""
    return [a.content for r in replies if r.conversation.id == conversation_id for a in r.attachments or []]


async def _assign(anna: Chat, phase_card: dict[str, Any], oid: str) -> list[Any]:
    form = cards_in(await anna.press(action(phase_card, "assign")))[-1]
    assert "person" in inputs_of(form)
    return await anna.press(action(form, "assign_save"), person=oid)


async def test_each_phase_reminds_whoever_it_belongs_to(engine, routine, messages) -> None:
    _, adapter = make_bot(engine, routine, messages)
    anna = Chat(adapter)
    bertil = Chat(adapter, user_id="user-2", name="Bertil Berg", aad_object_id=BERTIL_OID, conversation_id="conv-2")
    carl = Chat(adapter, user_id="user-3", name="Carl Carlsson", aad_object_id=CARL_OID, conversation_id="conv-3")
    await bertil.say("hej")
    await carl.say("hej")
    proposal = await anna.propose()
    draft = action(proposal, "next_step")["data"]["draft"]
    every = {"decision_date", "dialogue_start", "dialogue_end", "feedback_date", "evaluation_date", "report_date"}
    assert await _dates_of(engine, ANNA, draft) == every  # the owner has every phase until someone else is given one

    await anna.press(action(proposal, "next_step"))
    await anna.record_phase("sent")
    assert await _dates_of(engine, ANNA, draft) == every - {"decision_date"}  # recorded: reminded of no more
    await anna.record_phase("decided")
    informed = anna.last_card or {}
    assert "Kommunikatör: ingen vald – påminnelserna går till dig." in card_text(informed)

    replies = await _assign(anna, informed, BERTIL_OID)
    [to_bertil] = _cards_to(replies, "conv-2")
    assert card_text(to_bertil) == (
        "Anna Andersson har gett dig rollen Kommunikatör i medborgardialogen ”Aktiviteter på Råcksta aktivitetscenter”:"
        " du får påminnelserna för Information till målgrupperna, Återkoppling till deltagarna."
        "\nLänken gäller till 2027-02-19. Den fungerar för den som har den – skicka den inte vidare."
        "\nÖppna länk\nPåminnelser\nHjälp"
    )
    assert (
        "Bertil Berg har nu rollen Kommunikatör för Information till målgrupperna, Återkoppling till deltagarna"
        " och får deras påminnelser."
    ) in texts_in(replies)
    assert "Kommunikatör: Bertil Berg (får fasens påminnelser)" in card_text(cards_in(replies)[-1])
    assert await _dates_of(engine, BERTIL, draft) == {"dialogue_start", "feedback_date"}
    assert await _dates_of(engine, ANNA, draft) == {"dialogue_end", "evaluation_date", "report_date"}
    listing = card_text(cards_in(await bertil.press(action(to_bertil, "reminders")))[-1])  # the notice's way on
    assert "Återkoppling till deltagarna 2027-04-15" in listing and "Utvärdering" not in listing

    # The information given: its reminders go; the feedback's stay with the kommunikatör.
    anna.last_card = cards_in(replies)[-1]
    await anna.record_phase("informed")
    assert await _dates_of(engine, BERTIL, draft) == {"feedback_date"}

    # The role given to Carl instead: the feedback's reminders move to him. (The evaluation recorded before the
    # feedback's date, 2027-04-15: the clock moves with what is recorded, and that reminder is still ahead.)
    for phase_id in PHASES[PHASES.index("held") : PHASES.index("fed_back")]:
        await anna.record_phase(phase_id, **({"evaluated_on": "2027-04-01"} if phase_id == "evaluated" else {}))
    fed_back = anna.last_card or {}
    assert "Kommunikatör: Bertil Berg" in card_text(fed_back)
    await _assign(anna, fed_back, CARL_OID)
    assert await _dates_of(engine, BERTIL, draft) == set()
    assert await _dates_of(engine, CARL, draft) == {"feedback_date"}
    assert await _dates_of(engine, ANNA, draft) == {"report_date"}
    history = card_text(cards_in(await anna.say("historik"))[-1])
    assert "Gav Bertil Berg rollen i ”Information till målgrupperna”" in history
    assert "Gav Carl Carlsson rollen i ”Återkoppling till deltagarna”" in history


async def test_the_role_is_refused_for_the_owner_and_for_another_users_draft(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna_oid = "a11a0000-1c2d-4e5f-8a9b-1234567890ab"
    anna = Chat(adapter, aad_object_id=anna_oid)
    proposal = await anna.propose()
    draft = action(proposal, "next_step")["data"]["draft"]
    await anna.press(action(proposal, "next_step"))
    await anna.record_phase("sent")
    await anna.record_phase("decided")
    informed = anna.last_card or {}
    form = cards_in(await anna.press(action(informed, "assign")))[-1]
    refused = cards_in(await anna.press(action(form, "assign_save"), person=anna_oid))[-1]
    assert "Du har redan fasen – välj den som ska ha den." in card_text(refused)
    assert inputs_of(refused)["person"]["value"] == anna_oid  # what she chose is kept
    refused = cards_in(await anna.press(action(form, "assign_save"), person=""))[-1]
    assert action(refused, "assign_save")["data"]["step"] == "informed"
    assert await _dates_of(sqlite_engine, f"aad:{anna_oid}", draft) >= {"dialogue_start", "feedback_date"}  # still hers
    # Someone the bot has no chat with (Bertil has never opened Dialogstöd): the reminders could not reach him.
    refused = cards_in(await anna.press(action(form, "assign_save"), person=BERTIL_OID))[-1]
    assert "Jag kan inte nå den personen i Teams: hen behöver ha öppnat en chatt med Dialogstöd" in card_text(refused)
    assert await _dates_of(sqlite_engine, BERTIL, draft) == set()
    assert await _dates_of(sqlite_engine, f"aad:{anna_oid}", draft) >= {"dialogue_start", "feedback_date"}
    carl = Chat(adapter, user_id="user-3", name="Carl Carlsson", aad_object_id=CARL_OID, conversation_id="conv-3")
    for value in (
        {"action": "assign", "draft": draft, "step": "informed"},
        {"action": "assign_save", "draft": draft, "step": "informed", "person": CARL_OID},
    ):
        replies = await carl.press({"data": value}, card={})
        assert texts_in(replies)[0] == "Jag hittar inget sådant utkast bland dina utkast."
    assert await _dates_of(sqlite_engine, CARL, draft) == set()
    # A phase whose role cannot be given shows where the dialogue stands.
    replies = await anna.press({"data": {"action": "assign", "draft": draft, "step": "decided"}}, card={})
    assert action(cards_in(replies)[-1], "phase_save")["data"]["step"] == "informed"


async def test_whoever_is_given_a_role_is_told_in_their_own_language(sqlite_engine, routine, messages) -> None:
    """The owner writes in Swedish; the colleague's Teams is in English: the notice comes in English."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    bertil = Chat(adapter, "user-2", "Bertil Berg", "en-US", BERTIL_OID, "conv-2")
    await bertil.say("hello")
    await anna.to_phases()
    await anna.record_phase("sent")
    await anna.record_phase("decided")
    replies = await _assign(anna, anna.last_card or {}, BERTIL_OID)
    [to_bertil] = _cards_to(replies, "conv-2")
    assert card_text(to_bertil).startswith(
        "Anna Andersson has given you the role Communicator (kommunikatör) in the citizen dialogue “Aktiviteter på"
        " Råcksta aktivitetscenter”: you get the reminders for Information to the target groups, Feedback to participants."
    )
    assert card_text(to_bertil).endswith("\nOpen link\nReminders\nHelp")
    [link] = [a["url"] for a in to_bertil["actions"] if a["type"] == "Action.OpenUrl"]
    assert link.endswith("?lang=en")  # the page in the language of his chat
    assert "Bertil Berg har nu rollen Kommunikatör" in " ".join(texts_in(replies))  # the owner's reply stays Swedish


@pytest.mark.parametrize(
    ("owner_locale", "their_locale", "note", "not_note"),
    [
        ("sv-SE", "en-US", "Kommunikatör för Information till målgrupperna, Återkoppling till deltagarna", "Communicator"),
        (
            "en-US",
            "sv-SE",
            "Communicator (kommunikatör) for Information to the target groups, Feedback to participants",
            "Kommunikatör för",
        ),
    ],
    ids=["owner-sv", "owner-en"],
)
async def test_the_note_with_a_roles_link_is_in_the_owners_language(
    sqlite_engine, routine, messages, owner_locale: str, their_locale: str, note: str, not_note: str
) -> None:
    """m7: what the owner asks of the person given a role (the note with their link, shown when they open the draft
    shared with them) is the owner's words, in the owner's language, whatever the language of the person's chat."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter, locale=owner_locale)
    bertil = Chat(adapter, "user-2", "Bertil Berg", their_locale, BERTIL_OID, "conv-2")
    await bertil.say("hej")
    await anna.to_phases()
    await anna.record_phase("sent")
    await anna.record_phase("decided")
    await _assign(anna, anna.last_card or {}, BERTIL_OID)
    listing = cards_in(await bertil.say("shared with me"))[-1]
    opened = card_text(cards_in(await bertil.press(action(listing, "shared_open")))[-1])
    assert note in opened and not_note not in opened


async def test_in_local_mode_a_typed_name_finds_the_one_person_of_that_name(engine) -> None:
    """The /chat page has no people picker: a role or a review typed by name goes to the one person of that name
    who has a chat with the bot, in the language of that chat; two of a name, or a name in Teams, find nobody reachable."""
    conversations = SqlConversationRefs(engine)
    for user_id, name in (("lokal-k", "Karin Kommunikatör"), ("lokal-a1", "Anna Ek"), ("lokal-a2", "anna ek")):
        await conversations.save(f"c-{user_id}", "personal", user_id, {"user": {"id": user_id, "name": name}})
    local = TeamsDirectory(conversations, local_mode=True)
    # Named as the person found is named, not as typed.
    assert await local.recipient("karin kommunikatör", False) == Recipient("lokal-k", "Karin Kommunikatör", reachable=True)
    english = {"user": {"id": "lokal-k", "name": "Karin Kommunikatör"}, "locale": "en-GB"}
    await conversations.save("c-lokal-k", "personal", "lokal-k", english)
    assert await local.recipient("Karin Kommunikatör", False) == Recipient(
        "lokal-k", "Karin Kommunikatör", reachable=True, lang="en"
    )
    assert not (await local.recipient("Anna Ek", False)).reachable  # two of that name: neither is guessed
    assert not (await local.recipient("Bo Nilsson", False)).reachable
    in_teams = TeamsDirectory(conversations)
    assert await in_teams.recipient("Karin Kommunikatör", False) == Recipient("name:Karin Kommunikatör", "Karin Kommunikatör")


async def test_in_the_local_chat_the_role_goes_to_the_person_found_with_a_link_and_only_what_is_ahead(
    sqlite_engine, routine, messages
) -> None:
    """Try-out 4, finding 4: on the /chat page (no people picker) Anna types "kim berg" on the feedback's card, the
    information to the target groups already recorded. Kim is named as Kim is known, not as typed; Kim's notice leads to
    the dialogue's page, as a share's does; and it promises the reminders still ahead, not those of a phase recorded."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter, channel_id="webchat", aad_object_id=None)
    kim = Chat(
        adapter, user_id="lokal-kim", name="Kim Berg", aad_object_id=None, conversation_id="conv-kim", channel_id="webchat"
    )
    await kim.say("hej")
    await anna.to_phases()
    for phase_id in PHASES[: PHASES.index("fed_back")]:
        await anna.record_phase(phase_id, **({"evaluated_on": "2027-04-01"} if phase_id == "evaluated" else {}))
    fed_back = anna.last_card or {}
    form = cards_in(await anna.press(action(fed_back, "assign")))[-1]
    assert "får påminnelserna för Återkoppling till deltagarna och" in card_text(form)
    replies = await anna.press(action(form, "assign_save"), person="kim berg")
    assert "Kim Berg har nu rollen Kommunikatör för Återkoppling till deltagarna och får deras påminnelser." in texts_in(replies)
    [to_kim] = _cards_to(replies, "conv-kim")
    told = card_text(to_kim)
    assert (
        "Anna Andersson har gett dig rollen Kommunikatör i medborgardialogen ”Aktiviteter på Råcksta aktivitetscenter”:"
        " du får påminnelserna för Återkoppling till deltagarna." in told
    )
    assert "Information till målgrupperna" not in told
    [link] = [a["url"] for a in to_kim["actions"] if a["type"] == "Action.OpenUrl"]
    assert link.startswith("https://dialogstod.example.se/d/") and link.endswith("?lang=sv")
    assert "Kommunikatör: Kim Berg (får fasens påminnelser)" in card_text(cards_in(replies)[-1])
    history = card_text(cards_in(await anna.say("historik"))[-1])
    assert "Gav Kim Berg rollen i ”Återkoppling till deltagarna”" in history and "kim berg" not in history


async def test_after_the_role_moves_the_old_holders_reminder_buttons_say_who_has_it_and_the_new_holders_work(
    sqlite_engine, routine, messages
) -> None:
    """Bertil got the feedback's reminder card as kommunikatör (14 days before 2027-04-15: due on 1 April, the day the
    evaluation is recorded). Then Anna gives the role to Carl. Bertil's Klar and Påminn mig i morgon would act in a role that
    is not his: each says, in his language, that Carl has it now, and leads on; nothing is planned for him. Carl's own
    reminder card works."""
    built, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    bertil = Chat(adapter, "user-2", "Bertil Berg", "en-US", BERTIL_OID, "conv-2")
    carl = Chat(adapter, user_id="user-3", name="Carl Carlsson", aad_object_id=CARL_OID, conversation_id="conv-3")
    await bertil.say("hej")
    await carl.say("hej")
    await anna.to_phases()
    await anna.record_phase("sent")
    await anna.record_phase("decided")
    anna.last_card = cards_in(await _assign(anna, anna.last_card or {}, BERTIL_OID))[-1]
    for phase_id in PHASES[PHASES.index("informed") : PHASES.index("fed_back")]:
        await anna.record_phase(phase_id, **({"evaluated_on": "2027-04-01"} if phase_id == "evaluated" else {}))
    fed_back = anna.last_card or {}
    assert await built.reminder_sender.poll_once() >= 1
    sent = []
    while (activity := adapter.get_next_activity()) is not None:
        sent.append(activity)
    [reminder] = _cards_to(sent, "conv-2")
    assert "Feedback to participants 2027-04-15" in card_text(reminder)

    await _assign(anna, fed_back, CARL_OID)
    for button in ("reminder_done", "reminder_snooze"):
        replies = await bertil.press(action(reminder, button), card=reminder)
        [refused] = cards_in(replies)
        assert card_text(refused) == (
            "Carl Carlsson now has the role Communicator (kommunikatör) in the citizen dialogue “Aktiviteter på Råcksta"
            " aktivitetscenter”.\nThe reminders of the role's phases go to them now – you need not do anything about this"
            " one.\nReminders\nHelp"
        )
    assert (
        await _dates_of(sqlite_engine, BERTIL, action(fed_back, "phase_save")["data"]["draft"]) == set()
    )  # no reminder snoozed for him
    assert "Feedback to participants" not in card_text(cards_in(await bertil.say("reminders"))[-1])

    # Carl's reminder of the same date: his to put off.
    async with built.services.uow() as tx:
        [due] = [r for r in await tx.reminders.upcoming(CARL, 50) if r.deadline_key.endswith("feedback_date")][:1]
        deadline = await built.services.deadlines.describe(tx, due)
    [his] = render(CardContext(routine, messages, "sv"), ReminderView(due, deadline))
    assert isinstance(his, dict)
    assert texts_in(await carl.press(action(his, "reminder_snooze"), card=his)) == ["Jag påminner dig igen i morgon."]


async def test_after_the_role_moves_the_old_holders_link_says_who_has_it_and_the_new_holders_opens(
    client, connector, clock
) -> None:
    """Bertil's link came with the role; once Anna gives it to Carl it opens no more: the page says, in the language of
    Bertil's chat, that Carl has the role now and whom to ask. Carl's link opens the dialogue; Anna's sharing list shows
    Bertil's link revoked."""
    anna = HttpChat(client, connector, clock=clock)
    bertil = HttpChat(client, connector, {**BERTIL_USER}, "a:personal-bertil")
    carl = HttpChat(client, connector, {**CARL_USER}, "a:personal-carl")
    await bertil.post(text="hello", locale="en-US")
    await carl.say("hej")
    await anna.join()
    proposal = await anna.press(action(await anna.walk_wizard(), "create_proposal")["data"])
    card = await anna.press(action(proposal, "next_step")["data"])
    for phase_id in ("sent", "decided"):
        card = await anna.press(action(card, "phase_save")["data"], PHASE_ANSWERS[phase_id])
    links = {}
    for person, chat in ((BERTIL_OID, bertil), (CARL_OID, carl)):
        form = await anna.press(action(card, "assign")["data"], card=card)
        card = await anna.press(action(form, "assign_save")["data"], {"person": person}, card=form)
        [links[person]] = [urlsplit(url) for url in links_of(chat.cards_here()[-1]).values()]
    bertils, carls = links[BERTIL_OID], links[CARL_OID]
    assert bertils.query == "lang=en"
    gone = await client.get(f"{bertils.path}?{bertils.query}")
    text = html.unescape(await gone.text())
    assert gone.status == 410 and "Someone else has the role now" in text
    assert (
        "Carl Carlsson now has the role Communicator (kommunikatör) in the citizen dialogue “Aktiviteter på Råcksta"
        " aktivitetscenter”. The link came with the role and no longer works. If you still need to read the dialogue, ask"
        " Anna Andersson to share it with you."
    ) in text
    opened = await client.get(f"{carls.path}?{carls.query}")
    assert opened.status == 200 and "Aktiviteter på Råcksta aktivitetscenter" in html.unescape(await opened.text())
    shares = card_text(await anna.press({"action": "shares", "draft": action(card, "phase_save")["data"]["draft"]}))
    assert "Bertil Berg – Roll – återkallad" in shares and "Carl Carlsson – Roll – gäller till" in shares
