"""Anti-flood (`FLOOD_RATE`): one polite notice, then the person's messages and button presses
are ignored briefly.

Messages and presses draw on the same bucket per person. A throttled press is still answered
(`answer_callback_query`, a short notice shown over the chat, never a chat message), so the
button stops spinning; what it asks for is not done.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.middlewares import NextHandler
from core.flood import FloodGuard, Verdict

logger = logging.getLogger(__name__)


class FloodMiddleware(BaseMiddleware):
    def __init__(self, guard: FloodGuard) -> None:
        self.guard = guard

    async def __call__(
        self,
        handler: NextHandler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if event.callback_query is not None:
            press = event.callback_query
            message = press.message
            if message is None or message.chat.type != "private":
                return await handler(event, data)
            verdict = self.guard.check(press.from_user.id)
            if verdict is Verdict.ALLOW:
                return await handler(event, data)
            if verdict is Verdict.WARN:
                logger.info("anti-flood: pausing presses from user %s", press.from_user.id)
            await press.answer(data["_"]("flood-press"))
            return None
        message = event.message
        if message is None or message.from_user is None or message.chat.type != "private":
            return await handler(event, data)
        verdict = self.guard.check(message.from_user.id, message.media_group_id)
        if verdict is Verdict.ALLOW:
            return await handler(event, data)
        if verdict is Verdict.WARN:
            logger.info("anti-flood: pausing updates from user %s", message.from_user.id)
            await message.answer(data["_"]("flood-notice"))
        return None
