"""The profile's buttons. Packed as today ("pf:edit-field:email"): buttons already sent keep
working, so the prefix, the fields and the actions' values stay as they are."""

from __future__ import annotations

from enum import StrEnum

from aiogram import F
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter


class Action(StrEnum):
    DOCUMENT = "doc"  # the document in full
    EDIT = "edit"  # which field to edit
    EDIT_FIELD = "edit-field"  # value: the field (core.signup.EDITABLE_FIELDS)
    PIN = "pin"  # set one, or change or remove it
    PIN_CHANGE = "pin-change"
    PIN_REMOVE = "pin-remove"
    ZONE = "zone"
    ZONE_SET = "zone-set"  # value: the IANA name
    LANGUAGE = "language"
    EXPORT = "export"
    ERASE = "erase"  # «Удалить мои данные» and «Отозвать согласие» alike
    ERASE_YES = "erase-yes"  # only in the erase step
    ERASE_NO = "erase-no"  # only in the erase step


class ProfileAction(CallbackData, prefix="pf"):
    """A profile button; it names no object: it acts on the presser's own profile only.

    `action` stays a plain string, so a forged or retired action still reaches the profile's
    last handler, which says the button no longer works."""

    action: str
    value: str = ""


def pack(action: Action, value: str = "") -> str:
    return ProfileAction(action=action, value=value).pack()


def pressed(action: Action) -> CallbackQueryFilter:
    """The filter of one action's handler."""
    return ProfileAction.filter(F.action == action)
