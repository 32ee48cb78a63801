"""Screens more than one feature shows."""

from __future__ import annotations

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
