"""The person in this turn, as the delivery layer identified them, and what they work on in a conversation."""

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

    @property
    def shown_name(self) -> str:
        """How the history, a colleague's card and a notice name them: their name, else (a client that sent none)
        their id."""
        return self.name or self.id


@dataclass(frozen=True)
class Focus:
    """The draft a user works on in a conversation; `step_id` when they opened a step again (Ändra) on a
    draft whose own next step is elsewhere."""

    draft_id: str
    step_id: str | None = None
