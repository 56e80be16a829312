"""'Mina data': what the bot stores about a user, exported as a file and erased, in the chat; and a
deleted draft (or an erased user) takes everything that belongs to it, in one transaction, on SQLite,
PostgreSQL and the in-memory fake (issue 11, finding 11; GDPR articles 15 and 17)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from dialogs.actor import Focus
from dialogs.draft import Draft
from dialogs.personal_data import StoredConversation, collect, delete_draft, erase
from dialogs.ports import UnitOfWorkFactory
from dialogs.proposal_versions import ProposalVersion
from dialogs.reminder import Reminder, Subscription
from dialogs.share import Access, Share, ShareEvent, ShareEventKind
from storage.conversations import SqlConversationRefs
from storage.unit_of_work import unit_of_work_factory
from tests.memory import MemoryDatabase
from tests.support import ANNA, ANNA_OID, ANSWERS, BERTIL, BERTIL_OID, HttpChat, action, card_text, link_path

BASE = "https://dialogstod.example.se"


def _facts(card: dict) -> dict[str, str]:
    return {f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]}


async def _share(owner: HttpChat, review: dict, person: str) -> str:
    share_card = await owner.press(action(review, "share")["data"], card=review)
    before = len(owner.sent_here())
    await owner.press(action(share_card, "share_save")["data"], {"person": person, "access": "comment"}, card=share_card)
    return link_path(owner.sent_here()[before]["text"])


async def test_mina_data_shows_exports_and_erases_everything_about_the_user(client, connector, clock) -> None:
    anna = HttpChat(client, connector, ANNA, "a:personal-anna")
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.join()
    bertils_review = await bertil.walk_wizard({"start": {"title": "Bertils dialog"}})
    await anna.join()
    annas_review = await anna.walk_wizard()
    annas_link = await _share(anna, annas_review, BERTIL_OID)
    bertils_link = await _share(bertil, bertils_review, ANNA_OID)
    received = next(c for c in reversed(anna.cards_here()) if "Bertil Berg delar ett utkast med dig" in card_text(c))
    await anna.press(action(received, "share_comment")["data"], {"comment": "Annas kommentar"}, card=received)
    clock.now, today = datetime(2018, 1, 15, 10, tzinfo=UTC), clock.now  # while the network's call was open
    watch = (await anna.say("bevaka verksamhetsresultat"))[-1]["attachments"][0]["content"]
    await anna.press(action(watch, "watch_save")["data"], card=watch)
    clock.now = today

    # Article 15: what is stored, counted, and all of it as a file.
    mine = (await anna.say("mina data"))[-1]["attachments"][0]["content"]
    facts = _facts(mine)
    assert facts["Utkast (med svar)"] == "1" and facts["Utkast som delats med dig"] == "1"
    assert facts["Dina kommentarer på dem"] == "1" and facts["Bevakade utlysningar"] == "1"
    assert facts["Chattar där jag kan nå dig"] == "1" and int(facts["Påminnelser"]) > 0
    link = await anna.press(action(mine, "my_data_export")["data"], card=mine)
    assert "Länken gäller i en timme och fungerar för den som har den" in card_text(link)
    url = next(a["url"] for a in link["actions"] if a["type"] == "Action.OpenUrl")
    assert url.startswith(f"{BASE}/d/") and url.endswith("/mina-data.json")
    response = await client.get(url.removeprefix(BASE))
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mina-data.json"'
    data = json.loads(await response.read())
    assert data["user_id"] == f"aad:{ANNA_OID}"
    assert [d["answers"]["title"] for d in data["drafts"]] == [ANSWERS["start"]["title"]]
    assert data["drafts"][0]["answers"]["method_description"] == ANSWERS["method"]["method_description"]
    assert "Bertil Berg" in [s["recipient_name"] for s in data["shares_given"]]
    assert [s["owner_id"] for s in data["shares_received"]] == [f"aad:{BERTIL_OID}"]
    assert [e["text"] for e in data["events_by_them"] if e["kind"] == "comment"] == ["Annas kommentar"]
    assert {r["deadline_key"].split(":")[0] for r in data["reminders"]} == {
        "draft",
        "call",
    }  # the watched call planned while it was open
    assert [w["call_id"] for w in data["watches"]] == ["skl-verksamhetsresultat-2018"]
    assert [c["conversation_id"] for c in data["conversations"]] == ["a:personal-anna"]
    assert [(f["conversation_id"], f["focus"]["draft_id"]) for f in data["focus"]] == [
        ("a:personal-anna", data["drafts"][0]["id"])
    ]
    assert "Bertils dialog" not in json.dumps(data)  # Bertil's draft is his, not Anna's data
    assert data["summary"]["drafts"] == 1

    # Article 17: asked first; "Nej" keeps everything.
    confirm = (await anna.say("radera mina data"))[-1]["attachments"][0]["content"]
    assert "Radera allt Dialogstöd sparar om dig?" in card_text(confirm)
    before = len(anna.sent_here())
    await anna.press(action(confirm, "my_data_erase_cancel")["data"], card=confirm)
    assert anna.sent_here()[before]["text"] == "Ingenting är raderat."
    assert (await client.get(annas_link)).status == 200
    before = len(anna.sent_here())
    await anna.press(action(confirm, "my_data_erase_confirm")["data"], card=confirm)
    assert anna.sent_here()[before]["text"].startswith("Klart. Allt Dialogstöd sparade om dig är raderat.")

    for path in (annas_link, bertils_link, url.removeprefix(BASE)):
        assert (await client.get(path)).status == 404
    assert "Du har inga utkast än." in card_text((await anna.say("mina utkast"))[-1]["attachments"][0]["content"])
    assert "Du har inga kommande påminnelser." in card_text((await anna.say("påminnelser"))[-1]["attachments"][0]["content"])
    facts = _facts((await anna.say("mina data"))[-1]["attachments"][0]["content"])
    assert {k: v for k, v in facts.items() if v != "0"} == {"Chattar där jag kan nå dig": "1"}  # stored again to answer her
    # Bertil's draft stays his; Anna's access to it and her comment in his log are gone.
    assert "Bertils dialog" in card_text((await bertil.say("mina utkast"))[-1]["attachments"][0]["content"])
    draft_id = action(bertils_review, "share")["data"]["draft"]
    shares = await bertil.press({"action": "shares", "draft": draft_id}, card=bertils_review)
    assert "Annas kommentar" not in card_text(shares) and "Anna Andersson" not in card_text(shares)


async def test_typed_my_data_in_english_and_the_help_card_has_the_button(client, connector) -> None:
    anna = HttpChat(client, connector, ANNA, "a:personal-anna")
    welcome = await anna.join()
    assert "my_data" in [a["data"]["action"] for a in welcome["actions"]]
    replies = await anna.say("my data")
    assert replies[-1]["attachments"][0]["content"]["body"][0]["text"] == "Mina data"  # the locale is sv-SE


# --- storage: one transaction, every database ---------------------------------------------------------

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
A, B, C = "aad:anna", "aad:bertil", "aad:carl"
AddConversation = Callable[[str, str], Awaitable[None]]


@pytest.fixture(params=["sqlite", "postgres", "memory"])
def store(request: pytest.FixtureRequest) -> tuple[UnitOfWorkFactory, AddConversation]:
    """A unit of work factory, and how the delivery layer stores a personal chat's reference."""
    if request.param == "memory":
        database = MemoryDatabase()

        async def add_in_memory(conversation_id: str, user_id: str) -> None:
            database.tables.conversations[conversation_id] = (
                user_id,
                StoredConversation(conversation_id, "personal", NOW, {"user": {"id": user_id}}),
            )

        return database.unit_of_work, add_in_memory
    engine = request.getfixturevalue(f"{'pg' if request.param == 'postgres' else 'sqlite'}_engine")

    async def add(conversation_id: str, user_id: str) -> None:
        await SqlConversationRefs(engine).save(conversation_id, "personal", user_id, {"user": {"id": user_id}})

    return unit_of_work_factory(engine), add


