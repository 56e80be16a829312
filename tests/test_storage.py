"""The storage contract, run on SQLite, PostgreSQL and the in-memory fake (so the fake is proven faithful);
then what only the databases have: restart, migration, the reminder queue and conversation references."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import pytest
from alembic import command
from sqlalchemy import bindparam, event, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_

from cards.elements import CardContext
from cards.lifecycle import history_card
from dialogs.actions import ActionName
from dialogs.actor import Actor, Focus
from dialogs.draft import Draft, DraftStatus, StaleDraftError
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.messages import Messages
from dialogs.phases import Phases
from dialogs.ports import WorkedOn
from dialogs.proposal_versions import ProposalVersion
from dialogs.reminder import Reminder, ReminderStatus, Subscription
from dialogs.routine import Routine
from dialogs.share import Access, Reviewed, Share, ShareEvent, ShareEventKind
from dialogs.shown import ShownCard, Whereabouts
from dialogs.views import HistoryView, NextStep
from dialogs.wizard import Wizard
from storage.conversations import SqlConversationRefs
from storage.db import alembic_config, make_engine, migrate, unavailable
from storage.models import FocusRow, ReminderRow, UTCDateTime
from storage.reminders import ReminderQueue
from storage.unit_of_work import unit_of_work_factory
from tests.conftest import sqlite_url
from tests.support import history_of

if TYPE_CHECKING:
    from dialogs.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
ANNA, BERTIL = "aad:anna", "aad:bertil"
PENDING, SENDING, SENT = ReminderStatus.PENDING, ReminderStatus.SENDING, ReminderStatus.SENT


def a_draft(owner: str = ANNA, title: str = "Plan", **fields: Any) -> Draft:
    fields.setdefault("answers", {"title": title})
    return Draft(owner_id=owner, routine_id="medborgardialog", owner_name="Anna", **fields)


def a_reminder(key: str, days: int, owner: str = ANNA, **fields: Any) -> Reminder:
    return Reminder(
        owner_id=owner,
        deadline_key=key,
        deadline=date(2025, 5, 1),
        offset_days=days,
        due_at=NOW + timedelta(days=days),
        lang="sv",
        **fields,
    )


def a_share(draft_id: str, minutes: int = 0) -> Share:
    return Share(
        draft_id=draft_id,
        owner_id=ANNA,
        recipient_id=BERTIL,
        recipient_name="Bertil",
        access=Access.COMMENT,
        ask="Vad tycker du om metoden?",
        expires_at=NOW + timedelta(days=30),
        created_at=NOW + timedelta(minutes=minutes),
    )


async def add_reminders(uow: UnitOfWorkFactory, *reminders: Reminder) -> None:
    async with uow() as tx:
        for reminder in reminders:
            await tx.reminders.add(reminder)


async def statuses(uow: UnitOfWorkFactory, *reminders: Reminder) -> list[ReminderStatus | None]:
    async with uow() as tx:
        return [r.status if (r := await tx.reminders.get(x.id)) else None for x in reminders]


# --- drafts ---------------------------------------------------------------------------------------


async def test_a_draft_reads_back_as_it_was_created(uow: UnitOfWorkFactory) -> None:
    draft = a_draft(answers={"title": "Plan", "dates": {"start": "2025-05-01"}}, done=["purpose"], status=DraftStatus.PARKED)
    draft.proposal_created_at = NOW
    async with uow() as tx:
        await tx.drafts.create(draft)
    async with uow() as tx:
        stored = await tx.drafts.get(draft.id)
        assert await tx.drafts.get("no-such-draft") is None
    assert stored == draft
    assert stored.status is DraftStatus.PARKED


async def test_an_answer_of_any_size_and_language_reads_back_exactly(uow: UnitOfWorkFactory) -> None:
    """A number field without a maximum takes a number beyond 64 bits (written by json.dumps, which orjson refuses),
    and it reads back as the same integer, not a float; Swedish text reads back as typed."""
    huge = 10**30
    draft = a_draft(answers={"title": "Råcksta äldreomsorg", "budget": huge, "dates": {"start": "2025-05-01"}})
    async with uow() as tx:
        await tx.drafts.create(draft)
    async with uow() as tx:
        stored = await tx.drafts.get(draft.id)
    assert stored is not None and stored.answers == draft.answers and type(stored.answers["budget"]) is int


async def test_save_bumps_the_version_and_a_stale_save_changes_nothing(uow: UnitOfWorkFactory) -> None:
    draft = a_draft(title="Första")
    async with uow() as tx:
        await tx.drafts.create(draft)
    async with uow() as tx:
        first = await tx.drafts.save(replace(draft, answers={"title": "Andra"}))
    assert first.version == 1 and first.updated_at > draft.updated_at
    with pytest.raises(StaleDraftError):
        async with uow() as tx:
            await tx.drafts.save(replace(draft, answers={"title": "Tredje"}))
    with pytest.raises(StaleDraftError):
        async with uow() as tx:
            await tx.drafts.save(a_draft())  # never created
    async with uow() as tx:
        stored = await tx.drafts.get(draft.id)
    assert stored == first and stored.answers == {"title": "Andra"}


async def test_a_stale_save_undoes_the_rest_of_its_unit_of_work_and_a_good_one_is_read_back_at_once(
    uow: UnitOfWorkFactory,
) -> None:
    """On SQLite a save runs with the unit of work's next statement or its commit (storage/sqlite_driver.py): the
    unit of work reads what it saved, and a stale save is refused with everything else the unit of work wrote, whether
    a later statement or the commit finds it."""
    draft, other = a_draft(), a_draft(title="Andra")
    async with uow() as tx:
        await tx.drafts.create(draft)
        await tx.drafts.create(other)
    async with uow() as tx:
        saved = await tx.drafts.save(replace(draft, answers={"title": "Ny"}))
        assert await tx.drafts.get(draft.id) == saved
        saved = await tx.drafts.save(saved)
    for then in ("commit", "read", "list", "save"):
        with pytest.raises(StaleDraftError):
            async with uow() as tx:
                await tx.focus.set("conv", ANNA, Focus(other.id))
                await tx.drafts.save(replace(draft, answers={"title": "Inaktuell"}))  # the version read before the saves
                if then == "read":
                    await tx.drafts.get(other.id)
                elif then == "list":
                    await tx.drafts.list_for_owner(ANNA)
                elif then == "save":
                    await tx.drafts.save(replace(other, answers={"title": "Ändrad"}))
    async with uow() as tx:
        assert await tx.drafts.get(draft.id) == saved and saved.version == draft.version + 2
        assert await tx.drafts.get(other.id) == other
        assert await tx.focus.get("conv", ANNA) is None
        await tx.drafts.save(saved)  # the connection is left as good as new
    async with uow() as tx:
        stored = await tx.drafts.get(draft.id)
        assert stored is not None and stored.version == draft.version + 3


async def test_two_concurrent_saves_of_one_version_one_wins(uow: UnitOfWorkFactory) -> None:
    draft = a_draft()
    async with uow() as tx:
        await tx.drafts.create(draft)

    async def save(title: str) -> Draft:
        async with uow() as tx:
            return await tx.drafts.save(replace(draft, answers={"title": title}))

    results = await asyncio.gather(save("A"), save("B"), return_exceptions=True)
    assert sum(isinstance(r, StaleDraftError) for r in results) == 1
    winner = next(r for r in results if isinstance(r, Draft))
    async with uow() as tx:
        assert await tx.drafts.get(draft.id) == winner


async def test_list_is_the_owners_fifty_latest_changed_drafts_newest_first(uow: UnitOfWorkFactory) -> None:
    annas = [a_draft(title=f"Plan {i}", updated_at=NOW + timedelta(minutes=i)) for i in range(51)]
    async with uow() as tx:
        for draft in [*annas, a_draft(BERTIL, "Bertils", updated_at=NOW + timedelta(hours=5))]:
            await tx.drafts.create(draft)
    async with uow() as tx:
        listed = await tx.drafts.list_for_owner(ANNA)
    assert [d.title for d in listed] == [f"Plan {i}" for i in range(50, 0, -1)]

    async with uow() as tx:
        await tx.drafts.save(annas[0])  # the oldest, changed now
        listed = await tx.drafts.list_for_owner(ANNA)
        assert await tx.drafts.list_for_owner("aad:nobody") == []
    assert [d.title for d in listed[:2]] == ["Plan 0", "Plan 50"]


async def test_drafts_shared_with_someone_are_read_in_one_statement_those_gone_left_out(engine: AsyncEngine) -> None:
    """What "Mina utkast" lists under "shared with you": the drafts of every share a user received, read together."""
    uow = unit_of_work_factory(engine)
    first, second, gone = a_draft(title="Första"), a_draft(title="Andra"), a_draft(title="Borta")
    async with uow() as tx:
        for draft in (first, second, gone):
            await tx.drafts.create(draft)
    async with uow() as tx:
        await tx.drafts.delete(gone.id)
    sent = sent_to_the_database(engine)
    async with uow() as tx:
        found = await tx.drafts.many([second.id, gone.id, first.id])
    assert found == {first.id: first, second.id: second}
    assert len([s for s in sent if s.lstrip().upper().startswith("SELECT")]) == 1


async def test_delete_removes_only_that_draft(uow: UnitOfWorkFactory) -> None:
    gone, kept = a_draft(title="Borta"), a_draft(title="Kvar")
    async with uow() as tx:
        await tx.drafts.create(gone)
        await tx.drafts.create(kept)
    async with uow() as tx:
        await tx.drafts.delete(gone.id)
        await tx.drafts.delete(gone.id)  # again: nothing to do, no error
    async with uow() as tx:
        assert await tx.drafts.get(gone.id) is None
        assert [d.title for d in await tx.drafts.list_for_owner(ANNA)] == ["Kvar"]


# --- one unit of work -----------------------------------------------------------------------------


async def _draft_with_reminders_and_share(uow: UnitOfWorkFactory) -> tuple[Draft, list[Reminder], Share]:
    draft = a_draft()
    reminders = [a_reminder(f"draft:{draft.id}:start", 1), a_reminder(f"draft:{draft.id}:end", 2)]
    share = a_share(draft.id)
    async with uow() as tx:
        await tx.drafts.create(draft)
        for reminder in reminders:
            await tx.reminders.add(reminder)
        await tx.shares.create(share, "hash")
    return draft, reminders, share


async def _delete_everywhere(uow: UnitOfWorkFactory, draft: Draft, fail: bool) -> None:
    async with uow() as tx:
        await tx.drafts.delete(draft.id)
        await tx.reminders.delete_prefix(f"draft:{draft.id}:")
        await tx.shares.delete_for_draft(draft.id)
        await tx.drafts.create(a_draft(title="Ny"))
        await tx.focus.set("conv", ANNA, Focus("other"))
        assert await tx.drafts.get(draft.id) is None  # the unit of work sees its own writes
        if fail:
            raise LookupError("the use case failed half-way")


async def test_a_unit_of_work_that_raises_changes_nothing(uow: UnitOfWorkFactory) -> None:
    draft, reminders, share = await _draft_with_reminders_and_share(uow)
    with pytest.raises(LookupError):
        await _delete_everywhere(uow, draft, fail=True)
    async with uow() as tx:
        assert await tx.drafts.get(draft.id) == draft
        assert [d.title for d in await tx.drafts.list_for_owner(ANNA)] == ["Plan"]
        assert [r.id for r in await tx.reminders.upcoming(ANNA, 10)] == [r.id for r in reminders]
        stored_share = await tx.shares.get(share.id)
        assert stored_share is not None and stored_share.usable(NOW)
        assert await tx.focus.get("conv", ANNA) is None


async def test_a_clean_unit_of_work_commits_all_of_it(uow: UnitOfWorkFactory) -> None:
    draft, reminders, share = await _draft_with_reminders_and_share(uow)
    await _delete_everywhere(uow, draft, fail=False)
    async with uow() as tx:
        assert await tx.drafts.get(draft.id) is None
        assert await tx.reminders.upcoming(ANNA, 10) == []
        assert await tx.shares.get(share.id) is None
        assert await tx.focus.get("conv", ANNA) == Focus("other")
    assert await statuses(uow, *reminders) == [None, None]


async def test_a_second_unit_of_work_in_the_same_task_is_refused(uow: UnitOfWorkFactory) -> None:
    with pytest.raises(RuntimeError):
        _ = uow().drafts  # outside `async with`
    async with uow() as tx:
        with pytest.raises(RuntimeError):
            async with uow():
                pass
        await tx.drafts.create(a_draft())
    async with uow() as tx:
        assert len(await tx.drafts.list_for_owner(ANNA)) == 1


# --- reminders ------------------------------------------------------------------------------------


async def test_a_reminder_reads_back_and_its_key_is_added_once(uow: UnitOfWorkFactory) -> None:
    reminder = a_reminder("call:c1:deadline", 7, conversation_id="team-chat")
    twin = replace(reminder, id="another-id")  # same idempotency key
    await add_reminders(uow, reminder, twin)
    async with uow() as tx:
        stored = await tx.reminders.get(reminder.id)
        assert await tx.reminders.get(twin.id) is None
    assert stored == replace(reminder, next_attempt_at=reminder.due_at)
    assert stored.status is ReminderStatus.PENDING


async def test_replace_pending_keeps_sent_reminders_and_is_idempotent(uow: UnitOfWorkFactory) -> None:
    prefix = "draft:d1:"
    sent = a_reminder(prefix + "start", 1, status=SENT, sent_at=NOW)
    dropped = a_reminder(prefix + "start", 2)
    elsewhere = a_reminder("draft:d2:start", 3)
    bertils = a_reminder(prefix + "start", 2, owner=BERTIL)
    await add_reminders(uow, sent, dropped, elsewhere, bertils)

    def wanted() -> list[Reminder]:  # planned afresh each time: new ids, same keys
        return [a_reminder(prefix + "start", 1), a_reminder(prefix + "end", 5), a_reminder(prefix + "end", 6)]

    assert wanted()[0].idem_key == sent.idem_key
    async with uow() as tx:
        await tx.reminders.replace_pending(ANNA, prefix, wanted())
        first = [(r.id, r.deadline_key, r.offset_days) for r in await tx.reminders.upcoming(ANNA, 10)]
    assert first[0][0] == elsewhere.id and [(k, d) for _, k, d in first[1:]] == [(prefix + "end", 5), (prefix + "end", 6)]
    assert await statuses(uow, sent, dropped, bertils) == [SENT, None, PENDING]

    async with uow() as tx:
        await tx.reminders.replace_pending(ANNA, prefix, wanted())
        assert [(r.id, r.deadline_key, r.offset_days) for r in await tx.reminders.upcoming(ANNA, 10)] == first
        await tx.reminders.replace_pending(ANNA, prefix, [])
        assert [r.id for r in await tx.reminders.upcoming(ANNA, 10)] == [elsewhere.id]
    assert await statuses(uow, sent, bertils) == [SENT, PENDING]


async def test_cancel_deadline_marks_only_the_owners_pending_ones_of_that_key_done(uow: UnitOfWorkFactory) -> None:
    key = "call:c1:deadline"
    mine = [a_reminder(key, 1), a_reminder(key, 2)]
    untouched = [a_reminder(key, 3, status=SENT), a_reminder(key + ":late", 1), a_reminder(key, 1, owner=BERTIL)]
    await add_reminders(uow, *mine, *untouched)
    async with uow() as tx:
        await tx.reminders.cancel_deadline(ANNA, key)
    assert await statuses(uow, *mine, *untouched) == [ReminderStatus.DONE] * 2 + [SENT, PENDING, PENDING]


async def test_delete_prefix_is_an_exact_prefix_for_every_owner_and_state(uow: UnitOfWorkFactory) -> None:
    deleted = [
        a_reminder("draft:ab_c:x", 1),
        a_reminder("draft:ab_c:y", 2, owner=BERTIL),
        a_reminder("draft:ab_c:z", 5, status=SENT),
    ]
    kept = [a_reminder("draft:abXc:x", 3), a_reminder("draft:AB_C:x", 4)]
    await add_reminders(uow, *deleted, *kept)
    async with uow() as tx:
        await tx.reminders.delete_prefix("draft:ab_c:")
    assert await statuses(uow, *deleted, *kept) == [None, None, None, PENDING, PENDING]


async def test_upcoming_is_the_owners_pending_and_sending_soonest_first(uow: UnitOfWorkFactory) -> None:
    later, soon, sending = a_reminder("k:a", 9), a_reminder("k:b", 2), a_reminder("k:c", 5, status=SENDING)
    over = [
        a_reminder(f"k:{s}", 1, status=s) for s in (SENT, ReminderStatus.FAILED, ReminderStatus.DONE, ReminderStatus.CANCELLED)
    ]
    await add_reminders(uow, later, *over, soon, sending, a_reminder("k:d", 1, owner=BERTIL))
    async with uow() as tx:
        assert [r.id for r in await tx.reminders.upcoming(ANNA, 10)] == [soon.id, sending.id, later.id]
        assert [r.id for r in await tx.reminders.upcoming(ANNA, 2)] == [soon.id, sending.id]


# --- subscriptions --------------------------------------------------------------------------------


async def test_subscriptions_are_one_per_owner_call_and_conversation(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        await tx.subscriptions.save(Subscription(ANNA, "c1", (7, 1), "sv"))
        await tx.subscriptions.save(Subscription(ANNA, "c1", (3,), "en"))  # the same one, new offsets
        await tx.subscriptions.save(Subscription(ANNA, "c1", (1,), "sv", "team-chat"))
        await tx.subscriptions.save(Subscription(ANNA, "c2", (14,), "sv"))
        await tx.subscriptions.save(Subscription(BERTIL, "c1", (2,), "sv"))
    async with uow() as tx:
        assert await tx.subscriptions.for_owner(ANNA) == [
            Subscription(ANNA, "c1", (3,), "en"),
            Subscription(ANNA, "c1", (1,), "sv", "team-chat"),
            Subscription(ANNA, "c2", (14,), "sv"),
        ]
        await tx.subscriptions.remove(ANNA, "c1")
    async with uow() as tx:
        assert await tx.subscriptions.for_owner(ANNA) == [Subscription(ANNA, "c2", (14,), "sv")]
        assert await tx.subscriptions.every() == [Subscription(ANNA, "c2", (14,), "sv"), Subscription(BERTIL, "c1", (2,), "sv")]


# --- shares ---------------------------------------------------------------------------------------


async def test_shares_are_found_by_token_hash_and_revoked_once(uow: UnitOfWorkFactory) -> None:
    first, second, other = a_share("d1"), a_share("d1", minutes=1), a_share("d2")
    async with uow() as tx:
        for share, token_hash in ((second, "h2"), (first, "h1"), (other, "h3")):
            await tx.shares.create(share, token_hash)
    async with uow() as tx:
        found = await tx.shares.by_token_hash("h1")
        assert await tx.shares.by_token_hash("unknown") is None
        assert await tx.shares.for_draft("d1") == [first, second]
        await tx.shares.revoke(first.id, NOW + timedelta(hours=1))
        await tx.shares.revoke(first.id, NOW + timedelta(hours=2))
    assert found == first and found.access is Access.COMMENT
    async with uow() as tx:
        revoked = {s.id: s.revoked_at for s in [*await tx.shares.for_draft("d1"), *await tx.shares.for_draft("d2")]}
    assert revoked == {first.id: NOW + timedelta(hours=1), second.id: None, other.id: None}
    async with uow() as tx:  # a link added to a share (opened again) finds it as the first one does
        await tx.shares.add_token(other.id, "h3b")
    async with uow() as tx:
        assert await tx.shares.by_token_hash("h3b") == await tx.shares.by_token_hash("h3") == other
        await tx.shares.delete_for_draft("d2")
    async with uow() as tx:  # the draft's erased: no link of its shares finds anything
        assert await tx.shares.by_token_hash("h3b") is None


async def test_share_events_newest_first(uow: UnitOfWorkFactory) -> None:
    at = NOW + timedelta(minutes=5)
    view = ShareEvent("s1", "d1", ShareEventKind.VIEW, "Bertil", NOW)
    comment = ShareEvent("s1", "d1", ShareEventKind.COMMENT, "Bertil", at, "Bra metod")
    download = ShareEvent("s1", "d1", ShareEventKind.DOWNLOAD, "Bertil", at)  # same time, recorded later
    async with uow() as tx:
        for event in (view, comment, download, ShareEvent("s2", "d2", ShareEventKind.VIEW, "Cecilia", at)):
            await tx.shares.record(event)
    async with uow() as tx:
        events = await tx.shares.events("d1", 10)
        assert await tx.shares.events("d1", 2) == [download, comment]
    assert events == [download, comment, view]
    assert [type(e.kind) for e in events] == [ShareEventKind] * 3


# --- a dialogue's history -------------------------------------------------------------------------


async def test_history_reads_back_oldest_first_the_newest_at_most_and_goes_with_its_draft(uow: UnitOfWorkFactory) -> None:
    later = NOW + timedelta(minutes=5)
    proposed = HistoryEntry("d1", HistoryKind.PROPOSED, NOW, ANNA, "Anna Andersson", number=2)
    done = HistoryEntry("d1", HistoryKind.PHASE_DONE, later, ANNA, "Anna Andersson", "sent")
    corrected = HistoryEntry("d1", HistoryKind.PHASE_CORRECTED, later, ANNA, "Anna Andersson", "sent")  # same time, later
    other = HistoryEntry("d2", HistoryKind.PROPOSED, NOW, "aad:bertil", "Bertil")
    async with uow() as tx:
        for entry in (proposed, done, corrected, other):
            await tx.history.record(entry)
    async with uow() as tx:
        entries = await tx.history.for_draft("d1", 10)
        assert await tx.history.for_draft("d1", 2) == [done, corrected]
        assert await tx.history.for_drafts(["d1", "d2"]) == [proposed, other, done, corrected]
        assert await tx.history.for_drafts([]) == []
        await tx.history.delete_for_draft("d1")
    async with uow() as tx:
        assert await tx.history.for_draft("d1", 10) == []
        assert await tx.history.for_draft("d2", 10) == [other]
    assert entries == [proposed, done, corrected]
    assert {type(e.kind) for e in entries} == {HistoryKind}
    assert [e.number for e in entries] == [2, None, None]  # Förslag 2; a phase has no number


async def test_a_proposals_versions_read_back_in_order_and_go_with_their_draft(uow: UnitOfWorkFactory) -> None:
    draft = a_draft(answers={"title": "Plan", "method": {"method_description": "Två workshops – ”öppna” för alla"}})
    draft.done = ["purpose", "method"]
    first = ProposalVersion.of(draft, 1, NOW)
    draft.answers["method"] = {"method_description": "En enkät"}
    second = ProposalVersion.of(draft, 2, NOW + timedelta(days=1))
    other = ProposalVersion.of(a_draft(owner="aad:bertil"), 1, NOW)
    async with uow() as tx:
        for version in (second, first, other):
            await tx.proposal_versions.add(version)
    async with uow() as tx:
        assert await tx.proposal_versions.for_draft(draft.id) == [first, second]
        assert await tx.proposal_versions.get(draft.id, 1) == first and await tx.proposal_versions.get(draft.id, 3) is None
        assert await tx.proposal_versions.newest(draft.id) == second
        await tx.proposal_versions.delete_for_draft(draft.id)
    async with uow() as tx:
        assert await tx.proposal_versions.for_draft(draft.id) == []
        assert await tx.proposal_versions.newest(draft.id) is None
        assert await tx.proposal_versions.for_draft(other.draft_id) == [other]
    assert first.answers["method"] == {"method_description": "Två workshops – ”öppna” för alla"}  # kept, not shared


# --- focus ----------------------------------------------------------------------------------------


async def test_focus_is_per_conversation_and_user(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        assert await tx.focus.get("chat", ANNA) is None
        await tx.focus.set("chat", ANNA, Focus("d1", "method"))
        await tx.focus.set("chat", ANNA, Focus("d2"))  # overwrite, the step too
        await tx.focus.set("chat", BERTIL, Focus("d3"))
        await tx.focus.set("team", ANNA, Focus("d4", "evaluation"))
    async with uow() as tx:
        assert [await tx.focus.get(c, u) for c, u in (("chat", ANNA), ("chat", BERTIL), ("team", ANNA))] == [
            Focus("d2"),
            Focus("d3"),
            Focus("d4", "evaluation"),
        ]
        await tx.focus.set("chat", ANNA, None)
        await tx.focus.set("chat", ANNA, None)  # clearing twice is fine
    async with uow() as tx:
        assert [await tx.focus.get(c, u) for c, u in (("chat", ANNA), ("chat", BERTIL), ("team", ANNA))] == [
            None,
            Focus("d3"),
            Focus("d4", "evaluation"),
        ]


async def test_a_draft_read_for_its_reader_leaves_their_focus_right(uow: UnitOfWorkFactory) -> None:
    """The reader's focus comes along with the draft; keeping it as it is, changing it, clearing it after another
    statement cleared it, and a reader without one there: each ends as set."""
    draft = a_draft()
    anna, bertil = Actor(ANNA, "Anna", "sv", "chat"), Actor(BERTIL, "Bertil", "sv", "chat")
    async with uow() as tx:
        await tx.drafts.create(draft)
        await tx.focus.set("chat", ANNA, Focus(draft.id))
    async with uow() as tx:
        read = await tx.drafts.get(draft.id, anna)
        assert read is not None and (read.id, read.version, read.answers) == (draft.id, draft.version, draft.answers)
        await tx.focus.set("chat", ANNA, Focus(draft.id))  # as it is
    async with uow() as tx:
        assert await tx.focus.get("chat", ANNA) == Focus(draft.id)
        await tx.drafts.get(draft.id, anna)
        await tx.focus.set("chat", ANNA, Focus(draft.id, "method"))  # a step opened again
    async with uow() as tx:
        assert await tx.focus.get("chat", ANNA) == Focus(draft.id, "method")
        await tx.drafts.get(draft.id, anna)
        await tx.focus.clear_draft(draft.id)
        await tx.focus.set("chat", ANNA, Focus(draft.id, "method"))  # what was read, but cleared since
        await tx.drafts.get(draft.id, bertil)  # none in this conversation
        await tx.focus.set("chat", BERTIL, Focus(draft.id))
    async with uow() as tx:
        assert await tx.focus.get("chat", ANNA) == Focus(draft.id, "method")
        assert await tx.focus.get("chat", BERTIL) == Focus(draft.id)
        assert await tx.drafts.get("no-such-draft", anna) is None


def sent_to_the_database(engine: AsyncEngine) -> list[str]:
    """Every statement the database is sent from the next check-out of a connection on, as the driver sends it (so
    also those run on the driver, storage/prepared.py, which SQLAlchemy's statement events do not see): sqlite3's
    trace of what it runs; PostgreSQL's own statement log, sent to the client (its log lines: "statement: …",
    "execute <name>: …")."""
    sent: list[str] = []

    def on_log(_connection: object, message: asyncpg.PostgresLogMessage) -> None:
        sent.append(message.message.split(": ", 1)[-1])

    def trace(dbapi_connection: Any, _record: object, _proxy: object) -> None:
        driver = dbapi_connection.driver_connection
        if engine.dialect.name == "sqlite":
            await_(driver.set_trace_callback(sent.append))
        else:
            await_(driver.execute("SET log_statement = 'all'; SET client_min_messages = log"))
            driver.add_log_listener(on_log)

    event.listen(engine.sync_engine, "checkout", trace)
    return sent


async def test_a_turn_that_keeps_the_focus_writes_no_focus(engine: AsyncEngine) -> None:
    """A wizard step's unit of work: the draft read with the focus and saved; the focus, unchanged, not written again
    (its row keeps the time it was set), nor the card shown last (none, read with the draft)."""
    uow = unit_of_work_factory(engine)
    draft = a_draft()
    anna = Actor(ANNA, "Anna", "sv", "chat")
    focus_set_at = select(FocusRow.updated_at).where(FocusRow.conversation_id == "chat", FocusRow.user_id == ANNA)
    async with uow() as tx:
        await tx.drafts.create(draft)
        await tx.focus.set("chat", ANNA, Focus(draft.id))
    async with engine.connect() as conn:
        before = (await conn.execute(focus_set_at)).scalar_one()
    statements = sent_to_the_database(engine)
    async with uow() as tx:
        read = await tx.drafts.get(draft.id, anna)
        assert read is not None
        await tx.drafts.save(read)
        await tx.focus.set("chat", ANNA, Focus(draft.id))
        await tx.focus.show("chat", ANNA, None)
    written = [s for s in statements if re.search(r"\b(INSERT INTO|UPDATE|DELETE FROM) (focus|shown_cards)\b", s)]
    assert any(s.startswith("UPDATE drafts") for s in statements) and not written
    async with engine.connect() as conn:
        assert (await conn.execute(focus_set_at)).scalar_one() == before
    async with uow() as tx:
        saved = await tx.drafts.get(draft.id)
        assert saved is not None and saved.version == draft.version + 1


async def test_the_card_shown_last_is_per_conversation_and_user_and_forgotten_with_the_conversation(
    uow: UnitOfWorkFactory,
) -> None:
    """What a short typed reply answers: kept as it was shown, read back alike on every instance (a draft read for its
    reader brings it along), replaced by the next, forgotten when the bot sends the conversation something unasked, and
    with the user's data."""
    review = ShownCard(main={"action": "review_send", "draft": "d1", "person": "Eva Ek", "ask": ""})
    choice = ShownCard(steps=(NextStep(ActionName.SUBMIT, "d1", step_id="evaluation", version=3, answer=("e", "En enkät")),))
    draft = a_draft()
    async with uow() as tx:
        await tx.drafts.create(draft)
        await tx.focus.show("chat", ANNA, review)
        await tx.focus.show("chat", BERTIL, choice)
        await tx.focus.show("team", ANNA, choice)
    async with uow() as tx:
        assert (await tx.focus.whereabouts("chat", ANNA)).shown == review
        assert (await tx.focus.whereabouts("chat", BERTIL)).shown == choice
        await tx.drafts.get(draft.id, Actor(ANNA, "Anna", "sv", "chat"))
        await tx.focus.show("chat", ANNA, None)  # read with the draft: cleared all the same
        assert [e.conversation_id for e in await tx.focus.shown_for_user(ANNA)] == ["team"]
        await tx.focus.forget_shown("team")
    async with uow() as tx:
        shown = [(await tx.focus.whereabouts(c, u)).shown for c, u in (("chat", ANNA), ("chat", BERTIL), ("team", ANNA))]
        assert shown == [None, choice, None]
        await tx.focus.delete_user(BERTIL)
    async with uow() as tx:
        assert (await tx.focus.whereabouts("chat", BERTIL)).shown is None


