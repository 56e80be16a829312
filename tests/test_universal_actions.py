"""Universal Actions in Teams (issue 19): cards with Action.Execute, answered by the invoke with the next card in
place of the pressed one. Through the real app against a fake Bot Connector, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.settings import Settings
from bot.state import APP_ENGINE, APP_SERVICES
from bot.universal import with_execute
from dialogs.messages import Messages
from storage.models import DraftRow
from tests.fake_connector import FakeConnector
from tests.support import (
    ANSWERS,
    INTERNAL_STEPS,
    HttpChat,
    StartApp,
    action,
    actions_of,
    card_text,
    inputs_of,
    teams_activity,
)

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


@pytest.fixture
async def client(db_url: str, bot_host: str, start_app: StartApp) -> TestClient:
    return await start_app(Settings(database_url=db_url, reminder_poll_seconds=0, bot_host=bot_host))


class TeamsUser(HttpChat):
    """A Teams user whose button presses arrive as `adaptiveCard/action` invokes, as Teams sends an Action.Execute."""

    invokes = 0

    async def execute(
        self, card: dict[str, Any], name: str, typed: dict[str, Any] | None = None, invoke_id: str | None = None, **match: Any
    ) -> dict[str, Any]:
        """Press the button `name` on `card` with the card's inputs (and what was `typed`); the invoke's answer."""
        button = action(card, name, **match)
        assert button["type"] == "Action.Execute" and button["verb"] == name
        data = {fid: e.get("value", "") for fid, e in inputs_of(card).items()} | (typed or {}) | button["data"]
        return await self.invoke({"action": {"type": "Action.Execute", "verb": button["verb"], "data": data}}, invoke_id)

    async def invoke(self, value: Any, invoke_id: str | None = None) -> dict[str, Any]:
        TeamsUser.invokes += 1
        activity_id = invoke_id or f"invoke-{TeamsUser.invokes}"
        fields = {"from": self.user, "conversation": self.conversation}
        body = {"type": "invoke", "name": "adaptiveCard/action", "value": value, "id": activity_id, **fields}
        response = await self.client.post("/api/messages", json=teams_activity(self.connector.url, **body))
        assert response.status == 200
        answer: dict[str, Any] = await response.json()
        return answer


async def _versions(client: TestClient) -> list[int]:
    async with client.app[APP_ENGINE].connect() as conn:
        return list((await conn.execute(select(DraftRow.version))).scalars().all())


async def test_teams_cards_carry_execute_buttons_and_other_channels_keep_submit(
    client: TestClient, connector: FakeConnector
) -> None:
    welcome = await TeamsUser(client, connector).join()
    assert {a["type"] for a in actions_of(welcome)} == {"Action.Execute"}
    assert all(a["verb"] == a["data"]["action"] for a in actions_of(welcome))

    emulator = HttpChat(client, connector, conversation_id="emulator-1")
    assert await emulator.post(type="conversationUpdate", membersAdded=[{"id": "28:dialogstod"}], channelId="emulator") < 300
    assert {a["type"] for a in actions_of(emulator.cards_here()[-1])} == {"Action.Submit"}


async def test_the_wizard_advances_through_invokes_with_each_card_replaced_in_place(
    client: TestClient, connector: FakeConnector, messages: Messages
) -> None:
    anna = TeamsUser(client, connector)
    welcome = await anna.join()
    sent_before = len(anna.sent_here())

    answer = await anna.execute(welcome, "new")
    for step_id in INTERNAL_STEPS:
        assert answer["type"] == CARD, answer
        card = answer["value"]
        assert action(card, "submit")["data"]["step"] == step_id, card_text(card)[:200]
        answer = await anna.execute(card, "submit", ANSWERS[step_id])
    review = answer["value"]
    assert messages("review_title", "sv") in card_text(review)

    proposal = await anna.execute(review, "create_proposal")
    assert proposal["type"] == CARD
    assert messages("proposal_title", "sv") in card_text(proposal["value"])
    assert "aktiviteter på Råcksta aktivitetscenter" in card_text(proposal["value"])  # the title, within a sentence
    # Every card came back as the invoke's answer: nothing posted into the chat, nothing updated afterwards.
    assert len(anna.sent_here()) == sent_before
    assert connector.updated == []


async def test_a_validation_error_comes_back_on_the_same_card_with_what_was_typed(
    client: TestClient, connector: FakeConnector, messages: Messages
) -> None:
    anna = TeamsUser(client, connector)
    step = (await anna.execute(await anna.join(), "new"))["value"]
    answer = await anna.execute(step, "submit", {**ANSWERS["start"], "title": ""})
    card = answer["value"]
    assert messages("check_fields", "sv") in card_text(card)
    assert inputs_of(card)["unit"]["value"] == ANSWERS["start"]["unit"]
    assert await _versions(client) == [0]  # the new draft, with nothing of the card saved


async def test_a_retried_invoke_is_applied_once_and_answered_the_same(client: TestClient, connector: FakeConnector) -> None:
    anna = TeamsUser(client, connector)
    step = (await anna.execute(await anna.join(), "new"))["value"]
    # Teams retries an invoke that is slow to answer: the same activity id again, here while the first still runs.
    first, *retries = await asyncio.gather(
        *(anna.execute(step, "submit", ANSWERS["start"], invoke_id="teams-retry") for _ in range(3))
    )
    assert all(r == first for r in retries)
    assert action(first["value"], "submit")["data"]["step"] == INTERNAL_STEPS[1]
    assert await _versions(client) == [1]
    later = await anna.execute(step, "submit", ANSWERS["start"], invoke_id="teams-retry")
    assert later == first


async def test_another_users_draft_ids_are_refused(client: TestClient, connector: FakeConnector) -> None:
    anna = TeamsUser(client, connector)
    step = (await anna.execute(await anna.join(), "new"))["value"]
    second = (await anna.execute(step, "submit", ANSWERS["start"]))["value"]
    bertil = TeamsUser(
        client, connector, {"id": "29:bertil", "name": "Bertil", "aadObjectId": "aad-bertil"}, conversation_id="a:personal-2"
    )
    await bertil.join()
    stolen = await bertil.execute(second, "submit", {"scope_authority": "no", "scope_preschool": "no"})
    assert ANSWERS["start"]["title"] not in str(stolen)
    assert await _versions(client) == [1]  # Anna's draft unchanged


@pytest.mark.parametrize("locale,lang", [("sv-SE", "sv"), ("en-US", "en")])
@pytest.mark.parametrize(
    "value",
    [
        {"action": {"type": "Action.Execute", "verb": "approve", "data": {"action": "approve"}}},  # no such verb
        {"action": {"type": "Action.Execute", "verb": "new", "data": {"action": "list"}}},  # verb and data disagree
        {"action": {"type": "Action.Submit", "data": {"action": "new"}}},
        {"action": "new"},
        None,
    ],
)
async def test_an_unknown_or_malformed_execute_changes_nothing_and_says_so(
    client: TestClient, connector: FakeConnector, messages: Messages, value: Any, locale: str, lang: str
) -> None:
    anna = TeamsUser(client, connector)
    await anna.join()
    before = len(anna.sent_here())
    activity = teams_activity(connector.url, type="invoke", name="adaptiveCard/action", value=value, id="x1", locale=locale)
    response = await client.post("/api/messages", json=activity)
    assert response.status == 200
    answer = await response.json()
    assert answer == {"statusCode": 200, "type": MESSAGE, "value": messages("card_action_unsupported", lang)}
    assert len(anna.sent_here()) == before
    assert await _versions(client) == []


async def test_a_press_our_side_fails_on_answers_on_the_card_that_the_draft_is_safe(
    client: TestClient, connector: FakeConnector, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = TeamsUser(client, connector)
    welcome = await anna.join()

    async def failing(*_: Any) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(client.app[APP_SERVICES].conversation, "on_card", failing)
    answer = await anna.execute(welcome, "new")  # a 200 with words for the card, not an HTTP error Teams shows as one
    assert answer == {"statusCode": 200, "type": MESSAGE, "value": messages("turn_error", "sv")}
    assert "a bug of ours" not in json.dumps(connector.sent)


async def test_in_a_group_chat_everyone_sees_a_note_and_each_owner_their_own_card(
    client: TestClient, connector: FakeConnector, messages: Messages
) -> None:
    group = {"id": "19:group-1", "conversationType": "groupChat", "tenantId": "t1"}
    anna = TeamsUser(client, connector, conversation_id=group["id"])
    bertil = TeamsUser(
        client, connector, {"id": "29:bertil", "name": "Bertil Berg", "aadObjectId": "aad-bertil"}, conversation_id=group["id"]
    )
    anna.conversation = bertil.conversation = group

    # Anna starts a draft by typing: the group sees a note about it; Teams refreshes it for Anna alone.
    [posted] = [a["attachments"][0]["content"] for a in await anna.say("nytt utkast")]
    assert card_text(posted).startswith(messages("group_card_title", "sv"))
    assert "Anna Andersson" in card_text(posted)
    refresh = posted["refresh"]
    assert refresh["userIds"] == ["29:anna"]
    assert refresh["action"]["verb"] == "resume"

    # Anna's client refreshes the card: her own step 1.
    own = await anna.invoke({**refresh, "trigger": "automatic"})
    assert action(own["value"], "submit")["data"]["step"] == INTERNAL_STEPS[0]

    # She answers it: the group's card becomes the note again, to be refreshed for her into step 2.
    pressed = await anna.execute(own["value"], "submit", ANSWERS["start"])
    assert "refresh" in pressed["value"] and pressed["value"]["refresh"]["userIds"] == ["29:anna"]
    own = await anna.invoke({**pressed["value"]["refresh"], "trigger": "automatic"})
    assert action(own["value"], "submit")["data"]["step"] == INTERNAL_STEPS[1]

    # Bertil refreshing Anna's card gets nothing of her draft; he starts his own from the note.
    peek = await bertil.invoke({**refresh, "trigger": "manual"})
    assert ANSWERS["start"]["title"] not in str(peek)
    his = await bertil.execute(posted, "new")
    assert his["value"]["refresh"]["userIds"] == ["29:bertil"]
    assert his["value"]["refresh"]["action"]["data"]["draft"] != refresh["action"]["data"]["draft"]
    assert sorted(await _versions(client)) == [0, 1]


async def test_a_card_pressed_again_answers_with_where_the_draft_stands_introduced_on_the_card(
    client: TestClient, connector: FakeConnector, messages: Messages
) -> None:
    anna = TeamsUser(client, connector)
    step = (await anna.execute(await anna.join(), "new"))["value"]
    await anna.execute(step, "submit", ANSWERS["start"])
    sent_before = len(anna.sent_here())
    again = await anna.execute(step, "submit", ANSWERS["start"])  # an old card pressed again: not a retry
    assert again["type"] == CARD
    assert card_text(again["value"]).startswith(messages("stale_card", "sv"))  # the words open the card they lead to
    assert action(again["value"], "submit")["data"]["step"] == INTERNAL_STEPS[1]
    assert len(anna.sent_here()) == sent_before  # nothing posted below it
    assert await _versions(client) == [1]


def test_every_button_becomes_an_execute_wherever_a_card_holds_it_and_nothing_else_changes() -> None:
    """Elements that cannot hold a button are copied without being walked: a button where the schema lets one sit
    (an input's inline action, a container's select action, an element's fallback) is still a Teams button."""
    press = lambda name: {"type": "Action.Submit", "title": name, "data": {"action": name, "draft": "d1"}}  # noqa: E731
    choices = {"type": "Input.ChoiceSet", "id": "c", "choices": [{"title": "Ja", "value": "yes"}], "value": ""}
    card = {
        "type": "AdaptiveCard",
        "body": [
            {"type": "TextBlock", "text": "Rubrik", "fallback": {"type": "ActionSet", "actions": [press("help")]}},
            {"type": "Input.Text", "id": "t", "value": "", "inlineAction": press("submit")},
            {"type": "Container", "selectAction": press("resume"), "items": [{"type": "TextBlock", "text": "x"}]},
            choices,
        ],
        "actions": [press("list")],
    }
    before = json.dumps(card)
    posted = with_execute(card)
    executes = [posted["body"][0]["fallback"]["actions"][0], posted["body"][1]["inlineAction"]]
    executes += [posted["body"][2]["selectAction"], posted["actions"][0]]
    assert [(a["type"], a["verb"]) for a in executes] == [
        ("Action.Execute", "help"),
        ("Action.Execute", "submit"),
        ("Action.Execute", "resume"),
        ("Action.Execute", "list"),
    ]
    assert posted["body"][3] == choices and posted["body"][2]["items"] == [{"type": "TextBlock", "text": "x"}]
    assert json.dumps(card) == before  # the card as built, for other channels, keeps its Action.Submit
