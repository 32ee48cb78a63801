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
    # Added in place, never by copying the table: on SQLite (foreign keys on) dropping the old
    # `policies` would cascade to everything that names a policy (services, visits, consents).
    # Policies imported before show their canonical number until the roster's next import gives
    # the printed one; the default '' is never read (every row is set here, the import sets it).
    op.add_column(
        'policies',
        sa.Column('printed_number', sa.String(length=60), nullable=False, server_default=''),
    )
    op.execute('UPDATE policies SET printed_number = number')
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:  # nothing names it
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
    # In place as well (SQLite 3.35+ drops a column without copying the table).
    op.drop_column('policies', 'printed_number')
