"""The command list shown by Telegram's menu button, in Russian (the default) and English.

Administrators see `/broadcast` too, in their own chats' lists (scope: chat).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from core.i18n import Catalogue
from core.settings import Settings

logger = logging.getLogger(__name__)

COMMANDS = ("start", "menu", "signup", "recover", "hotline", "help", "cancel", "language", "sos")
ADMIN_COMMANDS = (*COMMANDS, "broadcast")


def _commands(catalogue: Catalogue, locale: str | None, names: tuple[str, ...]) -> list[BotCommand]:
    _ = catalogue.translator(locale or "ru")
    return [BotCommand(command=name, description=_(f"cmd-{name}")) for name in names]


async def register_commands(bot: Bot, catalogue: Catalogue, settings: Settings) -> None:
    scope = BotCommandScopeAllPrivateChats()
    for locale in (None, *catalogue.locales):
        commands = _commands(catalogue, locale, COMMANDS)
        await bot.set_my_commands(commands, scope=scope, language_code=locale)
    for admin in settings.admin_ids:
        try:
            for locale in (None, *catalogue.locales):
                await bot.set_my_commands(
                    _commands(catalogue, locale, ADMIN_COMMANDS),
                    scope=BotCommandScopeChat(chat_id=admin),
                    language_code=locale,
                )
        except TelegramBadRequest as error:  # an admin who never started the bot: no chat yet
            logger.info("commands for admin %s not set: %s", admin, error.message)
