"""The tickets' dialogues. Class and state names are stored with dialogues in progress
("TicketFlow:text"): rename none."""

from aiogram.fsm.state import State, StatesGroup


class TicketFlow(StatesGroup):
    """A complaint or a gratitude (flow 6), and a follow-up to one; what each keeps is in
    dialogue.py (`Draft`, `FollowUp`)."""

    clinic = State()
    text = State()
    photos = State()
    summary = State()
    follow_up = State()


class DeskAnswer(StatesGroup):
    """An operator typing the answer to a ticket, in the desk group, after «Ответить». Not a
    registered dialogue: /start and the menu in the group know nothing of it."""

    text = State()
