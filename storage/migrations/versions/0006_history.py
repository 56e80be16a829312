"""A dialogue's history: each change of phase, who made it and when.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("phase", sa.String(100), nullable=False),
        sa.Column("who_id", sa.String(255), nullable=False),
        sa.Column("who_name", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_draft_history_draft_id", "draft_history", ["draft_id"])


def downgrade() -> None:
    op.drop_index("ix_draft_history_draft_id", "draft_history")
    op.drop_table("draft_history")
