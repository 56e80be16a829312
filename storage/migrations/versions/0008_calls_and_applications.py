"""Calls officials add in the chat, and applications to calls: the answers of a user's application card, one
per user and call.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("owner_id", sa.String(255), nullable=False),
        sa.Column("everyone", sa.Boolean, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_calls_owner_id", "calls", ["owner_id"])
    op.create_table(
        "applications",
        sa.Column("owner_id", sa.String(255), primary_key=True),
        sa.Column("call_id", sa.String(100), primary_key=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("owner_name", sa.String(255), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("applications")
    op.drop_index("ix_calls_owner_id", "calls")
    op.drop_table("calls")
