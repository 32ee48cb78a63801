"""Screens more than one feature shows."""

from __future__ import annotations

from aiogram.types import Message

from bot.features import Menu
from bot.fsm.signup import SignupAction
from bot.keyboards import inline, main_menu
from core.i18n import Translator


async def show_main_menu(message: Message, _: Translator, menu: Menu, text: str) -> None:
    await message.answer(text, reply_markup=main_menu(menu, _))


async def offer_signup(message: Message, _: Translator) -> None:
    """What a section for signed-up people says to anyone else: sign up (or go on with it)."""
    go = SignupAction(action="go").pack()
    await message.answer(_("signup-needed"), reply_markup=inline([[(_("signup-continue"), go)]]))
