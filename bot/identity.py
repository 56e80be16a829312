"""Everything Teams-specific about who someone is: the actor of an activity, mentions in what they
typed, and the colleague a share card names (Teams' people picker sends an Entra object id)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from bot.proactive import chat_lang
from dialogs.actor import Actor
from dialogs.language import lang_of
from dialogs.ports import Recipient
from storage.conversations import SqlConversationRefs

TEAMS = "msteams"
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_OBJECT_ID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class Account(Protocol):
    """A user or the bot in an activity, as both SDKs' ChannelAccount have it."""

    @property
    def id(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def aad_object_id(self) -> str | None: ...


class ConversationOf(Protocol):
    @property
    def id(self) -> str | None: ...
    @property
    def conversation_type(self) -> str | None: ...


class ActivityLike(Protocol):
    """What the bot reads of an incoming activity: the same attributes in botbuilder's Activity and in the Agents
    SDK's, so that everything from here up is the same whichever SDK hosts the bot."""

    @property
    def type(self) -> str | None: ...
    @property
    def id(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def channel_id(self) -> str | None: ...
    @property
    def service_url(self) -> str | None: ...
    @property
    def locale(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def value(self) -> object: ...
    @property
    def reply_to_id(self) -> str | None: ...
    @property
    def from_property(self) -> Account | None: ...
    @property
    def recipient(self) -> Account | None: ...
    @property
    def conversation(self) -> ConversationOf | None: ...
    @property
    def members_added(self) -> Sequence[Account] | None: ...


def conversation_type(activity: ActivityLike) -> str:
    """'personal', 'channel' or 'groupChat' (channels other than Teams have only personal chats)."""
    return (activity.conversation.conversation_type if activity.conversation else None) or "personal"


def entra_user_id(object_id: str) -> str:
    return f"aad:{object_id}"


def channel_user_id(channel_id: str, user_id: str) -> str:
    """A user of another channel, in a namespace of its own: no channel name ('aad', 'email') can make it
    another kind of id."""
    return f"channel:{channel_id}:{user_id}"


def actor_of(activity: ActivityLike) -> Actor:
    """The user by Entra object id when Teams sends one, otherwise by the channel's user id. Only Teams vouches
    for an `aadObjectId`: a client of any other channel (Direct Line, Web Chat) can put anyone's in what it posts."""
    sender = activity.from_property
    channel = activity.channel_id or ""
    aad = sender.aad_object_id if sender and channel == TEAMS else None
    user_id = entra_user_id(aad) if aad else channel_user_id(channel, (sender.id if sender else None) or "unknown")
    return Actor(
        id=user_id,
        name=(sender.name if sender else None) or "",
        lang=lang_of(activity.locale),
        conversation_id=(activity.conversation.id if activity.conversation else None) or "",
        personal=conversation_type(activity) == "personal",
        people_picker=channel == TEAMS,
    )


def without_mentions(text: str) -> str:
    """In channels and group chats Teams puts '<at>Dialogstöd</at>' in front of what the user typed."""
    return _MENTION.sub("", text).strip()


class TeamsDirectory:
    """dialogs.ports.Directory: a picked Teams user by object id (named as the bot last saw them), else an e-mail
    address or a name as typed. In local mode (the /chat page, which has no people picker) a typed name is also
    looked for among the people who have a chat with the bot: the one person of that name, else none of them."""

    def __init__(self, conversations: SqlConversationRefs, local_mode: bool = False) -> None:
        self.conversations = conversations
        self.local_mode = local_mode

    async def recipient(self, typed: str, picked_in_teams: bool) -> Recipient:
        if picked_in_teams and _OBJECT_ID.match(typed):
            user_id = entra_user_id(typed)
            reference = await self.conversations.personal(user_id)
            name = (reference or {}).get("user", {}).get("name") or typed
            return Recipient(user_id, str(name), reachable=reference is not None, lang=chat_lang(reference))
        if self.local_mode and not picked_in_teams:
            named = await self.conversations.personal_chats_named(typed)
            if len(named) == 1:  # named as the bot knows them, not as typed
                [chat] = named
                return Recipient(chat.user_id, chat.name, reachable=True, lang=chat_lang(chat.reference))
        if "@" in typed:
            return Recipient(f"email:{typed.lower()}", typed)
        return Recipient(f"name:{typed}", typed)
