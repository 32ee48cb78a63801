"""Every record logged while an update is handled carries its id, the person's and the chat's.

Registered first among our update middlewares: aiogram's `UserContextMiddleware` (before all of
ours) has already found the person and the chat. Tasks started by a handler inherit the context.
"""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.middlewares.user_context import EVENT_CHAT_KEY, EVENT_FROM_USER_KEY
from aiogram.types import Chat, TelegramObject, Update, User

from bot.logs import UpdateContext, current_update
from bot.middlewares import NextHandler


class LogContext(BaseMiddleware):
    async def __call__(
        self,
        handler: NextHandler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        user: User | None = data.get(EVENT_FROM_USER_KEY)
        chat: Chat | None = data.get(EVENT_CHAT_KEY)
        token = current_update.set(
            UpdateContext(
                update_id=event.update_id,
                user_id=user.id if user is not None else None,
                chat_id=chat.id if chat is not None else None,
            )
        )
        try:
            return await handler(event, data)
        finally:
            current_update.reset(token)
