"""The family (core/family.py): «Для кого?», asked by every section about a person when the
account has family members (whom.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.common.profile import MemberPress, SignedUp
from bot.features import Feature
from bot.features.family import whom
from bot.features.family.callbacks import WhomPick
from bot.features.family.states import WhomFlow
from bot.filters import private_only
from bot.fsm.dialogues import Dialogue


def feature() -> Feature:
    router = private_only(Router(name="family"))
    typed = F.text & ~F.text.startswith("/")
    router.message.register(whom.on_typed, StateFilter(WhomFlow.choose), typed, SignedUp())
    router.callback_query.register(whom.on_pressed, WhomPick.filter(), MemberPress())
    dialogue = Dialogue(
        states=WhomFlow,
        title_key="family-whom-title",
        begin=whom.begin_again,
        prompts={WhomFlow.choose: whom.ask_again},
        buttons=frozenset({WhomPick.__prefix__}),
        browsing=True,
    )
    return Feature(name="family", router=router, dialogues=[dialogue])
