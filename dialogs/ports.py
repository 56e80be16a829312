"""What the use cases need from the outside world, as protocols: storage behind one unit of work,
proactive messages, and who a typed or picked colleague is. `storage/` and `bot/` implement them;
tests use in-memory versions (tests/memory.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from dialogs.actor import Actor, Focus
from dialogs.calls import Call
from dialogs.documents.application import Application
from dialogs.documents.letters import Letter
from dialogs.draft import Draft
from dialogs.history import HistoryEntry
from dialogs.language import Lang
from dialogs.proposal_versions import ProposalVersion
from dialogs.reminder import Reminder, Subscription
from dialogs.share import Share, ShareEvent
from dialogs.views import View

if TYPE_CHECKING:
    from dialogs.personal_data import FocusEntry, ShownEntry, StoredConversation
    from dialogs.shown import ShownCard, Whereabouts

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class WorkedOn:
    """The draft a user works on in a conversation: their focus, and the draft it points at (None: no focus, or its
    draft is gone)."""

    focus: Focus | None
    draft: Draft | None


class DraftRepository(Protocol):
    async def create(self, draft: Draft) -> Draft: ...

    async def get(self, draft_id: str, reader: Actor | None = None) -> Draft | None:
        """The draft, or None. With `reader`, their focus in their conversation is read along with it (the same
        statement), so that keeping them on it afterwards (FocusRepository.set) writes nothing."""
        ...

    async def many(self, draft_ids: Sequence[str]) -> dict[str, Draft]:
        """The drafts of `draft_ids` that exist, by id (one statement)."""
        ...

    async def worked_on(self, reader: Actor) -> WorkedOn:
        """The reader's focus in their conversation and the draft it points at, read together (one statement)."""
        ...

    async def save(self, draft: Draft) -> Draft:
        """Store the draft if its version is still the stored one, else StaleDraftError; return it with version + 1.
        The error may come from the unit of work's next statement or its commit instead (a database that runs the
        save with them: storage/sqlite_driver.py), which then rolls the unit of work back as well."""
        ...

    async def keep_typed(self, draft: Draft) -> None:
        """Store what was typed on the draft's cards (`Draft.typed`), and nothing else: its version stays, so that the
        card that showed the errors can still be saved."""
        ...

    async def list_for_owner(self, owner_id: str) -> list[Draft]:
        """The owner's drafts, most recently changed first (a bounded number)."""
        ...

    async def owned_by(self, owner_id: str) -> list[Draft]:
        """Every draft of the owner, oldest first (their data's export and erasure)."""
        ...

    async def delete(self, draft_id: str) -> None: ...


class ReminderRepository(Protocol):
    async def replace_pending(self, owner_id: str, key_prefix: str, wanted: Sequence[Reminder]) -> None:
        """Make the owner's planned pending reminders under `key_prefix` exactly `wanted` (by key); sent ones
        stay, and so do snoozed ones (offset -1: 'påminn mig i morgon' was asked for)."""
        ...

    async def delete_prefix(self, key_prefix: str) -> None:
        """Delete every reminder, in any state, whose deadline key starts with `key_prefix` (any owner)."""
        ...

    async def cancel_deadline(self, owner_id: str, deadline_key: str) -> None:
        """'Klar': the owner's pending reminders of this deadline are done."""
        ...

    async def add(self, reminder: Reminder) -> None: ...

    async def get(self, reminder_id: str) -> Reminder | None: ...

    async def upcoming(self, owner_id: str, limit: int) -> list[Reminder]:
        """Pending and sending reminders of the owner, soonest first."""
        ...

    async def for_owner(self, owner_id: str) -> list[Reminder]:
        """Every reminder of the owner, in any state, by due time."""
        ...

    async def delete_owner(self, owner_id: str) -> None: ...


class CallRepository(Protocol):
    """Calls officials added in the chat."""

    async def add(self, call: Call) -> None: ...

    async def get(self, call_id: str) -> Call | None: ...

    async def visible_to(self, user_id: str) -> list[Call]:
        """The user's own calls and those shown to everyone, in the order they were added."""

    async def remove_owner(self, owner_id: str) -> None: ...


