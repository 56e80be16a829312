"""Deadline reminders: planned from drafts and watched calls, listed in the chat, sent proactively."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.host import Host, create_host
from bot.reminder_sender import RateLimiter, ReminderSender
from bot.replies import Replies
from bot.settings import Settings
from dialogs.calls import from_ics, load_calls, to_ics
from dialogs.deadlines import Deadlines
from dialogs.draft import Draft
from dialogs.ports import UnitOfWorkFactory
from dialogs.reminder import ReminderStatus
from storage.conversations import SqlConversationRefs
from storage.reminders import ReminderQueue
from storage.unit_of_work import unit_of_work_factory
from tests.fake_connector import FakeConnector
from tests.support import (
    Chat,
    StartApp,
    action,
    actions_of,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    make_bot,
    texts_in,
)


class Clock:
    """Injected time: tests move it; nothing sleeps."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.mono = 0.0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
        self.mono += timedelta(**delta).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds  # exactly: a wait shorter than a microsecond must still move the clock

    def monotonic(self) -> float:
        return self.mono


# --- planning from the chat ------------------------------------------------------------------


async def test_draft_dates_become_reminders_listed_under_pamminnelser(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    await chat.complete_wizard()
    card = cards_in(await chat.say("Påminnelser"))[0]
    text = card_text(card)
    # Grouped: the dialogue once, each of its six dates once (the report to the nämnd too), and when each of
    # the date's reminders (14, 7 and 1 days before) comes — not days to the deadline, repeated.
    assert text.count("Aktiviteter på Råcksta aktivitetscenter") == 1
    deadlines = [
        line
        for line in text.splitlines()
        if line.startswith(("Beslut i", "Dialogen", "Återkoppling", "Utvärdering", "Redovisning"))
    ]
    assert len(deadlines) == 6
    assert deadlines[0] == "Beslut i nämnd 2027-01-20 (om 58 dagar)"
    # 14 days before 2027-01-20 is trettondedag jul, a holiday: the reminder comes the day before.
    assert "Påminnelser kommer: 2027-01-05 09:00, 2027-01-13 09:00, 2027-01-19 09:00." in text
    assert text.count("Påminnelser kommer:") == 6

    off = action(card, "reminder_done")  # the first deadline's: Stäng av påminnelserna: Beslut i nämnd
    assert off["title"] == "Stäng av påminnelserna: Beslut i nämnd"
    assert texts_in(await chat.press(off, card=card)) == ["Bra! Inga fler påminnelser om det."]
    text = card_text(cards_in(await chat.say("Påminnelser"))[0])
    assert "Beslut i nämnd" not in text and text.count("Påminnelser kommer:") == 5


async def test_the_list_shows_the_nearest_deadlines_and_says_how_many_more(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    for _ in range(3):  # three dialogues, six dates each: more than a card lists
        await chat.complete_wizard()
    text = card_text(cards_in(await chat.say("påminnelser"))[0])
    assert text.count("Påminnelser kommer:") == 15
    assert text.count("Aktiviteter på Råcksta aktivitetscenter") == 3  # three drafts of one title: three groups
    assert "Påminnelser för 3 datum till visas inte här; de närmaste visas först." in text  # not cut silently


async def test_a_date_change_moves_its_reminders_and_delete_removes_them(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[-1]
    await chat.press(action(review, "edit", step="timeline"))
    await chat.submit_step("timeline", feedback_date="2027-04-30")
    text = card_text(cards_in(await chat.say("påminnelser"))[0])
    assert "Återkoppling till deltagarna 2027-04-30" in text
    assert "Återkoppling till deltagarna 2027-04-15" not in text
    assert "2027-04-29 09:00" in text  # the day before, a Thursday

    listing = cards_in(await chat.say("mina utkast"))[0]
    confirm = cards_in(await chat.press(action(listing, "delete")))[0]
    await chat.press(action(confirm, "delete_confirm"))
    assert "Du har inga kommande påminnelser." in card_text(cards_in(await chat.say("påminnelser"))[0])


async def test_watching_a_call_with_own_offsets(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages, clock=lambda: datetime(2015, 10, 1, 10, tzinfo=UTC))[1])
    calls = cards_in(await chat.say("bevaka"))[0]
    assert "Masterclass – medborgardialog i styrning" in card_text(calls)
    watch = cards_in(await chat.press(action(calls, "watch", call="skl-masterclass-2015")))[0]
    assert "Bevaka: Masterclass – medborgardialog i styrning" in card_text(watch)
    bad = cards_in(await chat.press(action(watch, "watch_save"), offsets="snart"))[0]
    assert error_beside(bad, "offsets") == "Skriv hela dagar mellan 0 och 365, med kommatecken emellan."
    replies = await chat.press(action(watch, "watch_save"), card=watch, offsets="10, 2")
    assert texts_in(replies) == ["Du bevakar nu ”Masterclass – medborgardialog i styrning”: 4 påminnelser planerade."]
    listing = cards_in(replies)[0]
    text = card_text(listing)
    assert text.count("Masterclass – medborgardialog i styrning") == 1
    assert "Sista dag för ansökan 2015-11-15 (om 45 dagar)\nPåminnelser kommer: 2015-11-05 09:00, 2015-11-13 09:00." in text
    assert "Första träffen 2015-12-08" in text
    # Change the days from the list: the form shows the days chosen, not the defaults again.
    again = cards_in(await chat.press(action(listing, "watch"), card=listing))[0]
    assert inputs_of(again)["offsets"]["value"] == "10, 2"


async def test_a_closed_call_is_listed_apart_and_cannot_be_watched(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])  # 2026: every seed call is long closed
    replies = await chat.say("bevaka verksamhetsresultat")
    refusal = card_text(cards_in(replies)[0])
    assert refusal.startswith("”Medborgardialog kring verksamhetsresultat” är stängd och kan inte bevakas.")
    assert "Bevaka en utlysning" in refusal  # the way on: the calendar
    calls = cards_in(await chat.say("bevaka"))[0]
    text = card_text(calls)
    assert "Ingen utlysning i kalendern är öppen just nu." in text and "inga utlysningar i kalendern" not in text
    assert text.index("Stängda utlysningar (kan inte bevakas)") < text.index("Medborgardialog kring verksamhetsresultat")
    assert "Stängd – sista dagen var 28 februari 2018." in text
    assert [a["data"]["action"] for a in actions_of(calls)]  # the card has buttons, but none to watch a closed call
    assert not [a for a in actions_of(calls) if a["data"]["action"] == "watch"]
    refused = await chat.press({"data": {"action": "watch_save", "call": "skl-verksamhetsresultat-2018", "offsets": "7"}})
    assert card_text(cards_in(refused)[0]).startswith(
        "”Medborgardialog kring verksamhetsresultat” är stängd och kan inte bevakas."
    )
    assert "Du har inga kommande påminnelser." in card_text(cards_in(await chat.say("påminnelser"))[0])


async def test_a_closed_project_without_a_deadline_says_until_when_it_ran(sqlite_engine, routine, messages) -> None:
    """The 2008 project had no deadline to apply by; it is closed because it ended, and the status says so plainly."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    swedish = card_text(cards_in(await Chat(adapter).say("bevaka"))[0])
    assert "Utveckling av tjänster med stöd av medborgardialoger" in swedish
    assert "Stängd – pågick till 2010." in swedish
    english = card_text(cards_in(await Chat(adapter, "user-eva", "Eva Ek", "en-US", conversation_id="c-eva").say("calls"))[0])
    assert "Closed – it ran until 2010." in english and "over." not in english


def test_the_calendar_round_trips_through_icalendar() -> None:
    calls = load_calls()
    assert [c.id for c in calls] == ["skl-masterclass-2015", "skl-verksamhetsresultat-2018", "skl-tjanster-medborgardialog-2008"]
    assert calls[1].application_deadline == date(2018, 2, 28)
    assert "max en A4" in calls[1].application_note
    assert from_ics(to_ics(calls)) == calls
    other = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:abc@example\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270115\r\nSUMMARY:SKR-natverk om dialog\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [imported] = from_ics(other)
    assert (imported.id, imported.title, imported.application_deadline) == ("abc", "SKR-natverk om dialog", date(2027, 1, 15))


# --- sending -------------------------------------------------------------------------------------


def _reference(connector: FakeConnector, conversation_id: str = "a:personal-anna") -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": connector.url,
        "conversation": {"id": conversation_id, "conversationType": "personal"},
        "user": {"id": "29:anna", "aadObjectId": "anna"},
        "bot": {"id": "28:dialogstod"},
    }


@dataclass
class Sending:
    """The pieces the reminder scheduler runs on, over one database."""

    deadlines: Deadlines
    uow: UnitOfWorkFactory
    queue: ReminderQueue
    refs: SqlConversationRefs

    async def add_draft(self, draft: Draft) -> None:
        async with self.uow() as tx:
            await tx.drafts.create(draft)
            await self.deadlines.sync_draft(tx, draft, "sv")


async def _setup(engine, routine, connector: FakeConnector, clock: Clock, feedback: date) -> Sending:  # type: ignore[no-untyped-def]
    setup = Sending(
        Deadlines(routine, tuple(load_calls()), clock),
        unit_of_work_factory(engine),
        ReminderQueue(engine),
        SqlConversationRefs(engine),
    )
    await setup.refs.save("a:personal-anna", "personal", "aad:anna", _reference(connector))
    await setup.add_draft(
        Draft(owner_id="aad:anna", routine_id=routine.id, answers={"title": "Råcksta", "feedback_date": feedback.isoformat()})
    )
    return setup


@pytest.fixture
async def host(bot_host: str, messages) -> AsyncIterator[Host]:  # type: ignore[no-untyped-def]
    """Reminders go out through each host's proactive delivery: botbuilder's and the Agents SDK's (local mode)."""
    host = create_host(Settings(bot_host=bot_host), messages)
    yield host
    await host.close()


def _sender(setup: Sending, routine, messages, clock: Clock, host: Host, queue: ReminderQueue | None = None) -> ReminderSender:  # type: ignore[no-untyped-def]
    limiter = RateLimiter(now=clock.monotonic, sleep=clock.sleep)
    return ReminderSender(
        host.delivery, setup.deadlines, setup.uow, queue or setup.queue, setup.refs, Replies(routine, messages), clock, limiter
    )


async def test_a_due_reminder_reaches_the_personal_chat_once_with_its_buttons(
    sqlite_engine, routine, messages, connector, host
) -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # Monday 11:00 in Stockholm
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))
    sender = _sender(setup, routine, messages, clock, host)
    assert await sender.poll_once() == 1
    assert await sender.poll_once() == 0
    [activity] = connector.sent
    assert activity["conversation"]["id"] == "a:personal-anna"
    card = activity["attachments"][0]["content"]
    assert "”Råcksta”: Återkoppling till deltagarna 2026-11-24 – i morgon." in card_text(card)
    assert [a["title"] for a in card["actions"]] == ["Klar", "Påminn mig i morgon", "Öppna utkast"]
    assert [r.status for r in await setup.queue.all()] == [ReminderStatus.SENT]


