"""guarantee letters and the questions and answers about them

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0027'
down_revision: str | Sequence[str] | None = '0026'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # New tables only: nothing existing is copied.
    op.create_table('guarantee_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('wanted_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('amount_limit', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('question', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.BigInteger(), nullable=True),
    sa.Column('desk_post_id', sa.Integer(), nullable=True),
    sa.Column('photos_post_id', sa.Integer(), nullable=True),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mailed_to', sa.String(length=254), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_guarantee_letters_clinic_id_clinics'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_guarantee_letters_policy_id_policies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_guarantee_letters_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guarantee_letters'))
    )
    with op.batch_alter_table('guarantee_letters', schema=None) as batch_op:
        batch_op.create_index('ix_guarantee_letters_profile', ['profile_id', 'id'], unique=False)
        batch_op.create_index('ix_guarantee_letters_status', ['status', 'waiting_since'], unique=False)
        batch_op.create_index(batch_op.f('ix_guarantee_letters_policy_id'), ['policy_id'], unique=False)

    op.create_table('letter_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=10), nullable=False),
    sa.Column('operator_id', sa.BigInteger(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('desk_post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['guarantee_letters.id'], name=op.f('fk_letter_messages_letter_id_guarantee_letters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_messages'))
    )
    with op.batch_alter_table('letter_messages', schema=None) as batch_op:
        batch_op.create_index('ix_letter_messages_letter', ['letter_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('letter_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_letter_messages_letter')

    op.drop_table('letter_messages')
    with op.batch_alter_table('guarantee_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guarantee_letters_policy_id'))
        batch_op.drop_index('ix_guarantee_letters_status')
        batch_op.drop_index('ix_guarantee_letters_profile')

    op.drop_table('guarantee_letters')
