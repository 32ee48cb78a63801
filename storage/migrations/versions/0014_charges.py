"""charges

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25 04:24:37.492287
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | Sequence[str] | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('charges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('policy_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('cost', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payment_id', sa.String(length=64), nullable=True),
    sa.Column('refunds_payment', sa.String(length=64), nullable=True),
    sa.Column('card_last4', sa.String(length=4), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_charges_policy_id_policies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_charges_profile_id_profiles'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges')),
    sa.UniqueConstraint('service_id', 'version', 'part', name=op.f('uq_charges_service_id'))
    )
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index('ix_charges_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_charges_profile', ['profile_id', 'id'], unique=False)

    with op.batch_alter_table('sandbox_payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('sandbox_payments', schema=None) as batch_op:
        batch_op.drop_column('receipt')

    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.drop_index('ix_charges_profile')
        batch_op.drop_index('ix_charges_due')

    op.drop_table('charges')