async def test_a_reminder_reaches_its_reader_in_the_language_of_their_chat(
    sqlite_engine, routine, messages, connector, host
) -> None:
    """Stored in Swedish (the owner planned the draft in Swedish), it reaches a chat that is in English in English:
    a role's reminders go to a colleague whose Teams is in English."""
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))
    await setup.refs.save("a:personal-anna", "personal", "aad:anna", {**_reference(connector), "locale": "en-GB"})
    assert await _sender(setup, routine, messages, clock, host).poll_once() == 1
    [activity] = connector.sent
    card = activity["attachments"][0]["content"]
    assert "“Råcksta”: Feedback to participants 2026-11-24 – tomorrow." in card_text(card), card_text(card)
    assert next(a["title"] for a in card["actions"]) == "Done"


async def test_with_an_app_id_a_reminder_is_posted_with_the_bots_own_token(
    sqlite_engine, routine, messages, connector, bot_host: str, outgoing_token: str
) -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))
    settings = Settings(bot_host=bot_host, app_id="00000000-0000-0000-0000-0000000000aa", app_password="not-a-real-secret")
    host = create_host(settings, messages)
    try:
        assert await _sender(setup, routine, messages, clock, host).poll_once() == 1
    finally:
        await host.close()
    assert len(connector.sent) == 1
    assert connector.authorizations == [f"Bearer {outgoing_token}"]


