"""A proposal's versions: what each one's documents are built from; the days before a draft's date its reminders
come, when the owner chose them.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_versions",
        sa.Column("draft_id", sa.String(32), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("done", sa.JSON, nullable=False),
        sa.Column("owner_name", sa.String(255), nullable=False),
    )
    op.create_table(
        "deadline_offsets",
        sa.Column("draft_id", sa.String(32), primary_key=True),
        sa.Column("field_id", sa.String(100), primary_key=True),
        sa.Column("offsets", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deadline_offsets")
    op.drop_table("proposal_versions")
