"""A share opens under more than one link: its recipient opening it again gets a new link (only a token's hash is
kept) while the one sent before keeps working (`share_tokens`, beside `shares.token_hash`, the first link).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("share_id", sa.String(32), nullable=False),
    )
    op.create_index("ix_share_tokens_share_id", "share_tokens", ["share_id"])


def downgrade() -> None:
    op.drop_index("ix_share_tokens_share_id", table_name="share_tokens")
    op.drop_table("share_tokens")
