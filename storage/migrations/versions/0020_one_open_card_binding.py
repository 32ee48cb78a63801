"""card bindings: one open (pending or challenged) per profile; the open page's link, encrypted

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0020'
down_revision: str | Sequence[str] | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status IN ('opening', 'pending', 'challenged')"


def upgrade() -> None:
    # Pages opened before: each person's newest stays open, the older ones expire.
    op.execute(
        "UPDATE card_bindings SET status = 'expired' WHERE status IN ('pending', 'challenged') "
        "AND id < (SELECT MAX(b.id) FROM card_bindings b WHERE b.profile_id = "
        "card_bindings.profile_id AND b.status IN ('pending', 'challenged'))"
    )
    with op.batch_alter_table('card_bindings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_sealed', sa.Text(), nullable=True))
        batch_op.create_index('uq_card_bindings_open', ['profile_id'], unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    with op.batch_alter_table('card_bindings', schema=None) as batch_op:
        batch_op.drop_index('uq_card_bindings_open', sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.drop_column('page_sealed')
