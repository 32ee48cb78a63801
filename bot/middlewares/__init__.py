"""Update-level middlewares; `bot.app.create_dispatcher` sets their order (see docs)."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import TelegramObject

# What every middleware's `__call__` receives as `handler`: the rest of the chain.
NextHandler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
