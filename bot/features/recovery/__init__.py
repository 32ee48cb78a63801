"""Access recovery (flow 2): `/recover`, or «🔑 Восстановить доступ» when sign-up meets a contact
that belongs to an account. A code to each contact on file, then the PIN when one is set; the
profile moves here and the old account is told at once, with «Это не я»."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.entries import RECOVERY_CONFIRMED_CONTACT
from bot.features import Feature
from bot.features.recovery import buttons, steps
from bot.features.recovery.attempt import AttemptMiddleware
from bot.features.recovery.callbacks import (
    NOT_MY_RECOVERY_DATA,
    Action,
    NotMyRecovery,
    RecoverAction,
)
from bot.features.recovery.states import Recover
from bot.filters import private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent


def feature() -> Feature:
    router = Router(name="recovery")
    private_only(router)
    router.message.middleware(AttemptMiddleware())
    router.callback_query.middleware(AttemptMiddleware())
    router.message.register(steps.begin, Command("recover"))
    text = F.text & ~F.text.startswith("/")
    router.message.register(steps.on_contact, StateFilter(Recover.contact), text)
    router.message.register(steps.on_code, StateFilter(Recover.code), text)
    router.message.register(steps.on_pin, StateFilter(Recover.pin), text)
    router.message.register(steps.on_card, StateFilter(Recover.card), text)
    press = router.callback_query.register
    press(
        buttons.resend,
        StateFilter(Recover.code, Recover.contact),
        RecoverAction.filter(F.action == Action.RESEND),
        buttons.under_message,
    )
    press(buttons.stale, RecoverAction.filter())
    press(buttons.not_me, F.data.regexp(NOT_MY_RECOVERY_DATA), NotMyRecovery.filter())
    return Feature(
        name="recovery",
        router=router,
        dialogues=[
            Dialogue(
                states=Recover,
                title_key="recovery-title",
                begin=steps.begin,
                prompts={state: steps.reprompt for state in Recover.__all_states__},
                buttons=frozenset({RecoverAction.__prefix__}),
                needs_profile=False,
            )
        ],
        intents={
            Intent.RECOVER: lambda ref: RecoverAction(action=Action.START).pack(),
            Intent.NOT_MY_RECOVERY: lambda ref: NotMyRecovery(recovery=ref).pack(),
        },
        entries={RECOVERY_CONFIRMED_CONTACT: steps.with_confirmed_contact},
    )
