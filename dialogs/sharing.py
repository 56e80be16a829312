"""Sharing a draft with a colleague (a kommunikatör, say) through a link bound to them.

A link's token has 256 bits of randomness and is stored only as its SHA-256 hash; it is bound to one
draft and one recipient, expires, and stops working at once when revoked or when the draft is deleted.
Every view, comment and download is recorded for the owner to see.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from dialogs.draft import Draft, DraftRepository, utcnow

READ, COMMENT = "read", "comment"
VIEW, COMMENTED, DOWNLOAD = "view", "comment", "download"
MAX_COMMENT = 2000


@dataclass
class Share:
    draft_id: str
    owner_id: str
    recipient_id: str
    recipient_name: str
    access: str
    ask: str
    expires_at: datetime
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime = field(default_factory=utcnow)
    revoked_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True)
class ShareEvent:
    share_id: str
    draft_id: str
    kind: str
    who: str
    at: datetime
    text: str | None = None


class ShareRepository(Protocol):
    async def create(self, share: Share, token_hash: str) -> None: ...

    async def by_token_hash(self, token_hash: str) -> Share | None: ...

    async def get(self, share_id: str) -> Share | None: ...

    async def for_draft(self, draft_id: str) -> list[Share]: ...

    async def revoke(self, share_id: str, at: datetime) -> None: ...

    async def revoke_draft(self, draft_id: str, at: datetime) -> None: ...

    async def record(self, event: ShareEvent) -> None: ...

    async def events(self, draft_id: str, limit: int) -> list[ShareEvent]: ...


class Notifier(Protocol):
    """Proactive messages to a user's personal chat with the bot (implemented in bot/)."""

    async def to_user(self, user_id: str, card: dict[str, Any]) -> bool: ...

    async def name_of(self, user_id: str) -> str | None: ...


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LinkGone(Exception):
    """The link existed but no longer works (revoked, expired, or its draft deleted): HTTP 410."""


class SharingService:
    def __init__(
        self,
        shares: ShareRepository,
        drafts: DraftRepository,
        public_base_url: str,
        days: int = 30,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.shares = shares
        self.drafts = drafts
        self.base = public_base_url.rstrip("/")
        self.days = days
        self.clock = clock

    def link(self, token: str) -> str:
        return f"{self.base}/d/{token}"

    async def share(self, draft: Draft, recipient_id: str, recipient_name: str, access: str, ask: str, days: int | None = None) -> tuple[Share, str]:
        """A new link for one recipient; returns the share and the token (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        share = Share(
            draft_id=draft.id,
            owner_id=draft.owner_id,
            recipient_id=recipient_id,
            recipient_name=recipient_name[:255],
            access=COMMENT if access == COMMENT else READ,
            ask=ask[:1000],
            expires_at=self.clock() + timedelta(days=days or self.days),
        )
        await self.shares.create(share, token_hash(token))
        return share, token

    async def open(self, token: str) -> tuple[Share, Draft] | None:
        """The share and draft behind a link; None for a link that never existed; LinkGone for a dead one."""
        if not token or len(token) > 200:
            return None
        share = await self.shares.by_token_hash(token_hash(token))
        if share is None:
            return None
        draft = await self.drafts.get(share.draft_id)
        if draft is None or not share.usable(self.clock()):
            raise LinkGone()
        return share, draft

    async def record(self, share: Share, kind: str, text: str | None = None) -> ShareEvent:
        event = ShareEvent(share.id, share.draft_id, kind, share.recipient_name, self.clock(), text)
        await self.shares.record(event)
        return event

    async def comment(self, share: Share, text: str) -> ShareEvent | None:
        """A comment from the recipient, if their access allows it; the caller notifies the owner."""
        text = text.strip()[:MAX_COMMENT]
        if share.access != COMMENT or not text or not share.usable(self.clock()):
            return None
        return await self.record(share, COMMENTED, text)

    async def revoke(self, owner_id: str, share_id: str) -> Share | None:
        share = await self.shares.get(share_id)
        if share is None or share.owner_id != owner_id:
            return None
        await self.shares.revoke(share.id, self.clock())
        return share

    async def drop_draft(self, draft_id: str) -> None:
        await self.shares.revoke_draft(draft_id, self.clock())
