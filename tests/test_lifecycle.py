"""After the proposal: a dialogue taken through every phase to its closed file, a rejected decision, a phase
corrected, typed requests, Mina utkast, the history, the page, and another user's ids refused: through the
test adapter (SQLite and PostgreSQL) and through the real app."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient
from docx import Document

from bot.settings import Settings
from bot.share_pages import DOCX_TYPE
from cards.elements import CardContext
from cards.pages import shared_draft_page
from dialogs.fields import line_key
from dialogs.personal_data import collect
from storage.unit_of_work import unit_of_work_factory
from tests.fake_connector import FakeConnector
from tests.support import (
    ANSWERS,
    FIXED_NOW,
    PHASE_ANSWERS,
    PHASES,
    THEMES,
    Chat,
    HttpChat,
    SettableClock,
    StartApp,
    action,
    actions_of,
    as_read,
    card_text,
    cards_in,
    error_beside,
    history_of,
    inputs_of,
    links_of,
    make_bot,
    phase_of,
    texts_in,
    walk,
)


async def _proposed(chat: Chat, external: bool = False, **start: str) -> dict[str, Any]:
    """A draft through the wizard to its proposal (`start`: answers of the first step changed); returns the proposal
    card."""
    first = {**start, **({"initiative": "external"} if external else {})}
    return await chat.propose({"start": first} if first else None)


async def _to_phase(chat: Chat, phase_id: str, external: bool = False, **start: str) -> None:
    proposal = await _proposed(chat, external, **start)
    await chat.press(action(proposal, "next_step"))
    for p in PHASES[: PHASES.index(phase_id)]:
        await chat.record_phase(p)
    assert phase_of(chat.last_card) == phase_id


async def test_an_internal_dialogue_goes_from_its_proposal_through_every_phase_to_a_closed_file(
    engine, routine, messages
) -> None:
    _, adapter = make_bot(engine, routine, messages)
    chat = Chat(adapter)
    proposal = await _proposed(chat)
    replies = await chat.press(action(proposal, "next_step"))
    assert texts_in(replies)[0].startswith("Nästa steg för ”Aktiviteter på Råcksta aktivitetscenter”: Registrera vilket")
    for phase_id in PHASES:
        assert phase_of(chat.last_card) == phase_id
        text = card_text(chat.last_card or {})
        n = PHASES.index(phase_id) + 1
        assert f"Efter förslaget – fas {n} av {len(PHASES)}" in text and "Ansvar enligt rutinen:" in text
        assert "initiativtagaren" not in text  # an internal initiative has none
        await chat.record_phase(phase_id)
    closed = chat.last_card or {}
    assert "Ärendet är avslutat" in card_text(closed) and routine.lifecycle.closed("sv") in card_text(closed)
    assert "Rätta Nämndens beslut" in card_text(closed)
    assert "phase_save" not in {a["data"]["action"] for a in actions_of(closed)}
    # The file closed, the user has left it: what leads on from a reply of words is new work, not "Fortsätt utkastet".
    ways = [a["data"]["action"] for a in actions_of(cards_in(await chat.say("tack"))[-1])]
    assert "new" in ways and "resume" not in ways, ways

    history = cards_in(await chat.press(action(closed, "history")))[-1]
    assert history_of(history) == [
        "Förslag 1 skapades",
        *[f"Registrerade ”{routine.phase(p).title('sv')}”" for p in PHASES],  # type: ignore[union-attr]
        "Ärendet avslutades",
    ]
    assert card_text(history).count("Anna Andersson") == len(PHASES) + 2
    listing = cards_in(await chat.say("mina utkast"))[-1]
    assert "Avslutat" in card_text(listing)
    again = cards_in(await chat.say("vad är nästa steg?"))[-1]
    assert "Ärendet är avslutat" in card_text(again)


async def test_the_repeated_phases_have_a_field_per_group_and_per_theme(chat: Chat) -> None:
    await _to_phase(chat, "held")
    await chat.record_phase("held", not_reached="")  # every group reached: a count for each
    assert set(inputs_of(chat.last_card or {})) == {"participants__affected_low_activity", "participants__affected_active"}
    await chat.record_phase("participation", participants__affected_low_activity="4")
    assert set(inputs_of(chat.last_card or {})) == {f"said__{line_key(t)}" for t in THEMES}
    assert f"Vad sa deltagarna om ”{THEMES[0]}”?" in card_text(chat.last_card or {})
    await chat.record_phase("inputs")
    await chat.record_phase("evaluated")
    ledger = chat.last_card or {}
    assert set(inputs_of(ledger)) == {f"{f}__{line_key(t)}" for t in THEMES for f in ("response", "response_why")}
    assert "Du sa – vi gjorde" in card_text(ledger) and "Tas delvis tillvara" in card_text(ledger)


async def test_themes_are_one_per_line_and_at_most_ten(chat: Chat) -> None:
    await _to_phase(chat, "held")
    eleven = "\n".join(f"- Tema {n}" for n in range(11))
    card = cards_in(await chat.record_phase("held", themes=eleven))[-1]
    assert error_beside(card, "themes") == "Högst 10 rader (du skrev 11)."
    assert inputs_of(card)["themes"]["value"] == eleven  # what was typed is kept
    twelve = eleven + "\n- Tema 3"  # a repeated line is one theme, but counted as typed
    card = cards_in(await chat.press(action(card, "phase_save"), themes=twelve))[-1]
    assert error_beside(card, "themes") == "Högst 10 rader (du skrev 12)."
    await chat.press(action(card, "phase_save"), themes="\n- Kvällar\n\nkvällar\n* Webben\n")
    await chat.record_phase("participation")
    themes = [f"said__{line_key(t)}" for t in ("Kvällar", "Webben")]
    assert phase_of(chat.last_card) == "inputs" and set(inputs_of(chat.last_card or {})) == set(themes)


@pytest.mark.parametrize("typed", ["det här är en anteckning", "nämnden sammanträder snart"])
async def test_text_typed_under_a_phase_card_points_to_its_save_and_shows_it_again(chat: Chat, typed: str) -> None:
    """Under "Nämndens beslut" (several fields), text that says neither its Spara ("spara", "klar") nor a request, nor
    gives the card a value (tests/test_tryout8_lifecycle.py), gets what a step's card of several fields gets: the card's
    own Spara saves it (a typed message brings none of its inputs), and the card again with its own ways on; nothing is
    recorded. A question under it is still answered from the routine. The card's Spara then records the phase."""
    await _to_phase(chat, "decided")
    shown = chat.last_card
    replies = await chat.say(typed)
    assert texts_in(replies) == [
        "Det du skriver i chatten sparas inte i ”Nämndens beslut”: fyll i kortet och tryck på ”Spara”, eller skriv ”hjälp”."
    ]
    card = cards_in(replies)[-1]
    assert phase_of(card) == "decided" and [a["title"] for a in actions_of(card)] == [a["title"] for a in actions_of(shown)]
    answer = await chat.say("vem ansvarar för informationen till målgrupperna?")
    assert not any("sparas inte" in t for t in texts_in(answer)) and "Spara" not in [
        a["title"] for a in actions_of(cards_in(answer)[-1])
    ]
    await chat.press(action(card, "phase_save"), card=card, **PHASE_ANSWERS["decided"])
    assert phase_of(chat.last_card) == "informed"