async def test_429_waits_for_retry_after_then_sends(sqlite_engine, routine, messages, connector, host) -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))
    connector.refusals.append((429, {"Retry-After": "30"}))
    sender = _sender(setup, routine, messages, clock, host)
    await sender.poll_once()
    [reminder] = await setup.queue.all()
    assert reminder.status == ReminderStatus.PENDING and "429" in reminder.last_error
    assert reminder.next_attempt_at == clock.now + timedelta(seconds=30)
    clock.advance(seconds=10)
    assert await sender.poll_once() == 0
    clock.advance(seconds=25)
    assert await sender.poll_once() == 1
    assert len(connector.sent) == 1 and [r.status for r in await setup.queue.all()] == [ReminderStatus.SENT]


@pytest.mark.parametrize("status", [403, 404])
async def test_403_and_404_fail_for_good(sqlite_engine, routine, messages, connector, status: int, caplog, host) -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))
    connector.refusals.append((status, {}))
    sender = _sender(setup, routine, messages, clock, host)
    await sender.poll_once()
    clock.advance(hours=2)
    assert await sender.poll_once() == 0
    [reminder] = await setup.queue.all()
    assert reminder.status == ReminderStatus.FAILED and f"HTTP {status}" in reminder.last_error
    assert connector.sent == [] and len(connector.refused) == 1
    assert reminder.id in caplog.text


