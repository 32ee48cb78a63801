"""cards, bindings, franchises

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 03:54:47.474010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sandbox_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotence_key', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('token', sa.String(length=100), nullable=True),
    sa.Column('payment', sa.String(length=64), nullable=False),
    sa.Column('refunds', sa.String(length=64), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_payments')),
    sa.UniqueConstraint('idempotence_key', name=op.f('uq_sandbox_payments_idempotence_key')),
    sa.UniqueConstraint('payment', name=op.f('uq_sandbox_payments_payment'))
    )
    op.create_table('card_bindings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order', sa.String(length=64), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('declines', sa.Integer(), nullable=False),
    sa.Column('pending_card', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_card_bindings_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_bindings')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_card_bindings_key_hash')),
    sa.UniqueConstraint('order', name=op.f('uq_card_bindings_order'))
    )
    op.create_table('cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('token_encrypted', sa.Text(), nullable=False),
    sa.Column('last4', sa.String(length=4), nullable=False),
    sa.Column('brand', sa.String(length=20), nullable=False),
    sa.Column('expiry', sa.String(length=7), nullable=False),
    sa.Column('bound_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_cards_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards')),
    sa.UniqueConstraint('profile_id', name=op.f('uq_cards_profile_id'))
    )
    op.create_table('franchises',
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('clinics_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_franchises_policy_id_policies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_franchises_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('policy_id', name=op.f('pk_franchises'))
    )


def downgrade() -> None:
    op.drop_table('franchises')
    op.drop_table('cards')
    op.drop_table('card_bindings')
    op.drop_table('sandbox_payments')