async def test_what_was_typed_on_a_refused_step_is_kept_while_the_draft_is_as_read(uow: UnitOfWorkFactory) -> None:
    """A step's inputs whose save was refused are kept with the draft (and nothing else of it changes), unless someone
    saved the draft since it was read; then the unit of work's other writes are kept all the same."""
    draft = a_draft()
    async with uow() as tx:
        await tx.drafts.create(draft)
    draft.typed["method"] = {"method_choice": "enkät", "participants": "30"}
    async with uow() as tx:
        await tx.drafts.keep_typed(draft)
        await tx.focus.set("chat", ANNA, Focus(draft.id, "method"))
    async with uow() as tx:
        kept = await tx.drafts.get(draft.id)
        assert kept is not None and kept.typed == {"method": {"method_choice": "enkät", "participants": "30"}}
        assert (kept.version, kept.answers) == (draft.version, draft.answers)
        await tx.drafts.save(kept)
    draft.typed["method"] = {"method_choice": "workshop"}
    async with uow() as tx:
        await tx.drafts.keep_typed(draft)  # read before the save above
        await tx.focus.set("chat", ANNA, Focus(draft.id))
    async with uow() as tx:
        stale = await tx.drafts.get(draft.id)
        assert stale is not None and stale.typed["method"] == {"method_choice": "enkät", "participants": "30"}
        assert await tx.focus.get("chat", ANNA) == Focus(draft.id)


