"""The recovery dialogue's steps. Their names are stored ("Recover:code"): keep them."""

from aiogram.fsm.state import State, StatesGroup


class Recover(StatesGroup):
    contact = State()
    code = State()
    pin = State()
    card = State()  # no PIN, a bound card: its last four digits and expiry month
