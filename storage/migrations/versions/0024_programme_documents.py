"""programs: the optional columns of the programmes file — English name, description and covers
list, and for ВЗР the territory, sum insured and currency, assistance company and its phone
(the policy copies, core/policy_pdf.py)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-10 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0024'
down_revision: str | Sequence[str] | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ('name_en', sa.String(length=200)),
    ('description_en', sa.Text()),
    ('covers_en', sa.Text()),
    ('territory', sa.String(length=300)),
    ('sum_insured', sa.Numeric(precision=14, scale=2)),
    ('currency', sa.String(length=3)),
    ('assistance_company', sa.String(length=200)),
    ('assistance_phone', sa.String(length=40)),
)


def upgrade() -> None:
    # Programmes from before have none of them: their copies say what they always said.
    with op.batch_alter_table('programs', schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+): copying the table would drop `programs` while policies name it.
    for name, _type in reversed(COLUMNS):
        op.drop_column('programs', name)