async def test_the_draft_a_user_works_on_is_read_with_their_focus(uow: UnitOfWorkFactory) -> None:
    """What the ways on of a reply start from: the user's focus in the conversation and its draft, in one read; no
    focus, no draft; a focus on a draft deleted since, the focus alone."""
    kept, gone = a_draft(), a_draft(title="Borta")
    anna, bertil = Actor(ANNA, "Anna", "sv", "chat"), Actor(BERTIL, "Bertil", "sv", "chat")
    async with uow() as tx:
        await tx.drafts.create(kept)
        await tx.drafts.create(gone)
        await tx.focus.set("chat", ANNA, Focus(kept.id, "method"))
        await tx.focus.set("team", ANNA, Focus(gone.id))
    async with uow() as tx:
        await tx.drafts.delete(gone.id)
    async with uow() as tx:
        worked_on = await tx.drafts.worked_on(anna)
        assert worked_on.focus == Focus(kept.id, "method") and worked_on.draft == await tx.drafts.get(kept.id)
        assert await tx.drafts.worked_on(replace(anna, conversation_id="team")) == WorkedOn(Focus(gone.id), None)
        assert await tx.drafts.worked_on(bertil) == WorkedOn(None, None)


async def test_a_typed_message_reads_the_focus_and_the_card_shown_last_together(uow: UnitOfWorkFactory) -> None:
    """What a typed message is read against, in one read: the user's focus and the card shown them last in the
    conversation, either or both missing; neither written again when the unit of work keeps them as read."""
    review = ShownCard(main={"action": "review_send", "draft": "d1", "person": "Eva Ek", "ask": ""})
    async with uow() as tx:
        await tx.focus.set("chat", ANNA, Focus("d1", "method"))
        await tx.focus.show("chat", BERTIL, review)
        await tx.focus.set("team", ANNA, Focus("d2"))
        await tx.focus.show("team", ANNA, review)
    async with uow() as tx:
        assert await tx.focus.whereabouts("chat", ANNA) == Whereabouts(Focus("d1", "method"), None)
        assert await tx.focus.whereabouts("chat", BERTIL) == Whereabouts(None, review)
        assert await tx.focus.whereabouts("team", ANNA) == Whereabouts(Focus("d2"), review)
        assert await tx.focus.whereabouts("team", BERTIL) == Whereabouts(None, None)


