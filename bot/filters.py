from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject

from core.i18n import Catalogue
from core.settings import Settings


class ButtonText(Filter):
    """A reply button pressed, or its label typed, in either language («помощь», "Help")."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, catalogue: Catalogue) -> bool:
        return catalogue.matches(self.key, message.text)


class IsAdmin(Filter):
    """From one of ADMIN_IDS (anyone else never reaches the handler: it is not there for them)."""

    async def __call__(self, event: TelegramObject, settings: Settings) -> bool:
        user = getattr(event, "from_user", None)
        return user is not None and user.id in settings.admin_ids


def private_only(router: Router) -> Router:
    """A person's section answers only in private chats: its messages, and its buttons too (a
    button forged in a group falls through to the stale-button answer, changing nothing)."""
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    return router


def checked_in_loop(dispatcher: Router) -> None:
    """Every synchronous filter of `dispatcher` and its routers, checked in the event loop.

    aiogram runs a filter that is not a coroutine in a worker thread (`asyncio.to_thread`), and a
    magic filter (`F.text`, `F.chat.type == "private"`) resolves synchronously: every such check
    of every update went to a thread and back, about seven per update (bench/throughput.py).
    They are attribute reads and comparisons, so they run where they are called. Both a router's
    own filters and its handlers' are reached; tests/test_dispatcher.py checks none is left.
    """
    for router in dispatcher.chain_tail:
        for observer in router.observers.values():
            # A router's own filters (`router.message.filter(...)`) sit on its root handler.
            for handler in (observer._handler, *observer.handlers):
                for check in handler.filters or ():
                    if not check.awaitable:
                        check.callback = _awaitable(check.callback)
                        check.awaitable = True


def _awaitable(check: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    async def checked(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return checked
