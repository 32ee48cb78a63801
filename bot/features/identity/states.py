from aiogram.fsm.state import State, StatesGroup


class IdentitySteps(StatesGroup):
    offer = State()
    consent = State()
    photo = State()
    review = State()


class DeskReason(StatesGroup):
    """An operator typing the reason for a rejection, in the desk group."""

    reason = State()
