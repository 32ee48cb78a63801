from aiogram.fsm.state import State, StatesGroup


class BroadcastSteps(StatesGroup):
    text = State()
    confirm = State()