async def test_text_typed_under_a_phase_card_of_one_field_is_its_answer(chat: Chat) -> None:
    """Try-out 7: "Till nämnden" asks an internal dialogue one thing, the meeting's date, and with one theme come in, "Du
    sa" asks one thing, as a one-field step does: what is typed under it is the answer, recorded as its Spara would, and
    the next phase's card follows; a question under it is still answered."""
    await chat.to_phases()
    assert phase_of(chat.last_card) == "sent" and len(inputs_of(chat.last_card or {})) == 1
    assert phase_of(cards_in(await chat.say("2027-01-20"))[-1]) == "decided"
    for phase_id in PHASES[PHASES.index("decided") : PHASES.index("held")]:
        await chat.record_phase(phase_id)
    await chat.record_phase("held", themes=THEMES[0])
    await chat.record_phase("participation")
    assert phase_of(chat.last_card) == "inputs" and len(inputs_of(chat.last_card or {})) == 1
    answer = await chat.say("vem ansvarar för informationen till målgrupperna?")
    assert "Avdelningschef ansvarar för" in card_text(cards_in(answer)[0]) and "phase_save" not in str(cards_in(answer))
    await chat.press(action(cards_in(answer)[-1], "next_step"))
    said = "Många vill ha aktiviteter efter klockan 17."
    replies = await chat.say(said)
    assert phase_of(cards_in(replies)[-1]) == "evaluated"
    draft = action(chat.last_card or {}, "phase_save")["data"]["draft"]
    again = cards_in(await chat.press({"data": {"action": "phase_edit", "draft": draft, "step": "inputs"}}, card={}))[-1]
    assert [field["value"] for field in inputs_of(again).values()] == [said]


async def test_downloading_the_report_offers_the_way_back_beside_the_downloads(chat: Chat) -> None:
    await _to_phase(chat, "reported")
    replies = await chat.say("ladda ner redovisningen")
    assert any(url.endswith("/redovisning.pdf") for card in cards_in(replies) for url in links_of(card).values())
    assert [a["data"]["action"] for a in actions_of(cards_in(replies)[-1])] == ["next_step", "phases"]


async def test_a_rejected_decision_needs_its_reasons_and_closes_the_file_with_them(chat: Chat, routine) -> None:
    await _to_phase(chat, "decided")
    card = cards_in(await chat.record_phase("decided", decision="rejected"))[-1]
    assert error_beside(card, "rejection_reason") == "Fyll i det här fältet."
    reason = "Nämnden vill vänta på den nya lokalplanen."
    closed = cards_in(await chat.press(action(card, "phase_save"), decision="rejected", rejection_reason=reason))[-1]
    text = card_text(closed)
    assert "Ärendet är avslutat" in text and routine.phase("decided").ends.verdict("sv") in text and reason in text
    assert "next_step" not in {a["data"]["action"] for a in actions_of(closed)}
    listing = card_text(cards_in(await chat.say("mina utkast"))[-1])
    assert "Avslutat – nämnden avslog förslaget" in listing
    history = cards_in(await chat.press(action(closed, "history")))[-1]
    assert history_of(history)[-2:] == ["Registrerade ”Nämndens beslut”", "Ärendet avslutades efter avslag"]


async def test_a_changed_decision_needs_the_change(chat: Chat) -> None:
    await _to_phase(chat, "decided")
    card = cards_in(await chat.record_phase("decided", decision="changed"))[-1]
    assert error_beside(card, "decision_change") == "Fyll i det här fältet."
    assert error_beside(card, "rejection_reason") is None
    await chat.press(action(card, "phase_save"), decision="changed", decision_change="Dialogen ska också vara digital.")
    assert phase_of(chat.last_card) == "informed"


