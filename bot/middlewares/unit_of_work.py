"""One unit of work per update, inside the person's lock; a commit before every reply.

Order matters and is set here rather than left to aiogram: the person's lock is taken first, then
the database session opens, then the dialogue state is read; the session commits before the lock is
released, so the person's next update always sees what this one wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

from bot.middlewares import NextHandler
from storage.db import Database, commit_current
from storage.fsm import SqlStorage

logger = logging.getLogger(__name__)

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
        deferred = DEFERRED.set([])
        failed = False
        try:
            async with lock, self.db.unit_of_work():
                return await handler(event, data)
        except BaseException:
            failed = True
            raise
        finally:
            pending = DEFERRED.get() or []
            DEFERRED.reset(deferred)
            await send_deferred(data["bot"], pending, failed)


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


# The requests of this update that show nothing saved, held back (`DeferUnseen`).
DEFERRED: ContextVar[list[TelegramMethod[Any]] | None] = ContextVar("dms_deferred", default=None)


def unseen(method: TelegramMethod[Any]) -> bool:
    """A plain answer to a button (the spinner stopped: no text, no alert, no link) or the
    pressed message's buttons taken off: nothing the person reads of what the update saved."""
    if isinstance(method, AnswerCallbackQuery):
        return not method.text and not method.show_alert and not method.url
    return isinstance(method, EditMessageReplyMarkup) and method.reply_markup is None


class DeferUnseen(BaseRequestMiddleware):
    """A button's handler answers the press and takes the buttons off first, then reads and
    writes, then replies: each request committed what came before it, two transactions an
    update. These two requests show nothing saved, so within an update they wait for the next
    request (sent just before it, in order) or for the update's end: one transaction, one
    commit. Their answers are Telegram's `True`; their failures (a press answered too late, a
    message whose buttons are gone already) are logged, as the handlers ignored them."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        pending = DEFERRED.get()
        if pending is None:
            return await make_request(bot, method)
        if unseen(method):
            pending.append(method)
            return Response[Any](ok=True, result=True)
        held, pending[:] = list(pending), []
        for earlier in held:
            await _send_quietly(make_request(bot, earlier))
        return await make_request(bot, method)


async def send_deferred(bot: Bot, pending: list[TelegramMethod[Any]], failed: bool) -> None:
    """What an update held back, sent at its end (after its commit). After a failure, not the
    plain answer: the error handler answers the press with its apology."""
    for method in pending:
        if failed and isinstance(method, AnswerCallbackQuery):
            continue
        await _send_quietly(bot(method))


async def _send_quietly(sending: Awaitable[Any]) -> None:
    try:
        await sending
    except TelegramAPIError as error:
        logger.info("a deferred request failed: %s", error.message)