# --- only the databases ---------------------------------------------------------------------------


async def test_units_of_work_cancelled_at_each_wait_give_their_connection_back(engine: AsyncEngine) -> None:
    """A turn's deadline cancels its unit of work wherever it waits (checking a connection out, reading, committing):
    whatever it wrote is not kept, its connection goes back to the pool (SQLite's only one), and the next turn's unit
    of work gets it at once and finds the saved draft as it was."""
    uow = unit_of_work_factory(engine)
    draft = a_draft()
    async with uow() as tx:
        await tx.drafts.create(draft)

    async def step() -> None:
        async with uow() as tx:
            read = await tx.drafts.get(draft.id)
            assert read is not None
            await tx.drafts.save(replace(read, answers={"title": "Avbruten"}))
            await tx.focus.set("conv", ANNA, Focus(draft.id))

    focus_before = None
    for waited in range(12):  # cancelled at once, after one pass of the loop, then ever later: at each wait in turn
        task = asyncio.create_task(step())
        await asyncio.sleep(0 if waited < 2 else (waited - 1) / 4000)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        async with asyncio.timeout(2):  # not the pool's timeout: the connection is back
            async with uow() as tx:
                stored = await tx.drafts.get(draft.id)
                focus = await tx.focus.get("conv", ANNA)
        assert stored is not None
        if stored.version == draft.version:  # cancelled before its commit: nothing kept
            assert stored == draft and focus == focus_before
        else:  # the commit was under way: all of it kept
            assert stored.answers == {"title": "Avbruten"} and focus == Focus(draft.id)
            draft, focus_before = stored, focus


