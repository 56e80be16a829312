"""A draft keeps what was typed on a step's card when saving it was refused, so that the card shows it again when the
step is opened later ("Fortsätt utkastet") until it is saved.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("typed", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("typed")
