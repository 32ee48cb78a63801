"""/help and the «Помощь» section: what the bot does now and how to reach the insurer."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import Message

from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText
from core.i18n import Translator
from core.settings import Settings

SECTION = MenuSection(key="menu-help", help_key="help-section-help", order=900)


async def show_help(message: Message, _: Translator, menu: Menu, settings: Settings) -> None:
    sections = "\n".join(_(section.help_key) for section in menu.sections)
    await message.answer(
        _(
            "help-text",
            insurer=settings.insurer_name,
            sections=sections,
            phone=settings.hotline_phone,
            email=settings.support_email,
        )
    )


def feature() -> Feature:
    router = Router(name="help")
    router.message.filter(F.chat.type == "private")
    router.message.register(show_help, Command("help"))
    router.message.register(show_help, StateFilter(None), ButtonText(SECTION.key))
    return Feature(name="help", router=router, menu=[SECTION])
