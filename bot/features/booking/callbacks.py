"""The booking's buttons. The packed strings are on people's phones (and in reminders already
sent): prefix, field names, field order and action values never change."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    """What a booking button does (`BookAction.action`)."""

    CLINIC = "clinic"  # a clinic of the list (also «Записаться» on a clinic's card)
    CLINICS = "clinics"  # a page of the list
    SPECIALTY = "specialty"
    DOCTOR = "doctor"
    MONTH = "month"  # the calendar turned to another month
    DAY = "day"
    NONE = "none"  # a weekday, a month's name, a day without free time
    DAYS = "days"  # «Другой день»: the calendar again
    TIME = "time"
    CONFIRM = "confirm"
    SPECIALTIES = "specialties"  # «Другая специальность»: the clinic's specialties again


class BookAction(CallbackData, prefix="bk"):
    """A booking button. `clinic` must be covered by the presser's programmes and take online
    bookings; `slot` must be free and of the chosen doctor; `n` indexes the list offered."""

    action: Action
    clinic: int = 0
    slot: int = 0
    n: int = 0
    on: str = ""  # a month (2026-11-01) or a day (2026-11-25)


class AnyBookButton(CallbackData, prefix="bk"):
    """Any `bk:` button, whatever its action (the one filter booking buttons had before `Action`):
    one whose action is not an `Action` (old, or forged) still gets the stale answer."""

    action: str
    clinic: int = 0
    slot: int = 0
    n: int = 0
    on: str = ""


class OnVisit(StrEnum):
    """What a visit's button does (`VisitAction.action`)."""

    LIST = "list"
    PAST = "past"
    CANCEL = "cancel"  # asks first
    CANCELLED = "cancelled"  # «Да, отменить»
    MOVE = "move"


class VisitAction(CallbackData, prefix="vs"):
    """A visit's button (also in reminders): `visit` must be the presser's own. For LIST and PAST
    it names whose visits instead (a `core.family.Patient` key: 0 the account's own person, as
    on buttons older than families)."""

    action: OnVisit
    visit: int = 0


class AnyVisitButton(CallbackData, prefix="vs"):
    """Any `vs:` button, whatever its action: see `AnyBookButton`."""

    action: str
    visit: int = 0
