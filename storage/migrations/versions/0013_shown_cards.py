"""The card each user was shown last in each conversation (dialogs/shown.py), kept with the focus so that every
instance of the bot reads the same one; it was kept in each instance's memory before, which nothing migrates.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shown_cards",
        sa.Column("conversation_id", sa.String(512), primary_key=True),
        sa.Column("user_id", sa.String(255), primary_key=True),
        sa.Column("card", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("shown_cards")
