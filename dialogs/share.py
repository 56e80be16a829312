"""A draft shared with one colleague through a link, and what was done with it.

A link's token has 256 bits of randomness and is stored only as its SHA-256 hash. The link is a bearer
link: it works for whoever has it, so it is sent only to the person it is made for, and the page says
so. It is bound to one draft, expires after the days the owner chose, and stops working at once when
revoked or when the draft is deleted. The owner's own links (the Word download, the export of their
data) are shares to themselves; the export's link is of no draft (`NO_DRAFT`).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from dialogs.draft import utcnow
from dialogs.schedule import STOCKHOLM

# The days a shared link can work, as the owner chooses them on the share card (Settings.share_days,
# the default, is added when it is not one of them).
EXPIRY_DAYS = (1, 7, 30)
# The draft id of the owner's link to the export of their own data: it opens no draft.
NO_DRAFT = ""
# The characters of what the sender asks of the person (a share's or a review's ask): its box on the card takes no
# more, and a share keeps no more.
MAX_ASK = 1000
# The characters of a comment (a colleague's on a share, in the chat or on the page; a reviewer's): its box takes no
# more, and no more is kept.
MAX_COMMENT = 2000


class Access(StrEnum):
    READ = "read"
    COMMENT = "comment"
    REVIEW = "review"  # sent to the owner's avdelningschef to approve or return (dialogs/features/review.py)
    ROLE = "role"  # given with a role of the routine (dialogs/features/roles.py): to read, while the role is theirs


class Reviewed(StrEnum):
    """What a review share is about (the routine's `lifecycle.reviews`): the proposal, or the redovisning to the nämnd."""

    PROPOSAL = "proposal"
    REPORT = "report"


class ShareEventKind(StrEnum):
    VIEW = "view"
    COMMENT = "comment"
    DOWNLOAD = "download"
    APPROVED = "approved"  # the reviewer approved the proposal (text: their comment, if any)
    RETURNED = "returned"  # the reviewer sent it back (text: their comment)


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
    reviewed: Reviewed | None = None  # a review's (Access.REVIEW), and only a review's: what it is about

    def __post_init__(self) -> None:
        if (self.access is Access.REVIEW) != (self.reviewed is not None):
            raise ValueError(f"a share names what it reviews exactly when it is a review's: {self.access}, {self.reviewed}")

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    @property
    def expires_on(self) -> date:
        """The day the link stops working, as its cards and page say it: in Stockholm."""
        return self.expires_at.astimezone(STOCKHOLM).date()


@dataclass(frozen=True)
class ShareEvent:
    share_id: str
    draft_id: str
    kind: ShareEventKind
    who: str
    at: datetime
    text: str | None = None


# The answers a review takes, once: approved, or sent back with a comment.
DECISIONS = frozenset({ShareEventKind.APPROVED, ShareEventKind.RETURNED})


def expiry_choices(default_days: int) -> tuple[int, ...]:
    return tuple(sorted({*EXPIRY_DAYS, default_days}))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
