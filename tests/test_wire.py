"""What the bot posts to the Bot Connector (bot/wire.py): the same JSON msrest's serializer would send, and the
SDK's copy of a reply made without copying its card."""

from __future__ import annotations

import copy
import json
from typing import ClassVar
from urllib.parse import quote

import pytest
from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity, Mention
from botbuilder.schema import _models_py3 as models
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from msrest.serialization import Model, Serializer

from bot.connector_pool import JsonConversations, PooledHTTPSender
from bot.host_botbuilder import to_activity
from bot.wire import dumps

MSREST = Serializer({k: v for k, v in models.__dict__.items() if isinstance(v, type)})


def reply(content: dict[str, object]) -> Activity:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(content))
    activity.text = 'Steg 2 av 9 – "Syfte" <b>'
    activity.from_property = ChannelAccount(id="28:bot", name="Dialogstöd")
    activity.recipient = ChannelAccount(id="29:u", name="Åsa", aad_object_id="aad-u")
    activity.conversation = ConversationAccount(id="a:1", conversation_type="personal", tenant_id="t1")
    activity.reply_to_id = "r1"
    activity.channel_data = {"tenant": {"id": "t1"}}
    activity.entities = [Mention(mentioned=ChannelAccount(id="29:u", name="Åsa"), text="<at>Åsa</at>", type="mention")]
    activity.input_hint = "acceptingInput"
    return activity


class _Named(Model):
    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {
        "id": {"key": "id", "type": "str"},
        "name": {"key": "name", "type": "str"},
    }

    def __init__(self, id: str) -> None:
        super().__init__()
        self.id = id

    @property
    def name(self) -> str:
        return self.id.upper()


def test_an_activity_is_posted_as_msrest_would_post_it() -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hallå **där**", "wrap": True}]}
    expected = MSREST.body(reply(card), "Activity")
    assert json.loads(dumps(reply(card))) == expected
    assert json.loads(dumps(Entity(type="clientInfo"))) == {"type": "clientInfo"}
    named = _Named(id="n1")  # a model with an attribute outside its instance's dictionary (a property)
    assert json.loads(dumps(named)) == Serializer({"_Named": _Named}).body(named, "_Named") == {"id": "n1", "name": "N1"}
    for message in ("Hej", card):  # the bot's own replies are what MessageFactory builds
        if isinstance(message, str):
            stock = MessageFactory.text(message)
        else:
            stock = MessageFactory.attachment(CardFactory.adaptive_card(message))
        assert json.loads(dumps(to_activity(message))) == MSREST.body(stock, "Activity")


def test_the_sdk_addresses_a_copy_of_a_reply_and_leaves_the_reply_and_its_card_alone() -> None:
    card = {"type": "AdaptiveCard", "body": []}
    activity = to_activity(card)
    incoming = reply({})
    copied = TurnContext.apply_conversation_reference(copy.deepcopy(activity), TurnContext.get_conversation_reference(incoming))
    assert copied is not activity and copied.conversation.id == "a:1" and activity.conversation is None
    assert copied.attachments[0].content is card


@pytest.mark.parametrize(
    "service_url",
    [
        "https://smba.trafficmanager.net/emea/",
        "https://smba.trafficmanager.net/amer",
        "http://127.0.0.1:3978",
        "https://x.example/a/../b/",
    ],
)
def test_a_reply_goes_to_the_address_msrest_would_post_it_to(service_url: str) -> None:
    """The activities' URL, its service URL joined once per client, is the one msrest's format_url makes of the path
    with the ids quoted, whatever the ids hold."""
    client = ConnectorClient(MicrosoftAppCredentials("", ""), base_url=service_url)
    client.config.sender = PooledHTTPSender()
    conversations = JsonConversations(client._client, client.config, client._serialize, client._deserialize)
    conversation_ids = ["a:1", "19:abc@thread.tacv2;messageid=1", "a/b?c#d", "", ".", "..", "...", "%2F", "Åsa 1"]
    for conversation_id in conversation_ids:
        for activity_id in (None, "r1", ".", "..", "1:x/y", ""):
            path = "/v3/conversations/{conversationId}/activities" + ("/{activityId}" if activity_id is not None else "")
            msrest = client._client.format_url(
                path, conversationId=quote(conversation_id, safe=""), activityId=quote(activity_id or "", safe="")
            )
            assert conversations.url(conversation_id, activity_id) == msrest, (conversation_id, activity_id)
