"""abroad cases: `card_stale`, a case whose post on the desk must be edited by the bot (its policy
went to another holder: the card becomes a placeholder).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-08 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0031'
down_revision: str | Sequence[str] | None = '0030'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by copying the table: on SQLite a copy drops the old table with foreign
    # keys on, and its notes (ON DELETE CASCADE) with it.
    op.add_column(
        'abroad_cases',
        sa.Column('card_stale', sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column('abroad_cases', 'card_stale')
