"""The reminder scheduler: claims due reminders and sends them as proactive Teams messages.

Each poll (every REMINDER_POLL_SECONDS) claims due rows, paces sends under Teams' limits
(per conversation: 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour; per bot and tenant: 50 per
second, shared by every instance: REMINDER_RATE_PER_SECOND sets this instance's share), and sends
through the host's `continue_conversation` (bot/proactive.Delivery). A 429 is retried after its Retry-After (or with
exponential backoff); 412 and 5xx are retried with backoff; 403 and 404 (bot uninstalled,
conversation gone) fail the reminder with the reason, for good. Every activity carries the
reminder's idempotency key in channelData.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.connector_calls import http_status
from bot.proactive import Delivery, reader_lang
from bot.replies import Replies
from cards.render import Message
from dialogs.deadlines import Deadlines
from dialogs.language import Lang
from dialogs.ports import Clock, UnitOfWorkFactory
from dialogs.reminder import Reminder
from dialogs.views import ReminderView
from storage.conversations import SqlConversationRefs
from storage.reminders import ReminderQueue

logger = logging.getLogger(__name__)

CONVERSATION_WINDOWS = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
TEAMS_APP_RATE = 50.0  # per second, per bot and tenant
# Sends are spaced evenly a little under the limit: a burst of 50 at once would arrive with jitter and
# spill into the next second at Teams' end, costing a 429 and a pause.
DEFAULT_RATE = 0.95 * TEAMS_APP_RATE
LEASE = timedelta(minutes=5)
IN_FLIGHT = 8
MAX_BACKOFF = timedelta(hours=1)


class RateLimiter:
    """Paces sends: evenly spaced at `rate` per second for the app, and within Teams' sliding windows
    per conversation. `pause` holds everything after a 429."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        per_conversation: tuple[tuple[float, int], ...] = CONVERSATION_WINDOWS,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self.per_conversation = per_conversation
        self.now = now
        self.sleep = sleep
        self._conversation: dict[str, deque[float]] = defaultdict(deque)
        self._next_slot = 0.0
        self._paused_until = 0.0

    def _window_wait(self, sent: deque[float], now: float) -> float:
        longest = max(w for w, _ in self.per_conversation)
        while sent and sent[0] <= now - longest:
            sent.popleft()
        wait = 0.0
        for window, limit in self.per_conversation:
            recent = [t for t in sent if t > now - window]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + window - now)
        return wait

    def pause(self, seconds: float) -> None:
        """The connector said 429: hold every send of this instance for a while."""
        self._paused_until = max(self._paused_until, self.now() + seconds)

    async def acquire(self, conversation_id: str) -> None:
        while True:
            now = self.now()
            wait = max(
                self._paused_until - now, self._next_slot - now, self._window_wait(self._conversation[conversation_id], now)
            )
            if wait <= 0:
                self._conversation[conversation_id].append(now)
                # Keep the cadence of the ideal slots: waking a little late (timer slack) must not push every
                # later send back; after an idle spell the cadence starts again from now.
                base = self._next_slot if now - self._next_slot < self.interval else now
                self._next_slot = base + self.interval
                return
            await self.sleep(wait)


@dataclass(frozen=True)
class SendFailure:
    status: int | None
    retry_after: float | None
    reason: str


def _failure(error: Exception) -> SendFailure:
    # msrest keeps the response (botbuilder); aiohttp's ClientResponseError has the headers itself (Agents SDK)
    headers = getattr(getattr(error, "response", None), "headers", None) or getattr(error, "headers", None) or {}
    retry_after = None
    with contextlib.suppress(TypeError, ValueError):
        retry_after = float(str(headers["Retry-After"])) if headers.get("Retry-After") else None
    return SendFailure(http_status(error), retry_after, f"{type(error).__name__}: {error}"[:500])


