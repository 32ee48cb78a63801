"""Alembic: one head, the stairway (up, down, up for every revision), models match migrations."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage import migrate
from storage.db import Database
from storage.models import Base

pytestmark = pytest.mark.db


def test_exactly_one_head() -> None:
    assert len(migrate.heads()) == 1, f"several Alembic heads: {migrate.heads()}; rebase yours"


async def test_stairway_every_revision_up_down_up(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        previous = "base"
        for revision in migrate.revisions_in_order():
            await migrate.upgrade(db, revision)
            assert await migrate.current(db) == revision
            await migrate.downgrade(db, previous)
            assert await migrate.current(db) == (None if previous == "base" else previous)
            await migrate.upgrade(db, revision)
            previous = revision
        await migrate.downgrade(db, "base")
        async with db.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert set(tables) <= {"alembic_version"}
    finally:
        await db.dispose()


async def test_models_match_the_migrations(database_url: str) -> None:
    db = Database(database_url)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": migrate.in_models}
        )
        return list(compare_metadata(context, Base.metadata))

    try:
        async with db.engine.connect() as connection:
            assert await connection.run_sync(diff) == []
    finally:
        await db.dispose()