async def test_a_user_the_bot_never_met_fails_with_the_reason(sqlite_engine, routine, messages, connector, host) -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))
    await setup.add_draft(Draft(owner_id="aad:stranger", routine_id=routine.id, answers={"feedback_date": "2026-11-24"}))
    await _sender(setup, routine, messages, clock, host).poll_once()
    failed = [r for r in await setup.queue.all() if r.owner_id == "aad:stranger"]
    assert failed[0].status == ReminderStatus.FAILED and "no conversation reference" in failed[0].last_error


async def test_restart_in_the_middle_of_sending(sqlite_engine, routine, messages, connector, host) -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(sqlite_engine, routine, connector, clock, date(2026, 11, 24))

    # A scheduler claims the reminder and dies before sending: nobody else may take it during its lease.
    crashed = await setup.queue.claim_due(clock(), "crashed-worker", 10, timedelta(minutes=5))
    assert len(crashed) == 1
    restarted = _sender(setup, routine, messages, clock, host)
    assert await restarted.poll_once() == 0
    clock.advance(minutes=6)
    assert await restarted.poll_once() == 1
    assert len(connector.sent) == 1

    # A scheduler sends and dies before marking: the next one sends again under the same key.
    await setup.add_draft(
        Draft(owner_id="aad:anna", routine_id=routine.id, answers={"title": "Vällingby", "evaluation_date": "2026-11-25"})
    )

    class PowerCut(Exception):
        pass

    class DiesBeforeMarking(ReminderQueue):
        async def mark_sent(self, *args: Any, **kwargs: Any) -> None:
            raise PowerCut()

    dying = _sender(setup, routine, messages, clock, host, DiesBeforeMarking(sqlite_engine))
    with pytest.raises(PowerCut):
        await dying.poll_once()
    clock.advance(minutes=6)
    assert await restarted.poll_once() == 1
    keys = connector.reminder_keys()
    assert len(keys) == 3 and keys[1] == keys[2]  # delivered at least once, both carrying one key
    assert all(r.status == ReminderStatus.SENT for r in await setup.queue.all() if r.due_at <= clock.now)