async def test_a_draft_survives_a_restart(tmp_path: Path) -> None:
    draft = a_draft()
    engine = make_engine(sqlite_url(tmp_path))
    await migrate(engine)
    async with unit_of_work_factory(engine)() as tx:
        await tx.drafts.create(draft)
    await engine.dispose()

    restarted = make_engine(sqlite_url(tmp_path))
    await migrate(restarted)
    try:
        async with unit_of_work_factory(restarted)() as tx:
            assert await tx.drafts.get(draft.id) == draft
    finally:
        await restarted.dispose()


async def test_migration_0004_keeps_drafts_and_drops_the_stored_proposal(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        await migrate(engine, "0003")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO drafts (id, owner_id, owner_name, routine_id, title, status, answers, done, version, created_at,"
                    " updated_at, proposal_markdown, proposal_html) VALUES ('d1', 'aad:anna', 'Anna', 'r', 'Plan', 'proposed',"
                    " '{\"title\": \"Plan\"}', '[]', 3, :t, :t, '# Förslag', '<h1>Förslag</h1>')"
                ).bindparams(bindparam("t", NOW, type_=UTCDateTime()))
            )
        await migrate(engine)
        async with unit_of_work_factory(engine)() as tx:
            stored = await tx.drafts.get("d1")
        async with engine.connect() as conn:
            columns, tables, indexes = await conn.run_sync(
                lambda c: (
                    {col["name"] for col in inspect(c).get_columns("drafts")},
                    set(inspect(c).get_table_names()),
                    {ix["name"] for ix in inspect(c).get_indexes("drafts")},
                )
            )
    finally:
        await engine.dispose()
    assert stored is not None and (stored.title, stored.status, stored.version) == ("Plan", DraftStatus.PROPOSED, 3)
    assert "proposal_html" not in columns and "proposal_markdown" not in columns and "proposal_created_at" in columns
    assert "focus" in tables and "ix_drafts_owner_updated" in indexes


