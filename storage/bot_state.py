"""botbuilder `Storage` on the same SQLAlchemy engine, with e-tag optimistic concurrency.

Rules (those of Microsoft's StorageBaseTests): an item without an e-tag, or with "*", is written
unconditionally; an empty e-tag is an error; any other e-tag must match the stored one, checked
and replaced in one UPDATE, so of two writers holding the same e-tag exactly one succeeds.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from botbuilder.core import Storage
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from dialogs.draft import utcnow
from storage.models import BotStateRow


class ETagConflictError(Exception):
    """The item changed since it was read: the write was refused, nothing was overwritten."""


def _e_tag_of(item: Any) -> str | None:
    return item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)


def _encode(item: Any) -> str:
    # jsonpickle keeps the types of botbuilder's state objects (e.g. DialogState), as its Cosmos DB storage does.
    return json.dumps(Pickler().flatten(item))


def _decode(document: str, e_tag: str) -> Any:
    item = Unpickler().restore(json.loads(document))
    if isinstance(item, dict):
        item["e_tag"] = e_tag
    elif hasattr(item, "e_tag"):
        item.e_tag = e_tag
    return item


class SqlStorage(Storage):
    """Every turn reads and writes through here, so it uses SQLAlchemy Core on the engine (no ORM session)."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__()
        self._engine = engine

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if keys is None:
            raise Exception("Keys are required when reading")  # the wording StorageBaseTests expects
        keys = list(keys)
        if not keys:
            return {}
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(BotStateRow.key, BotStateRow.document, BotStateRow.e_tag).where(BotStateRow.key.in_(keys))
            )
            return {key: _decode(document, e_tag) for key, document, e_tag in rows}

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise Exception("Changes are required when writing")  # the wording StorageBaseTests expects
        if not changes:
            return
        async with self._engine.begin() as conn:
            for key, item in changes.items():
                expected = _e_tag_of(item)
                if expected == "":
                    raise ETagConflictError(f"storage write for {key!r}: empty e-tag")
                new_tag = uuid.uuid4().hex
                values = {"document": _encode(item), "e_tag": new_tag, "updated_at": utcnow()}
                if expected not in (None, "*"):
                    result = await conn.execute(
                        update(BotStateRow).where(BotStateRow.key == key, BotStateRow.e_tag == expected).values(**values)
                    )
                    if result.rowcount != 1:
                        raise ETagConflictError(f"storage write for {key!r}: e-tag {expected!r} is stale")
                    continue
                result = await conn.execute(update(BotStateRow).where(BotStateRow.key == key).values(**values))
                if result.rowcount == 0:
                    try:
                        async with conn.begin_nested():
                            await conn.execute(insert(BotStateRow).values(key=key, **values))
                    except IntegrityError:
                        await conn.execute(update(BotStateRow).where(BotStateRow.key == key).values(**values))

    async def delete(self, keys: list[str]) -> None:
        keys = list(keys or [])
        if not keys:
            return
        async with self._engine.begin() as conn:
            await conn.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys)))


class Welcomes:
    """Which conversations the bot has welcomed, kept where botbuilder's ConversationState kept its `welcomed`
    property (its key, its document), so that a conversation is welcomed once whichever SDK hosts the bot."""

    def __init__(self, storage: SqlStorage) -> None:
        self._storage = storage

    async def first(self, channel_id: str, conversation_id: str) -> bool:
        """Mark the conversation welcomed; False if it was already."""
        key = f"{channel_id}/conversations/{conversation_id}"
        state = (await self._storage.read([key])).get(key) or {}
        if state.get("welcomed"):
            return False
        await self._storage.write({key: {**state, "welcomed": True}})
        return True
