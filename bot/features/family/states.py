from aiogram.fsm.state import State, StatesGroup


class WhomFlow(StatesGroup):
    """«Для кого?» asked before a section about a person begins (whom.py). Stored as
    "WhomFlow:choose": the name outlives a deploy."""

    choose = State()


class FamilyAdd(StatesGroup):
    """«➕ Добавить члена семьи»: the member's policy number, then (when the roster does not tie
    it to the person) who they are, before the identity check. Stored names: never renamed."""

    number = State()
    relation = State()
