"""The section's keyboards: a translator in, markup out."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.abroad.callbacks import choose_policy
from core.abroad import Cover
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
    """The text step: skip it, send the location again (a better fix), or go back to the
    location step (the case is filed: a location sent there joins it)."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_("abroad-skip"))],
            [KeyboardButton(text=_("abroad-share"), request_location=True)],
            [KeyboardButton(text=_("abroad-step-back"))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


def policies(covers: Sequence[Cover]) -> InlineKeyboardMarkup:
    """One button per ВЗР policy in force, in the order listed (a number typed picks it too)."""
    return inline(
        [[(f"{n}. {c.programme} · {c.number}", choose_policy(c.policy_id))]
         for n, c in enumerate(covers, 1)]
    )  # fmt: skip


def leave(_: Translator) -> ReplyKeyboardMarkup:
    """While a policy is chosen (inline buttons on the list): only the way back."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=_("abroad-back"))]], resize_keyboard=True, is_persistent=True
    )