async def test_an_earlier_phase_can_be_corrected_and_the_history_says_so(chat: Chat) -> None:
    await _to_phase(chat, "held")
    phases = cards_in(await chat.press(action(chat.last_card or {}, "phases")))[-1]
    assert "Nu: Genomförd dialog." in card_text(phases)
    decided = cards_in(await chat.press(action(phases, "phase_edit", step="decided")))[-1]
    assert inputs_of(decided)["paragraph"]["value"] == "§ 12"
    after = cards_in(await chat.press(action(decided, "phase_save"), paragraph="§ 14"))[-1]
    assert phase_of(after) == "held"  # back to where the dialogue stands
    history = cards_in(await chat.say("historik"))[-1]
    assert history_of(history)[-1] == "Rättade ”Nämndens beslut”"
    # A date before the one it must follow is refused beside the field, and nothing changes.
    decided = cards_in(await chat.press(action(after, "phases")))[-1]
    decided = cards_in(await chat.press(action(decided, "phase_edit", step="decided")))[-1]
    refused = cards_in(await chat.press(action(decided, "phase_save"), decided_on="2027-01-01"))[-1]
    assert error_beside(refused, "decided_on") == "Datumet får inte vara före ”Nämndens sammanträde” (2027-01-20)."


async def test_a_phase_records_what_has_happened_and_refuses_a_date_still_ahead(sqlite_engine, routine, messages) -> None:
    """A file is not closed on plans: the decision, the information, the dialogue held, its evaluation … are
    recorded on or after the day they happened, and a later date is refused beside its field, nothing saved. With the
    nämnd's meeting still ahead no day of its decision is right yet: one error says why, whatever day is typed."""
    _, adapter = make_bot(sqlite_engine, routine, messages, clock=lambda: FIXED_NOW)  # today stays 2026-11-23
    chat = Chat(adapter)
    await _to_phase(chat, "decided")  # the council's meeting, ahead, is a plan: accepted
    why = (
        "Det här kan registreras först när det har hänt: ”Nämndens sammanträde” är 2027-01-20, och den dagen har inte kommit än."
    )
    refused = cards_in(await chat.record_phase("decided"))[-1]  # decided on 2027-01-20, the meeting's day, still ahead
    assert error_beside(refused, "decided_on") == why  # one error that says why, not "not after today"
    assert phase_of(refused) == "decided"
    refused = cards_in(await chat.record_phase("decided", decided_on="2026-11-23"))[-1]  # today: before the meeting
    assert error_beside(refused, "decided_on") == why  # the same, not "not before the meeting"
    assert "Registrerade ”Nämndens beslut”" not in card_text(cards_in(await chat.say("historik"))[-1])


async def test_a_phase_card_shows_what_was_planned_until_it_is_recorded(chat: Chat) -> None:
    """The nämnd's meeting is the planned decision date, the evaluation the planned method: filled in to confirm or
    change, not typed again. The days the dialogue was held are not: a plan is not to be recorded as what happened
    with one click."""
    await _to_phase(chat, "sent")
    assert inputs_of(chat.last_card or {})["board_meeting"]["value"] == ANSWERS["timeline"]["decision_date"]
    for phase_id in PHASES[: PHASES.index("held")]:
        await chat.record_phase(phase_id)
    held = inputs_of(chat.last_card or {})
    assert (held["held_from"].get("value", ""), held["held_to"].get("value", "")) == ("", "")
    for phase_id in PHASES[PHASES.index("held") : PHASES.index("evaluated")]:
        await chat.record_phase(phase_id)
    assert inputs_of(chat.last_card or {})["evaluation_how"]["value"] == ANSWERS["evaluation"]["evaluation_method"]
    # What is recorded is what stays: the card shown again holds the recorded answer, not the plan.
    await chat.record_phase("evaluated", evaluation_how="Fokusgrupp i maj.")
    phases = cards_in(await chat.press(action(chat.last_card or {}, "phases")))[-1]
    again = cards_in(await chat.press(action(phases, "phase_edit", step="evaluated")))[-1]
    assert inputs_of(again)["evaluation_how"]["value"] == "Fokusgrupp i maj."


async def test_an_old_phase_card_is_stale_and_changes_nothing(chat: Chat) -> None:
    await _to_phase(chat, "decided")
    old = chat.last_card or {}
    await chat.record_phase("decided")
    replies = await chat.press(action(old, "phase_save"), paragraph="§ 99")
    assert "Det kortet är redan besvarat" in texts_in(replies)[0]
    assert phase_of(chat.last_card) == "informed"
    history = cards_in(await chat.say("historik"))[-1]
    assert "Rättade" not in card_text(history)


async def test_typed_requests_after_the_proposal(chat: Chat) -> None:
    assert "Du har inga utkast än." in card_text(cards_in(await chat.say("registrera beslut"))[-1])
    await _to_phase(chat, "sent")
    replies = await chat.say("nämnden har beslutat")
    assert phase_of(cards_in(replies)[-1]) == "decided"
    replies = await chat.say("vad är nästa steg?")
    assert texts_in(replies)[0] == (
        "Nästa steg för ”Aktiviteter på Råcksta aktivitetscenter”: Registrera vilket sammanträde förslaget går till."
    )
    assert phase_of(cards_in(replies)[-1]) == "sent"
    assert "Förslag 1 skapades" in card_text(cards_in(await chat.say("historik"))[-1])
    where = await chat.say("var är jag?")
    assert texts_in(where)[0].startswith("Nästa steg för") and phase_of(cards_in(where)[-1]) == "sent"


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        (
            "sv-SE",
            {
                "decision": "nämnden har beslutat",
                "record": "registrera beslut",
                "review": "skicka till avdelningschef",
                "report": "redovisning",
                "history": "historik",
                "next": "vad är nästa steg?",
            },
        ),
        (
            "en-GB",
            {
                "decision": "the council has decided",
                "record": "record the decision",
                "review": "send to the head of department",
                "report": "download the report",
                "history": "show the history",
                "next": "what is the next step?",
            },
        ),
    ],
    ids=["sv", "en"],
)
async def test_every_typed_request_of_the_lifecycle_in_both_languages(sqlite_engine, routine, messages, locale, typed) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter, locale=locale)
    await _to_phase(chat, "sent")
    draft = action(chat.last_card or {}, "phase_save")["data"]["draft"]
    assert phase_of(cards_in(await chat.say(typed["decision"]))[-1]) == "decided"
    assert phase_of(cards_in(await chat.say(typed["record"]))[-1]) == "decided"
    review = cards_in(await chat.say(typed["review"]))[-1]
    assert action(review, "review_send")["data"]["draft"] == draft  # the form to send it to the avdelningschef
    not_yet = card_text(cards_in(await chat.say(typed["report"]))[-1])
    assert ("kan jag skriva först när" if locale == "sv-SE" else "I can write the report on") in not_yet
    history = card_text(cards_in(await chat.say(typed["history"]))[-1])
    assert ("Förslag 1 skapades" if locale == "sv-SE" else "Proposal 1 was created") in history
    nxt = await chat.say(typed["next"])
    assert phase_of(cards_in(nxt)[-1]) == "sent"


