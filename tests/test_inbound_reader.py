"""The inbound activity as the bot receives it (bot/inbound.py): read quickly, the same as the SDK's msrest
deserializer reads it — Teams' fields, a card's values, mentions, timestamps, fields the SDK does not know —
and read by msrest itself when a value is of an unusual type."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botbuilder.schema import Activity

from bot.inbound import Refused, checked_body, parsed_json, read_activity
from dialogs.text import cleaned


def teams_message(**fields: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "id": "1700000000000",
        "timestamp": "2026-11-24T04:59:12.5963766Z",
        "localTimestamp": "2026-11-24T05:59:12.596+01:00",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "locale": "sv-SE",
        "textFormat": "plain",
        "from": {"id": "29:abc", "name": "Åsa Berg", "aadObjectId": "aad-1", "role": "user"},
        "recipient": {"id": "28:bot", "name": "Dialogstöd"},
        "conversation": {"id": "a:1", "conversationType": "personal", "tenantId": "t1", "isGroup": False},
        "entities": [
            {"type": "clientInfo", "locale": "sv-SE", "country": "SE", "platform": "Web"},
            {"type": "mention", "text": "<at>Dialogstöd</at>", "mentioned": {"id": "28:bot", "name": "Dialogstöd"}},
        ],
        "channelData": {"tenant": {"id": "t1"}, "source": {"name": "message"}},
        "replyToId": "1699999999999",
        "attachments": [{"contentType": "text/html", "content": "<p>hej</p>"}],
        **fields,
    }


def inbound_activity(raw: bytes) -> Activity:
    """A request body as the botbuilder host reads it: checked, cleaned, then read quickly."""
    return read_activity(checked_body(parsed_json(raw)))


def as_msrest_reads(body: dict[str, Any]) -> Activity:
    result: Activity = Activity().deserialize(cleaned(body))
    return result


@pytest.mark.parametrize(
    "body",
    [
        teams_message(text="Vad gör en processledare?"),
        teams_message(value={"action": "submit", "draft": "d1", "step": "syfte", "version": 3, "purpose": "Att höra"}),
        teams_message(text="hej", valueType="application/json", unknownField={"nested": [1, 2]}),
        teams_message(text="hej", label=7, importance=True),  # a number and a flag for text: msrest's own reading
        teams_message(text="hej", timestamp="2026-11-24T04:59:12Z", entities=[]),
    ],
)
def test_an_activity_is_read_as_the_sdk_reads_it(body: dict[str, Any]) -> None:
    ours = inbound_activity(json.dumps(body).encode())
    assert ours.as_dict() == as_msrest_reads(body).as_dict()
    assert ours.additional_properties == as_msrest_reads(body).additional_properties
    assert ours.timestamp is not None and ours.timestamp.tzinfo is not None


def test_an_activity_msrest_cannot_read_is_refused() -> None:
    with pytest.raises(Refused):
        inbound_activity(
            b'{"type": "message", "serviceUrl": "https://x/", "channelId": "msteams", '
            b'"conversation": {"id": "a"}, "recipient": {"id": "bot"}, "timestamp": "not a time"}'
        )
