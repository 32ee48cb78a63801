"""/help and the «Помощь» section: what the bot does now and how to reach the insurer."""

from __future__ import annotations

from aiogram.types import Message

from bot.features import Menu, MenuSection
from bot.features.help.views import help_text
from core.i18n import Translator
from core.settings import Settings

SECTION = MenuSection(key="menu-help", help_key="help-section-help", order=900)


async def show_help(message: Message, _: Translator, menu: Menu, settings: Settings) -> None:
    await message.answer(help_text(_, await menu.shown(), settings))
