"""The broadcast's keyboards: a translator in, markup out."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.broadcast.callbacks import Action, BroadcastAction
from core.i18n import Translator


def preview(_: Translator) -> InlineKeyboardMarkup:
    """«Отправить» and «Отмена», under the text as it will go."""
    return inline(
        [
            [
                (_("broadcast-send"), BroadcastAction(action=Action.SEND).pack()),
                (_("broadcast-drop"), BroadcastAction(action=Action.DROP).pack()),
            ]
        ]
    )