class PageCounter(Protocol):
    def __call__(self, letter: Letter) -> int:
        """How many A4 pages the letter takes, laid out as its PDF is (cards/application.py)."""


class ApplicationRepository(Protocol):
    async def get(self, owner_id: str, call_id: str) -> Application | None: ...

    async def by_id(self, application_id: str) -> Application | None: ...

    async def save(self, application: Application) -> None:
        """Insert, or replace the answers of the user's application to that call (keeping its id)."""

    async def for_owner(self, owner_id: str) -> list[Application]: ...

    async def remove_owner(self, owner_id: str) -> None: ...


class SubscriptionRepository(Protocol):
    async def save(self, subscription: Subscription) -> None:
        """Insert, or replace the offsets and language of the same (owner, call, conversation)."""
        ...

    async def remove(self, owner_id: str, call_id: str) -> None:
        """Stop watching the call (every target conversation)."""
        ...

    async def for_owner(self, owner_id: str) -> list[Subscription]: ...

    async def remove_owner(self, owner_id: str) -> None:
        """Every watch of the owner goes."""
        ...

    async def every(self) -> list[Subscription]:
        """All subscriptions (to re-plan their reminders when the calls file changed)."""
        ...


class ShareRepository(Protocol):
    async def create(self, share: Share, token_hash: str) -> None: ...

    async def by_token_hash(self, token_hash: str) -> Share | None: ...

    async def get(self, share_id: str) -> Share | None: ...

    async def for_draft(self, draft_id: str) -> list[Share]: ...

    async def revoke(self, share_id: str, at: datetime) -> None: ...

    async def record(self, event: ShareEvent) -> None: ...

    async def events(self, draft_id: str, limit: int) -> list[ShareEvent]:
        """The newest first."""
        ...

    async def add_token(self, share_id: str, token_hash: str) -> None:
        """The share opens under this token too (the ones before keep opening it, until it expires or is revoked)."""
        ...

    async def given_by(self, owner_id: str) -> list[Share]:
        """Every share the owner made (also their own download and export links), oldest first."""
        ...

    async def received_by(self, recipient_id: str) -> list[Share]:
        """Every share made to this recipient, oldest first."""
        ...

    async def events_for_shares(self, share_ids: Sequence[str]) -> list[ShareEvent]:
        """The log of these shares, oldest first."""
        ...

    async def delete_for_draft(self, draft_id: str) -> None:
        """The draft's shares and their log (comment texts included)."""
        ...

    async def delete_for_person(self, user_id: str) -> None:
        """Shares the person made or received, and their log."""
        ...


class HistoryRepository(Protocol):
    async def record(self, entry: HistoryEntry) -> None: ...

    async def for_draft(self, draft_id: str, limit: int) -> list[HistoryEntry]:
        """The newest `limit` entries, oldest first."""
        ...

    async def for_drafts(self, draft_ids: Sequence[str]) -> list[HistoryEntry]:
        """Every entry of these drafts, oldest first."""
        ...

    async def delete_for_draft(self, draft_id: str) -> None: ...


class ProposalVersionRepository(Protocol):
    async def add(self, version: ProposalVersion) -> None: ...

    async def for_draft(self, draft_id: str) -> list[ProposalVersion]:
        """The draft's versions, oldest (Förslag 1) first."""
        ...

    async def get(self, draft_id: str, number: int) -> ProposalVersion | None:
        """Förslag `number` of the draft (None: there is no such version)."""
        ...

    async def newest(self, draft_id: str) -> ProposalVersion | None:
        """The draft's latest version (None: none was kept)."""
        ...

    async def delete_for_draft(self, draft_id: str) -> None: ...


class DeadlineOffsetRepository(Protocol):
    """The days before a draft's date that its reminders come, where the owner chose them (field id -> days)."""

    async def for_draft(self, draft_id: str) -> dict[str, tuple[int, ...]]: ...

    async def set(self, draft_id: str, field_id: str, offsets: tuple[int, ...]) -> None: ...

    async def delete_for_draft(self, draft_id: str) -> None: ...


