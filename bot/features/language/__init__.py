"""/language and the «Язык» section: Russian or English, whatever Telegram's own setting is.

The choice's button (`LanguageChoice`) lives in bot/common/callbacks.py: it works in any dialogue,
and the middlewares know it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.callbacks import LanguageChoice
from bot.common.entries import ASK_LANGUAGE
from bot.features import Feature, MenuSection
from bot.features.language.buttons import choose_language
from bot.features.language.screens import ask_language
from bot.filters import ButtonText, private_only
from core.i18n import LOCALES

SECTION = MenuSection(key="menu-language", help_key="help-section-language", order=910)


def feature() -> Feature:
    router = Router(name="language")
    private_only(router)
    router.message.register(ask_language, Command("language"))
    router.message.register(ask_language, StateFilter(None), ButtonText(SECTION.key))
    router.callback_query.register(choose_language, LanguageChoice.filter(F.locale.in_(LOCALES)))
    return Feature(
        name="language", router=router, menu=[SECTION], entries={ASK_LANGUAGE: ask_language}
    )
