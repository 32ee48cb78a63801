"""The claims' dialogues. Class and state names are stored with dialogues in progress
("ClaimFlow:amount"): rename none."""

from aiogram.fsm.state import State, StatesGroup


class ClaimFlow(StatesGroup):
    """A new claim, and an answer to the desk's request; what each keeps is in dialogue.py."""

    policy = State()
    care_date = State()
    care_kind = State()
    amount = State()
    photos = State()
    bic = State()
    account = State()
    name = State()
    summary = State()
    document = State()  # the answer to «📎 Запросить документ»
    bank_field = State()  # «✏️ Реквизиты» at the summary: which detail to change


class DeskClaim(StatesGroup):
    """An operator on the desk after pressing a claim's button: the amount to pay, what to ask
    for, the reason. Not a registered dialogue: /start and the menu in the group know nothing of
    it."""

    amount = State()
    request = State()
    reason = State()
