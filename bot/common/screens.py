"""Screens more than one feature shows."""

from __future__ import annotations

from datetime import timedelta
from math import ceil
from typing import Any

from aiogram.types import Message

from bot.common.intents import Intents
from bot.common.keyboards import inline, main_menu
from bot.features import Menu
from core.i18n import Translator
from core.notifications import Intent


async def show_main_menu(message: Message, _: Translator, menu: Menu, text: str) -> None:
    await message.answer(text, reply_markup=main_menu(await menu.shown(), _))


async def offer_signup(message: Message, _: Translator, intents: Intents, *, started: bool) -> None:
    """What a section for signed-up people says to anyone else: sign up, or go on with the
    sign-up `started` (`Members.offer_signup` knows which)."""
    go = intents.pack(Intent.SIGN_UP)
    label = _("signup-continue" if started else "signup-start")
    await message.answer(_("signup-needed"), reply_markup=inline([[(label, go)]]))


async def offer_policy(message: Message, _: Translator, intents: Intents) -> None:
    """What a section that needs a ДМС policy in force says without one: link a policy."""
    add = intents.pack(Intent.ADD_POLICY)
    await message.answer(_("clinics-no-policy"), reply_markup=inline([[(_("policies-add"), add)]]))


def duration_params(delta: timedelta) -> dict[str, Any]:
    """A duration for the catalogue's words: whole hours, or minutes below an hour or when it is
    not a whole number of hours (`amount` rounded up, `unit` "hours" or "minutes")."""
    minutes = ceil(delta.total_seconds() / 60)
    if minutes >= 60 and minutes % 60 == 0:
        return {"amount": minutes // 60, "unit": "hours"}
    return {"amount": minutes, "unit": "minutes"}


def duration(_: Translator, delta: timedelta) -> str:
    """«30 мин», «1 ч»: `duration_params` in the catalogue's words."""
    return _("duration", **duration_params(delta))
