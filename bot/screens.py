"""Screens more than one feature shows."""

from __future__ import annotations

from datetime import timedelta
from math import ceil
from typing import Any

from aiogram.types import Message

from bot.features import Menu
from bot.fsm.policies import PolicyAction
from bot.fsm.signup import SignupAction
from bot.keyboards import inline, main_menu
from core.i18n import Translator


async def show_main_menu(message: Message, _: Translator, menu: Menu, text: str) -> None:
    await message.answer(text, reply_markup=main_menu(menu, _))


async def offer_signup(message: Message, _: Translator) -> None:
    """What a section for signed-up people says to anyone else: sign up (or go on with it)."""
    go = SignupAction(action="go").pack()
    await message.answer(_("signup-needed"), reply_markup=inline([[(_("signup-continue"), go)]]))


async def offer_policy(message: Message, _: Translator) -> None:
    """What a section that needs a ДМС policy in force says without one: link a policy."""
    add = PolicyAction(action="add").pack()
    await message.answer(_("clinics-no-policy"), reply_markup=inline([[(_("policies-add"), add)]]))


def duration_params(delta: timedelta) -> dict[str, Any]:
    """A duration for the catalogue's words: whole hours, or minutes below an hour or when it is
    not a whole number of hours (`amount` rounded up, `unit` "hours" or "minutes")."""
    minutes = ceil(delta.total_seconds() / 60)
    if minutes >= 60 and minutes % 60 == 0:
        return {"amount": minutes // 60, "unit": "hours"}
    return {"amount": minutes, "unit": "minutes"}
