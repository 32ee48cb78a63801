"""/start, /menu, deep links, and «Продолжить» / «Начать заново» in the middle of a dialogue.

`DialogueAction` lives in bot/common/callbacks.py: it works in any dialogue, and the middlewares
know it. Its `action` is a Literal, so a forged one is no `DialogueAction` at all (the fallback
answers it), as before."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart

from bot.common.callbacks import DialogueAction
from bot.features import Feature
from bot.features.start.buttons import continue_dialogue, restart_dialogue
from bot.features.start.commands import menu_command, start
from bot.filters import private_only


def feature() -> Feature:
    router = Router(name="start")
    private_only(router)
    router.message.register(start, CommandStart())
    router.message.register(menu_command, Command("menu"))
    press = router.callback_query.register
    press(continue_dialogue, DialogueAction.filter(F.action == "continue"))
    press(restart_dialogue, DialogueAction.filter(F.action == "restart"))
    return Feature(name="start", router=router)
