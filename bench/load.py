"""The load generator: N conversations × M turns at concurrency K, each conversation's turns in order,
Teams-shaped activities, round robin over one or more target URLs. Loopback only, bounded in count."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector

from bench.connector import FakeConnector
from tests.support import ANSWERS


@dataclass
class Stats:
    turns: int = 0
    errors: int = 0
    seconds: float = 0.0
    round_trips: list[float] = field(default_factory=list)  # seconds
    reply_latencies: list[float] = field(default_factory=list)

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def activity(service_url: str, conversation: str, turn: int, **fields: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "id": f"{conversation}-{turn}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "locale": "sv-SE",
        "from": {"id": f"29:{conversation}", "name": "Bench User", "aadObjectId": f"aad-{conversation}"},
        "recipient": {"id": "28:dialogstod", "name": "Dialogstöd"},
        "conversation": {"id": conversation, "conversationType": "personal", "tenantId": "t1"},
        "channelData": {"tenant": {"id": "t1"}},
        **fields,
    }


def wizard_value(connector: FakeConnector, conversation: str, turn: int) -> dict[str, Any] | None:
    """Turn 0 starts a draft; every later turn submits the step on the card the bot last sent."""
    if turn == 0:
        return {"action": "new", "draft": None, "step": None}
    card = connector.last_card(conversation)
    submit = next((a for a in (card or {}).get("actions", []) if a.get("data", {}).get("action") == "submit"), None)
    if submit is None:
        return None
    step = submit["data"]["step"]
    return {**ANSWERS.get(step, {}), **submit["data"]}


async def run(
    urls: list[str], connector: FakeConnector, conversations: int, turns: int, concurrency: int, wizard: bool, tag: str
) -> Stats:
    stats = Stats()
    gate = asyncio.Semaphore(concurrency)
    counter = 0
    timeout = ClientTimeout(total=30)

    async def one_conversation(session: ClientSession, n: int) -> None:
        nonlocal counter
        conversation = f"{tag}-c{n}"
        async with gate:
            for turn in range(turns):
                if wizard:
                    value = wizard_value(connector, conversation, turn)
                    if value is None:
                        stats.errors += 1
                        return
                    body = activity(connector.url, conversation, turn, value=value)
                else:
                    body = activity(connector.url, conversation, turn, text=f"hello {turn}")
                url = urls[counter % len(urls)]
                counter += 1
                seen = len(connector.received.get(conversation, []))
                started = time.perf_counter()
                try:
                    async with session.post(url, json=body) as response:
                        await response.read()
                        ok = response.status in (200, 201, 202)
                except Exception:  # counted as an error, the run goes on
                    ok = False
                stats.round_trips.append(time.perf_counter() - started)
                replies = connector.received.get(conversation, [])[seen:]
                if ok and replies:
                    stats.reply_latencies.append(replies[0].at - started)
                    if wizard and turn > 0 and "inaktuellt" in str(replies[0].activity.get("text", "")):
                        ok = False  # a lost wizard state shows as a stale-card answer
                stats.turns += 1
                stats.errors += 0 if ok and replies else 1

    started = time.perf_counter()
    async with ClientSession(connector=TCPConnector(limit=concurrency * 2), timeout=timeout) as session:
        await asyncio.gather(*(one_conversation(session, n) for n in range(conversations)))
    stats.seconds = time.perf_counter() - started
    return stats
