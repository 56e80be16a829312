"""Shares of drafts and their view and comment log.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shares",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("draft_id", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(255), nullable=False),
        sa.Column("recipient_id", sa.String(255), nullable=False),
        sa.Column("recipient_name", sa.String(255), nullable=False),
        sa.Column("access", sa.String(10), nullable=False),
        sa.Column("ask", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_shares_draft_id", "shares", ["draft_id"])
    op.create_table(
        "share_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("share_id", sa.String(32), nullable=False),
        sa.Column("draft_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("who", sa.String(255), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_share_events_share_id", "share_events", ["share_id"])
    op.create_index("ix_share_events_draft_id", "share_events", ["draft_id"])


def downgrade() -> None:
    op.drop_index("ix_share_events_draft_id", table_name="share_events")
    op.drop_index("ix_share_events_share_id", table_name="share_events")
    op.drop_table("share_events")
    op.drop_index("ix_shares_draft_id", table_name="shares")
    op.drop_table("shares")