async def test_before_the_proposal_there_is_no_decision_to_record_and_the_next_step_is_the_wizards(chat: Chat) -> None:
    await chat.to_step("scope")
    replies = await chat.say("nämnden har beslutat")
    assert "har inget förslag än, så det finns inget beslut att registrera" in card_text(cards_in(replies)[-1])
    replies = await chat.say("vad är nästa steg?")
    assert (
        texts_in(replies)[0]
        == "”Aktiviteter på Råcksta aktivitetscenter” planeras fortfarande: nästa steg är att fylla i ”Omfattning”."
    )
    assert action(cards_in(replies)[-1], "submit")["data"]["step"] == "scope"


async def test_mina_utkast_shows_the_phase_and_the_next_thing_to_do(chat: Chat) -> None:
    await _to_phase(chat, "informed")
    listing = cards_in(await chat.say("mina utkast"))[-1]
    assert (
        "Förslag skapat · Fas 3 av 12: Information till målgrupperna · Att göra: Registrera när och hur målgrupperna"
        " fick information" in card_text(listing)
    )
    resumed = cards_in(await chat.press(action(listing, "resume")))[-1]
    assert phase_of(resumed) == "informed"
    assert "Historik" in card_text(listing)


async def test_another_users_ids_are_refused_at_every_new_action(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    await _to_phase(anna, "decided")
    card = anna.last_card or {}
    draft = action(card, "phase_save")["data"]["draft"]
    bertil = Chat(adapter, user_id="user-2", name="Bertil Berg", aad_object_id="aad-bertil", conversation_id="conv-2")
    version = action(card, "phase_save")["data"]["version"]
    presses = [
        {"action": "phase_save", "draft": draft, "step": "decided", "version": version, **PHASE_ANSWERS["decided"]},
        {"action": "phase_edit", "draft": draft, "step": "decided"},
        {"action": "phases", "draft": draft},
        {"action": "history", "draft": draft},
        {"action": "decision", "draft": draft},
        {"action": "next_step", "draft": draft},
        {"action": "text", "draft": draft, "text": "information"},
        {"action": "text_docx", "draft": draft, "text": "information"},
        {"action": "report", "draft": draft},
        {"action": "review", "draft": draft},
        {"action": "review_send", "draft": draft, "person": "aad-bertil"},
        {"action": "assign", "draft": draft, "step": "informed"},
        {"action": "assign_save", "draft": draft, "step": "informed", "person": "aad-bertil"},
    ]
    for value in presses:
        replies = await bertil.press({"data": value}, card={})
        assert texts_in(replies)[0] == "Jag hittar inget sådant utkast bland dina utkast.", value["action"]
        assert "Aktiviteter på Råcksta" not in "".join(card_text(c) for c in cards_in(replies)), value["action"]
    # Nothing changed: Anna's dialogue is still at the decision, with no one else in its history.
    assert phase_of(cards_in(await anna.say("vad är nästa steg?"))[-1]) == "decided"
    assert "Bertil" not in card_text(cards_in(await anna.say("historik"))[-1])


async def test_deleting_a_dialogue_deletes_its_history_and_the_export_has_it(chat: Chat, sqlite_engine) -> None:
    await _to_phase(chat, "decided")
    draft = action(chat.last_card or {}, "phase_save")["data"]["draft"]
    uow = unit_of_work_factory(sqlite_engine)
    async with uow() as tx:
        data = await collect(tx, "aad:aad-anna", FIXED_NOW)
    assert [e.kind for e in data.history] == ["proposed", "phase_done"]
    confirm = cards_in(await chat.press({"data": {"action": "delete", "draft": draft}}, card={}))[-1]
    await chat.press(action(confirm, "delete_confirm"))
    async with uow() as tx:
        assert await tx.history.for_draft(draft, 10) == []


async def test_an_external_dialogue_over_http_to_a_closed_file_with_its_page(
    tmp_path, connector: FakeConnector, start_app: StartApp
) -> None:
    clock = SettableClock(FIXED_NOW)
    client: TestClient = await start_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'http.db'}"), clock)
    chat = HttpChat(client, connector, clock=clock)
    await chat.join()
    card = await chat.press({"action": "new"})
    for step_id in ANSWERS:
        typed = {**ANSWERS[step_id], **({"initiative": "external"} if step_id == "start" else {})}
        card = await chat.press(next(a for a in card["actions"] if a["data"]["action"] == "submit")["data"], typed)
    card = await chat.press(action(card, "create_proposal")["data"])
    card = await chat.press(action(card, "next_step")["data"])
    asked = []
    for phase_id in PHASES:
        assert phase_of(card) == phase_id
        asked += [i for i in inputs_of(card) if i.startswith("initiator_")]
        card = await chat.press(action(card, "phase_save")["data"], PHASE_ANSWERS[phase_id])
    assert asked == ["initiator_told_on", "initiator_answered_on"]
    assert "Ärendet är avslutat" in card_text(card)
    link = await chat.press({"action": "open_page", "draft": action(card, "history")["data"]["draft"]})
    [url] = [a["url"] for a in link["actions"] if a["type"] == "Action.OpenUrl"]
    page = await (await client.get(urlsplit(url).path)).text()
    assert "Var dialogen står" in page and "Ärendet är avslutat" in page.replace("&#34;", '"')
    assert "Du sa – vi gjorde" in page and "Två kvällar i veckan från hösten." in page
    assert "Anna Andersson: Registrerade ”Nämndens beslut”" in page and "Ärendet avslutades" in page
    # The feedback to participants as Word, in Swedish to send and in English to read.
    links = await chat.press({"action": "text_docx", "draft": action(card, "history")["data"]["draft"], "text": "feedback"})
    [url] = [a["url"] for a in links["actions"] if a["type"] == "Action.OpenUrl"]
    for query, expected in (
        ("", "Förvaltningens svar: Tas tillvara."),
        ("?lang=en", "The administration's answer: Taken into account."),
    ):
        response = await client.get(urlsplit(url).path + query)
        assert response.status == 200 and response.content_type == DOCX_TYPE
        # named as the proposal is: what it is and the draft it is about, not "feedback.docx"
        named = {"": "aterkoppling-du-sa-vi-gjorde", "?lang=en": "feedback-you-said-we-did"}[query]
        suffix = "-en.docx" if query else ".docx"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="{named}-aktiviteter-pa-racksta-aktivitetscenter{suffix}"'
        )
        document = Document(io.BytesIO(await response.read()))
        assert expected in [p.text for p in document.paragraphs][4], query  # after the promise to participants
    assert (await client.get(urlsplit(url).path.replace("feedback", "nonexistent"))).status == 404


