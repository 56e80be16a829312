"""The focus table (which draft a user works on in a conversation); proposal texts are no longer stored.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite gets the table copied without the columns, PostgreSQL a plain ALTER TABLE.
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("proposal_markdown")
        batch.drop_column("proposal_html")
    op.create_table(
        "focus",
        sa.Column("conversation_id", sa.String(512), primary_key=True),
        sa.Column("user_id", sa.String(255), primary_key=True),
        sa.Column("draft_id", sa.String(32), nullable=False),
        sa.Column("step_id", sa.String(100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("focus")
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("proposal_markdown", sa.Text, nullable=True))
        batch.add_column(sa.Column("proposal_html", sa.Text, nullable=True))
