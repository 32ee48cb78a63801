"""Sign-up (flow 1): consents → e-mail and its code → phone (own contact, or typed and an SMS
code) → names → birth date → sex → document → summary with fixes → optional PIN → the menu.
Passport data is encrypted before it enters the dialogue state."""

from __future__ import annotations

from collections.abc import Collection

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State

from bot.common.entries import SIGNUP_EDIT_FIELD
from bot.features import Feature, MenuSection
from bot.features.signup import buttons, entering, steps
from bot.features.signup.callbacks import DOCUMENT_TYPES, FIXES, SEXES, Action, SignupAction
from bot.features.signup.prompts import PROMPTS
from bot.features.signup.states import SignUp
from bot.features.signup.step import StepMiddleware
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue, StepHandler
from core.invitations import PREFIX as INVITATION
from core.notifications import Intent

SECTION = MenuSection("menu-signup", "help-section-signup", order=10, audience="guests")


def feature() -> Feature:
    router = Router(name="signup")
    private_only(router)
    router.message.middleware(StepMiddleware())
    router.callback_query.middleware(StepMiddleware())
    router.message.register(entering.open_section, Command("signup"))
    # The menu button works in any state: mid-sign-up it shows the current step again.
    router.message.register(entering.open_section, ButtonText(SECTION.key))
    router.message.register(
        steps.on_contact, StateFilter(SignUp.phone, SignUp.phone_code), F.contact
    )
    text = F.text & ~F.text.startswith("/")
    for state, handler in steps.STEPS.items():
        router.message.register(handler, StateFilter(state), text)

    # Each button counts only in the steps it belongs to; a press elsewhere is stale. (The state
    # is checked first: the cheapest way to pass over every other section's presses.)
    codes = (SignUp.email_code, SignUp.phone_code, SignUp.email, SignUp.phone)
    pressed: list[tuple[Collection[str], tuple[State, ...], StepHandler]] = [
        ({Action.READ_TERMS}, (SignUp.terms,), buttons.read_terms),
        ({Action.ACCEPT_TERMS}, (SignUp.terms,), buttons.accept_terms),
        ({Action.READ_PD}, (SignUp.personal_data,), buttons.read_personal_data),
        ({Action.ACCEPT_PD}, (SignUp.personal_data,), buttons.accept_personal_data),
        ({Action.RESEND}, codes, buttons.resend),
        ({Action.OTHER_ADDRESS}, codes, buttons.other_address),
        ({Action.NO_MIDDLE}, (SignUp.middle_name,), buttons.no_middle),
        (SEXES.keys(), (SignUp.sex,), buttons.sex),
        (DOCUMENT_TYPES.keys(), (SignUp.document_type,), buttons.document_type),
        (FIXES, (SignUp.summary,), buttons.fix),
        ({Action.CONFIRM}, (SignUp.summary,), buttons.all_correct),
        ({Action.SKIP_PIN}, (SignUp.pin, SignUp.pin_repeat), buttons.skip_pin),
    ]
    shown = buttons.under_message
    press = router.callback_query.register
    press(entering.go_on, SignupAction.filter(F.action == Action.GO))
    for actions, states, handler in pressed:
        press(handler, StateFilter(*states), SignupAction.filter(F.action.in_(actions)), shown)
    press(buttons.recover, StateFilter(SignUp.email, SignUp.phone), buttons.recovery_button, shown)
    press(buttons.stale, SignupAction.filter())
    return Feature(
        name="signup",
        router=router,
        menu=[SECTION],
        dialogues=[
            Dialogue(
                states=SignUp,
                title_key="signup-title",
                begin=entering.begin,
                prompts=PROMPTS,
                buttons=frozenset({SignupAction.__prefix__}),
                # «Восстановить доступ» (recovery's) is offered in the e-mail and phone steps
                # when the contact is an account's: pressing it here is no other section's.
                shows=frozenset({Intent.RECOVER}),
                needs_profile=False,
            )
        ],
        deep_links={INVITATION: entering.follow_invitation},
        intents={Intent.SIGN_UP: lambda ref: SignupAction(action=Action.GO).pack()},
        entries={SIGNUP_EDIT_FIELD: entering.edit_field},
    )