def _texts_offered(card: dict[str, Any]) -> list[str]:
    return [a["data"]["text"] for a in actions_of(card) if a["data"]["action"] == "text"]


async def test_the_texts_to_send_are_written_from_the_draft_in_the_phase_they_belong_to(chat: Chat) -> None:
    await _to_phase(chat, "sent", external=True)
    sent = chat.last_card or {}
    assert _texts_offered(sent) == ["initiator_pending"]
    letter = card_text(cards_in(await chat.press(action(sent, "text", text="initiator_pending")))[-1])
    assert "Till Råcksta hyresgästförening" in letter
    assert "Ni får svar när Hässelby-Vällingby stadsdelsnämnd har fattat beslut om förslaget om dialog." in letter
    assert "hanteras på samma sätt som medborgarförslag" in letter and "sammanträdet" not in letter
    await chat.press(action(sent, "phase_save"), **PHASE_ANSWERS["sent"])
    decided = chat.last_card or {}
    letter = card_text(cards_in(await chat.press(action(sent, "text", text="initiator_pending")))[-1])
    assert "Förslaget behandlas vid nämndens sammanträde den 20 januari 2027." in letter  # once it is known
    chat.last_card = decided
    await chat.record_phase("decided", decision="changed", decision_change="Dialogen ska också vara digital.")
    informed = chat.last_card or {}
    assert _texts_offered(informed) == ["information", "initiator_decision"]
    info = card_text(cards_in(await chat.press(action(informed, "text", text="information")))[-1])
    for said in ("vilka aktiviteter som erbjuds och när.", "öppettiderna och lokalerna.", "underlag för verksamhetsplanen 2027."):
        assert said in info  # what they can influence, what not, how the result is used: continuing the sentence
    assert "Så får ni veta vad som händer med det ni har sagt: vid ett möte i april och på anslagstavlan." in info
    answer = card_text(cards_in(await chat.press(action(informed, "text", text="initiator_decision")))[-1])
    assert (
        "den 20 januari 2027 (§ 12)" in answer and "Nämnden beslutade med ändringar: dialogen ska också vara digital." in answer
    )
    chat.last_card = informed
    for phase_id in PHASES[PHASES.index("informed") : PHASES.index("fed_back")]:
        await chat.record_phase(phase_id)
    fed_back = chat.last_card or {}
    assert _texts_offered(fed_back) == ["feedback"]
    feedback = card_text(cards_in(await chat.press(action(fed_back, "text", text="feedback")))[-1])
    assert f"Ni sa ({THEMES[0]}): många vill ha aktiviteter efter klockan 17." in feedback
    assert "Förvaltningens svar: Tas delvis tillvara. Programmet läggs på webben; inget tryckt." in feedback


async def test_a_list_typed_one_item_per_line_stays_a_list_in_the_information_text(chat: Chat) -> None:
    typed = "- Två förmiddagar med samtal över kaffe\n- En pappersenkät i stor stil"
    review = cards_in(await chat.complete_wizard({"method": {"method_description": typed}}))[-1]
    proposal = cards_in(await chat.press(action(review, "create_proposal")))[-1]
    await chat.press(action(proposal, "next_step"))
    for phase_id in PHASES[: PHASES.index("informed")]:
        await chat.record_phase(phase_id)
    info = cards_in(await chat.press(action(chat.last_card or {}, "text", text="information")))[-1]
    blocks = card_text(info).split("\n")  # each text block a line
    at = next(i for i, text in enumerate(blocks) if text.endswith("Så går den till:"))
    assert blocks[at + 1 : at + 3] == ["– Två förmiddagar med samtal över kaffe", "– En pappersenkät i stor stil"]


