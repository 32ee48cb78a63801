"""policies: `family_of` and `relation`, a family member's policy as the roster ties it to the
employee's (the policies file's optional `holder_policy_number` and `relation`), indexed by the
employee's policy to find their family

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 13:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0032'
down_revision: str | Sequence[str] | None = '0031'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by copying the table: on SQLite a copy drops the old table with foreign
    # keys on, and what names a policy (services received, visits, consents) with it.
    op.add_column('policies', sa.Column('family_of', sa.String(length=40), nullable=True))
    op.add_column('policies', sa.Column('relation', sa.String(length=8), nullable=True))
    op.create_index('ix_policies_family_of', 'policies', ['family_of'])


def downgrade() -> None:
    op.drop_index('ix_policies_family_of', table_name='policies')
    op.drop_column('policies', 'relation')
    op.drop_column('policies', 'family_of')
