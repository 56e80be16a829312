"""A review's share names what it is about: the proposal, or the redovisning to the nämnd (dialogs/share.Reviewed);
every review before was of the proposal.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shares") as batch:
        batch.add_column(sa.Column("reviewed", sa.String(10), nullable=True))
    op.execute("UPDATE shares SET reviewed = 'proposal' WHERE access = 'review'")


def downgrade() -> None:
    with op.batch_alter_table("shares") as batch:
        batch.drop_column("reviewed")
