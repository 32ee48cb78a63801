"""Updates being handled right now, so that a graceful stop lets them finish.

aiogram's polling stops fetching on SIGTERM but does not wait for the handler tasks it started;
the dispatcher's shutdown hook waits here (bounded) before the bot session and database close.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.middlewares import NextHandler

logger = logging.getLogger(__name__)

DRAIN_TIMEOUT = 30.0


class InFlightUpdates(BaseMiddleware):
    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: NextHandler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.count += 1
        self._idle.clear()
        # When it reached the bot, before the person's lock: `Documents.made_since`.
        data["received_at"] = time.monotonic()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def drain(self) -> None:
        if self.count:
            logger.info("waiting for %d update(s) in flight", self.count)
        try:
            await asyncio.wait_for(self._idle.wait(), DRAIN_TIMEOUT)
        except TimeoutError:
            logger.warning("stopping with %d update(s) still in flight", self.count)