async def test_migration_0010_moves_a_proposals_number_out_of_the_note_and_back(
    db_url: str, routine: Routine, messages: Messages
) -> None:
    """Before 0010 a proposal's number (Förslag n) was kept in the history's note: it moves to a column of its own, so
    the history card still says Förslag 2; a proposal from before versions has none, and a reviewer's comment that is a
    figure stays a comment. Downgraded, the numbers are notes again, and the record of an answer to an external
    initiative, a kind the code before cannot read, is gone."""
    old = [("proposed", ""), ("proposed", "2"), ("review_approved", "3")]
    engine = make_engine(db_url)
    try:
        await migrate(engine, "0009")
        async with engine.begin() as conn:
            for minutes, (kind, note) in enumerate(old):
                await conn.execute(
                    text(
                        "INSERT INTO draft_history (draft_id, kind, phase, who_id, who_name, at, note)"
                        " VALUES ('d1', :kind, '', 'aad:anna', 'Anna', :at, :note)"
                    ).bindparams(bindparam("at", NOW + timedelta(minutes=minutes), type_=UTCDateTime())),
                    {"kind": kind, "note": note},
                )
        await migrate(engine, "0010")
        async with unit_of_work_factory(engine)() as tx:
            entries = await tx.history.for_draft("d1", 10)
            answered = HistoryEntry("d1", HistoryKind.ANSWERED, NOW + timedelta(hours=1), "aad:anna", "Anna", number=4)
            await tx.history.record(answered)
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "0009"))
            downgraded = [tuple(r) for r in await conn.execute(text("SELECT kind, note FROM draft_history ORDER BY at"))]
            columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("draft_history")})
    finally:
        await engine.dispose()
    assert [(e.kind, e.note, e.number) for e in entries] == [
        (HistoryKind.PROPOSED, "", None),
        (HistoryKind.PROPOSED, "", 2),
        (HistoryKind.REVIEW_APPROVED, "3", None),
    ]
    card = history_card(CardContext(routine, messages, "sv"), HistoryView("d1", "Plan", Phases(Wizard(routine)).history(entries)))
    assert history_of(card) == ["Förslaget skapades", "Förslag 2 skapades", "Godkände förslaget: ”3”"]
    assert downgraded == old and "number" not in columns


