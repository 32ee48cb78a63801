"""The profile's buttons, as markup: pure, a test calls them without a bot."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.profile.callbacks import Action, pack
from core.cities import ZONES, zone_label
from core.i18n import Translator
from core.signup import EDITABLE_FIELDS

ZONE_COLUMNS = 3
FIELD_COLUMNS = 2


def button(_: Translator, key: str, action: Action, value: str = "") -> tuple[str, str]:
    return _(key), pack(action, value)


def card(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                button(_, "profile-show-document", Action.DOCUMENT),
                button(_, "profile-edit", Action.EDIT),
            ],
            [button(_, "profile-pin", Action.PIN), button(_, "profile-zone", Action.ZONE)],
            [
                button(_, "profile-language", Action.LANGUAGE),
                button(_, "profile-export", Action.EXPORT),
            ],
            [
                button(_, "profile-withdraw", Action.ERASE),
                button(_, "profile-erase", Action.ERASE),
            ],
        ]
    )


def pin_menu(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                button(_, "profile-pin-change", Action.PIN_CHANGE),
                button(_, "profile-pin-remove", Action.PIN_REMOVE),
            ]
        ]
    )


def fields(_: Translator) -> InlineKeyboardMarkup:
    buttons = [
        button(_, f"signup-fix-{field}", Action.EDIT_FIELD, field) for field in EDITABLE_FIELDS
    ]
    return inline([buttons[i : i + FIELD_COLUMNS] for i in range(0, len(buttons), FIELD_COLUMNS)])


def zone_button(zone: str) -> tuple[str, str]:
    return zone_label(zone), pack(Action.ZONE_SET, zone)


def zones() -> InlineKeyboardMarkup:
    return inline(
        [
            [zone_button(zone) for zone in ZONES[i : i + ZONE_COLUMNS]]
            for i in range(0, len(ZONES), ZONE_COLUMNS)
        ]
    )


def erase(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                button(_, "profile-erase-yes", Action.ERASE_YES),
                button(_, "profile-erase-no", Action.ERASE_NO),
            ]
        ]
    )
