"""«💳 Франшиза и карта» (flow 7): the person's co-payment policies and their stage, the terms
and the consent, the card bound on the provider's page (a one-time link; never card data in the
chat), unbinding (PIN first when set, then what it suspends, then the confirmation), and a new card
over the bound one (PIN first when set, and said plainly that it replaces the bound card)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.profile import MemberPress, SignedUp
from bot.features import Feature
from bot.features.franchise import buttons, screens, steps
from bot.features.franchise.callbacks import Action, FranchiseAction, act
from bot.features.franchise.states import FranchiseFlow
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent


def feature() -> Feature:
    router = Router(name="franchise")
    private_only(router)
    router.message.register(steps.open_section, Command("franchise"))
    router.message.register(steps.open_section, StateFilter(None), ButtonText(screens.SECTION.key))
    typed = F.text & ~F.text.startswith("/")
    in_pin = StateFilter(FranchiseFlow.pin)
    router.message.register(steps.pin, in_pin, typed, SignedUp())
    router.message.register(steps.sign_up_first, in_pin, typed)

    press = router.callback_query.register
    member = MemberPress()
    confirming = StateFilter(FranchiseFlow.confirm)
    press(buttons.show, FranchiseAction.filter(F.action == Action.SHOW), member)
    press(buttons.terms, FranchiseAction.filter(F.action == Action.TERMS), member)
    press(buttons.agree, FranchiseAction.filter(F.action == Action.AGREE), member)
    press(buttons.bind, FranchiseAction.filter(F.action == Action.BIND), member)
    press(buttons.unbind, FranchiseAction.filter(F.action == Action.UNBIND), member)
    yes, no = F.action == Action.YES, F.action == Action.NO
    press(buttons.unbind_confirmed, FranchiseAction.filter(yes), confirming, member)
    press(buttons.unbind_cancelled, FranchiseAction.filter(no), confirming, member)
    press(buttons.outsider, FranchiseAction.filter())

    dialogue = Dialogue(
        states=FranchiseFlow,
        title_key="franchise-title",
        begin=steps.restart,
        prompts={step: steps.reprompt for step in FranchiseFlow.__all_states__},
        buttons=frozenset(
            f"{FranchiseAction.__prefix__}:{action}" for action in (Action.YES, Action.NO)
        ),
    )
    return Feature(
        name="franchise",
        router=router,
        menu=[screens.SECTION],
        dialogues=[dialogue],
        intents={Intent.OPEN_FRANCHISE: lambda ref: act(Action.SHOW)},
    )