async def test_an_internal_dialogue_has_no_letters_to_an_initiator_and_no_text_before_its_phase(chat: Chat) -> None:
    await _to_phase(chat, "informed")
    card = chat.last_card or {}
    assert _texts_offered(card) == ["information"]
    draft = action(card, "phase_save")["data"]["draft"]
    for text in ("initiator_pending", "feedback", "nonexistent"):
        replies = await chat.press({"data": {"action": "text", "draft": draft, "text": text}}, card={})
        assert "Den texten kan jag inte skriva för" in card_text(cards_in(replies)[-1]), text


async def test_an_english_chat_gets_the_text_to_send_in_swedish_titled_in_english_with_the_english_to_read(
    sqlite_engine, routine, messages
) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    eva = Chat(adapter, "user-eva", "Eva Ek", "en-US")
    await _to_phase(eva, "informed")
    to_send = cards_in(await eva.press(action(eva.last_card or {}, "text", text="information")))[-1]
    blocks = [as_read(e["text"]) for e in walk(to_send["body"]) if e.get("type") == "TextBlock"]
    assert blocks[:3:2] == ["Information to the target groups", "In Swedish, to send"]  # no Swedish title in English
    assert any(b.startswith("Så får ni veta vad som händer med det ni har sagt") for b in blocks)
    to_read = cards_in(await eva.press(action(to_send, "text", text="information")))[-1]
    assert action(to_send, "text", text="information")["title"] == "Show it in English, to read"
    text = card_text(to_read)
    assert text.startswith("Information to the target groups\nWritten from the draft in English, to read.")
    assert "How you will hear what happens with what you said" in text and "Så får ni" not in text
    back = cards_in(await eva.press(action(to_read, "text", text="information")))[-1]
    assert card_text(back) == card_text(to_send)  # and back to the Swedish to copy


async def test_once_the_namnd_has_decided_the_plan_is_read_only_and_the_decided_version_stays(chat: Chat) -> None:
    """Finding 2: a step changed after the proposal but never made a version, then the decision recorded: no step of the
    plan opens or saves (typed, or from an old card), no new version is made, and Visa förslag shows the version
    decided on. The refusal says why, quoting the routine, with the ways on."""
    proposal = await _proposed(chat)
    purpose = cards_in(await chat.press(action(proposal, "edit", step="purpose")))[-1]
    review = cards_in(await chat.submit_step("purpose", why="Besökarna vill ha fler aktiviteter på helgerna."))[-1]
    assert action(review, "create_proposal")  # before the decision, a change may become a new version
    await chat.say("vad är nästa steg?")
    for p in PHASES[: PHASES.index("informed")]:
        await chat.record_phase(p)
    refusals = [
        await chat.press(action(proposal, "edit", step="timeline")),
        await chat.say("ändra tidplanen"),
        await chat.press(action(review, "create_proposal"), card=review),
        await chat.press(action(purpose, "submit"), card=purpose, why="Ett nytt syfte."),
    ]
    for replies in refusals:
        card = cards_in(replies)[-1]
        assert card_text(card).startswith("Nämnden har fattat beslut om ”Aktiviteter på Råcksta aktivitetscenter”")
        assert "Rutinen: Avdelningschef ansvarar för att ”beslutad medborgardialog genomförs”." in card_text(card)
        assert [a["data"]["action"] for a in actions_of(card)] == ["phases", "show_proposal"]
    draft = action(proposal, "share")["data"]["draft"]
    await chat.press({"data": {"action": "park", "draft": draft}})
    parked = cards_in(await chat.press(action(proposal, "edit", step="timeline")))[-1]  # parked, it is decided still
    assert card_text(parked).startswith("Nämnden har fattat beslut om")
    await chat.press({"data": {"action": "resume", "draft": draft}})
    shown = cards_in(await chat.say("visa förslaget"))[0]
    assert "Förslag 1" in card_text(shown) and "Nämnden har beslutat om det här förslaget" in card_text(shown)
    assert "Förslaget är skapat" not in card_text(shown) and "har ändrats" not in card_text(shown)
    assert not {"edit", "create_proposal"} & {a["data"]["action"] for a in actions_of(shown)}
    history = card_text(cards_in(await chat.say("historik"))[-1])
    assert "Förslag 2" not in history and history.count("ändrades efter förslaget") == 1


async def test_where_am_i_after_the_proposal_and_show_the_proposal_on_a_complete_draft(chat: Chat) -> None:
    """Finding 9 and 15: on the review with every step answered, "visa förslaget" offers to create it; created, it says
    so once; "var är jag?" then answers where the case stands, with its card, though the proposal left the draft."""
    review = cards_in(await chat.complete_wizard())[-1]
    offer = cards_in(await chat.say("visa förslaget"))[-1]
    assert card_text(offer).startswith("”Aktiviteter på Råcksta aktivitetscenter” har alla steg besvarade men inget förslag än.")
    created = cards_in(
        await chat.press(action(offer, "create_proposal", version=action(review, "create_proposal")["data"]["version"]))
    )[0]
    assert "Förslag 1" in card_text(created) and "Förslaget är skapat" in card_text(created)
    assert "Förslaget är skapat" not in card_text(cards_in(await chat.say("visa förslaget"))[0])  # said once
    where = await chat.say("var är jag?")
    assert texts_in(where)[0].startswith("Nästa steg för ”Aktiviteter på Råcksta aktivitetscenter”")
    assert phase_of(cards_in(where)[-1]) == "sent"


