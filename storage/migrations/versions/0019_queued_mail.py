"""queued_mail: mail reporting a change, sent after the change committed

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019'
down_revision: str | Sequence[str] | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('queued_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('send_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_queued_mail_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queued_mail'))
    )
    with op.batch_alter_table('queued_mail', schema=None) as batch_op:
        batch_op.create_index('ix_queued_mail_due', ['status', 'send_after'], unique=False)
        batch_op.create_index(batch_op.f('ix_queued_mail_profile_id'), ['profile_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('queued_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queued_mail_profile_id'))
        batch_op.drop_index('ix_queued_mail_due')

    op.drop_table('queued_mail')
