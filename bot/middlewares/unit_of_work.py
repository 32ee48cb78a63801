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
from storage.db import Database, after_commits, commit_current
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
        held = Held(data["bot"])
        deferred = DEFERRED.set(held)
        failed = False
        async with lock:  # what was held goes out before the person's next update is handled
            try:
                with after_commits(held.send):
                    async with self.db.unit_of_work():
                        return await handler(event, data)
            except BaseException:
                failed = True
                raise
            finally:
                DEFERRED.reset(deferred)
                await held.send(answers=not failed)
                held.open = False  # a task the update started sends its own requests itself


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


class Held:
    """The requests of one update that show nothing saved, held back (`DeferUnseen`)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.requests: list[TelegramMethod[Any]] = []
        self.open = True  # the update is being handled
        self.sending = False

    async def send(self, answers: bool = True) -> None:
        """Each held request, in order (`answers`: the plain answers to presses too). Called
        before the update's next request, after each commit made on purpose before slow work
        (`storage.db.after_commits`: a PDF, a payment provider) and at the update's end."""
        if self.sending:
            return
        self.sending = True
        try:
            while self.requests:
                method = self.requests.pop(0)
                if answers or not isinstance(method, AnswerCallbackQuery):
                    await _send_quietly(self.bot(method))
        finally:
            self.sending = False


DEFERRED: ContextVar[Held | None] = ContextVar("dms_deferred", default=None)


def unseen(method: TelegramMethod[Any]) -> bool:
    """A plain answer to a button (the spinner stopped: no text, no alert, no link) or the
    pressed message's buttons taken off: nothing the person reads of what the update saved."""
    if isinstance(method, AnswerCallbackQuery):
        return not method.text and not method.show_alert and not method.url
    return isinstance(method, EditMessageReplyMarkup) and method.reply_markup is None


class DeferUnseen(BaseRequestMiddleware):
    """A button's handler answers the press and takes the buttons off first, then reads and
    writes, then replies: each request committed what came before it, two transactions an
    update. These two requests show nothing saved, so within an update they wait for its next
    commit (before its next request, which they precede, in order; or one made before slow work)
    or its end: one transaction, one commit. Their result is `True` at once; their failures (a
    press answered too late, a message whose buttons are gone already) are logged, not raised.
    After a failed update the plain answer is left to the error handler (bot/errors.py)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        held = DEFERRED.get()
        if held is None or not held.open or held.sending:
            return await make_request(bot, method)
        if unseen(method):
            held.requests.append(method)
            return True  # type: ignore[return-value]  # the result itself, as a session returns
        await held.send()
        return await make_request(bot, method)


async def _send_quietly(sending: Awaitable[Any]) -> None:
    try:
        await sending
    except TelegramAPIError as error:
        logger.info("a held request failed: %s", error.message)
