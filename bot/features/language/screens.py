"""The language asked: /language, the menu's «Язык», and the profile's button (an entry)."""

from __future__ import annotations

from aiogram.types import Message

from bot.features.language import keyboards
from core.i18n import Translator


async def ask_language(message: Message, _: Translator) -> None:
    await message.answer(_("language-choose"), reply_markup=keyboards.choices(_))
