from typing import Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class FranchiseFlow(StatesGroup):
    """Unbinding the card: the PIN first (when set), then the confirmation after the
    explanation of what it suspends. A card over the bound one: the PIN first (when set)."""

    pin = State()
    confirm = State()


FranchiseStep = Literal["show", "terms", "agree", "bind", "unbind", "yes", "no"]


class FranchiseAction(CallbackData, prefix="fr"):
    """A button of «Франшиза и карта». `policy` must be a policy of the presser's with a
    co-payment programme; «Да, отвязать» acts only in the confirmation step."""

    # Any other action is not this button: it falls through to the stale-button answer.
    action: FranchiseStep
    policy: int = 0
