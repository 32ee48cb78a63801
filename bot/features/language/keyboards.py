"""The language choice, as markup: pure."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.callbacks import LanguageChoice
from bot.common.keyboards import inline
from core.i18n import LOCALES, Translator


def choices(_: Translator) -> InlineKeyboardMarkup:
    """One row: each language named in the current one."""
    return inline(
        [[(_(f"language-{locale}"), LanguageChoice(locale=locale).pack()) for locale in LOCALES]]
    )
