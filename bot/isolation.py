"""One person's updates are handled one at a time, in order (in one process).

aiogram's SimpleEventIsolation keeps a lock for every key it has ever seen; this one forgets a key
as soon as nobody holds or waits for it, so memory does not grow with the number of people.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class KeyedLockIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    @property
    def active_keys(self) -> int:
        return len(self._locks)

    async def close(self) -> None:
        self._locks.clear()
