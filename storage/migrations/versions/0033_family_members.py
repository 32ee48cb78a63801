"""family members: `policies.member_relation` (an account holds the policy for a family member:
who they are to the account's person), `policies.adult_told_at` (a child's policy: when its
roster e-mail was told they turned 18 and may sign up) and `identity_checks.relation` (a check of
a family member's policy: the relation its document proves)

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 15:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0033'
down_revision: str | Sequence[str] | None = '0032'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by copying the table: on SQLite a copy drops the old table with foreign
    # keys on, and what names a policy (services received, visits, consents) with it.
    op.add_column('policies', sa.Column('member_relation', sa.String(length=8), nullable=True))
    op.add_column('policies', sa.Column('adult_told_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('identity_checks', sa.Column('relation', sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column('identity_checks', 'relation')
    op.drop_column('policies', 'adult_told_at')
    op.drop_column('policies', 'member_relation')
