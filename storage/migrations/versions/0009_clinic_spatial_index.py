"""clinic spatial index: an R*Tree on SQLite, GiST on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 23:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A point is a box of no size; the R*Tree rounds its 32-bit bounds outwards.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE clinic_boxes USING rtree(id, south, north, west, east)",
    "INSERT INTO clinic_boxes SELECT id, lat, lat, lon, lon FROM clinics",
    """CREATE TRIGGER clinic_boxes_insert AFTER INSERT ON clinics BEGIN
        INSERT INTO clinic_boxes VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
    END""",
    """CREATE TRIGGER clinic_boxes_update AFTER UPDATE OF id, lat, lon ON clinics BEGIN
        DELETE FROM clinic_boxes WHERE id = old.id;
        INSERT INTO clinic_boxes VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
    END""",
    """CREATE TRIGGER clinic_boxes_delete AFTER DELETE ON clinics BEGIN
        DELETE FROM clinic_boxes WHERE id = old.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER clinic_boxes_delete",
    "DROP TRIGGER clinic_boxes_update",
    "DROP TRIGGER clinic_boxes_insert",
    "DROP TABLE clinic_boxes",
]


def upgrade() -> None:
    # The spatial index replaces the (lat, lon) B-tree, which scanned a whole band of latitude.
    # First, so that no batch operation can copy the table from under the triggers.
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.drop_index('ix_clinics_position')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_clinics_point ON clinics USING gist (point(lon, lat))")
    else:
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_clinics_point")
    else:
        for statement in SQLITE_DOWN:
            op.execute(statement)
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.create_index('ix_clinics_position', ['lat', 'lon'], unique=False)
