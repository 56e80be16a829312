"""Reminder fan-out: many due reminders across many conversations, delivered by one or two schedulers
through the real CloudAdapter to a fake connector that enforces Teams' limits (7/s per conversation,
50/s per bot and tenant, 429 with Retry-After beyond that). Counts lost and duplicated deliveries."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import insert

from bench import databases
from bench.connector import FakeConnector, Limits
from bot.host import create_host
from bot.reminder_sender import DEFAULT_RATE, RateLimiter, ReminderSender
from bot.replies import Replies
from bot.settings import Settings
from dialogs.calls import load_calls
from dialogs.deadlines import Deadlines
from dialogs.messages import load_messages
from dialogs.reminder import ReminderStatus
from dialogs.routine import load_routine
from storage.conversations import SqlConversationRefs
from storage.db import make_engine
from storage.models import ConversationRefRow, ReminderRow
from storage.reminders import ReminderQueue
from storage.unit_of_work import unit_of_work_factory

REMINDERS = int(os.environ.get("BENCH_FANOUT") or 10_000)
CONVERSATIONS = int(os.environ.get("BENCH_FANOUT_CONVERSATIONS") or 2_000)
ALLOWED_PER_SECOND = Limits().per_app


@dataclass
class FanoutResult:
    schedulers: int
    seconds: float
    delivered: int
    throttled: int
    lost: int
    duplicated: int

    @property
    def share_of_allowed(self) -> float:
        return self.delivered / self.seconds / ALLOWED_PER_SECOND if self.seconds else 0.0


async def seed(url: str, connector: FakeConnector) -> None:
    engine = make_engine(url)  # migrated (databases.fresh)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(ConversationRefRow),
            [
                {
                    "conversation_id": f"a:fan-{n}",
                    "user_id": f"aad:fan-{n}",
                    "conversation_type": "personal",
                    "updated_at": now,
                    "reference": {
                        "channelId": "msteams",
                        "serviceUrl": connector.url,
                        "conversation": {"id": f"a:fan-{n}", "conversationType": "personal"},
                        "user": {"id": f"29:fan-{n}"},
                        "bot": {"id": "28:dialogstod"},
                    },
                }
                for n in range(CONVERSATIONS)
            ],
        )
        for start in range(0, REMINDERS, 5000):
            await conn.execute(
                insert(ReminderRow),
                [
                    {
                        "id": uuid.uuid4().hex,
                        "idem_key": uuid.uuid4().hex,
                        "owner_id": f"aad:fan-{n % CONVERSATIONS}",
                        "conversation_id": "",
                        "deadline_key": "call:skl-masterclass-2015:application_deadline",
                        "deadline": date(2015, 11, 15),
                        "offset_days": n,
                        "due_at": now,
                        "next_attempt_at": now,
                        "lang": "sv",
                        "status": ReminderStatus.PENDING.value,
                        "attempts": 0,
                        "created_at": now,
                    }
                    for n in range(start, min(REMINDERS, start + 5000))
                ],
            )
    await engine.dispose()


async def run(url: str, schedulers: int, rate: float, bot_host: str = "botbuilder") -> FanoutResult:
    connector = await FakeConnector(limits=Limits()).start()
    await seed(url, connector)
    routine, calls, messages = load_routine(), load_calls(), load_messages()
    engines = [make_engine(url) for _ in range(schedulers)]
    hosts = [create_host(Settings(bot_host=bot_host), messages) for _ in range(schedulers)]
    senders = []
    for engine, host in zip(engines, hosts, strict=True):
        clock = lambda: datetime.now(UTC)  # noqa: E731
        deadlines = Deadlines(routine, tuple(calls), clock)
        queue, refs = ReminderQueue(engine), SqlConversationRefs(engine)
        sender = ReminderSender(
            host.delivery,
            deadlines,
            unit_of_work_factory(engine),
            queue,
            refs,
            Replies(routine, messages),
            clock,
            RateLimiter(rate=rate),
        )
        senders.append(sender)
    deadline = time.perf_counter() + max(120.0, 3 * REMINDERS / ALLOWED_PER_SECOND)
    started = time.perf_counter()

    async def drive(sender: ReminderSender) -> None:
        while connector.total() < REMINDERS and time.perf_counter() < deadline:
            if await sender.poll_once() == 0:
                await asyncio.sleep(0.2)  # nothing due right now (waiting out a Retry-After)

    await asyncio.gather(*(drive(s) for s in senders))
    received = [r for items in connector.received.values() for r in items]
    keys = [r.activity.get("channelData", {}).get("dialogstodReminderKey") for r in received]
    last = max((r.at for r in received), default=started)
    unique = len(set(keys))
    result = FanoutResult(schedulers, last - started, len(keys), connector.throttled, REMINDERS - unique, len(keys) - unique)
    await connector.close()
    for engine, host in zip(engines, hosts, strict=True):
        await host.close()
        await engine.dispose()
    return result


async def report(pg_reason: str | None) -> None:
    print(
        f"\nReminder fan-out: {REMINDERS} due reminders across {CONVERSATIONS} conversations; "
        f"connector limits 7/s per conversation, {ALLOWED_PER_SECOND}/s per bot and tenant, 429 with Retry-After: 1 beyond them."
    )
    print(
        "| host | schedulers | database | rate per scheduler | seconds to deliver all | achieved rate / allowed "
        "| 429s | lost | duplicated |\n|---|---|---|---|---|---|---|---|---|"
    )
    runs = [("botbuilder", 1, "sqlite", DEFAULT_RATE), ("agents", 1, "sqlite", DEFAULT_RATE)]
    if not pg_reason:
        # Two instances share Teams' limit: each set to half (REMINDER_RATE_PER_SECOND), and, for comparison, not.
        runs += [("botbuilder", 1, "postgres", DEFAULT_RATE), ("botbuilder", 2, "postgres", DEFAULT_RATE / 2)]
        runs += [("botbuilder", 2, "postgres", DEFAULT_RATE)]
    for host, schedulers, database, rate in runs:
        async with databases.fresh(database) as url:
            r = await run(url, schedulers, rate, host)
        print(
            f"| {host} | {schedulers} | {database} | {rate:.2f}/s | {r.seconds:.1f} | {100 * r.share_of_allowed:.0f} % "
            f"| {r.throttled} | {r.lost} | {r.duplicated} |",
            flush=True,
        )
    if pg_reason:
        print(f"Two schedulers on one PostgreSQL skipped: {pg_reason}")
