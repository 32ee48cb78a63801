"""The claims' buttons for a person: pure functions of data and a translator."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.claims.callbacks import Action, ClaimAction
from core.claims import CARE_KINDS
from core.i18n import Translator
from storage.models import Claim, Policy

LIST_PAGE = 5

Rows = list[list[tuple[str, str]]]


def act(action: Action, id: int = 0, care: str = "") -> str:
    return ClaimAction(action=action, id=id, care=care).pack()


def section_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("claims-new"), act(Action.NEW))], [(_("claims-mine"), act(Action.LIST))]])


def mine_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("claims-mine"), act(Action.LIST))]])


def policies_keyboard(_: Translator, policies: Sequence[Policy]) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                (
                    _("claims-policy-button", number=p.printed_number, kind=p.kind),
                    act(Action.POLICY, p.id),
                )
            ]
            for p in policies
        ]
    )


def date_keyboard(_: Translator, today: bool, yesterday: bool) -> InlineKeyboardMarkup | None:
    row = []
    if today:
        row.append((_("claims-today"), act(Action.TODAY)))
    if yesterday:
        row.append((_("claims-yesterday"), act(Action.YESTERDAY)))
    return inline([row]) if row else None


def care_keyboard(_: Translator) -> InlineKeyboardMarkup:
    buttons = [(_(f"claims-care-{kind}"), act(Action.CARE, care=kind)) for kind in CARE_KINDS]
    return inline([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def photos_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("claims-done"), act(Action.DONE))]])


def summary_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [(_("claims-send"), act(Action.SEND))],
            [(_("claims-edit-bank"), act(Action.BANK))],
            [(_("claims-cancel"), act(Action.CANCEL))],
        ]
    )


def bank_field_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                (_("claims-edit-bic"), act(Action.EDIT_BIC)),
                (_("claims-edit-account"), act(Action.EDIT_ACCOUNT)),
            ],
            [(_("claims-edit-name"), act(Action.EDIT_NAME))],
            [(_("claims-back"), act(Action.BACK))],
        ]
    )


def change_bic_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("claims-change-bic"), act(Action.EDIT_BIC))]])


def answer_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("claims-answer-send"), act(Action.ANSWER))]])


def list_keyboard(
    _: Translator, found: Sequence[Claim], page: int, count: int
) -> InlineKeyboardMarkup | None:
    """«Дослать документ» for each claim of the page waiting for one, then the pages."""
    rows: Rows = [
        [(_("claims-send-document-for", number=c.label), act(Action.DOCUMENT, c.id))]
        for c in found
        if c.status == "need_document"
    ]
    nav = []
    if page > 0:
        nav.append((_("claims-prev"), act(Action.PAGE, page - 1)))
    if (page + 1) * LIST_PAGE < count:
        nav.append((_("claims-next"), act(Action.PAGE, page + 1)))
    if nav:
        rows.append(nav)
    return inline(rows) if rows else None
