"""The load generator: N conversations × M turns at concurrency K, each conversation's turns in order,
Teams-shaped activities, round robin over one or more target URLs. Loopback only, bounded in count.

A wizard step goes by one of two paths. `message`: a message carrying the pressed button's data as its value, as Web
Chat sends an Action.Submit; the bot posts the next card to the connector. `invoke`: an `adaptiveCard/action` invoke,
as Teams sends a press of our cards' Action.Execute; the next card comes back in the HTTP response, and nothing is
posted to the connector."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import ClientSession, ClientTimeout, TCPConnector

from bench.connector import FakeConnector
from bot.turn import CARD_ACTION
from bot.universal import CARD_CONTENT_TYPE, EXECUTE
from tests.support import ANSWERS, INTERNAL_STEPS, inputs_of

WizardPath = Literal["message", "invoke"]
PATHS: tuple[WizardPath, ...] = ("message", "invoke")
NEW_DRAFT = {"action": "new", "draft": None, "step": None}  # the data of a "new draft" button (cards/elements.submit)


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


def submit_of(card: dict[str, Any] | None) -> dict[str, Any] | None:
    """The step card's submit button (an Action.Submit, or in Teams an Action.Execute), if it has one."""
    return next((a for a in (card or {}).get("actions", []) if a.get("data", {}).get("action") == "submit"), None)


def wizard_value(connector: FakeConnector, conversation: str, turn: int) -> dict[str, Any] | None:
    """Turn 0 starts a draft; every later turn submits the step on the card the bot last sent."""
    if turn == 0:
        return dict(NEW_DRAFT)
    submit = submit_of(connector.last_card(conversation))
    if submit is None:
        return None
    step = submit["data"]["step"]
    return {**ANSWERS.get(step, {}), **submit["data"]}


def execute_value(card: dict[str, Any] | None, turn: int) -> dict[str, Any] | None:
    """The value of the invoke Teams sends for a press of an Action.Execute: turn 0 the "new draft" button, every
    later turn the submit of the step card the last invoke answered with. Teams merges the card's inputs into the
    action's data: every input's value (here as the card fills it in, then the step's answers typed over it)."""
    if turn == 0:
        data = dict(NEW_DRAFT)
    else:
        submit = submit_of(card)
        if card is None or submit is None or submit.get("type") != EXECUTE:
            return None
        inputs = {field: element.get("value", "") for field, element in inputs_of(card).items()}
        data = {**inputs, **ANSWERS.get(submit["data"]["step"], {}), **submit["data"]}
    return {"action": {"type": EXECUTE, "verb": data["action"], "data": data}}


def next_card(answer: Any, turn: int) -> dict[str, Any] | None:
    """The card an invoke answered with, if it is the wizard's next step: turn t's answer is the card of the
    routine's step t (the review's card after the last step), else None."""
    if not isinstance(answer, dict) or answer.get("type") != CARD_CONTENT_TYPE or not isinstance(answer.get("value"), dict):
        return None
    card: dict[str, Any] = answer["value"]
    submit = submit_of(card)
    expected = INTERNAL_STEPS[turn] if turn < len(INTERNAL_STEPS) else None
    return card if (submit["data"].get("step") if submit else None) == expected else None


async def run(
    urls: list[str],
    connector: FakeConnector,
    conversations: int,
    turns: int,
    concurrency: int,
    wizard: bool,
    tag: str,
    path: WizardPath = "message",
) -> Stats:
    """Echo turns (`wizard` False) or wizard steps by `path`. A turn counts as an error unless its answer arrived:
    on the message path a reply at the connector (not the stale-card answer a lost wizard state gives), on the
    invoke path the next step's card in the response with nothing posted to the connector."""
    stats = Stats()
    gate = asyncio.Semaphore(concurrency)
    counter = 0
    timeout = ClientTimeout(total=30)
    invoke = wizard and path == "invoke"

    async def one_conversation(session: ClientSession, n: int) -> None:
        nonlocal counter
        conversation = f"{tag}-c{n}"
        card: dict[str, Any] | None = None  # on the invoke path, the card the last invoke answered with
        async with gate:
            for turn in range(turns):
                body: dict[str, Any] | None
                if not wizard:
                    body = activity(connector.url, conversation, turn, text=f"hello {turn}")
                elif invoke:
                    value = execute_value(card, turn)
                    body = (
                        None
                        if value is None
                        else activity(connector.url, conversation, turn, type="invoke", name=CARD_ACTION, value=value)
                    )
                else:
                    value = wizard_value(connector, conversation, turn)
                    body = None if value is None else activity(connector.url, conversation, turn, value=value)
                if body is None:
                    stats.errors += 1
                    return
                url = urls[counter % len(urls)]
                counter += 1
                seen = len(connector.received.get(conversation, []))
                started = time.perf_counter()
                answer: Any = None
                try:
                    async with session.post(url, json=body) as response:
                        if invoke:
                            answer = await response.json()
                        else:
                            await response.read()
                        ok = response.status in (200, 201, 202)
                except Exception:  # counted as an error, the run goes on
                    ok = False
                finished = time.perf_counter()
                stats.round_trips.append(finished - started)
                replies = connector.received.get(conversation, [])[seen:]
                stats.turns += 1
                if invoke:
                    card = next_card(answer, turn)
                    if ok and card is not None and not replies:
                        stats.reply_latencies.append(finished - started)  # the reply is the response
                    else:
                        stats.errors += 1
                    continue
                if ok and replies:
                    stats.reply_latencies.append(replies[0].at - started)
                    if wizard and turn > 0 and "inaktuellt" in str(replies[0].activity.get("text", "")):
                        ok = False  # a lost wizard state shows as a stale-card answer
                stats.errors += 0 if ok and replies else 1

    started = time.perf_counter()
    async with ClientSession(connector=TCPConnector(limit=concurrency * 2), timeout=timeout) as session:
        await asyncio.gather(*(one_conversation(session, n) for n in range(conversations)))
    stats.seconds = time.perf_counter() - started
    return stats
