from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class BookingFlow(StatesGroup):
    """Booking a visit (flow 5). The data keeps the choices so far (`clinic`, `specialty`,
    `doctor`, `day`, `slot`), the lists offered (`specialties`, `doctors`: buttons name an index),
    and `replacing`: the visit being moved, when rescheduling."""

    clinic = State()
    specialty = State()
    doctor = State()
    day = State()
    time = State()
    summary = State()


class BookAction(CallbackData, prefix="bk"):
    """A booking button. `clinic` must be covered by the presser's programmes and take online
    bookings; `slot` must be free and of the chosen doctor; `n` indexes the list offered."""

    action: str  # clinic, specialty, doctor, month, day, none, time, confirm, days, restart
    clinic: int = 0
    slot: int = 0
    n: int = 0
    on: str = ""  # a month (2026-11) or a day (2026-11-25)


class VisitAction(CallbackData, prefix="vs"):
    """A visit's button (also in reminders): `visit` must be the presser's own."""

    action: str  # list, past, cancel, cancelled, move
    visit: int = 0
