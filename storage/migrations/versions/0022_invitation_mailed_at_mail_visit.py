"""invitations: when the mail with the link was sent (a link committed but never mailed is sent
again by the next `dmsbot invite`); queued_mail: the visit a clinic notice reports (erasure tells
the clinic of a visit whose notice is still to go)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0022'
down_revision: str | Sequence[str] | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True))
    # Invitations from before were counted as mailed: they stay so (nobody is mailed twice).
    op.execute("UPDATE invitations SET mailed_at = created_at")
    with op.batch_alter_table('queued_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appointment_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_queued_mail_appointment_id_appointments'),
            'appointments',
            ['appointment_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade() -> None:
    with op.batch_alter_table('queued_mail', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_queued_mail_appointment_id_appointments'), type_='foreignkey'
        )
        batch_op.drop_column('appointment_id')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('mailed_at')