def _draft(owner: str, title: str) -> Draft:
    return Draft(owner_id=owner, routine_id="r", owner_name=owner, answers={"title": title})


def _share_of(draft: Draft, to: str) -> Share:
    return Share(draft.id, draft.owner_id, to, to, Access.COMMENT, "Hjälp", NOW + timedelta(days=7))


def _reminder(owner: str, key: str) -> Reminder:
    return Reminder(owner, key, NOW.date() + timedelta(days=9), 1, NOW + timedelta(days=8), "sv")


async def _everyone(uow: UnitOfWorkFactory, add: AddConversation) -> dict[str, object]:
    """Anna and Bertil with a draft each, shared both ways and to Carl, commented on, with reminders,
    watches, focus and conversation references."""
    annas, bertils = _draft(A, "Annas"), _draft(B, "Bertils")
    a_to_b, b_to_a, b_to_c = _share_of(annas, B), _share_of(bertils, A), _share_of(bertils, C)
    async with uow() as tx:
        for draft in (annas, bertils):
            await tx.drafts.create(draft)
        for n, share in enumerate((a_to_b, b_to_a, b_to_c)):
            await tx.shares.create(share, f"hash{n}")
        await tx.shares.record(ShareEvent(a_to_b.id, annas.id, ShareEventKind.COMMENT, "Bertil", NOW, "Om Annas"))
        await tx.shares.record(ShareEvent(b_to_a.id, bertils.id, ShareEventKind.COMMENT, "Anna", NOW, "Annas om Bertils"))
        await tx.shares.record(ShareEvent(b_to_c.id, bertils.id, ShareEventKind.COMMENT, "Carl", NOW, "Carls"))
        for owner, draft in ((A, annas), (B, bertils)):
            await tx.reminders.add(_reminder(owner, f"draft:{draft.id}:feedback_date"))
            await tx.reminders.add(_reminder(owner, "call:c1:first_meeting"))
            await tx.subscriptions.save(Subscription(owner, "c1", (7,), "sv"))
            await tx.focus.set(f"chat-{owner}", owner, Focus(draft.id))
            await tx.proposal_versions.add(ProposalVersion.of(draft, 1, NOW))
            await tx.deadline_offsets.set(draft.id, "feedback_date", (10, 3))
        await tx.focus.set(f"chat-{B}-2", B, Focus(annas.id))  # a stale pointer at Anna's draft
        await tx.rate_counters.hit(f"share:{A}:60", NOW, NOW + timedelta(minutes=1))
    await add(f"chat-{A}", A)
    await add(f"chat-{B}", B)
    return {"annas": annas, "bertils": bertils, "b_to_c": b_to_c}


