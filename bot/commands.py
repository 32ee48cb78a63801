"""The command list shown by Telegram's menu button, in Russian (the default) and English."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from core.i18n import Catalogue

COMMANDS = ("start", "menu", "help", "cancel", "language")


async def register_commands(bot: Bot, catalogue: Catalogue) -> None:
    scope = BotCommandScopeAllPrivateChats()
    for locale in (None, *catalogue.locales):
        _ = catalogue.translator(locale or "ru")
        commands = [BotCommand(command=name, description=_(f"cmd-{name}")) for name in COMMANDS]
        await bot.set_my_commands(commands, scope=scope, language_code=locale)
