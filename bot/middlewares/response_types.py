"""The Bot API's answer types, built once for the life of the process."""

from __future__ import annotations

from typing import Any, ClassVar

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType


class KeepResponseTypes(BaseRequestMiddleware):
    """aiogram parses every answer as `Response[method.__returning__]`: a pydantic generic model
    that is built on first use (about 7 ms for `Response[Message]`) and cached only weakly.
    Nothing else holds it, so the next garbage collection drops it and a later call builds it
    again: under load, one answer in eight did (bench/throughput.py; docs/performance.md). The
    types are held here instead: one per method's answer type, a few dozen at most."""

    kept: ClassVar[dict[Any, type]] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        returning = method.__returning__
        if returning not in self.kept:
            self.kept[returning] = Response[returning]  # type: ignore[valid-type]
        return await make_request(bot, method)
