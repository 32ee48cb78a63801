"""The bot's own answers survive Telegram's bad moments: inside an update, a Bot API call that
Telegram answers 429, 5xx, or not at all (a network error, a timeout) is tried again.

429 waits `retry_after` (when that is short enough for a person waiting for the answer); the others
wait 0.5 s, 1 s, 2 s. Each retry is one warning line. Outside updates nothing is retried here: the
notification sender has its own rules for the same errors (core/delivery.py). A call that times out
after Telegram took it may show its message twice; a lost answer is the worse of the two.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.logs import current_update

logger = logging.getLogger(__name__)

ATTEMPTS = 4
FIRST_WAIT = 0.5  # seconds, doubled at each retry of a 5xx or a network error
LONGEST_RETRY_AFTER = 10  # seconds: a longer 429 is not waited out while a person waits


class RetryInUpdates(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if current_update.get() is None:
            return await make_request(bot, method)
        wait = FIRST_WAIT
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == ATTEMPTS or error.retry_after > LONGEST_RETRY_AFTER:
                    raise
                pause = float(error.retry_after)
                reason = f"429, retry after {error.retry_after} s"
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt == ATTEMPTS:
                    raise
                pause, wait = wait, wait * 2
                reason = f"{type(error).__name__}: {error.message}"
            logger.warning(
                "telegram: %s failed (%s); trying again in %.1f s (attempt %d of %d)",
                method.__api_method__,
                reason,
                pause,
                attempt + 1,
                ATTEMPTS,
            )
            await asyncio.sleep(pause)
        raise AssertionError("unreachable: the last attempt returns or raises")
