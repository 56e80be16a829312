"""Which draft each user works on in each conversation, and the card the bot showed them last there. A unit of work's
focus repository remembers the focus and the card it read or wrote (and those read with a draft: storage/drafts.py),
and does not write again what is stored already: most turns keep the user on the draft they were on, and end with a
card no short reply answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from dialogs.actor import Focus
from dialogs.draft import utcnow
from dialogs.personal_data import FocusEntry, ShownEntry
from dialogs.shown import ShownCard, Whereabouts
from storage.models import FocusRow, ShownCardRow
from storage.prepared import Prepared
from storage.upsert import upsert

_GET = select(FocusRow.draft_id, FocusRow.step_id).where(
    FocusRow.conversation_id == bindparam("conversation"), FocusRow.user_id == bindparam("user")
)  # on every turn: built once


def _of_reader(row: type[FocusRow] | type[ShownCardRow]) -> ColumnElement[bool]:
    return and_(row.conversation_id == bindparam("conversation"), row.user_id == bindparam("user"))


# On every typed message: the focus and the card shown last, one statement on the driver (either may be missing).
_WHEREABOUTS = Prepared(
    select(
        select(FocusRow.draft_id).where(_of_reader(FocusRow)).scalar_subquery().label("focus_draft_id"),
        select(FocusRow.step_id).where(_of_reader(FocusRow)).scalar_subquery().label("focus_step_id"),
        select(ShownCardRow.card).where(_of_reader(ShownCardRow)).scalar_subquery().label("shown_card"),
    )
)


_DELETE = {row: Prepared(delete(row).where(_of_reader(row))) for row in (FocusRow, ShownCardRow)}
T = TypeVar("T")


def _focus_columns(focus: Focus) -> dict[str, Any]:
    return {"draft_id": focus.draft_id, "step_id": focus.step_id}


def _card_columns(card: ShownCard) -> dict[str, Any]:
    return {"card": card.model_dump(mode="json")}


class SqlFocusRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        self._stored: dict[tuple[str, str], Focus | None] = {}  # (conversation, user): as read or written in this transaction
        self._cards: dict[tuple[str, str], ShownCard | None] = {}  # the same, of the card shown last

    def seen(self, conversation_id: str, user_id: str, focus: Focus | None, card: ShownCard | None) -> None:
        """`focus` and `card` are what the transaction read as stored (with a draft)."""
        self._stored[(conversation_id, user_id)] = focus
        self._cards[(conversation_id, user_id)] = card

    async def get(self, conversation_id: str, user_id: str) -> Focus | None:
        result = await self._conn.execute(_GET, {"conversation": conversation_id, "user": user_id})
        row = result.first()
        focus = Focus(row.draft_id, row.step_id) if row else None
        self._stored[(conversation_id, user_id)] = focus
        return focus

    async def set(self, conversation_id: str, user_id: str, focus: Focus | None) -> None:
        """Point the user's focus in the conversation at a draft (and step); None clears it. Nothing is written
        when the transaction read or wrote this focus already."""
        await self._keep(FocusRow, self._stored, (conversation_id, user_id), focus, _focus_columns)

    async def whereabouts(self, conversation_id: str, user_id: str) -> Whereabouts:
        [row] = (await _WHEREABOUTS.run(self._conn, {"conversation": conversation_id, "user": user_id})).rows
        draft_id = row["focus_draft_id"]
        where = Whereabouts(
            Focus(draft_id, row["focus_step_id"]) if draft_id is not None else None, ShownCard.stored(row["shown_card"])
        )
        self.seen(conversation_id, user_id, where.focus, where.shown)
        return where

    async def show(self, conversation_id: str, user_id: str, card: ShownCard | None) -> None:
        """The card the user was shown last in the conversation (None: none a short reply answers). Nothing is written
        when the transaction read or wrote this card already."""
        await self._keep(ShownCardRow, self._cards, (conversation_id, user_id), card, _card_columns)

    async def _keep(
        self,
        row: type[FocusRow] | type[ShownCardRow],
        known: dict[tuple[str, str], T | None],
        key: tuple[str, str],
        value: T | None,
        columns: Callable[[T], dict[str, Any]],
    ) -> None:
        """A conversation's and user's row of `row`'s table set to `value`'s `columns` (None: deleted), unless `known`
        says the transaction read or wrote `value` there already. Both on the driver (storage/prepared.py)."""
        if key in known and known[key] == value:
            return
        known[key] = value
        conversation_id, user_id = key
        if value is None:
            await _DELETE[row].write(self._conn, {"conversation": conversation_id, "user": user_id})
            return
        stored = {"conversation_id": conversation_id, "user_id": user_id, **columns(value), "updated_at": utcnow()}
        await upsert(self._conn, row, stored, key=["conversation_id", "user_id"])

    async def forget_shown(self, conversation_id: str) -> None:
        self._cards = {key: card for key, card in self._cards.items() if key[0] != conversation_id}
        await self._conn.execute(delete(ShownCardRow).where(ShownCardRow.conversation_id == conversation_id))

    async def for_user(self, user_id: str) -> list[FocusEntry]:
        result = await self._conn.execute(
            select(FocusRow.conversation_id, FocusRow.draft_id, FocusRow.step_id)
            .where(FocusRow.user_id == user_id)
            .order_by(FocusRow.conversation_id)
        )
        return [FocusEntry(r.conversation_id, Focus(r.draft_id, r.step_id)) for r in result]

    async def shown_for_user(self, user_id: str) -> list[ShownEntry]:
        result = await self._conn.execute(
            select(ShownCardRow.conversation_id, ShownCardRow.card)
            .where(ShownCardRow.user_id == user_id)
            .order_by(ShownCardRow.conversation_id)
        )
        return [ShownEntry(r.conversation_id, r.card) for r in result]

    async def clear_draft(self, draft_id: str) -> None:
        self._stored.clear()
        await self._conn.execute(delete(FocusRow).where(FocusRow.draft_id == draft_id))

    async def delete_user(self, user_id: str) -> None:
        self._stored.clear()
        self._cards.clear()
        await self._conn.execute(delete(FocusRow).where(FocusRow.user_id == user_id))
        await self._conn.execute(delete(ShownCardRow).where(ShownCardRow.user_id == user_id))
