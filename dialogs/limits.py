"""Rate limits on what reaches other people, in one place: comments per shared link and shares per
user, so that a burst of comments or share presses cannot become a burst of Teams messages; and how many
views and downloads of a link are written to its log.

Counters live in the database (one row per subject and window, incremented atomically), so the limits
hold across several instances. Windows are fixed (a minute, a UTC day): at a window's turn a client
can get at most twice a limit through within a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogs.ports import RateCounterRepository


@dataclass(frozen=True)
class RateLimit:
    most: int
    per: timedelta
    message: str = ""  # the catalogue key that tells the user, with {most} (none: nobody is refused anything)

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        """The fixed window `now` falls in: its start and its end."""
        seconds = int(self.per.total_seconds())
        start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, UTC)
        return start, start + self.per


COMMENTS_PER_LINK = (
    RateLimit(5, timedelta(minutes=1), "limit_comments_minute"),
    RateLimit(30, timedelta(days=1), "limit_comments_day"),
)
SHARES_PER_USER = (
    RateLimit(10, timedelta(minutes=1), "limit_shares_minute"),
    RateLimit(50, timedelta(days=1), "limit_shares_day"),
)

# Views and downloads are not refused, but only so many are written to the owner's log: a link opened in a
# loop cannot flood *Delningar* or the database.
RECORDS_PER_LINK = (RateLimit(20, timedelta(hours=1)),)


def comment_subject(share_id: str) -> str:
    return f"comment:{share_id}"


def record_subject(share_id: str) -> str:
    return f"record:{share_id}"


def share_subject(user_id: str) -> str:
    return f"share:{user_id}"


async def exceeded(
    counters: RateCounterRepository, subject: str, limits: tuple[RateLimit, ...], now: datetime
) -> RateLimit | None:
    """Count one more attempt of `subject` in each limit's window; the first limit it goes over, if any."""
    for limit in limits:
        start, end = limit.window(now)
        if await counters.hit(f"{subject}:{int(limit.per.total_seconds())}", start, end) > limit.most:
            return limit
    return None
