"""Our botbuilder Storage against Microsoft's conformance suite and concurrent writers, on both databases."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.testing import StorageBaseTests

from storage.bot_state import ETagConflictError, SqlStorage
from storage.db import make_engine, migrate

CONFORMANCE = [
    "return_empty_object_when_reading_unknown_key",
    "handle_null_keys_when_reading",
    "handle_null_keys_when_writing",
    "does_not_raise_when_writing_no_items",
    "create_object",
    "handle_crazy_keys",
    "update_object",
    "delete_object",
    "delete_unknown_object",
    "perform_batch_operations",
    "proceeds_through_waterfall",
]


@pytest.mark.parametrize("case", CONFORMANCE)
async def test_storage_base_tests(engine, case: str) -> None:
    assert await getattr(StorageBaseTests, case)(SqlStorage(engine)) is True


async def test_two_writers_with_the_same_etag_one_wins(engine) -> None:
    storage = SqlStorage(engine)
    await storage.write({"conv": {"step": "start", "e_tag": "*"}})
    first = (await storage.read(["conv"]))["conv"]
    second = dict(first)
    first["step"] = "purpose"
    second["step"] = "method"

    results = await asyncio.gather(storage.write({"conv": first}), storage.write({"conv": second}), return_exceptions=True)

    assert sum(r is None for r in results) == 1
    assert sum(isinstance(r, ETagConflictError) for r in results) == 1
    stored = (await storage.read(["conv"]))["conv"]
    winner = first if results[0] is None else second
    assert stored["step"] == winner["step"]


async def test_stale_etag_is_refused_and_changes_nothing(engine) -> None:
    storage = SqlStorage(engine)
    await storage.write({"k": {"n": 1, "e_tag": "*"}})
    old = (await storage.read(["k"]))["k"]
    await storage.write({"k": {**old, "n": 2}})
    with pytest.raises(ETagConflictError):
        await storage.write({"k": {**old, "n": 3}})
    assert (await storage.read(["k"]))["k"]["n"] == 2


async def test_state_survives_a_new_engine(db_url: str) -> None:
    """What one process wrote, a restarted one reads (same database)."""
    engine = make_engine(db_url)
    await migrate(engine)
    await SqlStorage(engine).write({"conv": {"position": {"draft_id": "d1", "step_id": "method"}}})
    await engine.dispose()

    restarted = make_engine(db_url)
    await migrate(restarted)
    assert (await SqlStorage(restarted).read(["conv"]))["conv"]["position"]["step_id"] == "method"
    await restarted.dispose()
