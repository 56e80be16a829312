"""Rate counters (comments per shared link, shares per user), shared by every instance.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rate_counters_window_end", "rate_counters", ["window_end"])


def downgrade() -> None:
    op.drop_index("ix_rate_counters_window_end", "rate_counters")
    op.drop_table("rate_counters")
