"""State groups of the dialogues (one module per flow) and the registry that can resume them."""

from aiogram.fsm.state import StatesGroup

from bot.fsm.broadcast import BroadcastSteps
from bot.fsm.identity import DeskReason
from bot.fsm.recovery import Recover
from bot.fsm.signup import SignUp
from bot.fsm.tickets import DeskAnswer

# Dialogues one is in without a profile of one's own: sign-up, recovery, and the operators' and
# administrators' (a member section never ends them when it finds no profile).
WITHOUT_PROFILE: tuple[type[StatesGroup], ...] = (
    SignUp,
    Recover,
    BroadcastSteps,
    DeskReason,
    DeskAnswer,
)
