"""The section's dialogue. Class and state names are stored with dialogues in progress
("AbroadFlow:text"): rename none."""

from aiogram.fsm.state import State, StatesGroup


class AbroadFlow(StatesGroup):
    """«🆘 Помощь за рубежом»: where the person is (`location`), what happened (`text`), then
    their case open (`case`: a further location or text joins it). What each keeps is in
    dialogue.py (`Draft`). A browsing dialogue: a main-menu label leaves it."""

    location = State()
    text = State()
    case = State()
    choose = State()  # several ВЗР policies in force: which one, before its phone and number
