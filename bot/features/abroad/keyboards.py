"""The section's keyboards: a translator in, markup out."""

from __future__ import annotations

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from core.i18n import Translator


def share(_: Translator) -> ReplyKeyboardMarkup:
    """«📍 Отправить, где я» (Telegram asks the phone for the location) and the way back."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_("abroad-share"), request_location=True)],
            [KeyboardButton(text=_("abroad-back"))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


def what_happened(_: Translator) -> ReplyKeyboardMarkup:
    """The text step: skip it, or send the location again (a better fix)."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_("abroad-skip"))],
            [KeyboardButton(text=_("abroad-share"), request_location=True)],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )
