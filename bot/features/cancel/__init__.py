"""/cancel (handlers.py): included among the first features, so it answers in any dialogue."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.features import Feature
from bot.features.cancel.handlers import cancel


def feature() -> Feature:
    router = Router(name="cancel")
    router.message.filter(F.chat.type == "private")
    router.message.register(cancel, Command("cancel"))
    return Feature(name="cancel", router=router)
