from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class IdentitySteps(StatesGroup):
    offer = State()
    consent = State()
    photo = State()
    review = State()


class IdentityAction(CallbackData, prefix="idc"):
    """A button of the person's own identity check: it names no object (the policy's number is
    in the dialogue's state, put there when linking it failed)."""

    action: str  # start, renumber, cancel, read, accept, replace, send
    slot: int = 0


class DeskReason(StatesGroup):
    """An operator typing the reason for a rejection, in the desk group."""

    reason = State()
