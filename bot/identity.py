"""Everything Teams-specific about who someone is: the actor of an activity, mentions in what they
typed, and the colleague a share card names (Teams' people picker sends an Entra object id)."""

from __future__ import annotations

import re

from botbuilder.schema import Activity, ChannelAccount

from dialogs.actor import Actor
from dialogs.language import lang_of
from dialogs.ports import Recipient
from storage.conversations import SqlConversationRefs

TEAMS = "msteams"
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_OBJECT_ID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def conversation_type(activity: Activity) -> str:
    """'personal', 'channel' or 'groupChat' (channels other than Teams have only personal chats)."""
    return (activity.conversation.conversation_type if activity.conversation else None) or "personal"


def entra_user_id(object_id: str) -> str:
    return f"aad:{object_id}"


def channel_user_id(channel_id: str, user_id: str) -> str:
    """A user of another channel, in a namespace of its own: no channel name ('aad', 'email') can make it
    another kind of id."""
    return f"channel:{channel_id}:{user_id}"


def actor_of(activity: Activity) -> Actor:
    """The user by Entra object id when Teams sends one, otherwise by the channel's user id. Only Teams vouches
    for an `aadObjectId`: a client of any other channel (Direct Line, Web Chat) can put anyone's in what it posts."""
    sender = activity.from_property or ChannelAccount(id="unknown")
    teams_user = activity.channel_id == TEAMS and sender.aad_object_id
    user_id = entra_user_id(sender.aad_object_id) if teams_user else channel_user_id(activity.channel_id, sender.id)
    return Actor(
        id=user_id,
        name=sender.name or "",
        lang=lang_of(activity.locale),
        conversation_id=activity.conversation.id if activity.conversation else "",
        personal=conversation_type(activity) == "personal",
        people_picker=activity.channel_id == TEAMS,
    )


def without_mentions(text: str) -> str:
    """In channels and group chats Teams puts '<at>Dialogstöd</at>' in front of what the user typed."""
    return _MENTION.sub("", text).strip()


class TeamsDirectory:
    """dialogs.ports.Directory: a picked Teams user by object id (named as the bot last saw them),
    else an e-mail address or a name as typed."""

    def __init__(self, conversations: SqlConversationRefs) -> None:
        self.conversations = conversations

    async def recipient(self, typed: str, picked_in_teams: bool) -> Recipient:
        if picked_in_teams and _OBJECT_ID.match(typed):
            user_id = entra_user_id(typed)
            reference = await self.conversations.personal(user_id)
            name = (reference or {}).get("user", {}).get("name") or typed
            return Recipient(user_id, str(name))
        if "@" in typed:
            return Recipient(f"email:{typed.lower()}", typed)
        return Recipient(f"name:{typed}", typed)
