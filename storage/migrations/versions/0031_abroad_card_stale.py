"""abroad cases: `card_stale`, a case whose post on the desk must be edited by the bot (its policy
went to another holder: the card becomes a placeholder). Written after 0029: when 0030 is
merged, it revises 0030 instead.

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
    with op.batch_alter_table('abroad_cases') as batch:
        batch.add_column(
            sa.Column('card_stale', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('abroad_cases') as batch:
        batch.drop_column('card_stale')
