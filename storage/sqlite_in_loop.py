"""SQLite called in the event loop's own thread, behind aiosqlite's interface.

aiosqlite runs every call on a thread of its own: each cursor, execute, fetch and close crosses
to that thread and back, and a statement costs about four crossings (0.5 ms; the GIL changes hands
each way), while SQLite itself answers the bot's statements in microseconds from its page cache.
Here the same calls run where they are awaited: SQLAlchemy's aiosqlite dialect is used unchanged,
with this connection in place of aiosqlite's (`connect_args={"async_creator_fn": connect}`).

The one thing a thread was good for is waiting: when another process (`dmsbot import`, a backup)
holds the write lock, SQLite's busy handler would sleep in the loop's thread and stop every
update. So SQLite does not wait here (busy_timeout 0): a statement that finds the database locked
is tried again after an asyncio sleep, growing from 1 ms to 50 ms, until `busy_timeout` seconds
have passed. A statement that returns SQLITE_BUSY has done nothing, so it can be tried again;
every transaction here begins IMMEDIATE (storage/db.py), so one that has begun never needs a lock
it might not get.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Self, TypeVar

FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.05  # seconds between tries while the database is locked

BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})

T = TypeVar("T")


async def _patiently(call: Callable[[], T], busy_timeout: float) -> T:
    """`call()`, tried again while SQLite answers that the database is locked."""
    deadline: float | None = None
    pause = FIRST_PAUSE
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", None) not in BUSY_CODES:
                raise
            now = time.monotonic()
            if deadline is None:
                deadline = now + busy_timeout
            if now >= deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


class Cursor:
    """aiosqlite's cursor, run in place."""

    def __init__(self, connection: Connection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Self:
        cursor, wait = self._cursor, self._connection.busy_timeout
        if parameters is None:
            await _patiently(lambda: cursor.execute(sql), wait)
        else:
            await _patiently(lambda: cursor.execute(sql, parameters), wait)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> Self:
        rows = list(parameters)  # a generator could not be gone through again after a retry
        await _patiently(lambda: self._cursor.executemany(sql, rows), self._connection.busy_timeout)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class Connection:
    """aiosqlite's connection, run in place. `_connection` is the name SQLAlchemy's adapter looks
    at to tell an open connection from a closed one."""

    def __init__(self, connection: sqlite3.Connection, busy_timeout: float) -> None:
        self._connection: sqlite3.Connection | None = connection
        self.busy_timeout = busy_timeout

    @property
    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    def cursor(self) -> Cursor:
        return Cursor(self, self._open.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Cursor:
        return await self.cursor().execute(sql, parameters)

    async def execute_fetchall(
        self, sql: str, parameters: Sequence[Any] | None = None
    ) -> list[Any]:
        cursor = await self.execute(sql, parameters)
        try:
            return await cursor.fetchall()
        finally:
            await cursor.close()

    async def commit(self) -> None:
        await _patiently(self._open.commit, self.busy_timeout)

    async def rollback(self) -> None:
        self._open.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._open.create_function(*args, **kwargs)

    def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        """SQLite's own: `callback` gets each statement SQLite runs (the throughput benchmark
        counts them, those sent past SQLAlchemy included)."""
        self._open.set_trace_callback(callback)

    @property
    def isolation_level(self) -> str | None:
        return self._open.isolation_level

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Closed at once (SQLAlchemy's terminate); a second close does nothing."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def connector(busy_timeout: float) -> Callable[..., Any]:
    """What SQLAlchemy's aiosqlite dialect calls instead of `aiosqlite.connect`, with the same
    arguments: the database and sqlite3's keyword arguments."""

    async def connect(database: str, **kwargs: Any) -> Connection:
        # SQLAlchemy, not the driver, begins transactions (storage/db.py); the loop's thread is
        # the only one that uses the connection, but a pool may close it from another.
        kwargs.update(isolation_level=None, check_same_thread=False)
        connection = sqlite3.connect(database, **kwargs)
        connection.execute("PRAGMA busy_timeout=0")
        return Connection(connection, busy_timeout)

    return connect
