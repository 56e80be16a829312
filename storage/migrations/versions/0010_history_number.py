"""A proposal's version number (Förslag n) gets a column of its own in a dialogue's history, out of the note, which
holds what someone typed: a PROPOSED entry's number moves from `note` to `number`, and back on downgrade.

The downgrade also deletes the history's ANSWERED entries (an answer to an external initiative was written, kind
'answered', written by the code of this revision): the code before it cannot read that kind. The answers themselves are the
draft's and stay; only the record of when the answer was written is lost.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

history = sa.table(
    "draft_history",
    sa.column("kind", sa.String),
    sa.column("note", sa.Text),
    sa.column("number", sa.Integer),
)
PROPOSED = "proposed"  # dialogs.history.HistoryKind.PROPOSED, as stored when this migration was written
ANSWERED = "answered"  # dialogs.history.HistoryKind.ANSWERED, likewise: unknown to the revision before


def upgrade() -> None:
    with op.batch_alter_table("draft_history") as batch:
        batch.add_column(sa.Column("number", sa.Integer, nullable=True))
    op.execute(
        history.update()
        .where(history.c.kind == PROPOSED, history.c.note != "")
        .values(number=sa.cast(history.c.note, sa.Integer), note="")
    )


def downgrade() -> None:
    op.execute(history.delete().where(history.c.kind == ANSWERED))
    op.execute(
        history.update()
        .where(history.c.kind == PROPOSED, history.c.number.is_not(None))
        .values(note=sa.cast(history.c.number, sa.Text))
    )
    with op.batch_alter_table("draft_history") as batch:
        batch.drop_column("number")
