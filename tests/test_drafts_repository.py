"""The draft repository on SQLite and PostgreSQL, and the whole wizard on each database."""

from __future__ import annotations

import asyncio

import pytest

from dialogs.draft import Draft, StaleDraftError
from storage.drafts import SqlDraftRepository
from tests.support import Chat, action, card_text, cards_in, make_bot


async def test_save_bumps_the_version_and_a_stale_save_changes_nothing(engine) -> None:
    repo = SqlDraftRepository(engine)
    draft = await repo.create(Draft(owner_id="aad:anna", routine_id="r", answers={"title": "Första"}))
    first = await repo.save(Draft(**{**draft.__dict__, "answers": {"title": "Andra"}}))
    assert first.version == 1
    with pytest.raises(StaleDraftError):
        await repo.save(Draft(**{**draft.__dict__, "answers": {"title": "Tredje"}}))
    stored = await repo.get(draft.id)
    assert stored is not None and stored.answers == {"title": "Andra"} and stored.version == 1


async def test_two_concurrent_saves_of_one_version_one_wins(engine) -> None:
    repo = SqlDraftRepository(engine)
    draft = await repo.create(Draft(owner_id="aad:anna", routine_id="r"))
    results = await asyncio.gather(
        repo.save(Draft(**{**draft.__dict__, "answers": {"title": "A"}})),
        repo.save(Draft(**{**draft.__dict__, "answers": {"title": "B"}})),
        return_exceptions=True,
    )
    assert sum(isinstance(r, StaleDraftError) for r in results) == 1
    winner = next(r for r in results if isinstance(r, Draft))
    assert (await repo.get(draft.id)).answers == winner.answers


async def test_list_is_the_owners_drafts_newest_first(engine) -> None:
    repo = SqlDraftRepository(engine)
    old = await repo.create(Draft(owner_id="aad:anna", routine_id="r", answers={"title": "Gammal"}))
    await repo.create(Draft(owner_id="aad:bertil", routine_id="r", answers={"title": "Bertils"}))
    new = await repo.create(Draft(owner_id="aad:anna", routine_id="r", answers={"title": "Ny"}))
    await repo.save(new)
    assert [d.title for d in await repo.list_for_owner("aad:anna")] == ["Ny", "Gammal"]
    await repo.delete(old.id)
    assert [d.title for d in await repo.list_for_owner("aad:anna")] == ["Ny"]
    assert await repo.get(old.id) is None


async def test_whole_wizard_on_each_database(engine, routine, messages) -> None:
    chat = Chat(make_bot(engine, routine, messages)[1])
    review = cards_in(await chat.complete_wizard())[-1]
    proposal = cards_in(await chat.press(action(review, "create_proposal")))[0]
    assert "Förvaltningens förslag till beslut" in card_text(proposal)
