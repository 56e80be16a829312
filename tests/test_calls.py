"""The calls calendar: the seed calls against the seed texts, status by date, iCalendar with month precision,
and planning back from a call's cut-off against a sammanträdesplan (and the reminders that follow it)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from cards.my_data import export_json
from dialogs.actor import Actor
from dialogs.calls import Call, CallStatus, DecisionBody, StatedDate, from_ics, load_calls, to_ics
from dialogs.features.calls import readable_link
from dialogs.personal_data import collect, erase
from dialogs.planning import Council, Meeting, MeetingPlan, Route, load_meeting_plan, plan_back
from tests.support import (
    Chat,
    action,
    actions_of,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    links_of,
    make_bot,
    memory_conversation,
    texts_in,
)

FIXTURES = Path(__file__).parent / "fixtures"
ANNA = Actor("aad:anna", "Anna Andersson", "sv", "conv-1")
SEEDS = {
    "skl-masterclass-2015": "seed_001_inbjudan_masterclass.txt",
    "skl-verksamhetsresultat-2018": "seed_004_inbjudan_verksamhetsresultat.txt",
    "skl-tjanster-medborgardialog-2008": "seed_003_ks_beslut_2008.txt",
}


def _seed(call_id: str) -> str:
    """The invitation (or decision) a call comes from, as one line of words (hyphens and dashes alike)."""
    text = (FIXTURES / SEEDS[call_id]).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text.replace("*", "")).replace("–", "-").lower()


def _in_seed(call_id: str, phrase: str) -> bool:
    return re.sub(r"\s+", " ", phrase).replace("–", "-").lower() in _seed(call_id)


# --- the seed calls against the seed texts ----------------------------------------------------------


@pytest.mark.parametrize("call", load_calls(), ids=lambda c: c.id)
def test_every_date_of_a_seed_call_is_stated_in_its_seed_as_precisely(call: Call) -> None:
    for kind, stated in call.stated().items():
        assert _in_seed(call.id, stated.said("sv")), (kind, stated.said("sv"))
    assert call.decision_deadline is None  # no seed names a day to decide by


def test_april_2018_stays_a_month_and_the_2008_project_is_no_call() -> None:
    calls = {c.id: c for c in load_calls()}
    network = calls["skl-verksamhetsresultat-2018"]
    assert network.first_meeting == StatedDate(2018, 4) and network.first_meeting.exact is None
    assert network.dates() == {"application_deadline": date(2018, 2, 28)}  # a month is no day to be reminded of
    project = calls["skl-tjanster-medborgardialog-2008"]
    assert project.cut_off is None and project.dates() == {}  # the PM's signing day is no deadline
    assert project.decided_by == DecisionBody.KS and _in_seed(project.id, "preliminär anmälan")


def test_the_seed_calls_carry_every_requirement_and_cost_the_seeds_name() -> None:
    calls = {c.id: c for c in load_calls()}
    masterclass = " ".join([*calls["skl-masterclass-2015"].requirements, calls["skl-masterclass-2015"].costs]).lower()
    for words in ("förtroendevalda och tjänstemän", "utbildning i medborgardialog", "egna resurser", "urvalsprocess"):
        assert words in masterclass
    assert "8 000 kr per år (ej för 2015)" in calls["skl-masterclass-2015"].costs
    assert _in_seed("skl-masterclass-2015", "8 000 kr per år (ej för 2015)")
    network = calls["skl-verksamhetsresultat-2018"]
    text = " ".join([*network.requirements, network.costs])
    for words in ("controllerfunktion", "erfarenhet kring medborgardialog", "8–10", "resor", "boende"):
        assert words in text
    assert _in_seed(network.id, "avgiftsfritt") and _in_seed(network.id, "cirka 8-10 kommuner")
    assert network.decided_by == DecisionBody.KS and _in_seed(network.id, "kommunstyrelsen fatta ett formellt beslut")
    assert "max en A4" in network.application_note


# --- status by date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2015, 10, 31), CallStatus.OPEN),
        (date(2015, 11, 1), CallStatus.CLOSING_SOON),  # 14 days before the deadline
        (date(2015, 11, 15), CallStatus.CLOSING_SOON),  # the last day
        (date(2015, 11, 16), CallStatus.CLOSED),
    ],
)
def test_status_follows_the_application_deadline(today: date, status: CallStatus) -> None:
    masterclass = load_calls()[0]
    assert masterclass.status(today) == status


def test_a_call_without_a_deadline_closes_when_it_ends() -> None:
    project = load_calls()[2]  # 2008-2010
    assert project.status(date(2010, 12, 31)) == CallStatus.OPEN
    assert project.status(date(2011, 1, 1)) == CallStatus.CLOSED


# --- iCalendar ---------------------------------------------------------------------------------------


def test_a_month_is_exported_as_an_all_month_event_and_comes_back_a_month() -> None:
    calls = load_calls()
    ics = to_ics(calls)
    [april] = [
        e
        for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")
        if str(e["uid"]) == "skl-verksamhetsresultat-2018.first_meeting@dialogstod"
    ]
    assert april.decoded("dtstart") == date(2018, 4, 1) and april.decoded("dtend") == date(2018, 5, 1)
    assert str(april["x-dialogstod-precision"]) == "month"
    assert from_ics(ics) == calls  # requirements, costs, who decides, the precision: nothing lost


# --- planning back ------------------------------------------------------------------------------------

PLAN = MeetingPlan(
    "Testby stadsdelsnämnd",
    "fastställd 2026-10-22",
    (
        Meeting(date(2027, 1, 21), date(2027, 1, 7), (Council("Pensionärsrådet", date(2027, 1, 12)),)),
        Meeting(date(2027, 2, 18), date(2027, 1, 28), (Council("Rådet för funktionshinderfrågor", date(2027, 2, 9)),)),
        Meeting(date(2027, 3, 18), date(2027, 2, 25)),
    ),
)
NETWORK = Call("net", "Nätverket", "SKR", application_deadline=date(2027, 3, 1), decided_by=DecisionBody.NAMND)
TODAY = date(2026, 11, 23)


def test_the_last_meeting_before_the_cut_off_decides_in_time() -> None:
    plan = plan_back(NETWORK, PLAN, TODAY)
    assert plan.route == Route.IN_TIME and plan.meeting == PLAN.meetings[1]  # 18 February; 18 March is too late


def test_no_meeting_in_time_leads_to_a_preliminary_application() -> None:
    soon = replace(NETWORK, application_deadline=date(2027, 2, 10))
    plan = plan_back(soon, PLAN, date(2027, 1, 8))  # 21 January's papers were due on 7 January
    assert plan.route == Route.PRELIMINARY and plan.meeting == PLAN.meetings[1]  # the decision comes on 18 February


def test_a_ks_requirement_goes_through_stadsledningskontoret() -> None:
    assert plan_back(replace(NETWORK, decided_by=DecisionBody.KS), PLAN, TODAY).route == Route.CITY


def test_an_example_plan_gives_no_dates() -> None:
    shipped = load_meeting_plan()
    assert shipped.example  # the file that ships is marked as example data
    plan = plan_back(NETWORK, shipped, TODAY)
    assert plan.route == Route.NO_PLAN and plan.meeting is None


async def test_the_call_card_says_what_must_happen_by_when(sqlite_engine, routine, messages) -> None:
    calls = [NETWORK, replace(NETWORK, id="city", title="Stadens nätverk", decided_by=DecisionBody.KS)]
    chat = Chat(make_bot(sqlite_engine, routine, messages, calls=calls, meetings=PLAN)[1])
    listing = cards_in(await chat.say("bevaka"))[0]
    shown = card_text(cards_in(await chat.press(action(listing, "call", call="net")))[0])
    assert "Öppen – ansök senast 1 mars 2027." in shown
    assert (
        "Enligt sammanträdesplanen för Testby stadsdelsnämnd (fastställd 2026-10-22) är det sista sammanträdet som hinner "
        "besluta före 1 mars 2027 den 18 februari 2027. Tjänsteutlåtandet ska vara klart senast 28 januari 2027."
    ) in shown
    assert "Före sammanträdet möts Rådet för funktionshinderfrågor den 9 februari 2027." in shown
    city = card_text(cards_in(await chat.press(action(listing, "call", call="city"), card=listing))[0])
    assert "En stadsdelsnämnd kan inte själv fatta det beslutet: vänd er till stadsledningskontoret" in city
    assert "kommunstyrelsen" in city and "sammanträdesplanen" not in city


async def test_with_the_example_plan_the_bot_says_it_is_not_filled_in(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages, calls=[NETWORK])[1])
    listing = cards_in(await chat.say("bevaka"))[0]
    shown = card_text(cards_in(await chat.press(action(listing, "call", call="net")))[0])
    assert "Sammanträdesplanen för Hässelby-Vällingby stadsdelsnämnd är inte ifylld" in shown
    assert "2027-02-18" not in shown and "18 februari 2027" not in shown  # the example dates are not shown as facts


async def test_reminders_follow_the_plan(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages, calls=[NETWORK], meetings=PLAN)
    saved = await conversation.on_card(ANNA, {"action": "watch_save", "call": "net", "offsets": "7"})
    assert texts_in_views(saved) == ["watch_saved"]
    kinds = {r.deadline_key.split(":")[-1]: r.deadline for _, r in database.tables.reminders.values()}
    assert kinds == {
        "papers_due": date(2027, 1, 28),  # the tjänsteutlåtande ready
        "namnd_meeting": date(2027, 2, 18),
        "application_deadline": date(2027, 3, 1),  # the application sent
    }
    listed = (await conversation.on_card(ANNA, {"action": "reminders"})).views[0]
    whats = [d.deadline.what for group in listed.groups for d in group.deadlines]
    assert whats == ["papers_due", "namnd_meeting", "application_deadline"]


def texts_in_views(answer) -> list[str]:  # type: ignore[no-untyped-def]
    return [v.key for v in answer.views if hasattr(v, "key")]


async def test_a_reminder_of_the_plan_reads_in_words(sqlite_engine, routine, messages) -> None:
    clock = lambda: datetime(2027, 1, 20, 10, tzinfo=UTC)  # noqa: E731
    chat = Chat(make_bot(sqlite_engine, routine, messages, clock=clock, calls=[NETWORK], meetings=PLAN)[1])
    watch = cards_in(await chat.say("bevaka nätverket"))[0]
    replies = await chat.press(action(watch, "watch_save"), offsets="7")
    assert texts_in(replies) == ["Du bevakar nu ”Nätverket”: 3 påminnelser planerade."]
    text = card_text(cards_in(replies)[0])
    assert "Nätverket\nTjänsteutlåtandet klart 2027-01-28" in text
    assert "Nämndens sammanträde 2027-02-18" in text


# --- adding a call in the chat ---------------------------------------------------------------------------

A_CALL = {
    "title": "Nätverk för dialog i budgeten",
    "organiser": "Sveriges Kommuner och Regioner (SKR)",
    "link": "https://skr.se/natverk-dialog",
    "application_deadline": "2027-03-01",
    "application_note": "En motivering på högst en A4.",
    "decided_by": "namnd",
    "first_meeting": "2027-04-13",
    "costs": "Avgiftsfritt.",
    "visibility": "own",
}


async def _form(chat: Chat) -> dict:  # type: ignore[type-arg]
    listing = cards_in(await chat.say("bevaka"))[0]
    return cards_in(await chat.press(action(listing, "call_add")))[0]


async def test_bad_input_on_a_new_call_is_answered_beside_its_field_and_kept(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages, calls=[])[1])
    form = await _form(chat)
    typed = {**A_CALL, "application_deadline": "2026-11-01", "first_meeting": "2026-10-01", "link": "skr punkt se"}
    refused = cards_in(await chat.press(action(form, "call_add_save"), **typed))[0]
    assert error_beside(refused, "application_deadline") == ("Datumet har redan varit (i dag är det 2026-11-23).")
    # Every error at once: held against the deadline as typed, though that is refused too.
    assert error_beside(refused, "first_meeting") == "Datumet måste vara efter ”Sista dag för ansökan” (2026-11-01)."
    assert (error_beside(refused, "link") or "").startswith("Länken går inte att läsa.")
    early = {**typed, "application_deadline": "2026-12-01", "first_meeting": "2026-11-30"}
    refused = cards_in(await chat.press(action(refused, "call_add_save"), card=refused, **early))[0]
    assert error_beside(refused, "first_meeting") == "Datumet måste vara efter ”Sista dag för ansökan” (2026-12-01)."
    assert {k: inputs_of(refused)[k]["value"] for k in ("title", "link", "costs")} == {
        "title": A_CALL["title"],
        "link": "skr punkt se",
        "costs": "Avgiftsfritt.",
    }
    assert "Det finns inga utlysningar i kalendern." in card_text(cards_in(await chat.say("bevaka"))[0])  # nothing stored


async def test_a_call_added_for_oneself_is_seen_only_by_its_author_and_can_be_watched_and_unwatched(
    sqlite_engine, routine, messages
) -> None:
    built, adapter = make_bot(sqlite_engine, routine, messages, calls=[])
    anna = Chat(adapter)
    form = await _form(anna)
    replies = await anna.press(action(form, "call_add_save"), **A_CALL)
    assert texts_in(replies) == ["”Nätverk för dialog i budgeten” är tillagd – bara du ser den."]
    shown = card_text(cards_in(replies)[0])
    assert "Öppen – ansök senast 1 mars 2027." in shown and "Första träffen: 13 april 2027" in shown
    listing = cards_in(await anna.say("bevaka"))[0]
    call_id = action(listing, "watch")["data"]["call"]
    watch = cards_in(await anna.press(action(listing, "watch", call=call_id)))[0]
    saved = await anna.press(action(watch, "watch_save"), card=watch, offsets="7")
    assert texts_in(saved) == ["Du bevakar nu ”Nätverk för dialog i budgeten”: 2 påminnelser planerade."]
    async with built.services.uow() as tx:  # a restart re-plans the watch of an added call as of the file's
        assert await built.services.deadlines.replan_calls(tx) == 1
    text = card_text(cards_in(await anna.say("påminnelser"))[0])
    assert "Nätverk för dialog i budgeten\nSista dag för ansökan 2027-03-01" in text

    bertil = Chat(adapter, user_id="29:bertil", name="Bertil Berg", aad_object_id="bertil-oid", conversation_id="c-b")
    assert "Nätverk för dialog i budgeten" not in card_text(cards_in(await bertil.say("bevaka"))[0])
    assert texts_in(await bertil.press({"data": {"action": "call", "call": call_id}})) == ["Jag hittar ingen sådan utlysning."]

    listing = cards_in(await anna.say("bevaka"))[0]
    gone = await anna.press(action(listing, "unwatch", call=call_id))
    assert texts_in(gone)[0] == "Du bevakar inte längre ”Nätverk för dialog i budgeten”. Dess kommande påminnelser är borttagna."
    assert "Du har inga kommande påminnelser." in card_text(cards_in(await anna.say("påminnelser"))[0])


async def test_a_call_added_for_everyone_is_seen_by_colleagues(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages, calls=[])
    anna = Chat(adapter)
    replies = await anna.press(action(await _form(anna), "call_add_save"), **{**A_CALL, "visibility": "district"})
    assert texts_in(replies) == ["”Nätverk för dialog i budgeten” är tillagd – alla i stadsdelsförvaltningen ser den."]
    bertil = Chat(adapter, user_id="29:bertil", name="Bertil Berg", aad_object_id="bertil-oid", conversation_id="c-b")
    assert "Nätverk för dialog i budgeten" in card_text(cards_in(await bertil.say("bevaka"))[0])


async def test_typed_bevaka_finds_a_call_added_in_the_chat_by_whom_may_see_it(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages, calls=[])
    anna = Chat(adapter)
    await anna.press(action(await _form(anna), "call_add_save"), **A_CALL)
    watch = cards_in(await anna.say("bevaka nätverk för dialog i budgeten"))[0]
    saved = await anna.press(action(watch, "watch_save"), card=watch, offsets="7")
    assert texts_in(saved) == ["Du bevakar nu ”Nätverk för dialog i budgeten”: 2 påminnelser planerade."]
    bertil = Chat(adapter, user_id="29:bertil", name="Bertil Berg", aad_object_id="bertil-oid", conversation_id="c-b")
    refused = await bertil.say("bevaka nätverk för dialog i budgeten")  # Anna's own call is not his to find
    assert not any(a["data"].get("action") == "watch_save" for c in cards_in(refused) for a in actions_of(c))


@pytest.mark.parametrize(
    ("link", "readable"),
    [
        ("https://skr.se/natverk", "https://skr.se/natverk"),
        ("mailto:natverk@skr.se", "mailto:natverk@skr.se"),
        ("www.skr.se/natverk", "https://www.skr.se/natverk"),  # as copied from an invitation
        (" linda.nordberg@skr.se ", "mailto:linda.nordberg@skr.se"),  # seed 004 gives the address bare
        ("http://skr.se", None),
        ("skr", None),
        ("skr punkt se", None),
        ("https://", None),
        ("mailto:natverk", None),
        ("javascript:alert(1)", None),
    ],
)
def test_a_readable_link(link: str, readable: str | None) -> None:
    assert readable_link(link) == readable


async def test_added_calls_are_stored_with_who_sees_them(uow) -> None:  # type: ignore[no-untyped-def]
    own = Call(
        "a" * 32,
        "Eget",
        "SKR",
        "https://skr.se",
        date(2027, 3, 1),
        first_meeting=StatedDate(2027, 4),
        added_by="anna",
        everyone=False,
    )
    shared = replace(own, id="b" * 32, title="Allas", added_by="bertil", everyone=True)
    async with uow() as tx:
        await tx.calls.add(own)
        await tx.calls.add(shared)
    async with uow() as tx:
        assert await tx.calls.visible_to("anna") == [own, shared]
        assert await tx.calls.visible_to("carl") == [shared]
        assert await tx.calls.get(own.id) == own
        await tx.calls.remove_owner("anna")
    async with uow() as tx:
        assert await tx.calls.visible_to("anna") == [shared]


async def test_what_a_user_added_is_in_their_data_and_goes_when_they_are_erased(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages, calls=[])
    added = await conversation.on_card(ANNA, {"action": "call_add_save", **A_CALL})
    assert texts_in_views(added) == ["call_added_own"]
    [call] = database.tables.calls.values()
    await conversation.on_card(ANNA, {"action": "application_save", "call": call.id, **APPLICATION})
    async with database.unit_of_work() as tx:
        data = await collect(tx, ANNA.id, datetime(2026, 11, 23, tzinfo=UTC))
    assert [c.title for c in data.calls_added] == [A_CALL["title"]] and [a.call_id for a in data.applications] == [call.id]
    assert A_CALL["title"] in export_json(data)
    async with database.unit_of_work() as tx:
        await erase(tx, ANNA.id)
    assert database.tables.calls == {} and database.tables.applications == {}


APPLICATION = {
    "app_why": "Vi vill delta.",
    "app_needs": "Vi behöver metoder.",
    "app_meets": "Vi har en styrgrupp.",
    "app_steering_group": "presidiet",
    "app_preparation": "Beredd inom avdelningen.",
    "app_background": "Stadens mål om demokrati.",
    "app_views": "Bra.",
}


async def test_the_call_card_opens_the_calls_link_as_the_reminder_does(sqlite_engine, routine, messages) -> None:
    """Try-out 4, finding 8: a call saved with "www.skr.se/masterclass" (kept as https://…) had no link to open on "Visa
    och planera"; only its reminder card had "Öppna länk"."""
    chat = Chat(make_bot(sqlite_engine, routine, messages, calls=[])[1])
    replies = await chat.press(action(await _form(chat), "call_add_save"), **{**A_CALL, "link": "www.skr.se/masterclass"})
    assert links_of(cards_in(replies)[0]) == {"Öppna länk": "https://www.skr.se/masterclass"}
    listing = cards_in(await chat.say("bevaka"))[0]
    shown = cards_in(await chat.press(action(listing, "call")))[0]
    assert links_of(shown) == {"Öppna länk": "https://www.skr.se/masterclass"}
