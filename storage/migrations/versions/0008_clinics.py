"""clinics

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 21:12:30.740051
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clinics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('online_booking', sa.Boolean(), nullable=False),
    sa.Column('specialties', sa.Text(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinics')),
    sa.UniqueConstraint('external_id', name=op.f('uq_clinics_external_id'))
    )
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.create_index('ix_clinics_position', ['lat', 'lon'], unique=False)

    op.create_table('clinic_programs',
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_clinic_programs_clinic_id_clinics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_code'], ['programs.code'], name=op.f('fk_clinic_programs_program_code_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('clinic_id', 'program_code', name=op.f('pk_clinic_programs'))
    )
    with op.batch_alter_table('clinic_programs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinic_programs_program_code'), ['program_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('clinic_programs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinic_programs_program_code'))

    op.drop_table('clinic_programs')
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.drop_index('ix_clinics_position')

    op.drop_table('clinics')
