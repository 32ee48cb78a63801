"""«☎️ Горячая линия 24/7» and /hotline: the insurer's round-the-clock phone and support e-mail,
one tap away for everyone, signed up or not, in any dialogue by the command."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter

from bot.features import Feature
from bot.features.hotline import screens
from bot.filters import ButtonText, private_only


def feature() -> Feature:
    router = Router(name="hotline")
    private_only(router)
    router.message.register(screens.show_hotline, Command("hotline"))
    router.message.register(
        screens.show_hotline, StateFilter(None), ButtonText(screens.SECTION.key)
    )
    return Feature(name="hotline", router=router, menu=[screens.SECTION])
