"""Test helpers: a user chatting with the bot through botbuilder's TestAdapter, and card readers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Protocol

from aiohttp.test_utils import TestClient, TestServer
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import create_app
from bot.host_botbuilder import BotbuilderDelivery, botbuilder_turn
from bot.services import BotServices, Domain, build_services
from bot.settings import Settings
from bot.turn import turn_error_handler
from dialogs.calls import Call, load_calls
from dialogs.fields import line_key
from dialogs.messages import Messages
from dialogs.planning import MeetingPlan, load_meeting_plan
from dialogs.ports import Clock
from dialogs.routine import Routine
from dialogs.schedule import STOCKHOLM

FIXED_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
TODAY = FIXED_NOW.astimezone(STOCKHOLM).date()  # the tests' today, as a user in Stockholm sees it
AFTER_THE_DIALOGUE = date(2027, 9, 1)  # a day after every date PHASE_ANSWERS records: the phases are past
PUBLIC_BASE_URL = "https://dialogstod.example.se"

# Colleagues as Teams sends them (`from`), with their Entra object ids.
ANNA_OID = "a11a0000-1c2d-4e5f-8a9b-1234567890ab"
ANNA = {"id": "29:anna", "name": "Anna Andersson", "aadObjectId": ANNA_OID}
BERTIL_OID = "0b3f9a64-1c2d-4e5f-8a9b-1234567890ab"
BERTIL = {"id": "29:bertil", "name": "Bertil Berg", "aadObjectId": BERTIL_OID}
CARL = {"id": "29:carl", "name": "Carl Carlsson", "aadObjectId": "c0ffee00-1c2d-4e5f-8a9b-1234567890ab"}
# What a browser sends when someone opens a link: only such a request counts as a view.
BROWSER = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document", "User-Agent": "Mozilla/5.0 (Windows NT 10.0) Edg/131.0"}


class SettableClock:
    """The bot's clock, which a test sets or moves (`clock.now += ...`)."""

    def __init__(self, now: datetime = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def time_passes(clock: SettableClock | None, values: dict[str, Any]) -> None:
    """A phase after the proposal records what has happened: before it is saved, the bot's clock moves on to the
    latest day it names (never back), as a dialogue's months pass between its phases."""
    if clock is None or values.get("action") != "phase_save":
        return
    days = [
        datetime.fromisoformat(v).replace(hour=12, tzinfo=UTC)
        for v in values.values()
        if isinstance(v, str) and _DAY.fullmatch(v)
    ]
    clock.now = max([clock.now, *days])


# A complete, valid set of answers, step by step, as a user would type them into the cards.
ANSWERS: dict[str, dict[str, str]] = {
    "start": {
        "title": "Aktiviteter på Råcksta aktivitetscenter",
        "question": "Vilka aktiviteter vill ni ha på aktivitetscentret under 2027?",
        "unit": "Äldreomsorgens aktivitetscenter Råcksta",
        "role": "enhetschef",
        "initiative": "internal",
    },
    "external": {"initiator": "Råcksta hyresgästförening", "received_date": "2026-10-01"},
    "scope": {"scope_authority": "no", "scope_preschool": "no"},
    "influence": {"question_influenceable": "yes", "decision_makers_influenceable": "yes", "influence_level": "consultation"},
    "purpose": {
        "why": "Besökarna har efterfrågat fler aktiviteter på kvällstid.",
        "goal_link": "Dialogen bidrar till nämndens mål att äldre ska ha en meningsfull vardag.",
        "general_goal": "Aktiviteter som möter besökarnas behov.",
        "specific_goal": "Ett aktivitetsprogram för 2027 som bygger på besökarnas önskemål.",
        "citizen_influence": "Vilka aktiviteter som erbjuds och när.",
        "citizen_no_influence": "Öppettiderna och lokalerna.",
        "governance_use": "Underlag för verksamhetsplanen 2027.",
        "process_phase": "early",
        "history": "En enkät 2024 gav få svar.",
    },
    "target_groups": {
        "groups": "affected_low_activity,affected_active",
        "breadth": "limited_group",
        "different_questions": "no",
        "different_questions_detail": "",
        "children_affected": "no",
        "audiences": "elderly",
    },
    "reach": {
        "reach__affected_low_activity": "Hembesök och samtal vid lunchen, dagtid.",
        "reach__affected_active": "Möte i samlingssalen med tydlig dagordning.",
    },
    "method": {
        "channels": "both",
        "methods": "meeting_place_talk,web_survey",
        "method_description": "Samtalsgrupper och en digital enkät.",
        "accessibility": "premises,language,digital",
        "accessibility_how": "Samtalen hålls i aktivitetscentret dagtid; enkäten finns också på papper.",
    },
    "resources": {
        "performers": "Enhetschef och två aktivitetsledare.",
        "communicator_support": "yes",
        "internal_communication": "Information på arbetsplatsträffar.",
        "personnel": "Två medarbetare, 40 timmar",
        "cost_sek": "25000",
        "funding_request": "no",
    },
    "timeline": {
        "decision_date": "2027-01-20",
        "dialogue_start": "2027-02-01",
        "dialogue_end": "2027-03-15",
        "feedback_date": "2027-04-15",
        "evaluation_date": "2027-05-31",
        "report_date": "2027-06-16",
    },
    "feedback": {
        "feedback_participants": "Vid ett möte i april och på anslagstavlan.",
        "feedback_unit": "Genom en rapport till avdelningens ledningsgrupp.",
    },
    "evaluation": {"evaluation_method": "Enkät till deltagarna och uppföljning i ledningsgruppen."},
    "case": {
        "phone": "08-508 00 000",
        "department_head": "Eva Ek",
        "consulted": "pensioners,management",
        "consulted_date": "2026-11-10",  # a day that has been (FIXED_NOW)
        "dnr": "",
    },
}
INTERNAL_STEPS = [s for s in ANSWERS if s != "external"]


def uncovered(answers: dict[str, dict[str, str]] = ANSWERS) -> dict[str, dict[str, str]]:
    """The answers changed so that the coverage checks warn (dialogs/coverage.py): children affected, only a web
    survey (digital, which reaches neither the low-activity group nor children), people who need an interpreter but no
    accessibility addressed, and
    the decision the dialogue informs taken before the dialogue ends."""
    changed = {step: dict(values) for step, values in answers.items()}
    changed["target_groups"] |= {"children_affected": "yes", "audiences": "elderly,language"}
    changed["method"] |= {"channels": "digital", "methods": "web_survey", "accessibility": "", "accessibility_how": ""}
    changed["timeline"]["informs_decision_date"] = "2027-03-01"
    return changed


# What came in, as themes: the repeated phases have a field per theme (`<field>__<line_key(theme)>`).
THEMES = ["Fler aktiviteter på kvällen", "Bättre information om programmet"]


def per_theme(field_id: str, *values: str) -> dict[str, str]:
    return {f"{field_id}__{line_key(theme)}": value for theme, value in zip(THEMES, values, strict=True)}


# A dialogue's life after the proposal, phase by phase, as an official records it (an internal initiative; an
# external one also has `initiator_told_on` and `initiator_answered_on`).
PHASE_ANSWERS: dict[str, dict[str, str]] = {
    "sent": {"board_meeting": "2027-01-20", "initiator_told_on": "2026-12-01"},
    "decided": {"decided_on": "2027-01-20", "paragraph": "§ 12", "decision": "as_proposed"},
    "informed": {
        "informed_on": "2027-01-25",
        "informed_how": "Affischer i aktivitetscentret och ett brev till besökarna.",
        "initiator_answered_on": "2027-01-22",
    },
    "held": {
        "held_from": "2027-02-01",
        "held_to": "2027-03-15",
        "themes": "\n".join(THEMES),
        "not_reached": "affected_low_activity",
        "not_reached_why": "Få kom till mötena dagtid.",
    },
    "participation": {"participants__affected_active": "23"},  # the low-activity group was not reached: no count
    "inputs": per_theme("said", "Många vill ha aktiviteter efter klockan 17.", "Programmet syns inte på webben."),
    "evaluated": {
        "evaluated_on": "2027-05-31",
        "evaluation_how": "Enkät till deltagarna och samtal i ledningsgruppen.",
        "evaluation_worked": "Samtalen vid lunchen.",
        "evaluation_not_worked": "Kvällsmötet.",
        "goal_outcome": "Ett nytt kvällsprogram som besökarna har varit med och format.",
        "personnel_used": "Tre medarbetare, 60 timmar",
    },
    "ledger": {
        **per_theme("response", "taken_on", "partly"),
        **per_theme("response_why", "Två kvällar i veckan från hösten.", "Programmet läggs på webben; inget tryckt."),
    },
    "fed_back": {"fed_back_on": "2027-04-15", "fed_back_how": "Ett möte i april och på anslagstavlan."},
    "follow_up": {
        "follow_up_decisions": "Kvällsöppet två dagar i veckan.",
        "follow_up_by": "Eva Ek",
        "follow_up_on": "2027-06-01",
    },
    "implemented": {"implemented_on": "2027-08-15", "implemented_how": "I verksamhetsplanen för hösten."},
    "reported": {"reported_on": "2027-06-16", "reported_paragraph": "§ 30"},
}
PHASES = list(PHASE_ANSWERS)
# The proposal's headings in Swedish, in the order of a tjänsteutlåtande (seed 000): (Word heading level, text). The
# internal dialogue's proposal has one attachment (the routine): "Bilaga", as seed 000 over its one; more are "Bilagor".
PROPOSAL_OUTLINE_SV = [
    (1, "Förvaltningens förslag till beslut"),
    (1, "Sammanfattning"),
    (1, "Ärendets beredning"),
    (1, "Bakgrund"),
    (1, "Ärendet"),
    (2, "Syfte och mål"),
    (2, "Vad deltagarna kan påverka"),
    (2, "Målgrupper och hur de nås"),
    (2, "Metod"),
    (2, "Resurser och kostnader"),
    (2, "Tidplan"),
    (2, "Återkoppling"),
    (2, "Utvärdering"),
    (1, "Förvaltningens synpunkter"),
    (1, "Bilaga"),
]


# --- reading cards -------------------------------------------------------------------------------


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def walk(element: Any) -> Iterator[dict[str, Any]]:
    if isinstance(element, dict):
        yield element
        for value in element.values():
            yield from walk(value)
    elif isinstance(element, list):
        for value in element:
            yield from walk(value)


def cards_in(replies: list[Activity]) -> list[dict[str, Any]]:
    return [a.content for r in replies for a in (r.attachments or [])]


def texts_in(replies: list[Activity]) -> list[str]:
    """The replies' texts as the user reads them."""
    return [as_read(r.text) for r in replies if r.text]


def as_read(text: str) -> str:
    """A message's Markdown as the user reads it: the escapes that keep typed text literal undone."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def card_text(card: dict[str, Any]) -> str:
    """All text a user reads on a card: text blocks (as shown: Markdown's backslash escapes undone), input
    labels and choices, button titles."""
    parts = []
    for e in walk(card.get("body", [])) if card else []:
        for key in ("text", "label", "title"):
            if isinstance(e.get(key), str):
                parts.append(_MARKDOWN_ESCAPE.sub(r"\1", e[key]) if e.get("type") == "TextBlock" else e[key])
    parts += [a["title"] for a in walk(card.get("actions", [])) if isinstance(a.get("title"), str)]
    return "\n".join(parts)


def inputs_of(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in walk(card.get("body", [])) if str(e.get("type", "")).startswith("Input.")}


def error_beside(card: dict[str, Any], field_id: str) -> str | None:
    """The error text placed right after a field's input, as the user sees it."""
    body = card["body"]
    for i, e in enumerate(body):
        if e.get("id") == field_id and i + 1 < len(body) and body[i + 1].get("color") == "Attention":
            return body[i + 1]["text"]
    return None


def actions_of(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons that send data: Action.Submit, or in Teams Action.Execute (bot/universal.py)."""
    return [a for a in walk(card) if a.get("type") in ("Action.Submit", "Action.Execute")]


def links_of(card: dict[str, Any]) -> dict[str, str]:
    """The card's link buttons (Action.OpenUrl), anywhere on it: title → address."""
    return {a["title"]: a["url"] for a in walk(card) if a.get("type") == "Action.OpenUrl"}


def action(card: dict[str, Any], name: str, **match: Any) -> dict[str, Any]:
    found = [
        a for a in actions_of(card) if a["data"].get("action") == name and all(a["data"].get(k) == v for k, v in match.items())
    ]
    assert found, f"no {name} button {match} on card: {card_text(card)[:400]}"
    return found[0]


def phase_of(card: dict[str, Any] | None) -> str:
    """The lifecycle phase a phase card records."""
    assert card is not None
    return str(action(card, "phase_save")["data"]["step"])


def history_of(card: dict[str, Any]) -> list[str]:
    """What each line of a history card says was done (after 'när · vem: ')."""
    return [line.split(": ", 1)[1] for line in card_text(card).splitlines() if " · " in line and ": " in line]


# --- talking to the bot --------------------------------------------------------------------------


class BotTestAdapter(TestAdapter):
    """botbuilder's TestAdapter, with the bot's clock when a test may move it (FIXED_NOW unless a test gives one)."""

    def __init__(self, clock: SettableClock | None) -> None:
        super().__init__()
        self.clock = clock


def make_bot(
    engine: AsyncEngine,
    routine: Routine,
    messages: Messages,
    clock: Callable[[], datetime] | None = None,
    calls: list[Call] | None = None,
    meetings: MeetingPlan | None = None,
) -> tuple[BotServices, BotTestAdapter]:
    """The bot as the app builds it (one composition root), behind botbuilder's TestAdapter: replies and
    proactive cards land in the adapter's buffer."""
    clock = clock or SettableClock(FIXED_NOW)
    adapter = BotTestAdapter(clock if isinstance(clock, SettableClock) else None)
    adapter.on_turn_error = turn_error_handler(messages)
    domain = Domain(routine, messages, tuple(load_calls() if calls is None else calls), meetings or load_meeting_plan())
    settings = Settings(public_base_url=PUBLIC_BASE_URL, reminder_poll_seconds=0)
    built = build_services(settings, domain, engine, BotbuilderDelivery(adapter, settings.app_id), clock)
    adapter.logic = botbuilder_turn(built.bot)
    return built, adapter


class Chat:
    """One user in one conversation, sending what a Teams client would send."""

    def __init__(
        self,
        adapter: TestAdapter,
        user_id: str = "user-1",
        name: str = "Anna Andersson",
        locale: str = "sv-SE",
        aad_object_id: str | None = "aad-anna",
        conversation_id: str = "conv-1",
        channel_id: str = "msteams",
    ) -> None:
        self.adapter = adapter
        self.user = ChannelAccount(id=user_id, name=name, aad_object_id=aad_object_id)
        self.locale = locale
        self.conversation = ConversationAccount(id=conversation_id, conversation_type="personal")
        self.channel_id = channel_id
        self.last_card: dict[str, Any] | None = None
        self.last_card_id: str | None = None
        self._cards_seen = 0

    async def _turn(self, activity: Activity) -> list[Activity]:
        activity.from_property = self.user
        activity.conversation = self.conversation
        activity.channel_id = self.channel_id
        activity.locale = self.locale
        await self.adapter.receive_activity(activity)
        replies = []
        while (reply := self.adapter.get_next_activity()) is not None:
            replies.append(reply)
        cards = cards_in(replies)
        if cards:
            # Teams sends the id of the message that held the card as replyToId; the test adapter
            # gives sent activities no id, so each card gets one here.
            self._cards_seen += len(cards)
            self.last_card_id, self.last_card = f"card-message-{self._cards_seen}", cards[-1]
        return replies

    async def join(self) -> list[Activity]:
        return await self._turn(
            Activity(
                type="conversationUpdate",
                members_added=[self.user, ChannelAccount(id="bot", name="Bot")],
                recipient=ChannelAccount(id="bot"),
            )
        )

    async def say(self, text: str) -> list[Activity]:
        return await self._turn(Activity(type="message", text=text))

    async def press(self, button: dict[str, Any], card: dict[str, Any] | None = None, **typed: Any) -> list[Activity]:
        """Press a button: the client sends every input's current value, what was typed, and the button's data."""
        card = card if card is not None else self.last_card
        values = {fid: e.get("value", "") for fid, e in inputs_of(card or {}).items()}
        values.update(typed)
        values.update(button["data"])
        time_passes(self.adapter.clock if isinstance(self.adapter, BotTestAdapter) else None, values)
        return await self._turn(Activity(type="message", value=values, reply_to_id=self.last_card_id))

    async def submit_step(self, step_id: str, **overrides: Any) -> list[Activity]:
        """Fill the current step card with the step's answers (and overrides) and save it."""
        assert self.last_card is not None
        assert action(self.last_card, "submit")["data"]["step"] == step_id, card_text(self.last_card)[:300]
        return await self.press(action(self.last_card, "submit"), **{**ANSWERS[step_id], **overrides})

    async def record_phase(self, phase_id: str, **overrides: Any) -> list[Activity]:
        """Fill the current phase card with the phase's answers (and overrides) and save it."""
        assert self.last_card is not None
        assert action(self.last_card, "phase_save")["data"]["step"] == phase_id, card_text(self.last_card)[:300]
        return await self.press(action(self.last_card, "phase_save"), **{**PHASE_ANSWERS[phase_id], **overrides})

    async def to_step(self, step_id: str, changed: Changed | None = None) -> list[Activity]:
        """A new draft with every step before `step_id` answered (as complete_wizard): the replies showing its card."""
        steps = _steps_of(changed)
        return await self._new_draft(steps[: steps.index(step_id)], changed)

    async def to_the_gate(self, step_id: str, changed: Changed | None = None, **stopping: Any) -> dict[str, Any]:
        """A new draft walked to `step_id` (to_step) and stopped there by the answers `stopping`: the gate's card."""
        await self.to_step(step_id, changed)
        return cards_in(await self.submit_step(step_id, **stopping))[-1]

    async def complete_wizard(self, changed: Changed | None = None) -> list[Activity]:
        """A new draft with every step answered (ANSWERS, with what `changed` gives a step; an external initiative,
        `{"start": {"initiative": "external"}}`, through its own step too): the replies showing its review."""
        return await self._new_draft(_steps_of(changed), changed)

    async def propose(self, changed: Changed | None = None) -> dict[str, Any]:
        """A new draft through the wizard (as complete_wizard) and its proposal created: the proposal's card."""
        review = cards_in(await self.complete_wizard(changed))[-1]
        return cards_in(await self.press(action(review, "create_proposal")))[-1]

    async def to_phases(self, changed: Changed | None = None) -> dict[str, Any]:
        """A new draft proposed (as propose) and its next step pressed: on the first phase's card; the proposal's card."""
        proposal = await self.propose(changed)
        await self.press(action(proposal, "next_step"))
        return proposal

    async def _new_draft(self, steps: list[str], changed: Changed | None) -> list[Activity]:
        replies = await self.press({"data": {"action": "new"}}, card={})
        for step_id in steps:
            replies = await self.submit_step(step_id, **(changed or {}).get(step_id, {}))
        return replies


Changed = dict[str, dict[str, Any]]  # answers that differ from ANSWERS, by step


def _steps_of(changed: Changed | None) -> list[str]:
    """The steps a new draft goes through: an external initiative's own step too when `changed` makes it one."""
    return list(ANSWERS) if (changed or {}).get("start", {}).get("initiative") == "external" else INTERNAL_STEPS


def teams_activity(service_url: str, **fields: Any) -> dict[str, Any]:
    """An activity shaped as Teams sends it to a bot in a personal chat."""
    return {
        "type": "message",
        "id": "f:1",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "locale": "sv-SE",
        "from": {"id": "29:anna", "name": "Anna Andersson", "aadObjectId": "aad-anna"},
        "recipient": {"id": "28:dialogstod", "name": "Dialogstöd"},
        "conversation": {"id": "a:personal-1", "conversationType": "personal", "tenantId": "t1"},
        "channelData": {"tenant": {"id": "t1"}},
        **fields,
    }


class HttpChat:
    """A Teams user talking to the real aiohttp app; the bot's replies land in a fake connector."""

    def __init__(
        self,
        client: Any,
        connector: Any,
        user: dict[str, str] | None = None,
        conversation_id: str = "a:personal-1",
        clock: SettableClock | None = None,
        locale: str = "sv-SE",
    ) -> None:
        self.client = client
        self.clock = clock  # the app's, when the test moves it
        self.connector = connector
        self.user = user or {"id": "29:anna", "name": "Anna Andersson", "aadObjectId": "aad-anna"}
        self.conversation = {"id": conversation_id, "conversationType": "personal", "tenantId": "t1"}
        self.locale = locale  # the Teams client's language: the user's

    async def post(self, **fields: Any) -> int:
        mine = {"from": self.user, "conversation": self.conversation, "locale": self.locale}
        activity = teams_activity(self.connector.url, **{**mine, **fields})
        response = await self.client.post("/api/messages", json=activity)
        return response.status

    def sent_here(self) -> list[dict[str, Any]]:
        """What the bot sent into this user's conversation."""
        return [a for a in self.connector.sent if a["conversation"]["id"] == self.conversation["id"]]

    def cards_here(self) -> list[dict[str, Any]]:
        return [att["content"] for a in self.sent_here() for att in a.get("attachments") or []]

    def texts_here(self, since: int = 0) -> list[str]:
        """The texts the bot sent into this conversation (from its `since`th activity on), as the user reads them."""
        return [as_read(a["text"]) for a in self.sent_here()[since:] if a.get("text")]

    async def join(self) -> dict[str, Any]:
        assert await self.post(type="conversationUpdate", membersAdded=[{"id": "28:dialogstod"}]) in (200, 201)
        return self.cards_here()[-1]

    async def say(self, text: str) -> list[dict[str, Any]]:
        before = len(self.sent_here())
        assert await self.post(text=text) in (200, 201)
        return self.sent_here()[before:]

    async def press(
        self, data: dict[str, Any], typed: dict[str, Any] | None = None, card: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Press a button on the newest card (or the given one), as Teams would send it; returns the newest card."""
        card = card if card is not None else self.cards_here()[-1]
        value = {fid: e.get("value", "") for fid, e in inputs_of(card).items()}
        value.update(typed or {})
        value.update(data)
        time_passes(self.clock, value)
        assert await self.post(value=value, replyToId=self.sent_here()[-1]["id"]) in (200, 201)
        return self.cards_here()[-1]

    async def walk_wizard(self, overrides: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
        """From a new draft through every step; returns the review card."""
        card = await self.press({"action": "new"})
        for step_id in INTERNAL_STEPS:
            submit = next(a for a in card["actions"] if a["data"]["action"] == "submit")
            assert submit["data"]["step"] == step_id, card_text(card)[:200]
            card = await self.press(submit["data"], {**ANSWERS[step_id], **(overrides or {}).get(step_id, {})})
        return card


def link_path(text: str) -> str:
    """The path of the share link in a text the bot sent."""
    match = re.search(r"https://dialogstod\.example\.se(/d/[A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


async def on_the_share_card(anna: HttpChat) -> dict[str, Any]:
    """Anna joins, walks a new draft through every step and opens its share card: the card."""
    await anna.join()
    return await anna.press(action(await anna.walk_wizard(), "share")["data"])


async def share_draft(
    anna: HttpChat, person: str = BERTIL_OID, access: str = "comment", share_card: dict[str, Any] | None = None
) -> tuple[str, list[str]]:
    """Anna (with a completed draft unless a share card is given) shares it; returns the link's path and the bot's texts."""
    if share_card is None:
        share_card = await on_the_share_card(anna)
    before = len(anna.sent_here())
    await anna.press(
        action(share_card, "share_save")["data"],
        {"person": person, "access": access, "ask": "Hjälp med återkopplingen."},
        card=share_card,
    )
    texts = anna.texts_here(before)
    return link_path(texts[0]), texts


# --- the domain alone, over in-memory repositories ----------------------------------------------


class RecordingNotifier:
    """dialogs.ports.Notifier that records what would be sent; `reachable` users have a personal chat."""

    def __init__(self, reachable: set[str] | None = None) -> None:
        self.reachable = reachable or set()
        self.sent: list[tuple[str, Any, str]] = []

    async def to_user(self, user_id: str, view: Any, lang: str) -> bool:
        if user_id not in self.reachable:
            return False
        self.sent.append((user_id, view, lang))
        return True


class PlainDirectory:
    """dialogs.ports.Directory beside a RecordingNotifier: a person picked in Teams is `aad:<typed>`, a typed name
    `name:<typed>`; reachable exactly when the notifier would deliver to them (its `reachable`, read at each call), as
    the real directory's reachable is the personal chat the real notifier sends through."""

    def __init__(self, notifier: RecordingNotifier) -> None:
        self.notifier = notifier

    async def recipient(self, typed: str, picked_in_teams: bool) -> Any:
        from dialogs.ports import Recipient

        user_id = f"aad:{typed}" if picked_in_teams else f"name:{typed}"
        return Recipient(user_id, typed, reachable=user_id in self.notifier.reachable)


def memory_conversation(
    routine: Routine,
    messages: Messages,
    clock: Callable[[], datetime] = lambda: FIXED_NOW,
    calls: list[Call] | None = None,
    meetings: MeetingPlan | None = None,
) -> tuple[Any, Any, RecordingNotifier]:
    """(Conversation, MemoryDatabase, notifier): the use cases with no bot, no HTTP and no SQL."""
    from cards.application import letter_pages
    from dialogs.conversation import Conversation
    from dialogs.deadlines import Deadlines
    from dialogs.features.base import Services
    from dialogs.matching import RoutineQuestions
    from dialogs.wizard import Wizard
    from tests.memory import MemoryDatabase

    database = MemoryDatabase()
    notifier = RecordingNotifier()
    chosen = tuple(load_calls() if calls is None else calls)
    services = Services(
        routine=routine,
        messages=messages,
        wizard=Wizard(routine),
        questions=RoutineQuestions(routine, messages),
        deadlines=Deadlines(routine, chosen, clock, meetings),
        uow=database.unit_of_work,
        notifier=notifier,
        directory=PlainDirectory(notifier),
        clock=clock,
        public_base_url=PUBLIC_BASE_URL,
        share_days=30,
        letter_pages=letter_pages,
    )
    return Conversation(services), database, notifier


class StartApp(Protocol):
    """The `start_app` fixture: the real app from `settings`, served on loopback, closed after the test."""

    async def __call__(self, settings: Settings, clock: Clock | None = None) -> TestClient: ...


async def app_client(settings: Settings, clock: Clock | None = None) -> TestClient:
    """The real aiohttp app, served on loopback, with a client to talk to it (the caller closes it)."""
    app = create_app(settings) if clock is None else create_app(settings, clock=clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client
