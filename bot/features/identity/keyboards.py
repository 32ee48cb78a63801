"""The identity check's buttons: pure functions of the person's language (and the check's id)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.identity.callbacks import Action, IdentityAction
from core.i18n import Translator


def button(
    _: Translator, key: str, action: Action, slot: int = 0, **params: object
) -> tuple[str, str]:
    return _(key, **params), IdentityAction(action=action, slot=slot).pack()


def offer(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [button(_, "identity-start", Action.START)],
            [button(_, "identity-other-number", Action.RENUMBER)],
            [button(_, "identity-cancel", Action.CANCEL)],
        ]
    )


def consent(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [[button(_, "identity-read", Action.READ)], [button(_, "identity-accept", Action.ACCEPT)]]
    )


def review(_: Translator) -> InlineKeyboardMarkup:
    """«Заменить фото 1–3» and «Отправить»."""
    replace = [button(_, "identity-replace", Action.REPLACE, n, number=n + 1) for n in range(3)]
    return inline([replace, [button(_, "identity-send", Action.SEND)]])
