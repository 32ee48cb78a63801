"""The booking's keyboards: data and a translator in, markup out (no bot needed to call them)."""

from __future__ import annotations

from calendar import Calendar
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

from aiogram.types import InlineKeyboardMarkup

from bot.common.clinic_views import shorten
from bot.common.formats import day_and_month, time_of_day
from bot.common.keyboards import inline
from bot.features.booking.callbacks import Action, BookAction, OnVisit, VisitAction
from core.clinics import ClinicPage
from core.i18n import Translator
from core.specialties import specialty_in

TIMES_PER_ROW = 4

Row = list[tuple[str, str]]


def book(action: Action, *, clinic: int = 0, slot: int = 0, n: int = 0, on: str = "") -> str:
    return BookAction(action=action, clinic=clinic, slot=slot, n=n, on=on).pack()


def on_visit(action: OnVisit, visit: int = 0) -> str:
    return VisitAction(action=action, visit=visit).pack()


def rows_of(rows: Sequence[Row]) -> InlineKeyboardMarkup:
    return inline([row for row in rows if row])  # a row without buttons is left out


def clinics(_: Translator, found: ClinicPage, start: int) -> InlineKeyboardMarkup:
    """The clinics of a page, numbered from `start` + 1 as the text lists them, and the pages
    around it."""
    rows = [
        [(shorten(f"{n}. {item.clinic.name}", 60), book(Action.CLINIC, clinic=item.clinic.id))]
        for n, item in enumerate(found.items, start=start + 1)
    ]
    turn = []
    if found.page > 0:
        turn.append((_("clinics-prev"), book(Action.CLINICS, n=found.page - 1)))
    if found.more:
        turn.append((_("clinics-more"), book(Action.CLINICS, n=found.page + 1)))
    return rows_of([*rows, turn])


def choice_rows(action: Action, labels: Sequence[str]) -> list[Row]:
    """One button a row, naming its index in the list offered (specialties, doctors)."""
    return [[(label, book(action, n=n))] for n, label in enumerate(labels)]


def choices(action: Action, labels: Sequence[str]) -> InlineKeyboardMarkup:
    return inline(choice_rows(action, labels))


def specialties(_: Translator, offered: Sequence[str]) -> InlineKeyboardMarkup:
    """The specialties offered, in the reader's language."""
    return choices(Action.SPECIALTY, [specialty_in(_.locale, name) for name in offered])


def doctors(
    _: Translator, offered: Sequence[str], *, other_specialty: bool
) -> InlineKeyboardMarkup:
    """The doctors offered and, when the clinic has other specialties, «Другая специальность»."""
    other = [(_("booking-other-specialty"), book(Action.SPECIALTIES))] if other_specialty else []
    return rows_of([*choice_rows(Action.DOCTOR, [_.datum(name) for name in offered]), other])


def franchise(_: Translator, go: str) -> InlineKeyboardMarkup:
    """«💳 Франшиза и карта» (`go`: the franchise feature's callback data, packed by intent)."""
    return inline([[(_("booking-open-franchise"), go)]])


def calendar(
    _: Translator, month: date, *, free: Collection[date], first: date, last: date
) -> InlineKeyboardMarkup:
    """A month (`month` is a day of it): its name, the weekdays, a row a week with the free days
    as buttons (another day is «·», a day of another month blank; they answer `Action.NONE`),
    and arrows to the months before and after, while they hold bookable days (`first`..`last`)."""
    rows: list[Row] = [[(_(f"month-{month.month}", year=str(month.year)), book(Action.NONE))]]
    rows.append([(_(f"weekday-{n}"), book(Action.NONE)) for n in range(1, 8)])
    for week in Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        rows.append(
            [
                (" ", book(Action.NONE))
                if day.month != month.month
                else (str(day.day), book(Action.DAY, on=day.isoformat()))
                if day in free
                else ("·", book(Action.NONE))
                for day in week
            ]
        )
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    turn = []
    if previous >= first.replace(day=1):
        turn.append(("◀️", book(Action.MONTH, on=previous.isoformat())))
    if following <= last:
        turn.append(("▶️", book(Action.MONTH, on=following.isoformat())))
    return rows_of([*rows, turn])


def times(_: Translator, free: Sequence[tuple[int, datetime]]) -> InlineKeyboardMarkup:
    """The free times of a day (slot id, local start), four a row, and «Другой день»."""
    buttons = [(time_of_day(_, local), book(Action.TIME, slot=slot)) for slot, local in free]
    rows = [buttons[i : i + TIMES_PER_ROW] for i in range(0, len(buttons), TIMES_PER_ROW)]
    return inline([*rows, [(_("booking-other-day"), book(Action.DAYS))]])


def summary(_: Translator, slot: int) -> InlineKeyboardMarkup:
    # The slot rides on the button too: pressed again after a crash (the dialogue already
    # finished), it shows the confirmation of the visit instead of a stale button.
    return inline(
        [
            [(_("booking-confirm"), book(Action.CONFIRM, slot=slot))],
            [(_("booking-other-time"), book(Action.DAYS))],
        ]
    )


def visits(
    _: Translator, upcoming: Sequence[tuple[int, datetime]], whom: int
) -> InlineKeyboardMarkup:
    """«Отменить» and «Перенести» for each upcoming visit (its id, its local start), and
    «Прошедшие» (`whom`'s: a `core.family.Patient` key)."""
    rows: list[Row] = []
    for visit, local in upcoming:
        label = {"date": day_and_month(_, local), "time": time_of_day(_, local)}
        rows.append(
            [
                (_("visit-cancel", **label), on_visit(OnVisit.CANCEL, visit)),
                (_("visit-move", **label), on_visit(OnVisit.MOVE, visit)),
            ]
        )
    rows.append([(_("visits-past"), on_visit(OnVisit.PAST, whom))])
    return inline(rows)


def cancel_asked(_: Translator, visit: int, whom: int) -> InlineKeyboardMarkup:
    """«Да, отменить», and «Нет» back to the visits of `whom` (a `core.family.Patient` key)."""
    return inline(
        [
            [(_("visit-cancel-yes"), on_visit(OnVisit.CANCELLED, visit))],
            [(_("visit-cancel-no"), on_visit(OnVisit.LIST, whom))],
        ]
    )