async def test_done_and_snooze_from_the_reminder_card(sqlite_engine, routine, messages) -> None:
    clock = Clock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))  # Friday
    built, adapter = make_bot(sqlite_engine, routine, messages, clock=clock)
    chat = Chat(adapter)
    timeline = {
        "decision_date": "2026-11-20",  # today: a decision date is not in the past
        "dialogue_start": "2026-11-21",
        "dialogue_end": "2026-11-25",
        "feedback_date": "2026-12-04",
        "evaluation_date": "2026-12-18",
    }
    await chat.to_step("feedback", {"timeline": timeline})

    async def upcoming_feedback() -> list[Any]:
        async with built.services.uow() as tx:
            return [r for r in await tx.reminders.upcoming("aad:aad-anna", 50) if r.deadline_key.endswith("feedback_date")]

    feedback = await upcoming_feedback()
    assert [r.offset_days for r in feedback] == [14, 7, 1]
    card = {
        "actions": [
            {"type": "Action.Submit", "data": {"action": "reminder_snooze", "reminder": feedback[0].id}},
            {"type": "Action.Submit", "data": {"action": "reminder_done", "reminder": feedback[0].id}},
        ],
        "body": [],
    }
    assert texts_in(await chat.press(action(card, "reminder_snooze"), card=card)) == ["Jag påminner dig igen om 3 dagar."]
    assert texts_in(await chat.press(action(card, "reminder_done"), card=card)) == ["Bra! Inga fler påminnelser om det."]
    assert not await upcoming_feedback()
    other = Chat(adapter, user_id="u2", aad_object_id="bertil", conversation_id="c2")
    assert texts_in(await other.press(action(card, "reminder_done"), card=card)) == [
        "Jag hittar ingen sådan påminnelse bland dina."
    ]


async def test_two_schedulers_on_postgresql_deliver_each_reminder_once(pg_engine, routine, messages, connector, host) -> None:
    engine = pg_engine
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    setup = await _setup(engine, routine, connector, clock, date(2026, 11, 24))
    for n in range(60):
        conversation = f"a:personal-{n}"
        await setup.refs.save(conversation, "personal", f"aad:u{n}", _reference(connector, conversation))
        answers = {"title": f"D{n}", "feedback_date": "2026-11-24", "evaluation_date": "2026-11-25"}
        await setup.add_draft(Draft(owner_id=f"aad:u{n}", routine_id=routine.id, answers=answers))
    expected = len([r for r in await setup.queue.all() if r.due_at <= clock.now])
    first, second = (_sender(setup, routine, messages, clock, host, ReminderQueue(engine)) for _ in range(2))
    first.batch = second.batch = 7

    async def drain(sender: ReminderSender) -> int:
        total = 0
        while (n := await sender.poll_once()) > 0:
            total += n
        return total

    counts = await asyncio.gather(drain(first), drain(second))
    keys = connector.reminder_keys()
    assert sum(counts) == expected == len(keys) == len(set(keys))
    assert all(c > 0 for c in counts)
    assert all(r.status == ReminderStatus.SENT for r in await setup.queue.all() if r.due_at <= clock.now)


async def test_end_to_end_a_feedback_date_tomorrow_arrives_once_at_the_service_url(
    tmp_path, connector, start_app: StartApp
) -> None:
    """As a new user would: REMINDER_POLL_SECONDS=1, a draft whose nämnd decides tomorrow."""

    from tests.support import HttpChat

    today = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, after 09:00 in Stockholm
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}", reminder_poll_seconds=1)
    client = await start_app(settings, clock=lambda: today)
    chat = HttpChat(client, connector)
    await chat.join()
    timeline = {
        "decision_date": "2026-11-24",
        "dialogue_start": "2026-12-08",  # its first reminder (14 days before) still to come
        "dialogue_end": "2026-12-20",
        "feedback_date": "2027-01-15",
        "evaluation_date": "2027-01-20",
    }
    await chat.walk_wizard({"timeline": timeline})

    def reminders() -> list[dict[str, Any]]:
        return [a for a in connector.sent for c in a.get("attachments", []) if c["content"]["body"][0]["text"] == "Påminnelse"]

    for _ in range(50):  # the scheduler may have sent it while the wizard was still being walked
        if reminders():
            break
        await asyncio.sleep(0.1)
    sent = len(connector.sent)
    await asyncio.sleep(2.5)  # two more polls: nothing more may arrive
    assert len(connector.sent) == sent
    [reminder] = reminders()
    assert "Beslut i nämnd 2026-11-24 – i morgon." in card_text(reminder["attachments"][0]["content"])
    assert reminder["conversation"]["id"] == "a:personal-1"


