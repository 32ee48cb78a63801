from aiogram.fsm.state import State, StatesGroup


class BroadcastSteps(StatesGroup):
    """Stored as "BroadcastSteps:<step>": the names outlive a deploy."""

    text = State()
    confirm = State()
