"""identity check by the typed number: the policy may not exist

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0016'
down_revision: str | Sequence[str] | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('policy_number', sa.String(length=40), nullable=True))
    op.execute(
        'UPDATE identity_checks SET policy_number = '
        '(SELECT number FROM policies WHERE policies.id = identity_checks.policy_id)'
    )
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.alter_column('policy_number', existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column('policy_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # A check for a number the roster does not have cannot be kept without the number.
    op.execute('DELETE FROM identity_checks WHERE policy_id IS NULL')
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.alter_column('policy_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('policy_number')
