"""The person in this turn, as the delivery layer identified them."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.language import Lang


@dataclass(frozen=True)
class Actor:
    """A stable id (Teams: the Entra object id), name and language; the conversation they wrote in;
    and what their client can do."""

    id: str
    name: str
    lang: Lang
    conversation_id: str = ""
    personal: bool = True  # a personal chat, not a channel or group chat
    people_picker: bool = False  # the client shows Teams' people picker on a card