async def test_the_decision_recorded_on_a_proposal_never_approved_gets_the_routines_note(chat: Chat) -> None:
    """Finding 6: the nämnd's decision recorded with no approval by the avdelningschef: a note, quoting who the routine
    says gives the proposal; a correction of the decision does not repeat it."""
    await _to_phase(chat, "decided")
    texts = texts_in(await chat.record_phase("decided"))
    assert texts[:2] == [
        "Obs: avdelningschefen har inte godkänt förslaget här innan nämnden beslutade.",
        "Rutinen: Avdelningschef ansvarar för att ”ge förslag i tjänsteutlåtande om medborgardialog, mål och syfte,"
        " ekonomiska och personella resurser samt genomförande med tidplan”.",
    ]
    assert phase_of(chat.last_card) == "informed"


async def test_an_owner_who_is_the_avdelningschef_gives_the_review_and_gets_no_note(chat: Chat) -> None:
    """Try-out 4, finding 1: Jonas chose the role Avdelningschef. The routine has the avdelningschef give the proposal,
    so the review is his: the phase card says so instead of offering to send it to himself, typed "skicka till
    avdelningschef" says the same, and recording the decision adds no note that the avdelningschef has not approved."""
    await _to_phase(chat, "sent", role="avdelningschef")
    sent = chat.last_card or {}
    yours = "Din roll är Avdelningschef: granskningen är din, eftersom det är du som ger förslaget i tjänsteutlåtandet."
    assert yours in card_text(sent)
    assert "review" not in {a["data"]["action"] for a in actions_of(sent)}
    typed = await chat.say("skicka till avdelningschef")
    assert yours in "\n".join(texts_in(typed) + [card_text(c) for c in cards_in(typed)])
    assert "review_send" not in {a["data"]["action"] for c in cards_in(typed) for a in actions_of(c)}
    await chat.say("vad är nästa steg?")
    await chat.record_phase("sent")
    texts = texts_in(await chat.record_phase("decided"))
    assert not any("Obs:" in t or t.startswith("Rutinen:") for t in texts), texts
    assert phase_of(chat.last_card) == "informed"


async def test_a_review_form_pressed_by_an_owner_who_is_the_avdelningschef_sends_nothing(chat: Chat) -> None:
    """A Skicka from a review form (one shown before Jonas's role was Avdelningschef, or forged) sends no review: the
    reply says the review is his, as the form itself would, and the history gains nothing."""
    await _to_phase(chat, "sent", role="avdelningschef")
    draft = action(chat.last_card or {}, "phase_save")["data"]["draft"]
    before = history_of(cards_in(await chat.say("historik"))[-1])
    replies = await chat.press({"data": {"action": "review_send", "draft": draft, "person": "Eva Ek"}}, card={})
    said = "\n".join(texts_in(replies) + [card_text(c) for c in cards_in(replies)])
    assert "Din roll är Avdelningschef: granskningen är din" in said and "Eva Ek" not in said
    assert history_of(cards_in(await chat.say("historik"))[-1]) == before


async def test_a_correction_that_hides_recorded_phases_is_warned_of_and_correcting_back_restores_them(chat: Chat) -> None:
    """Try-out 4, finding 3: a closed file's decision corrected to Avslag would end the dialogue at the decision, and
    the ten phases recorded after it would no longer show. The card says so first (they are kept, and come back when
    the decision is corrected back), and saves only when asked again; the rejected file then offers only what
    follows an avslag, not the information to the target groups nor the feedback."""
    await _to_phase(chat, "reported")
    closed = cards_in(await chat.record_phase("reported"))[-1]
    assert _texts_offered(closed) == ["information", "feedback"]
    decided = cards_in(await chat.press(action(closed, "phase_edit", step="decided")))[-1]
    reason = "Nämnden vill vänta på den nya lokalplanen."
    warned = cards_in(await chat.press(action(decided, "phase_save"), decision="rejected", rejection_reason=reason))[-1]
    text = card_text(warned)
    assert (
        "Med det svaret avslutas ärendet vid ”Nämndens beslut”, och de faser som är registrerade efter det visas inte"
        " längre: Information till målgrupperna, Genomförd dialog, Deltagare" in text
    )
    assert "De är sparade och kommer tillbaka om du rättar ”Nämndens beslut” igen." in text
    assert inputs_of(warned)["rejection_reason"]["value"] == reason and inputs_of(warned)["decision"]["value"] == "rejected"
    assert "Rättade" not in card_text(cards_in(await chat.say("historik"))[-1])  # nothing saved yet

    rejected = cards_in(await chat.press(action(warned, "phase_save"), card=warned))[-1]
    text = card_text(rejected)
    assert "Nämnden avslog förslaget om medborgardialog. Ärendet är avslutat." in text and reason in text
    assert _texts_offered(rejected) == [] and "report" not in {a["data"]["action"] for a in actions_of(rejected)}
    assert [a["data"]["step"] for a in actions_of(rejected) if a["data"]["action"] == "phase_edit"] == ["sent", "decided"]
    assert "Sparat men inte visat efter ”Nämndens beslut”: Information till målgrupperna, Genomförd dialog" in text
    assert "De kommer tillbaka om du rättar ”Nämndens beslut” igen." in text  # several phases: "De", not "Det"
    history = history_of(cards_in(await chat.say("historik"))[-1])
    assert history[-2:] == ["Rättade ”Nämndens beslut”", "Ärendet avslutades efter avslag"]

    decided = cards_in(await chat.press(action(rejected, "phase_edit", step="decided")))[-1]
    restored = cards_in(await chat.press(action(decided, "phase_save"), decision="as_proposed", rejection_reason=""))[-1]
    assert "Ärendet är avslutat" in card_text(restored) and "avslog" not in card_text(restored)
    edits = [a["data"]["step"] for a in actions_of(restored) if a["data"]["action"] == "phase_edit"]
    assert edits == PHASES and _texts_offered(restored) == ["information", "feedback"]


