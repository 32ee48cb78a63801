from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.features import MenuSection
from core.i18n import Catalogue, Translator

MENU_COLUMNS = 2


def main_menu(sections: Sequence[MenuSection], _: Translator) -> ReplyKeyboardMarkup:
    """The sections shown (`Menu.shown`), two a row. Built once per catalogue, language and set
    of sections, as most replies carry it: the keyboard is never changed once built."""
    return _main_menu(_.catalogue, _.locale, tuple(section.key for section in sections))


@lru_cache(maxsize=256)
def _main_menu(catalogue: Catalogue, locale: str, keys: tuple[str, ...]) -> ReplyKeyboardMarkup:
    labels = [catalogue.text(locale, key) for key in keys]
    rows = [
        [KeyboardButton(text=label) for label in labels[i : i + MENU_COLUMNS]]
        for i in range(0, len(labels), MENU_COLUMNS)
    ]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def inline(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in rows
        ]
    )


async def drop_buttons(message: Message) -> None:
    """Take the inline buttons off a message whose button was pressed. A press forged on a message
    that has none (or pressed twice) leaves nothing to take off: Telegram says "not modified".
    Inside an update the request waits with the press's answer until the update's work is saved
    (bot/middlewares/unit_of_work.py, `DeferUnseen`), and a failure there is only logged."""
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            raise
