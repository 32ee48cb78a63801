"""appointments: the person's calendar event — the UID's visit id, carried over on a move, and
the SEQUENCE, raised on each move and on the cancellation (core/visit_ics.py)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0023'
down_revision: str | Sequence[str] | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Visits from before keep the UID their file was sent with (`visit-<id>`) and SEQUENCE 0.
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
        batch_op.drop_column('calendar_id')
