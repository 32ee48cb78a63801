"""One person's updates one at a time across instances (`REDIS_URL`): a lock per person in Redis.

aiogram's `RedisEventIsolation` takes the lock for a fixed 60 s: an update that runs longer (a Bot
API call retried, a slow payment provider) loses the lock, the person's next update runs beside it,
and releasing the lost lock raises, which turned an action that succeeded into an apology. Here
the lock lives as long as the slowest outside call may take plus a margin, is renewed while the
update runs, and a lock found lost at the end is a warning in the log, not an error.

The lock's life still matters when renewal stops: an instance that dies holding a lock makes that
person's next update wait until it expires.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress

from aiogram.client.session.base import DEFAULT_TIMEOUT as BOT_API_TIMEOUT
from aiogram.fsm.storage.base import BaseEventIsolation, KeyBuilder, StorageKey
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from core import timeouts

logger = logging.getLogger(__name__)

LOCK_MARGIN = 30.0  # seconds on top of the slowest call: the update's own work, a retry's pause
# The Bot API's timeout is that of the session create_bot builds (aiogram's default).
LOCK_TIMEOUT = max(BOT_API_TIMEOUT, timeouts.LONGEST) + LOCK_MARGIN
RENEWALS_PER_TIMEOUT = 3  # renewed every third of its life: one renewal may fail unharmed


class RedisLockIsolation(BaseEventIsolation):
    def __init__(
        self, redis: Redis, key_builder: KeyBuilder, *, timeout: float = LOCK_TIMEOUT
    ) -> None:
        self.redis = redis
        self.key_builder = key_builder
        self.timeout = timeout

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock = Lock(self.redis, self.key_builder.build(key, "lock"), timeout=self.timeout)
        await lock.acquire()  # waits while the person's previous update runs, on any instance
        done = asyncio.Event()
        keeper = asyncio.create_task(self._keep_alive(lock, done))
        try:
            yield
        finally:
            done.set()
            await keeper
            await self._release(lock)

    async def _keep_alive(self, lock: Lock, done: asyncio.Event) -> None:
        """Renew the lock to its full life until the update is done (or the lock is lost)."""
        while True:
            with suppress(TimeoutError):
                async with asyncio.timeout(self.timeout / RENEWALS_PER_TIMEOUT):
                    await done.wait()
            if done.is_set():
                return
            try:
                await lock.reacquire()
            except LockError:
                logger.warning(
                    "per-person lock %s lost while the update runs: the person's next update "
                    "may run beside it",
                    lock.name,
                )
                return
            except RedisError as error:  # tried again at the next renewal
                logger.warning("per-person lock %s not renewed: %s", lock.name, error)

    @staticmethod
    async def _release(lock: Lock) -> None:
        """The update is done whatever happens here: a lost lock is no reason to apologise."""
        try:
            await lock.release()
        except LockError:
            logger.warning("per-person lock %s had expired before the update ended", lock.name)
        except RedisError as error:  # it expires by itself
            logger.warning("per-person lock %s not released: %s", lock.name, error)

    async def close(self) -> None:
        pass  # the Redis client is the storage's, which aiogram closes
