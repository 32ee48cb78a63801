from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class ProfileSteps(StatesGroup):
    pin_for_document = State()
    pin_current = State()  # before changing or removing the PIN
    pin_new = State()
    pin_repeat = State()
    time_zone = State()
    erase = State()


class ProfileAction(CallbackData, prefix="pf"):
    """A profile button; it names no object: it acts on the presser's own profile only."""

    action: str
    value: str = ""
