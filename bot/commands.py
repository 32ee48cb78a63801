"""The command list Telegram offers on «/», in Russian (the default) and English, and the menu
button: the clinics map (a Mini App) where the bot is served over https, else the command list.

Administrators see `/broadcast` too, in their own chats' lists (scope: chat).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonDefault,
    MenuButtonWebApp,
    WebAppInfo,
)

from bot.miniapp import MapLinks
from core.i18n import DEFAULT_LOCALE, Catalogue
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


@dataclass(frozen=True)
class MenuButtons:
    """The menu button: the clinics map where the bot is served over https. Every chat's by
    default, in Russian (Telegram has no per-language default); a person who speaks another
    language of ours gets their own chat's, in it."""

    catalogue: Catalogue
    map_links: MapLinks

    def _map(self, locale: str) -> MenuButtonWebApp | None:
        url = self.map_links.menu()
        if url is None:
            return None
        text = self.catalogue.translator(locale)("miniapp-menu-button")
        if locale != DEFAULT_LOCALE:
            url = f"{url}?lang={locale}"
        return MenuButtonWebApp(text=text, web_app=WebAppInfo(url=url))

    async def set_default(self, bot: Bot) -> None:
        """Without an https address, Telegram's own (set back, should it have been the map)."""
        await bot.set_chat_menu_button(menu_button=self._map(DEFAULT_LOCALE) or MenuButtonDefault())

    async def set_for(self, bot: Bot, chat_id: int, locale: str) -> None:
        """A person's chat's, in `locale` (the default one again for Russian). Best effort: a
        chat Telegram refuses is logged, and the default button stays."""
        button = self._map(locale)
        if button is None:
            return
        try:
            await bot.set_chat_menu_button(
                chat_id=chat_id,
                menu_button=MenuButtonDefault() if locale == DEFAULT_LOCALE else button,
            )
        except TelegramAPIError as error:
            logger.info("menu button of chat %s not set: %s", chat_id, error.message)


async def register_menu_button(bot: Bot, menu_buttons: MenuButtons) -> None:
    await menu_buttons.set_default(bot)
