from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class Recover(StatesGroup):
    contact = State()
    code = State()
    pin = State()
    card = State()  # no PIN, a bound card: its last four digits and expiry month


class RecoverAction(CallbackData, prefix="rc"):
    """A recovery button; it names no object: it acts on the presser's own dialogue."""

    action: str  # "start", "resend"
