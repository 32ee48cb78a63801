"""WAL checkpoints off the event loop.

SQLite checkpoints by itself at the end of a commit that leaves the WAL over 1000 pages: it copies
the WAL's pages into the database file and syncs it, in whichever connection committed. The bot's
connection commits in the event loop's thread (storage/sqlite_in_loop.py), so that copy stopped
every update for as long as it took: long when the WAL is big, say after `dmsbot import` wrote a
hundred thousand policies into it from another process.

While the bot serves, its own connection does not checkpoint (`wal_autocheckpoint=0`,
`Database.stop_automatic_checkpoints`); a connection of the checkpointer's own does, in a worker
thread: every CHECKPOINT_EVERY it looks at the WAL's size and, past CHECKPOINT_WAL_BYTES (SQLite's
own threshold), checkpoints PASSIVE (without taking any lock a writer or reader needs, so nobody
waits), then, when every page is back in the database file, truncates the WAL to nothing. So the
WAL stays within about CHECKPOINT_WAL_BYTES plus a second's writes, as before. The CLI commands
(`dmsbot import`, `db`, ...) keep SQLite's automatic checkpoint: nobody waits on their loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
from pathlib import Path

from storage.db import Database

logger = logging.getLogger(__name__)

CHECKPOINT_EVERY = 1.0  # seconds between looks at the WAL's size
CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024  # SQLite's own default: 1000 pages of 4 KiB


class Checkpointer:
    def __init__(
        self,
        database: Path,
        *,
        wal_bytes: int = CHECKPOINT_WAL_BYTES,
        every: float = CHECKPOINT_EVERY,
    ) -> None:
        self.database = database
        self.wal = database.with_name(database.name + "-wal")
        self.wal_bytes = wal_bytes
        self.every = every
        self.checkpoints = 0
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one checkpoint at a time; the close waits for it
        self._task: asyncio.Task[None] | None = None

    def _wal_size(self) -> int:
        try:
            return self.wal.stat().st_size
        except FileNotFoundError:
            return 0

    def checkpoint(self) -> None:
        """Copy the WAL back into the database file and empty it (in a worker thread: blocking)."""
        with self._lock:
            if self._connection is None:
                # Never waits for a lock (timeout 0): a busy WAL is checkpointed next time.
                self._connection = sqlite3.connect(
                    self.database, timeout=0, isolation_level=None, check_same_thread=False
                )
            busy, pages, copied = self._connection.execute(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).fetchone()
            if not busy and pages == copied:
                # Nothing left to copy: the writer's lock is held only to truncate the file.
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            self.checkpoints += 1

    def checkpoint_if_big(self) -> None:
        if self._wal_size() >= self.wal_bytes:
            self.checkpoint()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await asyncio.to_thread(self.checkpoint_if_big)
            except sqlite3.Error as error:  # the next look tries again
                logger.warning("WAL checkpoint failed: %s", error)

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name="wal-checkpoints")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await asyncio.to_thread(self._close)

    def _close(self) -> None:
        with self._lock:  # after a checkpoint under way in a worker thread
            if self._connection is not None:
                self._connection.close()
                self._connection = None


async def take_over(db: Database) -> Checkpointer | None:
    """Checkpoint `db`'s WAL off the event loop from now on; None when it has none (a server)."""
    database = db.sqlite_file
    if database is None:
        return None
    await db.stop_automatic_checkpoints()
    checkpointer = Checkpointer(database)
    checkpointer.start()
    return checkpointer
