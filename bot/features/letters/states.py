"""The guarantee letters' dialogues. Class and state names are stored with dialogues in progress
("LetterFlow:service"): rename none."""

from aiogram.fsm.state import State, StatesGroup


class LetterFlow(StatesGroup):
    """A request (policy … summary) and an answer to the operators' question (`answer`); what
    each keeps is in dialogue.py."""

    policy = State()
    kind = State()
    clinic = State()
    service = State()
    photos = State()
    day = State()
    summary = State()
    answer = State()


class LetterDesk(StatesGroup):
    """An operator typing an approval, a refusal's reason or a question, in the desk group, after
    pressing the request's button. Not a registered dialogue."""

    approve = State()
    refuse = State()
    clarify = State()
