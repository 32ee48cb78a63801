"""The tickets' buttons for a person: pure functions of data and a translator."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.common.clinic_views import shorten
from bot.common.keyboards import inline
from bot.features.tickets.callbacks import Action, TicketAction
from core.i18n import Translator
from storage.models import Clinic, Ticket

LIST_PAGE = 5

Rows = list[list[tuple[str, str]]]


def act(action: Action, id: int = 0, page: int = 0) -> str:
    return TicketAction(action=action, id=id, page=page).pack()


def section_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                (_("tickets-complain"), act(Action.COMPLAINT)),
                (_("tickets-thank"), act(Action.GRATITUDE)),
            ],
            [(_("tickets-mine"), act(Action.LIST))],
        ]
    )


def mine_keyboard(_: Translator) -> InlineKeyboardMarkup:
    """Under the limit's notice: an open ticket can still be added to."""
    return inline([[(_("tickets-mine"), act(Action.LIST))]])


def clinics_keyboard(_: Translator, clinics: Sequence[Clinic]) -> InlineKeyboardMarkup:
    rows: Rows = [[(shorten(clinic.name, 60), act(Action.CLINIC, clinic.id))] for clinic in clinics]
    rows.append([(_("tickets-no-clinic"), act(Action.NO_CLINIC))])
    return inline(rows)


def photos_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("tickets-done"), act(Action.DONE))]])


def summary_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [(_("tickets-send"), act(Action.SEND))],
            [(_("tickets-edit-text"), act(Action.EDIT)), (_("tickets-cancel"), act(Action.CANCEL))],
        ]
    )


def list_keyboard(
    _: Translator, found: Sequence[Ticket], page: int, count: int
) -> InlineKeyboardMarkup:
    """Each ticket of the page, then the pages before and after (when there are)."""
    rows: Rows = [
        [(f"{t.label} · {_('tickets-status', status=t.status)}", act(Action.OPEN, t.id, page))]
        for t in found
    ]
    nav = []
    if page > 0:
        nav.append((_("tickets-prev"), act(Action.PAGE, page=page - 1)))
    if (page + 1) * LIST_PAGE < count:
        nav.append((_("tickets-next"), act(Action.PAGE, page=page + 1)))
    rows.append(nav)
    return inline([row for row in rows if row])


def thread_keyboard(_: Translator, ticket: Ticket, page: int) -> InlineKeyboardMarkup:
    rows: Rows = []
    if not ticket.is_closed:
        rows.append([(_("tickets-write"), act(Action.WRITE, ticket.id, page))])
        rows.append([(_("tickets-solved"), act(Action.SOLVED, ticket.id, page))])
    rows.append([(_("tickets-back-to-list"), act(Action.LIST, page=page))])
    return inline(rows)
