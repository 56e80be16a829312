"""A dialogue's history keeps a note (the avdelningschef's comment on a review, or to whom it was sent), and a
draft keeps whom its owner gave a role of the routine (the kommunikatör of the information and feedback phases).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft_history") as batch:
        batch.add_column(sa.Column("note", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("assigned", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("assigned")
    with op.batch_alter_table("draft_history") as batch:
        batch.drop_column("note")
