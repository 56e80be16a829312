"""Database tables. Schema changes go through a migration in storage/migrations/versions/."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Dialect, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite would return them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass timezone-aware UTC times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(255))
    owner_name: Mapped[str] = mapped_column(String(255), default="")
    routine_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    done: Mapped[list[str]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    proposal_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    assigned: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # role id -> {id, name}
    typed: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # step id -> its card's refused inputs

    __table_args__ = (Index("ix_drafts_owner_updated", "owner_id", "updated_at"),)


class BotStateRow(Base):
    """One botbuilder Storage item (conversation and user state), with its e-tag."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(1024), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    e_tag: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReminderRow(Base):
    """One reminder to send; claimed by one scheduler at a time, sent at least once under its key."""

    __tablename__ = "reminders"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    idem_key: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[str] = mapped_column(String(255))
    conversation_id: Mapped[str] = mapped_column(String(512), default="")  # "" = the owner's personal chat
    deadline_key: Mapped[str] = mapped_column(String(255))
    deadline: Mapped[date] = mapped_column(Date)
    offset_days: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    activity_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_reminders_status_next", "status", "next_attempt_at"),
        Index("ix_reminders_owner_due", "owner_id", "due_at"),
        Index("ix_reminders_deadline", "deadline_key"),
    )


class SubscriptionRow(Base):
    """A user watching an external call ("bevaka"), with their offsets and where to be reminded."""

    __tablename__ = "subscriptions"

    owner_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(512), primary_key=True, default="")
    offsets: Mapped[list[int]] = mapped_column(JSON)
    lang: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CallRow(Base):
    """A call an official added in the chat: the call as the calendar file writes it, who added it, and whether
    everyone in the district sees it."""

    __tablename__ = "calls"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(255), index=True)
    everyone: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApplicationRow(Base):
    """A user's application to an external call: the answers of the application card (one per user and call)."""

    __tablename__ = "applications"

    owner_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    id: Mapped[str] = mapped_column(String(32), unique=True)
    owner_name: Mapped[str] = mapped_column(String(255))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConversationRefRow(Base):
    """Where the bot can reach a conversation proactively (Bot Framework conversation reference)."""

    __tablename__ = "conversation_refs"

    conversation_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(255), nullable=True)  # set for personal chats
    conversation_type: Mapped[str] = mapped_column(String(20))
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_conversation_refs_user", "user_id", "updated_at"),)


class ShareRow(Base):
    """A draft shared with one person: the link's token is stored only as its SHA-256 hash."""

    __tablename__ = "shares"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(32), index=True)
    owner_id: Mapped[str] = mapped_column(String(255))
    recipient_id: Mapped[str] = mapped_column(String(255))  # aad:<object id>, or email:<address>, or name:<name>
    recipient_name: Mapped[str] = mapped_column(String(255))
    access: Mapped[str] = mapped_column(String(10))  # read | comment | review | role
    ask: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reviewed: Mapped[str | None] = mapped_column(String(10), nullable=True)  # a review's: proposal | report


class ShareTokenRow(Base):
    """A further link to a share, made when its recipient opens it again (only a token's hash is kept, so the link
    shown again is a new one): it opens the share as its first one (`shares.token_hash`) does, which keeps working."""

    __tablename__ = "share_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    share_id: Mapped[str] = mapped_column(String(32), index=True)


class ShareEventRow(Base):
    """Who viewed, commented on or downloaded a shared draft, and when."""

    __tablename__ = "share_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    share_id: Mapped[str] = mapped_column(String(32), index=True)
    draft_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # view | comment | download
    who: Mapped[str] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class FocusRow(Base):
    """Which draft a user works on in a conversation, and the step they opened again (Ändra), if any."""

    __tablename__ = "focus"

    conversation_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(32))
    step_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ShownCardRow(Base):
    """What is kept of the card a user was shown last in a conversation (dialogs/shown.ShownCard), for a short typed
    reply to it ("ja", "skicka"); no row: none that such a reply answers."""

    __tablename__ = "shown_cards"

    conversation_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RateCounterRow(Base):
    """How many times a subject (a shared link's comments, a user's shares) was counted in one window."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class HistoryRow(Base):
    """One entry of a dialogue's history (dialogs/history.py)."""

    __tablename__ = "draft_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(100))
    who_id: Mapped[str] = mapped_column(String(255))
    who_name: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, server_default="")  # a reviewer's comment, or to whom it was sent
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a proposal's version (Förslag n)


class ProposalVersionRow(Base):
    """One version of a draft's proposal: what its documents are built from (dialogs/proposal_versions.py)."""

    __tablename__ = "proposal_versions"

    draft_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    done: Mapped[list[str]] = mapped_column(JSON)
    owner_name: Mapped[str] = mapped_column(String(255))


class DeadlineOffsetsRow(Base):
    """The days before one of a draft's dates that its reminders come, as the owner chose them (else the defaults)."""

    __tablename__ = "deadline_offsets"

    draft_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    field_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    offsets: Mapped[list[int]] = mapped_column(JSON)
