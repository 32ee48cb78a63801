from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class PolicyLink(StatesGroup):
    number = State()


class PolicyAction(CallbackData, prefix="pl"):
    """A policy button: `policy` is an id the presser must hold (checked on every press)."""

    action: str  # list, add, card, program, services
    policy: int = 0
    page: int = 0
