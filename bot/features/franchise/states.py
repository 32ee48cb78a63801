from aiogram.fsm.state import State, StatesGroup


class FranchiseFlow(StatesGroup):
    """Unbinding the card: the PIN first (when set), then the confirmation after the
    explanation of what it suspends. A card over the bound one: the PIN first (when set).
    The PIN step keeps what follows it (`dialogue.PinStep`)."""

    pin = State()
    confirm = State()
