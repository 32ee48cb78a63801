"""programs policies services

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 20:39:26.902733
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('programs',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=3), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('covers', sa.Text(), nullable=False),
    sa.Column('placeholder', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_programs'))
    )
    op.create_table('policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=3), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=False),
    sa.Column('last_name', sa.String(length=60), nullable=False),
    sa.Column('first_name', sa.String(length=60), nullable=False),
    sa.Column('middle_name', sa.String(length=60), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('franchise_percent', sa.Integer(), nullable=False),
    sa.Column('terminated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('holder_profile_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['holder_profile_id'], ['profiles.id'], name=op.f('fk_policies_holder_profile_id_profiles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['program_code'], ['programs.code'], name=op.f('fk_policies_program_code_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policies')),
    sa.UniqueConstraint('number', name=op.f('uq_policies_number'))
    )
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.create_index('ix_policies_employer', ['employer'], unique=False)
        batch_op.create_index(batch_op.f('ix_policies_holder_profile_id'), ['holder_profile_id'], unique=False)

    op.create_table('services_received',
    sa.Column('service_id', sa.String(length=60), nullable=False),
    sa.Column('policy_number', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('clinic_external_id', sa.String(length=60), nullable=False),
    sa.Column('service', sa.String(length=300), nullable=False),
    sa.Column('cost', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['policy_number'], ['policies.number'], name=op.f('fk_services_received_policy_number_policies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', name=op.f('pk_services_received'))
    )
    with op.batch_alter_table('services_received', schema=None) as batch_op:
        batch_op.create_index('ix_services_received_policy', ['policy_number', 'date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('services_received', schema=None) as batch_op:
        batch_op.drop_index('ix_services_received_policy')

    op.drop_table('services_received')
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policies_holder_profile_id'))
        batch_op.drop_index('ix_policies_employer')

    op.drop_table('policies')
    op.drop_table('programs')