async def test_the_routines_revision_date_reminds_the_stadsdelsdirektor(sqlite_engine, routine, messages) -> None:
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    await chat.to_step("scope", {"start": {"role": "stadsdelsdirektor"}})
    text = card_text(cards_in(await chat.say("påminnelser"))[0])
    assert "Revidering senast 2025-02-01 (för 660 dagar sedan)" in text
    assert "Påminnelser kommer: strax." in text  # overdue: said once, at the next check, no past time
    assert "Stadsdelsdirektören ansvarar för att rutinen är aktuell." in text


async def test_the_revision_reminder_follows_the_role_the_owner_gives_herself(sqlite_engine, routine, messages) -> None:
    """The routine's revision reminds whoever is stadsdelsdirektör: Anna while a draft of hers says she is, not once she
    corrects her role on the first card (and none of her drafts says so any more); Bertil, who gives himself the role in
    his own draft, from then on."""
    _, adapter = make_bot(sqlite_engine, routine, messages)
    anna = Chat(adapter)
    bertil = Chat(adapter, user_id="user-2", name="Bertil Berg", aad_object_id="aad-bertil", conversation_id="conv-2")
    revision = "Revidering senast 2025-02-01"

    async def listed(chat: Chat) -> str:
        return card_text(cards_in(await chat.say("påminnelser"))[0])

    await anna.to_step("scope", {"start": {"role": "stadsdelsdirektor"}})
    draft = action(anna.last_card or {}, "submit")["data"]["draft"]
    assert revision in await listed(anna)
    start = cards_in(await anna.press({"data": {"action": "edit", "draft": draft, "step": "start"}}, card={}))[-1]
    await anna.press(action(start, "submit"), role="enhetschef")
    assert revision not in await listed(anna)
    await bertil.to_step("scope", {"start": {"role": "stadsdelsdirektor"}})
    assert revision in await listed(bertil)
    assert revision not in await listed(anna)
    # Back to stadsdelsdirektör, the reminder is Anna's again; a second draft of hers with another role leaves it hers.
    start = cards_in(await anna.press({"data": {"action": "edit", "draft": draft, "step": "start"}}, card={}))[-1]
    await anna.press(action(start, "submit"), role="stadsdelsdirektor")
    await anna.to_step("scope")
    assert revision in await listed(anna)


async def test_a_call_reminder_can_go_to_the_channel(sqlite_engine, routine, messages, connector, host) -> None:
    clock = Clock(datetime(2015, 11, 13, 10, 0, tzinfo=UTC))
    built, adapter = make_bot(sqlite_engine, routine, messages, clock=clock)
    chat = Chat(adapter, conversation_id="19:team-channel")
    chat.conversation.conversation_type = "channel"
    watch = cards_in(await chat.say("bevaka masterclass"))[0]
    assert "target" in {e.get("id") for e in watch["body"]}
    await chat.press(action(watch, "watch_save"), target="here", offsets="1")
    setup = Sending(
        built.services.deadlines, built.services.uow, ReminderQueue(sqlite_engine), SqlConversationRefs(sqlite_engine)
    )
    channel = {"id": "19:team-channel", "conversationType": "channel"}
    await setup.refs.save(
        "19:team-channel", "channel", None, {**_reference(connector, "19:team-channel"), "conversation": channel}
    )
    sender = _sender(setup, routine, messages, clock, host)
    assert await sender.poll_once() == 1
    [activity] = connector.sent
    assert activity["conversation"]["id"] == "19:team-channel"
    assert "Sista dag för ansökan: Masterclass – medborgardialog i styrning – 2015-11-15" in card_text(
        activity["attachments"][0]["content"]
    )