async def test_deleting_a_draft_takes_its_reminders_shares_log_and_focus(store) -> None:
    uow, add = store
    made = await _everyone(uow, add)
    annas = made["annas"]
    assert isinstance(annas, Draft)
    async with uow() as tx:
        await delete_draft(tx, annas.id)
    async with uow() as tx:
        anna, bertil = await collect(tx, A, NOW), await collect(tx, B, NOW)
        assert await tx.shares.for_draft(annas.id) == [] and await tx.shares.events(annas.id, 10) == []
        assert await tx.proposal_versions.for_draft(annas.id) == [] and await tx.deadline_offsets.for_draft(annas.id) == {}
        assert len(await tx.proposal_versions.for_draft(made["bertils"].id)) == 1  # type: ignore[attr-defined]
        assert await tx.deadline_offsets.for_draft(made["bertils"].id) == {"feedback_date": (10, 3)}  # type: ignore[attr-defined]
    assert anna.drafts == () and [r.deadline_key for r in anna.reminders] == ["call:c1:first_meeting"]
    assert anna.focus == () and anna.shares_given == ()
    assert [e.text for e in anna.events_by_them] == ["Annas om Bertils"]  # her comment on Bertil's draft is not her draft's
    assert [f.focus.draft_id for f in bertil.focus] == [made["bertils"].id]  # type: ignore[attr-defined]
    assert len(bertil.drafts) == 1 and len(bertil.reminders) == 2


async def test_erasing_a_user_takes_everything_about_them_and_leaves_others_whole(store) -> None:
    uow, add = store
    made = await _everyone(uow, add)
    async with uow() as tx:
        before, annas_before = await collect(tx, B, NOW), await collect(tx, A, NOW)
    # The export has her proposal's version and the days she chose for a date of her draft.
    assert [(v.draft_id, v.number) for v in annas_before.proposal_versions] == [(made["annas"].id, 1)]  # type: ignore[attr-defined]
    assert annas_before.reminder_days == {made["annas"].id: {"feedback_date": (10, 3)}}  # type: ignore[attr-defined]
    async with uow() as tx:
        await erase(tx, A)
    async with uow() as tx:
        anna, bertil = await collect(tx, A, NOW), await collect(tx, B, NOW)
        assert await tx.proposal_versions.for_draft(made["annas"].id) == []  # type: ignore[attr-defined]
        assert await tx.deadline_offsets.for_draft(made["annas"].id) == {}  # type: ignore[attr-defined]
        assert len(await tx.proposal_versions.for_draft(made["bertils"].id)) == 1  # type: ignore[attr-defined]
        assert await tx.rate_counters.hit(f"share:{A}:60", NOW, NOW + timedelta(minutes=1)) == 1
    assert anna.summary == type(anna.summary)(0, 0, 0, 0, 0, 0, 0)
    assert anna.focus == ()
    assert bertil.drafts == before.drafts and bertil.reminders == before.reminders and bertil.watches == before.watches
    assert [s.recipient_id for s in bertil.shares_given] == [C]  # his share to Anna is gone with her
    assert [e.text for e in bertil.events_on_their_shares] == ["Carls"]
    assert [c.conversation_id for c in bertil.conversations] == [f"chat-{B}"]
    assert made["b_to_c"] in bertil.shares_given


async def test_an_erasure_that_fails_half_way_changes_nothing(store) -> None:
    uow, add = store
    await _everyone(uow, add)
    async with uow() as tx:
        before = await collect(tx, A, NOW)
    with pytest.raises(LookupError):
        async with uow() as tx:
            await erase(tx, A)
            raise LookupError("the turn failed after the erasure")
    async with uow() as tx:
        assert await collect(tx, A, NOW) == before
