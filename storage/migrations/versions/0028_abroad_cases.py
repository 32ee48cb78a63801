"""abroad cases («🆘 Помощь за рубежом», one row per case: where, what happened, its status and
desk post) and abroad notes (what the person added to a case: a location or a text); an index on
scheduled messages by kind, status and due time, so that a sender claims the priority kinds'
posts first without reading the whole queue

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0028'
down_revision: str | Sequence[str] | None = '0027'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'abroad_cases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('policy_id', sa.Integer(), nullable=True),
        sa.Column('policy_number', sa.String(length=60), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('place', sa.Text(), nullable=True),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('operator_id', sa.BigInteger(), nullable=True),
        sa.Column('operator_name', sa.String(length=200), nullable=True),
        sa.Column('desk_post_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_abroad_cases_profile', 'abroad_cases', ['profile_id', 'status'])
    op.create_table(
        'abroad_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['abroad_cases.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_abroad_notes_case', 'abroad_notes', ['case_id', 'id'])
    op.create_index(
        'ix_scheduled_messages_kind_due', 'scheduled_messages', ['kind', 'status', 'send_after']
    )


def downgrade() -> None:
    op.drop_index('ix_scheduled_messages_kind_due', table_name='scheduled_messages')
    op.drop_index('ix_abroad_notes_case', table_name='abroad_notes')
    op.drop_table('abroad_notes')
    op.drop_index('ix_abroad_cases_profile', table_name='abroad_cases')
    op.drop_table('abroad_cases')