class ReminderSender:
    def __init__(
        self,
        delivery: Delivery,
        deadlines: Deadlines,
        uow: UnitOfWorkFactory,
        reminders: ReminderQueue,
        conversations: SqlConversationRefs,
        replies: Replies,
        clock: Clock,
        limiter: RateLimiter | None = None,
        batch: int = 200,
    ) -> None:
        self.delivery = delivery
        self.deadlines = deadlines
        self.uow = uow
        self.reminders = reminders
        self.conversations = conversations
        self.replies = replies
        self.clock = clock
        self.limiter = limiter or RateLimiter()
        self.batch = batch
        self.worker = uuid.uuid4().hex[:16]

    async def run(self, poll_seconds: float) -> None:
        """Poll until cancelled; a failing poll is logged and retried at the next one."""
        while True:
            try:
                while await self.poll_once() == self.batch:
                    pass  # a full batch: more are due, claim again at once
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("reminder poll failed")
            await asyncio.sleep(poll_seconds)

    async def poll_once(self) -> int:
        """Claim due reminders and deliver them, a few at a time so that one slow send does not hold
        the pace back (the limiter still spaces every send)."""
        due = await self.reminders.claim_due(self.clock(), self.worker, self.batch, LEASE)
        in_flight = asyncio.Semaphore(IN_FLIGHT)

        async def deliver(reminder: Reminder) -> None:
            async with in_flight:
                await self._deliver(reminder)

        outcomes = await asyncio.gather(*(deliver(r) for r in due), return_exceptions=True)
        failed = next((o for o in outcomes if isinstance(o, BaseException)), None)
        if failed is not None:
            raise failed  # after every other delivery finished; run() logs it, the lease brings the row back
        return len(due)

    async def _reference(self, reminder: Reminder) -> dict[str, Any] | None:
        if reminder.conversation_id:
            return await self.conversations.get(reminder.conversation_id)
        return await self.conversations.personal(reminder.owner_id)

    async def _deliver(self, reminder: Reminder) -> None:
        reference = await self._reference(reminder)
        if reference is None:
            reason = "no conversation reference: the bot has not seen this user's personal chat or this conversation"
            logger.warning("reminder %s failed: %s", reminder.id, reason)
            await self.reminders.mark_failed(reminder.id, self.worker, reason)
            return
        await self.limiter.acquire(reference.get("conversation", {}).get("id", ""))
        # A personal reminder in its reader's language (a role's reminders reach a colleague); one to a conversation
        # (a channel watching a call) in the language it was asked for.
        lang = reminder.lang if reminder.conversation_id else reader_lang(reference, reminder.lang)
        [card] = await self._card(reminder, lang)
        try:
            activity_id = await self.delivery.send(reference, card, {"dialogstodReminderKey": reminder.idem_key})
        except Exception as exc:
            await self._failed(reminder, _failure(exc))
            return
        await self.reminders.mark_sent(reminder.id, self.worker, activity_id, self.clock())

    async def _failed(self, reminder: Reminder, failure: SendFailure) -> None:
        logger.warning(
            "reminder %s not delivered (attempt %s): %s %s", reminder.id, reminder.attempts, failure.status, failure.reason
        )
        if failure.status in (403, 404):
            await self.reminders.mark_failed(reminder.id, self.worker, f"HTTP {failure.status}: {failure.reason}")
            return
        backoff = timedelta(seconds=min(MAX_BACKOFF.total_seconds(), 2 ** max(reminder.attempts, 1)))
        if failure.status == 429:
            wait = timedelta(seconds=failure.retry_after) if failure.retry_after is not None else backoff
            self.limiter.pause(wait.total_seconds())
        else:
            wait = backoff
        await self.reminders.retry_at(reminder.id, self.worker, self.clock() + wait, f"HTTP {failure.status}: {failure.reason}")

    async def _card(self, reminder: Reminder, lang: Lang) -> list[Message]:
        async with self.uow() as tx:
            deadline = await self.deadlines.describe(tx, reminder, lang)
        return self.replies.messages([ReminderView(reminder, deadline)], lang)
