"""The hotline's section: its menu entry, and the contacts shown."""

from __future__ import annotations

from aiogram.types import Message

from bot.features import MenuSection
from bot.features.hotline.views import contacts
from core.i18n import Translator
from core.settings import Settings

# Everyone's, guests included: the number matters most before anything else works.
SECTION = MenuSection(key="menu-hotline", help_key="help-section-hotline", order=890)


async def show_hotline(message: Message, _: Translator, settings: Settings) -> None:
    await message.answer(contacts(_, settings))
