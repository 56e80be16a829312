"""A draft shared with one colleague through a link bound to them, and what they did with it.

A link's token has 256 bits of randomness and is stored only as its SHA-256 hash; it is bound to one
draft and one recipient, expires, and stops working at once when revoked or when the draft is deleted.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from dialogs.draft import utcnow


class Access(StrEnum):
    READ = "read"
    COMMENT = "comment"


class ShareEventKind(StrEnum):
    VIEW = "view"
    COMMENT = "comment"
    DOWNLOAD = "download"


@dataclass
class Share:
    draft_id: str
    owner_id: str
    recipient_id: str  # aad:<object id>, email:<address> or name:<name>
    recipient_name: str
    access: Access
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
    kind: ShareEventKind
    who: str
    at: datetime
    text: str | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