async def test_a_rejected_external_initiative_offers_the_answer_to_the_initiator_and_not_the_information(chat: Chat) -> None:
    await _to_phase(chat, "decided", external=True)
    reason = "Nämnden vill vänta på den nya lokalplanen."
    closed = cards_in(await chat.record_phase("decided", decision="rejected", rejection_reason=reason))[-1]
    assert _texts_offered(closed) == ["initiator_pending", "initiator_decision"]
    answer = card_text(cards_in(await chat.press(action(closed, "text", text="initiator_decision")))[-1])
    assert "Nämnden avslog förslaget. Skälen: nämnden vill vänta på den nya lokalplanen." in answer
    draft = action(closed, "history")["data"]["draft"]
    refused = await chat.press({"data": {"action": "text", "draft": draft, "text": "information"}}, card={})
    assert "Den texten kan jag inte skriva för" in card_text(cards_in(refused)[-1])


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("ca 3", "Ange antalet utan ”ca”, som ett heltal med siffror, t.ex. 12: ditt bästa antal om ingen räknade exakt."),
        ("3,5", "Ange antalet som ett heltal med siffror, t.ex. 12 eller 1 200."),
        ("tre", "Ange antalet som ett heltal med siffror, t.ex. 12 eller 1 200."),
    ],
)
async def test_a_count_of_participants_gets_advice_for_a_count(chat: Chat, typed: str, error: str) -> None:
    """Try-out 4, finding 5: "ca 3" participants was answered with advice on decimals ("15 000,50"). A count is a whole
    number, recorded as the count (not an estimate): the advice says so, what was typed is kept, nothing is saved."""
    await _to_phase(chat, "participation")
    field = "participants__affected_active"
    card = cards_in(await chat.record_phase("participation", **{field: typed}))[-1]
    assert error_beside(card, field) == error
    assert inputs_of(card)[field]["value"] == typed and phase_of(card) == "participation"
    card = cards_in(await chat.press(action(card, "phase_save"), **{field: "1 200"}))[-1]
    assert phase_of(card) == "inputs"


async def test_when_no_group_was_reached_the_participants_card_says_so_keeps_the_reason_and_leads_on(
    sqlite_engine, routine, messages
) -> None:
    """Every group the plan chose marked not reached: the participants' card has nothing to count. It says so plainly,
    shows what was recorded (the groups and the reason, as typed) and leads on: Spara goes to the next phase (the page
    says why the phase has no counts), and the held phase's answer can be corrected from it, after which the card asks
    for the count again."""
    built, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter)
    await _to_phase(chat, "held")
    groups = ANSWERS["target_groups"]["groups"]
    card = cards_in(await chat.record_phase("held", not_reached=groups, not_reached_why="Ingen kom till <mötena>."))[-1]
    assert phase_of(card) == "participation" and not inputs_of(card)
    text = card_text(card)
    assert (
        "Ingen av målgrupperna som planen valde nåddes: det finns inga deltagare att räkna. Nåddes någon av dem ändå, rätta"
        " svaret om vilka som inte nåddes.\n**Vilka målgrupper nåddes inte?**\nBerörda och lågaktiva gruppen, Berörda och"
        " aktiva gruppen\n**Varför nåddes de inte?**\nIngen kom till <mötena>.\nSpara för att gå vidare, eller rätta"
        " ”Genomförd dialog”.\nRätta Genomförd dialog\nSpara"
    ) in text
    assert phase_of(cards_in(await chat.press(action(card, "phase_save")))[-1]) == "inputs"  # nothing to count: on it goes
    opened = cards_in(await chat.press({"data": {"action": "open_page", "draft": action(card, "phase_save")["data"]["draft"]}}))
    [url] = links_of(opened[-1]).values()
    page = await built.conversation.sharing.page(urlsplit(url).path.rsplit("/", 1)[-1], "sv", counted=False)
    assert page is not None
    shown = shared_draft_page(CardContext(routine, messages, "sv"), page, "/c", (), None)
    assert "<h3>Deltagare</h3>\n<dl><dt></dt><dd>Ingen av målgrupperna som planen valde nåddes" in shown
    corrected = cards_in(await chat.press(action(card, "phase_edit", step="held"), card=card))[-1]
    assert phase_of(corrected) == "held" and inputs_of(corrected)["not_reached_why"]["value"] == "Ingen kom till <mötena>."
    again = cards_in(await chat.press(action(corrected, "phase_save"), not_reached="affected_low_activity"))[-1]
    assert set(inputs_of(again)) == {"participants__affected_active"} and "Ingen av målgrupperna" not in card_text(again)


async def test_the_groups_not_reached_are_the_planned_ones_and_are_not_asked_for_a_count(chat: Chat, routine) -> None:
    """Try-out 4, finding 7: "Vilka målgrupper nåddes inte?" offered all four target groups, not the two the plan chose;
    then a count was asked for a group marked not reached, and the redovisning said both that three took part from it
    and that it was not reached. The plan's groups are offered, and a group not reached is not counted."""
    await _to_phase(chat, "held")
    held = chat.last_card or {}
    planned = ANSWERS["target_groups"]["groups"].split(",")
    assert [c["value"] for c in inputs_of(held)["not_reached"]["choices"]] == planned
    refused = cards_in(await chat.record_phase("held", not_reached="unaffected_active"))[-1]  # not in the plan
    assert error_beside(refused, "not_reached") == "Välj ett av alternativen."
    participation = cards_in(await chat.press(action(refused, "phase_save"), **PHASE_ANSWERS["held"]))[-1]
    assert set(inputs_of(participation)) == {"participants__affected_active"}  # the low-activity group was not reached
    groups = {o.value: o.label("sv") for o in routine.field("groups").options}
    assert groups["affected_low_activity"] not in card_text(participation)
    assert phase_of(cards_in(await chat.record_phase("participation"))[-1]) == "inputs"
