"""/help and the «Помощь» section (handlers.py), its text (views.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.features import Feature
from bot.features.help.handlers import SECTION, show_help
from bot.filters import ButtonText


def feature() -> Feature:
    router = Router(name="help")
    router.message.filter(F.chat.type == "private")
    router.message.register(show_help, Command("help"))
    router.message.register(show_help, StateFilter(None), ButtonText(SECTION.key))
    return Feature(name="help", router=router, menu=[SECTION])
