from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message


class Shown(Filter):
    """A button on a message still there (not too old for Telegram to give): the handler gets
    it as `shown`."""

    async def __call__(self, callback: CallbackQuery) -> bool | dict[str, Any]:
        message = callback.message
        return {"shown": message} if isinstance(message, Message) else False
