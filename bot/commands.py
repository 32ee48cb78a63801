"""The command list Telegram offers on «/», in Russian (the default) and English, and the menu
button: the clinics map (a Mini App) where the bot is served over https, else the command list.

Administrators see `/broadcast` too, in their own chats' lists (scope: chat).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonDefault,
    MenuButtonWebApp,
    WebAppInfo,
)

from bot.miniapp import MapLinks
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


async def register_menu_button(bot: Bot, catalogue: Catalogue, map_links: MapLinks) -> None:
    """Every private chat's menu button (those set for one chat aside): the clinics map. One
    text for all (Telegram has no per-language default): the page itself speaks the person's
    language. Without an https address, Telegram's default (set back, should it have been the
    map before)."""
    url = map_links.menu()
    if url is None:
        await bot.set_chat_menu_button(menu_button=MenuButtonDefault())
        return
    text = catalogue.translator("ru")("miniapp-menu-button")
    await bot.set_chat_menu_button(
        menu_button=MenuButtonWebApp(text=text, web_app=WebAppInfo(url=url))
    )
