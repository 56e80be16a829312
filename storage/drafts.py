"""Drafts in the database, saved with optimistic concurrency on their version."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from operator import attrgetter
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.actor import Actor, Focus
from dialogs.draft import Assignee, Draft, DraftStatus, StaleDraftError, utcnow
from dialogs.ports import WorkedOn
from dialogs.shown import ShownCard
from storage.focus import SqlFocusRepository
from storage.models import DraftRow, FocusRow, ShownCardRow
from storage.prepared import Prepared

LIST_LIMIT = 50
_DRAFTS = DraftRow.__table__
# What a save writes, column by column (id and created_at never change): the one list of them, for the save's
# statement and for the values of a save or a creation.
_SAVED: dict[str, Callable[[Draft], Any]] = {
    "owner_id": attrgetter("owner_id"),
    "owner_name": lambda draft: draft.owner_name[:255],
    "routine_id": attrgetter("routine_id"),
    "title": lambda draft: draft.title[:255],
    "status": lambda draft: draft.status.value,
    "answers": attrgetter("answers"),
    "done": lambda draft: list(draft.done),
    "version": attrgetter("version"),
    "updated_at": attrgetter("updated_at"),
    "proposal_created_at": attrgetter("proposal_created_at"),
    "assigned": lambda draft: {role: {"id": p.id, "name": p.name} for role, p in draft.assigned.items()},
    "typed": attrgetter("typed"),
}


def _columns(draft: Draft) -> dict[str, Any]:
    """What a save writes (_SAVED)."""
    return {column: value(draft) for column, value in _SAVED.items()}


# The statements of every wizard turn, run on the driver (storage/prepared.py).
_GET = Prepared(select(_DRAFTS).where(DraftRow.id == bindparam("key")))
# The draft, its reader's focus in their conversation and the card shown them last there (None when there is none), in
# one statement.
_GET_WITH_FOCUS = Prepared(
    select(
        _DRAFTS,
        FocusRow.draft_id.label("focus_draft_id"),
        FocusRow.step_id.label("focus_step_id"),
        ShownCardRow.card.label("shown_card"),
    )
    .select_from(
        DraftRow.__table__.outerjoin(
            FocusRow.__table__,
            and_(FocusRow.conversation_id == bindparam("conversation"), FocusRow.user_id == bindparam("user")),
        ).outerjoin(
            ShownCardRow.__table__,
            and_(ShownCardRow.conversation_id == bindparam("conversation"), ShownCardRow.user_id == bindparam("user")),
        )
    )
    .where(DraftRow.id == bindparam("key"))
)
# The reader's focus and the draft it points at (no row: no focus; the draft's columns null: it is gone).
_WORKED_ON = Prepared(
    select(FocusRow.draft_id.label("focus_draft_id"), FocusRow.step_id.label("focus_step_id"), _DRAFTS)
    .select_from(FocusRow.__table__.outerjoin(_DRAFTS, DraftRow.id == FocusRow.draft_id))
    .where(FocusRow.conversation_id == bindparam("conversation"), FocusRow.user_id == bindparam("user"))
)
_SAVE = Prepared(
    update(DraftRow)
    .where(DraftRow.id == bindparam("key"), DraftRow.version == bindparam("expected"))
    .values({column: bindparam(column) for column in _SAVED})
)
_KEEP_TYPED = Prepared(
    update(DraftRow)
    .where(DraftRow.id == bindparam("key"), DraftRow.version == bindparam("expected"))
    .values(typed=bindparam("typed"))
)
_CREATE = Prepared(insert(DraftRow).values({column: bindparam(column) for column in ("id", "created_at", *_SAVED)}))


def _to_draft(row: Mapping[Any, Any]) -> Draft:
    return Draft(
        id=row["id"],
        owner_id=row["owner_id"],
        owner_name=row["owner_name"],
        routine_id=row["routine_id"],
        answers=dict(row["answers"] or {}),
        done=list(row["done"] or []),
        status=DraftStatus(row["status"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        proposal_created_at=row["proposal_created_at"],
        assigned={role: Assignee(str(p["id"]), str(p["name"])) for role, p in (row["assigned"] or {}).items()},
        typed=dict(row["typed"] or {}),
    )


class SqlDraftRepository:
    """Drafts are read and saved on most turns: SQLAlchemy Core on the unit of work's connection. A draft read for
    a reader tells the unit of work's focus repository the reader's focus, read in the same statement."""

    def __init__(self, conn: AsyncConnection, focus: SqlFocusRepository) -> None:
        self._conn = conn
        self._focus = focus

    async def create(self, draft: Draft) -> Draft:
        await _CREATE.write(self._conn, {"id": draft.id, "created_at": draft.created_at, **_columns(draft)})
        return draft

    async def get(self, draft_id: str, reader: Actor | None = None) -> Draft | None:
        if reader is None:
            rows = (await _GET.run(self._conn, {"key": draft_id})).rows
            return _to_draft(rows[0]) if rows else None
        values = {"key": draft_id, "conversation": reader.conversation_id, "user": reader.id}
        rows = (await _GET_WITH_FOCUS.run(self._conn, values)).rows
        if not rows:
            return None
        row = rows[0]
        focus = Focus(row["focus_draft_id"], row["focus_step_id"]) if row["focus_draft_id"] is not None else None
        self._focus.seen(reader.conversation_id, reader.id, focus, ShownCard.stored(row["shown_card"]))
        return _to_draft(row)

    async def many(self, draft_ids: Sequence[str]) -> dict[str, Draft]:
        rows = await self._conn.execute(select(DraftRow.__table__).where(DraftRow.id.in_(draft_ids)))
        return {draft.id: draft for draft in (_to_draft(r._mapping) for r in rows)}

    async def worked_on(self, reader: Actor) -> WorkedOn:
        rows = (await _WORKED_ON.run(self._conn, {"conversation": reader.conversation_id, "user": reader.id})).rows
        if not rows:
            return WorkedOn(None, None)
        [row] = rows
        return WorkedOn(Focus(row["focus_draft_id"], row["focus_step_id"]), _to_draft(row) if row["id"] is not None else None)

    async def save(self, draft: Draft) -> Draft:
        saved = replace(draft, version=draft.version + 1, updated_at=utcnow())
        values = {"key": draft.id, "expected": draft.version, **_columns(saved)}
        # on SQLite run with the unit of work's next statement or its commit, which raise StaleDraftError then
        await _SAVE.write(self._conn, values, rowcount=1, mismatch=StaleDraftError(draft.id))
        return saved

    async def keep_typed(self, draft: Draft) -> None:
        # on SQLite run with the unit of work's next statement or its commit; kept only while the draft is at the version
        # it was read at, and changing no row (someone saved it since) is no error, as before
        await _KEEP_TYPED.write(self._conn, {"key": draft.id, "expected": draft.version, "typed": draft.typed})

    async def list_for_owner(self, owner_id: str) -> list[Draft]:
        """The owner's drafts, most recently changed first (at most LIST_LIMIT)."""
        rows = await self._conn.execute(
            select(DraftRow.__table__)
            .where(DraftRow.owner_id == owner_id)
            .order_by(DraftRow.updated_at.desc(), DraftRow.id.desc())
            .limit(LIST_LIMIT)
        )
        return [_to_draft(r._mapping) for r in rows]

    async def owned_by(self, owner_id: str) -> list[Draft]:
        rows = await self._conn.execute(
            select(DraftRow.__table__).where(DraftRow.owner_id == owner_id).order_by(DraftRow.created_at, DraftRow.id)
        )
        return [_to_draft(r._mapping) for r in rows]

    async def delete(self, draft_id: str) -> None:
        await self._conn.execute(delete(DraftRow).where(DraftRow.id == draft_id))
