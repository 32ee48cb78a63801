"""One unit of work per update, inside the person's lock; a commit before every reply.

Order matters and is set here rather than left to aiogram: the person's lock is taken first, then
the database session opens, then the dialogue state is read; the session commits before the lock is
released, so the person's next update always sees what this one wrote.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

from bot.middlewares import NextHandler
from storage.db import Database, commit_current
from storage.fsm import SqlStorage

DIALOGUE_KEY = "dialogue_row_key"  # handler data: the dialogue row's key, when in the database


class UnitOfWorkMiddleware(BaseMiddleware):
    def __init__(
        self, db: Database, fsm: FSMContextMiddleware, isolation: BaseEventIsolation
    ) -> None:
        self.db = db
        self.fsm = fsm
        self.isolation = isolation

    async def __call__(
        self,
        handler: NextHandler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        context = self.fsm.resolve_event_context(data["bot"], data)
        lock: AbstractAsyncContextManager[None] = (
            self.isolation.lock(context.key) if context else nullcontext()
        )
        if context is not None and isinstance(self.fsm.storage, SqlStorage):
            # Read with the person, in the update's first statement (AccountMiddleware).
            data[DIALOGUE_KEY] = self.fsm.storage.row_key(context.key)
        async with lock, self.db.unit_of_work():
            return await handler(event, data)


class CommitBeforeRequest(BaseRequestMiddleware):
    """What a person is shown has been saved: commit before any Bot API call leaves.

    It also keeps SQLite's write lock from being held while Telegram answers.
    """

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        await commit_current()
        return await make_request(bot, method)
