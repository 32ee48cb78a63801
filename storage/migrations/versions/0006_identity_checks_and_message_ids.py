"""identity checks and message ids

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 20:53:38.658384
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('identity_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('desk_post_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.BigInteger(), nullable=True),
    sa.Column('files_forgotten_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_identity_checks_policy_id_policies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], name=op.f('fk_identity_checks_profile_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_checks'))
    )
    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_checks_profile_id'), ['profile_id'], unique=False)

    with op.batch_alter_table('scheduled_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('telegram_message_ids', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('scheduled_messages', schema=None) as batch_op:
        batch_op.drop_column('telegram_message_ids')

    with op.batch_alter_table('identity_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_checks_profile_id'))

    op.drop_table('identity_checks')
