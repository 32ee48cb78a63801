"""Alembic driven from Python: `dmsbot db upgrade`, the bot's start, and the tests.

Works from any working directory: the script location is this package's, not a path in an ini.

Alembic is imported only when there is something to do: a database already at HEAD (every start
but the first after an upgrade) is recognised by one query, and the bot does not keep Alembic's
11 MB resident for nothing (docs/benchmarks.md, memory).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from storage.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision: a new migration moves it (tests/test_migrations.py says when it is behind).
HEAD = "0033"
# Schema that only migrations know: the clinics' spatial index (an R*Tree with its shadow tables
# on SQLite, a GiST expression index on PostgreSQL), which the models cannot describe.
OUTSIDE_MODELS = ("clinic_boxes", "ix_clinics_point")


def in_models(name: str | None, _type: str, _parents: object) -> bool:
    """Alembic's include_name: what autogenerate compares with the models."""
    return name is None or not name.startswith(OUTSIDE_MODELS)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if url:
        # ConfigParser interpolation: a literal % in a password must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def heads() -> list[str]:
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def revisions_in_order() -> list[str]:
    """Every revision from the first to the head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _run(connection: Connection, action: str, target: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, action)(config, target)


# pg_advisory_lock's key for "the schema is being migrated": any 64-bit number of our own.
MIGRATION_LOCK = 0x646D735F6D6967  # "dms_mig"


async def upgrade(db: Database, target: str = "head") -> None:
    """Migrate to `target`. On PostgreSQL under a session advisory lock: instances starting
    together take turns, and those that come after the first find nothing left to do. (On SQLite
    the whole upgrade is one BEGIN IMMEDIATE transaction, see env.py: a second process waits on
    the database's write lock instead.)"""
    if target == "head" and await current(db) == HEAD:
        return
    async with db.engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            await connection.commit()
        try:
            await connection.run_sync(_run, "upgrade", target)
            await connection.commit()
        finally:
            if postgres:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK}
                )
                await connection.commit()


async def downgrade(db: Database, target: str) -> None:
    async with db.engine.connect() as connection:
        await connection.run_sync(_run, "downgrade", target)
        await connection.commit()


async def current(db: Database) -> str | None:
    """The revision the database records (read without Alembic), or None when it records none:
    a new database, no version table yet."""
    async with db.engine.connect() as connection:
        try:
            found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:
            return None
        return None if found is None else str(found)
