"""The operators: who may act on the desk (one check, one cache), and where the desk is.

The desk is the group `OPERATORS_CHAT_ID`. Only the group's members (getChatMember, cached a
minute) and `ADMIN_IDS` may act; anyone else — pressing a button or forging its data — is refused
and nothing happens."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject, Filter
from aiogram.types import CallbackQuery, Message, TelegramObject

from core.i18n import Translator
from core.settings import Settings

logger = logging.getLogger(__name__)

MEMBER_STATUSES = {"creator", "administrator", "member"}
CACHE_SECONDS = 60.0


class OperatorCheck:
    """Whether someone may act on the desk: an admin, or a member of the operators' group. One
    per dispatcher, handed to handlers and filters as `operators`."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[bool, float]] = {}

    async def allows(self, bot: Bot, settings: Settings, user_id: int) -> bool:
        if user_id in settings.admin_ids:
            return True
        if settings.operators_chat_id is None:
            return False
        cached = self._cache.get(user_id)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        try:
            member = await bot.get_chat_member(settings.operators_chat_id, user_id)
            allowed = member.status in MEMBER_STATUSES
        except TelegramAPIError as error:
            logger.warning("desk: membership of %s not checked: %s", user_id, error.message)
            return False
        self._cache[user_id] = (allowed, time.monotonic() + CACHE_SECONDS)
        return allowed


class InDesk(Filter):
    async def __call__(self, message: Message, settings: Settings) -> bool:
        return (
            settings.operators_chat_id is not None and message.chat.id == settings.operators_chat_id
        )


class DeskButton(Filter):
    """A button pressed on a message in the desk group (whoever pressed it: `IsOperator` next)."""

    async def __call__(self, callback: CallbackQuery, settings: Settings) -> bool:
        message = callback.message
        return isinstance(message, Message) and message.chat.id == settings.operators_chat_id


class IsOperator(Filter):
    async def __call__(
        self, event: TelegramObject, bot: Bot, settings: Settings, operators: OperatorCheck
    ) -> bool:
        user = getattr(event, "from_user", None)
        return user is not None and await operators.allows(bot, settings, user.id)


class OperatorsOnly(BaseMiddleware):
    """A desk object's button (a ticket's, a letter's, a case's) counts only on the desk and from
    an operator; anyone else, pressing it or forging its data anywhere, is refused and nothing
    happens. Put on a router's callback queries."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, CallbackQuery)
        settings: Settings = data["settings"]
        operators: OperatorCheck = data["operators"]
        message = event.message
        in_desk = isinstance(message, Message) and message.chat.id == settings.operators_chat_id
        if not in_desk or not await operators.allows(data["bot"], settings, event.from_user.id):
            await event.answer(data["_"]("desk-not-allowed"), show_alert=True)
            return None
        return await handler(event, data)


async def arguments(message: Message, command: CommandObject, _: Translator) -> str | None:
    """The command's argument, or None after saying how the command is used."""
    if command.args and command.args.strip():
        return command.args.strip()
    await message.reply(_(f"desk-{command.command}-usage"))
    return None
