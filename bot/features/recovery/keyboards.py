"""Recovery's keyboards: a translator in, markup out."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.recovery.callbacks import Action, RecoverAction
from core.i18n import Translator


def resend(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("signup-resend"), RecoverAction(action=Action.RESEND).pack())]])
