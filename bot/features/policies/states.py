from aiogram.fsm.state import State, StatesGroup


class PolicyLink(StatesGroup):
    number = State()
