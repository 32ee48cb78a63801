"""Screens more than one feature shows."""

from __future__ import annotations

from aiogram.types import Message

from bot.features import Menu
from bot.keyboards import main_menu
from core.i18n import Translator


async def show_main_menu(message: Message, _: Translator, menu: Menu, text: str) -> None:
    await message.answer(text, reply_markup=main_menu(menu, _))