async def test_migration_0014_names_every_review_before_it_the_proposals(db_url: str) -> None:
    """Every review sent before a review's share named what it is about was of the proposal: 0014 says so of those, and
    of no other share; downgraded, the column is gone."""
    engine = make_engine(db_url)
    try:
        await migrate(engine, "0013")
        async with engine.begin() as conn:
            for share_id, access in (("s1", "review"), ("s2", "read"), ("s3", "comment")):
                await conn.execute(
                    text(
                        "INSERT INTO shares (id, draft_id, owner_id, recipient_id, recipient_name, access, ask, token_hash,"
                        " created_at, expires_at) VALUES (:id, 'd1', 'aad:anna', 'aad:bertil', 'Bertil', :access, '', :id,"
                        " :t, :t)"
                    ).bindparams(bindparam("t", NOW, type_=UTCDateTime())),
                    {"id": share_id, "access": access},
                )
        await migrate(engine)
        async with unit_of_work_factory(engine)() as tx:
            shares = [await tx.shares.get(share_id) for share_id in ("s1", "s2", "s3")]
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "0013"))
            columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("shares")})
    finally:
        await engine.dispose()
    assert [s.reviewed if s else "missing" for s in shares] == [Reviewed.PROPOSAL, None, None]
    assert "reviewed" not in columns


