from aiogram.fsm.state import State, StatesGroup


class WhomFlow(StatesGroup):
    """«Для кого?» asked before a section about a person begins (whom.py). Stored as
    "WhomFlow:choose": the name outlives a deploy."""

    choose = State()
