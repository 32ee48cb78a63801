"""The sign-up dialogue's steps. Their names are stored ("SignUp:email"): keep them."""

from aiogram.fsm.state import State, StatesGroup


class SignUp(StatesGroup):
    terms = State()
    personal_data = State()
    email = State()
    email_code = State()
    phone = State()
    phone_code = State()
    last_name = State()
    first_name = State()
    middle_name = State()
    birth_date = State()
    sex = State()
    document_type = State()
    document = State()
    summary = State()
    pin = State()
    pin_repeat = State()
