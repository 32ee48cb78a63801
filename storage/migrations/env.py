"""Alembic environment: async engines, SQLite batch mode, and connection sharing.

`storage.migrate` passes an open connection in `config.attributes["connection"]` (so the bot can
migrate inside its own event loop); the `alembic` command line gets a URL and its own engine.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import in_models
from storage.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from core.settings import Settings  # the alembic CLI: the same settings as the bot

    return Settings().db_url


def render_item(kind: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    """Migrations name plain SQL types, never the models' Python-side decorators."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # SQLite's DDL is transactional too (our connections BEGIN IMMEDIATE themselves): the whole
        # upgrade is one transaction under the write lock, so a second process starting at the
        # same time waits and then finds the schema current, and a failed step leaves nothing.
        transactional_ddl=True,
        render_item=render_item,
        compare_type=True,
        include_name=in_models,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_engine(_database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


def run_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif (shared := config.attributes.get("connection")) is not None:
    do_run_migrations(shared)
else:
    asyncio.run(run_async_migrations())
