"""The database: one async engine, and a unit of work per Telegram update or command.

SQLite (the embedded default) runs in WAL mode with foreign keys on, and every transaction begins
IMMEDIATE: it takes the write lock up front, waiting for it while another process holds it, so
concurrent updates queue instead of failing with "database is locked" when a reader later tries
to write. SQLite is called in the event loop's thread (storage/sqlite_in_loop.py). Transactions
are kept short: the bot commits before every Bot API request (`commit_before_request`), so no lock
is held while Telegram answers, and no other outside call (mail, SMS, the geocoder, a payment
provider) is made with a transaction open (`assert_outside_transaction`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from storage import sqlite_in_loop

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT = 30.0  # seconds a statement waits for a lock another process holds
DB_LONGEST_WAIT = 30.0  # seconds between tries while the database does not answer at start
SQLITE_MMAP_BYTES = 256 * 1024 * 1024  # address space, not memory: the OS shares and reclaims it
SQLITE_CACHE_KIB = 16 * 1024  # per connection
IDLE_BEFORE_PING = 1.0  # seconds a pooled server connection may idle before it is checked
IDLE_SINCE = "dms_idle_since"  # the pool record's info: when it was given back

_current: ContextVar[AsyncSession | None] = ContextVar("dms_unit_of_work", default=None)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A fixed pool (DATABASE_POOL_SIZE): an update that waits for a connection waits in
        # the queue, not for a connection opened and closed just for it.
        kwargs.setdefault("max_overflow", 0)
        engine = create_async_engine(url, **kwargs)
        _ping_after_idling(engine)
        return engine

    kwargs.pop("pool_size", None)  # DATABASE_POOL_SIZE is a server's: SQLite has its own
    kwargs.pop("max_overflow", None)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # One connection: SQLite has one writer, and every transaction here begins IMMEDIATE.
        # With more, concurrent updates would each take a connection and then poll for the
        # write lock in SQLite's busy handler, sleeping up to 100 ms a turn; with one, they
        # queue for the connection in the event loop, first come first served, and no time is
        # lost between one transaction's end and the next one's start.
        kwargs["pool_size"] = 1
        kwargs["max_overflow"] = 0
    # SQLite in the event loop's thread, not aiosqlite's: it waits for a lock another process
    # holds by sleeping in the loop, up to SQLITE_BUSY_TIMEOUT (storage/sqlite_in_loop.py).
    kwargs["connect_args"] = {
        "async_creator_fn": sqlite_in_loop.connector(SQLITE_BUSY_TIMEOUT),
        **kwargs.get("connect_args", {}),
    }
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy's "begin" event, not the driver, decides how transactions begin: the
        # connection is opened without the driver's own (sqlite_in_loop.connector).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL + NORMAL survives a killed process; only a power loss may drop the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Pages read through the OS's file cache, not copied: the nearest-clinic search touches
        # a few hundred rows scattered over a large file (bench/nearest.py; docs/benchmarks.md).
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _ping_after_idling(engine: AsyncEngine) -> None:
    """A pooled connection that sat idle for IDLE_BEFORE_PING is pinged when taken, and replaced
    if the server went away meanwhile (restarted, failed over, closed it): a restart is invisible
    to people. SQLAlchemy's `pool_pre_ping` pings every time a connection is taken, about twice
    an update (the session gives it back at each commit, before each reply): a fifth of the
    bot's rate on PostgreSQL. Under traffic a connection is back in use within milliseconds; a
    restart then fails the statements in flight, with or without a ping, and SQLAlchemy renews
    the whole pool on the first of them. (SQLAlchemy's "custom pessimistic ping" recipe.)"""

    @event.listens_for(engine.sync_engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(IDLE_SINCE, None)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure means: not this connection
            raise DisconnectionError(f"gone while idle: {type(error).__name__}") from error


class Database:
    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._locks: AsyncEngine | None = None  # `exclusive`'s connections (PostgreSQL)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A session for one update or command: committed at the end, rolled back on error.

        Nested calls share the outer unit of work.
        """
        outer = _current.get()
        if outer is not None:
            yield outer
            return
        async with self.sessions() as session:
            token = _current.set(session)
            try:
                yield session
                # Nothing left when the last reply committed it all. (Adding, deleting or
                # changing a row begins a transaction: SQLAlchemy's autobegin.)
                if session.in_transaction():
                    await session.commit()
            except BaseException:
                await session.rollback()
                raise
            finally:
                _current.reset(token)

    @property
    def session(self) -> AsyncSession:
        """The session of the unit of work this code runs in."""
        session = _current.get()
        if session is None:
            raise RuntimeError("no unit of work: wrap the call in `async with db.unit_of_work()`")
        return session

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[bool]:
        """Whether this process alone holds `name` among every process on this database, for
        the block: a PostgreSQL session advisory lock, tried without waiting. (SQLite serves one
        process: always True.) A periodic job skips its turn when another instance runs it."""
        if self.engine.dialect.name != "postgresql":
            yield True
            return
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        # A connection of its own, not the pool's: a job holds its lock while its work takes a
        # pooled connection, and with every pooled one holding a lock (a small
        # DATABASE_POOL_SIZE, the jobs all starting at once) nothing would be left for the work.
        if self._locks is None:
            self._locks = create_async_engine(self.url, poolclass=NullPool)
        async with self._locks.connect() as connection:
            taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            await connection.commit()
            try:
                yield bool(taken)
            finally:
                if taken:
                    await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    await connection.commit()

    async def wait_until_reachable(self, longest_wait: float = DB_LONGEST_WAIT) -> None:
        """Until the database answers: a server not up yet, a database not created yet, a
        network not there yet. Each failure is one warning line saying what and when it tries
        again; the waits grow from 1 s to `longest_wait`. A stop (SIGTERM) ends the wait."""
        wait = 1.0
        while True:
            try:
                await self.ping()
                return
            except (OSError, TimeoutError, DBAPIError) as error:
                cause: BaseException = error
                while cause.__cause__ is not None:  # the driver's own error, under the wrappers
                    cause = cause.__cause__
                logger.warning(
                    "the database %s does not answer (%s: %s); trying again in %.0f s",
                    make_url(self.url).render_as_string(hide_password=True),
                    type(cause).__name__,
                    str(cause).splitlines()[0] if str(cause) else "no details",
                    wait,
                )
            await asyncio.sleep(wait)
            wait = min(wait * 2, longest_wait)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database's file; None on a server or in memory."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return None
        return Path(parsed.database)

    async def stop_automatic_checkpoints(self) -> None:
        """Commits of this process no longer checkpoint the WAL in the event loop's thread: a
        worker thread does it (storage/checkpoints.py). For the connection open now and every one
        opened later."""
        event.listen(self.engine.sync_engine, "connect", _no_automatic_checkpoint)
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._locks is not None:
            await self._locks.dispose()


def _no_automatic_checkpoint(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def current_session() -> AsyncSession | None:
    return _current.get()


# Called after each `commit_current`: what waited for the update's work to be saved (the bot's
# requests that show nothing saved, held back: bot/middlewares/unit_of_work.py).
_committed: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "dms_committed", default=None
)


@contextmanager
def after_commits(hook: Callable[[], Awaitable[None]]) -> Iterator[None]:
    """`hook` called after every `commit_current` of this context, for the block."""
    token = _committed.set(hook)
    try:
        yield
    finally:
        _committed.reset(token)


async def commit_current() -> None:
    """Commit what the current unit of work has done so far: before a reply leaves, before an
    outside call or a slow piece of work."""
    session = _current.get()
    if session is not None and session.in_transaction():
        await session.commit()
    hook = _committed.get()
    if hook is not None:
        await hook()


class TransactionOpen(RuntimeError):
    """An outside call (mail, SMS, geocoder, payment provider) made while the unit of work holds a
    transaction: on SQLite every other update would wait for it."""


def assert_outside_transaction(what: str) -> None:
    """Raise unless the current unit of work (if any) has committed everything so far: call it
    before waiting on anything outside the process. Commit first (`commit_current`), then call,
    then record the outcome in a new transaction."""
    session = _current.get()
    if session is not None and session.in_transaction():
        raise TransactionOpen(f"{what} while a database transaction is open: commit first")
