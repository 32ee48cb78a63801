"""The profile's steps. Names are stored with dialogues in progress ("ProfileSteps:pin"): rename
none."""

from aiogram.fsm.state import State, StatesGroup


class ProfileSteps(StatesGroup):
    # The PIN asked first (bot/pin.py): before the full document, the export, erasure, a new
    # e-mail or phone, changing or removing the PIN; the dialogue's data say which follows.
    pin = State()
    pin_new = State()
    pin_repeat = State()
    time_zone = State()
    erase = State()