async def test_pacing_stays_under_teams_limits() -> None:
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    limiter = RateLimiter(now=clock.monotonic, sleep=clock.sleep)

    def busiest_second(times: list[float]) -> int:
        return max(sum(1 for t in times if start <= t < start + 1) for start in times)

    spread = []
    for n in range(200):
        await limiter.acquire(f"conversation-{n % 40}")
        spread.append(clock.mono)
    assert busiest_second(spread) <= 50  # per bot and tenant
    assert spread[-1] == pytest.approx(199 / 47.5, abs=0.01)  # evenly spaced, a little under the limit

    one = []
    for _ in range(30):
        await limiter.acquire("one-conversation")
        one.append(clock.mono)
    assert busiest_second(one) <= 7  # per conversation
    assert max(sum(1 for t in one if start <= t < start + 2) for start in one) <= 8

    limiter.pause(30)
    before = clock.mono
    await limiter.acquire("after-429")
    assert clock.mono - before >= 30


async def test_a_drafts_own_date_gets_the_days_the_owner_chooses_and_keeps_them(engine, routine, messages) -> None:
    _, adapter = make_bot(engine, routine, messages)
    chat = Chat(adapter)
    review = cards_in(await chat.complete_wizard())[-1]
    listing = cards_in(await chat.say("Påminnelser"))[0]
    change = action(listing, "deadline_days", field="feedback_date")
    # Someone else cannot see or change the days of Anna's draft.
    bertil = Chat(adapter, user_id="user-2", name="Bertil", aad_object_id="aad-bertil", conversation_id="conv-b")
    not_found = ["Jag hittar inget sådant utkast bland dina utkast."]
    assert texts_in(await bertil.press(change, card={})) == not_found
    save = {"data": {**change["data"], "action": "deadline_days_save", "offsets": "1"}}
    assert texts_in(await bertil.press(save, card={})) == not_found
    assert change["title"] == "Ändra dagarna: Återkoppling till deltagarna"
    form = cards_in(await chat.press(change, card=listing))[0]
    assert "Påminnelser: Återkoppling till deltagarna – Aktiviteter på Råcksta aktivitetscenter" in card_text(form)
    assert inputs_of(form)["offsets"]["value"] == "14, 7, 1"

    # Bad input: the message beside the field, what was typed kept, nothing changed.
    for typed in ("abc", "400"):
        refused = cards_in(await chat.press(action(form, "deadline_days_save"), card=form, offsets=typed))[0]
        assert error_beside(refused, "offsets") == "Skriv hela dagar mellan 0 och 365, med kommatecken emellan."
        assert inputs_of(refused)["offsets"]["value"] == typed
    unchanged = card_text(cards_in(await chat.say("Påminnelser"))[0])
    assert unchanged.count("Påminnelser kommer:") == 6 and "2027-04-01 09:00, 2027-04-08 09:00, 2027-04-14 09:00" in unchanged

    replies = await chat.press(action(form, "deadline_days_save"), card=form, offsets="10, 3")
    assert texts_in(replies) == [
        "Sparat. Återkoppling till deltagarna i ”Aktiviteter på Råcksta aktivitetscenter”: påminnelser 10, 3 dagar före,"
        " också om datumet ändras."
    ]
    text = card_text(cards_in(replies)[0])
    assert (
        "Återkoppling till deltagarna 2027-04-15 (om 143 dagar)\nPåminnelser kommer: 2027-04-05 09:00, 2027-04-12 09:00." in text
    )
    assert "Beslut i nämnd 2027-01-20 (om 58 dagar)\nPåminnelser kommer: 2027-01-05 09:00, 2027-01-13 09:00, 2027-01-19" in text

    # A later date change keeps the chosen days; the form shows them.
    await chat.press(action(review, "edit", step="timeline"))
    await chat.submit_step("timeline", feedback_date="2027-04-30")
    listing = cards_in(await chat.say("Påminnelser"))[0]
    assert "Återkoppling till deltagarna 2027-04-30" in card_text(listing)
    assert "Påminnelser kommer: 2027-04-20 09:00, 2027-04-27 09:00." in card_text(listing)
    again = cards_in(await chat.press(action(listing, "deadline_days", field="feedback_date"), card=listing))[0]
    assert inputs_of(again)["offsets"]["value"] == "10, 3"