async def test_migration_0011_numbers_every_proposal_in_the_history(db_url: str, routine: Routine, messages: Messages) -> None:
    """A proposal recorded before numbers were kept gets its place among the draft's proposals, so the entry's number
    is the one source of Förslag n: two proposals without numbers are Förslag 1 and 2 (not both 1, and the next
    version 3), one before a numbered Förslag 2 is Förslag 1; other entries and other drafts' are left as they were."""
    old = [
        ("d1", "proposed", None),
        ("d2", "proposed", None),
        ("d1", "edited", None),
        ("d1", "proposed", None),
        ("d2", "proposed", 2),
        ("d1", "phase_done", None),
    ]
    engine = make_engine(db_url)
    try:
        await migrate(engine, "0010")
        async with engine.begin() as conn:
            for minutes, (draft_id, kind, number) in enumerate(old):
                await conn.execute(
                    text(
                        "INSERT INTO draft_history (draft_id, kind, phase, who_id, who_name, at, note, number)"
                        " VALUES (:draft_id, :kind, '', 'aad:anna', 'Anna', :at, '', :number)"
                    ).bindparams(bindparam("at", NOW + timedelta(minutes=minutes), type_=UTCDateTime())),
                    {"draft_id": draft_id, "kind": kind, "number": number},
                )
        await migrate(engine)
        async with unit_of_work_factory(engine)() as tx:
            d1 = await tx.history.for_draft("d1", 10)
            d2 = await tx.history.for_draft("d2", 10)
    finally:
        await engine.dispose()
    assert [(e.kind, e.number) for e in d1] == [
        (HistoryKind.PROPOSED, 1),
        (HistoryKind.EDITED, None),
        (HistoryKind.PROPOSED, 2),
        (HistoryKind.PHASE_DONE, None),
    ]
    assert [e.number for e in d2] == [1, 2]
    card = history_card(CardContext(routine, messages, "sv"), HistoryView("d1", "Plan", Phases(Wizard(routine)).history(d1)))
    assert history_of(card)[0] == "Förslag 1 skapades" and history_of(card)[2] == "Förslag 2 skapades"


async def _drop_connections(pg_url: str) -> None:
    """The server ends every session of the database, as a restart or a failover does."""
    database = pg_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(pg_url.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0] + "/postgres")
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", database
        )
    finally:
        await admin.close()


@pytest.mark.parametrize("idle_enough_to_ping", [True, False])
async def test_a_connection_the_server_dropped_is_replaced(pg_url: str, idle_enough_to_ping: bool) -> None:
    """A pooled connection that sat idle is pinged before use and, broken, replaced unseen; one in steady use
    is not pinged: the first work on it fails as the database being unavailable (the user is told to try again),
    and the pool is renewed for what comes next."""
    engine = make_engine(pg_url, ping_after_idle_seconds=0.0 if idle_enough_to_ping else 60.0)
    await migrate(engine)
    uow = unit_of_work_factory(engine)
    try:
        async with uow() as tx:
            draft = await tx.drafts.create(a_draft())
        await _drop_connections(pg_url)
        if not idle_enough_to_ping:
            with pytest.raises(DBAPIError) as failed:
                async with uow() as tx:
                    await tx.drafts.get(draft.id)
            assert unavailable(failed.value)
        async with uow() as tx:
            assert await tx.drafts.get(draft.id) == draft
    finally:
        await engine.dispose()


async def test_two_queues_never_claim_the_same_reminder(pg_engine: AsyncEngine, pg_url: str) -> None:
    reminders = [a_reminder(f"k:{i}", i - 20) for i in range(20)]  # all due, soonest first
    await add_reminders(unit_of_work_factory(pg_engine), *reminders)
    other_instance = make_engine(pg_url)
    lease = timedelta(minutes=5)
    try:
        first, second = ReminderQueue(pg_engine), ReminderQueue(other_instance)
        async with other_instance.begin() as conn:  # another scheduler, in the middle of claiming the five soonest
            await conn.execute(select(ReminderRow.id).order_by(ReminderRow.next_attempt_at).limit(5).with_for_update())
            skipped = await asyncio.wait_for(first.claim_due(NOW, "w1", 5, lease), timeout=10)  # no waiting for them
        together = await asyncio.gather(first.claim_due(NOW, "w1", 10, lease), second.claim_due(NOW, "w2", 10, lease))
        again = await first.claim_due(NOW, "w1", 10, lease)
    finally:
        await other_instance.dispose()
    assert [r.id for r in skipped] == [r.id for r in reminders[5:10]]
    claimed = [r.id for r in [*skipped, *together[0], *together[1]]]
    assert sorted(claimed) == sorted(r.id for r in reminders)  # each exactly once
    assert again == []


async def test_a_claim_is_a_lease_and_only_its_holder_settles_it(engine: AsyncEngine) -> None:
    queue, lease = ReminderQueue(engine), timedelta(minutes=5)
    first, second = a_reminder("k:1", -1), a_reminder("k:2", 0)
    await add_reminders(unit_of_work_factory(engine), first, second)
    assert [r.id for r in await queue.claim_due(NOW, "w1", 1, lease)] == [first.id]
    assert [r.id for r in await queue.claim_due(NOW + timedelta(minutes=1), "w2", 5, lease)] == [second.id]
    reclaimed = await queue.claim_due(NOW + timedelta(minutes=6), "w3", 5, lease)  # both leases ran out
    assert [(r.id, r.status, r.attempts) for r in reclaimed] == [(first.id, SENDING, 2), (second.id, SENDING, 2)]

    await queue.mark_sent(first.id, "w1", "stale-holder", NOW)  # ignored: w3 holds it now
    await queue.mark_sent(first.id, "w3", "activity-1", NOW + timedelta(minutes=7))
    await queue.retry_at(second.id, "w3", NOW + timedelta(hours=1), "429 Too Many Requests")
    assert await queue.claim_due(NOW + timedelta(minutes=30), "w3", 5, lease) == []
    assert [r.id for r in await queue.claim_due(NOW + timedelta(hours=1), "w3", 5, lease)] == [second.id]
    await queue.mark_failed(second.id, "w3", "403 Forbidden")
    done = {r.id: (r.status, r.activity_id, r.last_error) for r in await queue.all()}
    assert done == {first.id: (SENT, "activity-1", None), second.id: (ReminderStatus.FAILED, None, "403 Forbidden")}


async def test_conversation_references_are_upserted_and_the_latest_personal_chat_wins(engine: AsyncEngine) -> None:
    refs = SqlConversationRefs(engine)
    await refs.save("personal-old", "personal", ANNA, {"conversation": {"id": "personal-old"}, "v": 1})
    await refs.save("team", "channel", None, {"conversation": {"id": "team"}})
    await refs.save("personal-new", "personal", ANNA, {"conversation": {"id": "personal-new"}})
    await refs.save("personal-old", "personal", BERTIL, {"conversation": {"id": "personal-old"}, "v": 2})
    assert await refs.personal(ANNA) == {"conversation": {"id": "personal-new"}}
    assert await refs.get("personal-old") == {"conversation": {"id": "personal-old"}, "v": 2}
    assert await refs.get("unknown") is None and await refs.personal("aad:nobody") is None
