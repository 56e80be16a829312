"""Reminders, call subscriptions and conversation references.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("idem_key", sa.String(64), nullable=False, unique=True),
        sa.Column("owner_id", sa.String(255), nullable=False),
        sa.Column("conversation_id", sa.String(512), nullable=False),
        sa.Column("deadline_key", sa.String(255), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("offset_days", sa.Integer, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activity_id", sa.String(255), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reminders_status_next", "reminders", ["status", "next_attempt_at"])
    op.create_index("ix_reminders_owner_due", "reminders", ["owner_id", "due_at"])
    op.create_index("ix_reminders_deadline", "reminders", ["deadline_key"])
    op.create_table(
        "subscriptions",
        sa.Column("owner_id", sa.String(255), primary_key=True),
        sa.Column("call_id", sa.String(100), primary_key=True),
        sa.Column("conversation_id", sa.String(512), primary_key=True),
        sa.Column("offsets", sa.JSON, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "conversation_refs",
        sa.Column("conversation_id", sa.String(512), primary_key=True),
        sa.Column("user_id", sa.String(255), nullable=True),
        sa.Column("conversation_type", sa.String(20), nullable=False),
        sa.Column("reference", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_conversation_refs_user", "conversation_refs", ["user_id", "updated_at"])


def downgrade() -> None:
    op.drop_table("conversation_refs")
    op.drop_table("subscriptions")
    op.drop_index("ix_reminders_deadline", table_name="reminders")
    op.drop_index("ix_reminders_owner_due", table_name="reminders")
    op.drop_index("ix_reminders_status_next", table_name="reminders")
    op.drop_table("reminders")
