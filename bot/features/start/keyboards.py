"""«Продолжить» / «Начать заново», as markup: pure."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.callbacks import DialogueAction
from bot.common.keyboards import inline
from core.i18n import Translator


def continue_or_restart(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                (_("dialogue-continue"), DialogueAction(action="continue").pack()),
                (_("dialogue-restart"), DialogueAction(action="restart").pack()),
            ]
        ]
    )
