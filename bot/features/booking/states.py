from aiogram.fsm.state import State, StatesGroup


class BookingFlow(StatesGroup):
    """Booking a visit (flow 5). Stored as "BookingFlow:<step>": the names outlive a deploy. What
    the dialogue keeps is `BookingData` (dialogue.py)."""

    clinic = State()
    specialty = State()
    doctor = State()
    day = State()
    time = State()
    summary = State()
