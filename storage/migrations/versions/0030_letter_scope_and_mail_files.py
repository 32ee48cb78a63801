"""guarantee letters: what exactly the operator approved («что согласовано»), when a lapsed one
was marked so; queued mail: the files sent with it (a guarantee letter's PDF to its clinic)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-10 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0030'
down_revision: str | Sequence[str] | None = '0029'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by copying the table (SQLite, foreign keys on).
    op.add_column('guarantee_letters', sa.Column('approved_scope', sa.Text(), nullable=True))
    op.add_column('guarantee_letters', sa.Column('expired_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('queued_mail', sa.Column('attachments', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column('queued_mail', 'attachments')
    op.drop_column('guarantee_letters', 'expired_at')
    op.drop_column('guarantee_letters', 'approved_scope')
