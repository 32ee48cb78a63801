"""The letters' buttons for a person: pure functions of data and a translator."""

from __future__ import annotations

from calendar import Calendar
from collections.abc import Sequence
from datetime import date, timedelta

from aiogram.types import InlineKeyboardMarkup

from bot.common.clinic_views import shorten
from bot.common.keyboards import inline
from bot.features.letters.callbacks import Action, LetterAction
from core.i18n import Translator
from core.letters import KINDS, shown_status
from storage.models import Clinic, GuaranteeLetter, Policy

LIST_PAGE = 5

Rows = list[list[tuple[str, str]]]


def act(action: Action, id: int = 0, on: str = "", page: int = 0) -> str:
    return LetterAction(action=action, id=id, on=on, page=page).pack()


def section_keyboard(
    _: Translator, found: Sequence[GuaranteeLetter], page: int, count: int, today: date
) -> InlineKeyboardMarkup:
    """«Мои письма» (each letter of the page, the pages around it) and «➕ Запросить письмо»."""
    rows: Rows = [
        [
            (
                f"{letter.label} · {_('letters-status', status=shown_status(letter, today))}",
                act(Action.OPEN, letter.id, page=page),
            )
        ]
        for letter in found
    ]
    turn = []
    if page > 0:
        turn.append((_("letters-prev"), act(Action.PAGE, page=page - 1)))
    if (page + 1) * LIST_PAGE < count:
        turn.append((_("letters-next"), act(Action.PAGE, page=page + 1)))
    rows.append(turn)
    rows.append([(_("letters-new"), act(Action.NEW))])
    return inline([row for row in rows if row])


def policies_keyboard(policies: Sequence[Policy]) -> InlineKeyboardMarkup:
    return inline([[(p.printed_number, act(Action.POLICY, p.id))] for p in policies])


def kinds_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_(f"letters-kind-{kind}"), act(Action.KIND, on=kind))] for kind in KINDS])


def clinics_keyboard(clinics: Sequence[Clinic]) -> InlineKeyboardMarkup:
    return inline(
        [
            [(shorten(f"{n}. {c.name}", 60), act(Action.CLINIC, c.id))]
            for n, c in enumerate(clinics, 1)
        ]
    )


def photos_keyboard(_: Translator, photos: int) -> InlineKeyboardMarkup:
    return inline([[(_("letters-done" if photos else "letters-no-photos"), act(Action.DONE))]])


def calendar(_: Translator, month: date, *, first: date, last: date) -> InlineKeyboardMarkup:
    """A month (`month` is a day of it) as booking shows one: its name, the weekdays, a row a
    week with the days that may be chosen (`first`..`last`) as buttons, and arrows to the months
    before and after while they hold such days."""
    rows: Rows = [[(_(f"month-{month.month}", year=str(month.year)), act(Action.NONE))]]
    rows.append([(_(f"weekday-{n}"), act(Action.NONE)) for n in range(1, 8)])
    for week in Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        rows.append(
            [
                (" ", act(Action.NONE))
                if day.month != month.month
                else (str(day.day), act(Action.DAY, on=day.isoformat()))
                if first <= day <= last
                else ("·", act(Action.NONE))
                for day in week
            ]
        )
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    turn = []
    if previous >= first.replace(day=1):
        turn.append(("◀️", act(Action.MONTH, on=previous.isoformat())))
    if following <= last:
        turn.append(("▶️", act(Action.MONTH, on=following.isoformat())))
    return inline([row for row in [*rows, turn] if row])


def summary_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [[(_("letters-send"), act(Action.SEND))], [(_("letters-cancel"), act(Action.CANCEL))]]
    )


def card_keyboard(
    _: Translator, letter: GuaranteeLetter, page: int, today: date
) -> InlineKeyboardMarkup:
    rows: Rows = []
    if shown_status(letter, today) == "approved":
        rows.append([(_("letters-pdf"), act(Action.PDF, letter.id, page=page))])
    if letter.status == "clarify":
        rows.append([(_("letters-answer"), act(Action.ANSWER, letter.id, page=page))])
    rows.append([(_("letters-back"), act(Action.LIST, page=page))])
    return inline(rows)


def answer_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("letters-reply-send"), act(Action.REPLY))]])


def new_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("letters-mine"), act(Action.LIST))]])
