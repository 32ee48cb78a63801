"""appointments: a visit still to come when its person is erased stays, cancelled and naming
nobody (no profile, no policy), so that the clinics' bookings export shows it cancelled

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-10 12:00:00.000000
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0025'
down_revision: str | Sequence[str] | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keeping_mail_links(change: Callable[[], None]) -> None:
    """On SQLite the table is copied and the old one dropped, and with foreign keys on (they
    cannot be switched off inside the migration's transaction) the drop sets the mail's
    `appointment_id` (ON DELETE SET NULL) to NULL: the links are kept aside and put back."""
    if op.get_bind().dialect.name != "sqlite":
        change()
        return
    op.execute(
        "CREATE TEMP TABLE mail_visits AS "
        "SELECT id, appointment_id FROM queued_mail WHERE appointment_id IS NOT NULL"
    )
    change()
    op.execute(
        "UPDATE queued_mail SET appointment_id = "
        "(SELECT appointment_id FROM mail_visits WHERE mail_visits.id = queued_mail.id) "
        "WHERE id IN (SELECT id FROM mail_visits)"
    )
    op.execute("DROP TABLE mail_visits")


def _nullable(nullable: bool) -> None:
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.alter_column('profile_id', existing_type=sa.Integer(), nullable=nullable)
        batch_op.alter_column('policy_id', existing_type=sa.Integer(), nullable=nullable)


def upgrade() -> None:
    _keeping_mail_links(lambda: _nullable(True))


def downgrade() -> None:
    # Before: no visit without its person; those kept from erasures go.
    op.execute("DELETE FROM appointments WHERE profile_id IS NULL OR policy_id IS NULL")
    _keeping_mail_links(lambda: _nullable(False))