class RateCounterRepository(Protocol):
    async def hit(self, key: str, window_start: datetime, window_end: datetime) -> int:
        """Add one to the counter of `key` in the window from `window_start` and return its count: atomic,
        so concurrent hits (from several instances too) each get their own number. Counters of windows
        that ended before `window_start` are deleted."""
        ...

    async def forget(self, subject: str) -> None:
        """Delete the counters of a subject (keys `<subject>:…`)."""
        ...


class FocusRepository(Protocol):
    """What a conversation knows that a draft cannot: which draft each user works on in it (and a step they opened
    again from the review), and the card each was shown last there (dialogs/shown.py)."""

    async def get(self, conversation_id: str, user_id: str) -> Focus | None: ...

    async def set(self, conversation_id: str, user_id: str, focus: Focus | None) -> None:
        """None clears it. A focus the unit of work read (also with a draft) or wrote as it is, is not written again."""
        ...

    async def whereabouts(self, conversation_id: str, user_id: str) -> Whereabouts:
        """The user's focus in the conversation and the card shown them last there, read together (one statement)."""
        ...

    async def show(self, conversation_id: str, user_id: str, card: ShownCard | None) -> None:
        """The card the user was shown last in the conversation; None: one no short reply answers. A card the unit of work
        read (also with a draft) or wrote as it is, is not written again."""
        ...

    async def forget_shown(self, conversation_id: str) -> None:
        """The bot sent the conversation something unasked (a reminder, a colleague's card): no card shown before it is
        the last any more."""
        ...

    async def for_user(self, user_id: str) -> list[FocusEntry]:
        """The user's focus in every conversation."""
        ...

    async def shown_for_user(self, user_id: str) -> list[ShownEntry]:
        """The card the user was shown last in every conversation, as kept."""
        ...

    async def clear_draft(self, draft_id: str) -> None:
        """No conversation works on this draft any more."""
        ...

    async def delete_user(self, user_id: str) -> None:
        """The user's focus and the cards they were shown, in every conversation."""
        ...


class ConversationRepository(Protocol):
    """The conversation references kept to reach a user proactively (the delivery layer writes them)."""

    async def for_user(self, user_id: str) -> list[StoredConversation]:
        """The user's personal chats with the bot."""
        ...

    async def delete_user(self, user_id: str) -> None: ...


class UnitOfWork(Protocol):
    """One transaction across every repository: committed when the `async with` block ends cleanly,
    rolled back when it raises."""

    @property
    def drafts(self) -> DraftRepository: ...

    @property
    def reminders(self) -> ReminderRepository: ...

    @property
    def subscriptions(self) -> SubscriptionRepository: ...

    @property
    def applications(self) -> ApplicationRepository: ...

    @property
    def calls(self) -> CallRepository: ...

    @property
    def shares(self) -> ShareRepository: ...

    @property
    def focus(self) -> FocusRepository: ...

    @property
    def conversations(self) -> ConversationRepository: ...

    @property
    def rate_counters(self) -> RateCounterRepository: ...

    @property
    def history(self) -> HistoryRepository: ...

    @property
    def proposal_versions(self) -> ProposalVersionRepository: ...

    @property
    def deadline_offsets(self) -> DeadlineOffsetRepository: ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Notifier(Protocol):
    """Proactive messages to a user's personal chat with the bot (implemented in bot/)."""

    async def to_user(self, user_id: str, view: View, lang: Lang) -> bool:
        """Send the view, worded in the recipient's language (their personal chat's locale; `lang`, the sender's, when
        it names none); False when the bot has no personal chat with the user or the send failed."""
        ...


@dataclass(frozen=True)
class Recipient:
    """A colleague a draft is shared with: a stable id and a display name; `reachable` when the bot has a personal
    chat with them, so that a card (a review to answer) and reminders reach them; `lang`, the language of that chat
    (None: no chat, or it names none), which a link made for them names."""

    id: str
    name: str
    reachable: bool = False
    lang: Lang | None = None


class Directory(Protocol):
    """Who a colleague is, from what the share card sent (Teams' people picker gives an object id)."""

    async def recipient(self, typed: str, picked_in_teams: bool) -> Recipient: ...
