"""The last router (handlers.py): whatever nothing else took gets a clear answer, and changes
nothing."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.features import Feature
from bot.features.fallback.handlers import (
    inside_dialogue,
    outside_dialogue,
    stale_button,
    unknown_command,
)


def feature() -> Feature:
    router = Router(name="fallback")
    router.message.filter(F.chat.type == "private")
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(outside_dialogue, StateFilter(None))
    router.message.register(inside_dialogue)
    router.callback_query.register(stale_button)
    return Feature(name="fallback", router=router)
