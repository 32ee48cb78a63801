"""Sign-up's keyboards: a translator (and what to name) in, markup out."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.signup.callbacks import Action, SignupAction, document_action, fix_action
from core.i18n import Translator
from core.people import DocumentType
from core.signup import EDITABLE_FIELDS


def button(_: Translator, key: str, action: Action) -> tuple[str, str]:
    return _(key), SignupAction(action=action).pack()


def terms(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [button(_, "signup-read-terms", Action.READ_TERMS)],
            [button(_, "signup-accept-terms", Action.ACCEPT_TERMS)],
        ]
    )


def personal_data(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [button(_, "signup-read-personal-data", Action.READ_PD)],
            [button(_, "signup-accept-personal-data", Action.ACCEPT_PD)],
        ]
    )


def share_phone(_: Translator) -> ReplyKeyboardMarkup:
    share = KeyboardButton(text=_("signup-share-phone"), request_contact=True)
    return ReplyKeyboardMarkup(keyboard=[[share]], resize_keyboard=True, one_time_keyboard=True)


def code_sent(_: Translator, other_key: str) -> InlineKeyboardMarkup:
    """Under a code step (or a code that did not go): send it again, or another address."""
    return inline(
        [
            [button(_, "signup-resend", Action.RESEND)],
            [button(_, other_key, Action.OTHER_ADDRESS)],
        ]
    )


def taken(_: Translator, recover: str, other_key: str) -> InlineKeyboardMarkup:
    """A confirmed contact is an account's: recovery (`recover`: its button's data), or another."""
    return inline(
        [
            [(_("recovery-start"), recover)],
            [button(_, other_key, Action.OTHER_ADDRESS)],
        ]
    )


def no_middle_name(_: Translator) -> InlineKeyboardMarkup:
    return inline([[button(_, "signup-no-middle-name", Action.NO_MIDDLE)]])


def sexes(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [[button(_, "signup-sex-m", Action.SEX_M), button(_, "signup-sex-f", Action.SEX_F)]]
    )


def document_types(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [[button(_, f"signup-doc-{kind}", document_action(kind))] for kind in DocumentType]
    )


def summary(_: Translator) -> InlineKeyboardMarkup:
    fixes = [button(_, f"signup-fix-{field}", fix_action(field)) for field in EDITABLE_FIELDS]
    rows = [[button(_, "signup-all-correct", Action.CONFIRM)]]
    rows += [fixes[i : i + 2] for i in range(0, len(fixes), 2)]
    return inline(rows)


def skip_pin(_: Translator) -> InlineKeyboardMarkup:
    return inline([[button(_, "signup-skip-pin", Action.SKIP_PIN)]])
