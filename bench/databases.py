"""The databases a benchmark runs on: the SQLite file in a scratch directory, and PostgreSQL in a
database of the benchmark's own on the server at BENCH_PG_DSN (127.0.0.1:5432, user postgres,
trust auth), dropped afterwards."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

PG_DSN = os.environ.get("BENCH_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
# A fixed key for the benchmarks' own throw-away data (PostgreSQL requires one).
DATA_KEY = "q5Vb0dWc6Mhb2oQYbqkP9q7D3x5m2y0Xg0C8m0mJwJQ="


class NoServer(Exception):
    """PostgreSQL does not answer: the benchmark's line says so instead of a figure."""


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory / 'bench.db'}"


@asynccontextmanager
async def postgres_database(prefix: str) -> AsyncIterator[str]:
    """A new database's SQLAlchemy URL; NoServer (with the reason) when none answers."""
    import asyncpg  # here: a probe measuring the bot on SQLite does not carry the driver (3 MB)

    try:
        admin = await asyncpg.connect(PG_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        raise NoServer(f"not run: {PG_DSN} does not answer ({error})") from error
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = PG_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
