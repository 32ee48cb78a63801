"""policies: the number as printed on the policy (shown), beside the canonical one (looked up);
identity checks keep the number as the person typed it, which may be longer than the canonical

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-09 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0026'
down_revision: str | Sequence[str] | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Policies imported before keep their canonical number as printed until the roster's next
    # import gives the printed one.
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('printed_number', sa.String(length=60), nullable=True))
    op.execute('UPDATE policies SET printed_number = number')
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.alter_column('printed_number', existing_type=sa.String(length=60), nullable=False)
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.alter_column(
            'policy_number', existing_type=sa.String(length=40), type_=sa.String(length=60)
        )


def downgrade() -> None:
    op.execute(
        'UPDATE identity_checks SET policy_number = substr(policy_number, 1, 40) '
        'WHERE length(policy_number) > 40'
    )
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.alter_column(
            'policy_number', existing_type=sa.String(length=60), type_=sa.String(length=40)
        )
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.drop_column('printed_number')
