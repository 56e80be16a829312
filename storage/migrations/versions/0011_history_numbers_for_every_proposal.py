"""Every proposal in a dialogue's history gets its version number (Förslag n), so that the entry's own number is the one
source of a version's number: a PROPOSED entry written before numbers were kept (number NULL) gets its place among
the draft's PROPOSED entries, oldest first, as the code before this revision counted it.

The downgrade keeps the numbers: the revision before reads them as it reads the numbers it wrote.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

history = sa.table(
    "draft_history",
    sa.column("id", sa.Integer),
    sa.column("draft_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("number", sa.Integer),
)
PROPOSED = "proposed"  # dialogs.history.HistoryKind.PROPOSED, as stored when this migration was written


def upgrade() -> None:
    earlier = history.alias("earlier")
    place = (
        sa.select(sa.func.count())
        .select_from(earlier)
        .where(
            earlier.c.draft_id == history.c.draft_id,
            earlier.c.kind == PROPOSED,
            sa.or_(earlier.c.at < history.c.at, sa.and_(earlier.c.at == history.c.at, earlier.c.id <= history.c.id)),
        )
        .scalar_subquery()
    )
    op.execute(history.update().where(history.c.kind == PROPOSED, history.c.number.is_(None)).values(number=place))


def downgrade() -> None:
    pass
