"""«📄 Мои полисы»: the list, linking a policy by its number (flow 3), a card per policy, its
programme, the services billed to it and its PDF copies. Every button naming a policy checks
the presser holds it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.entries import POLICIES_BEGIN, POLICY_NOT_LINKED, POLICY_NUMBER_AGAIN
from bot.common.profile import MemberPress, SignedUp
from bot.features import Feature, MenuSection
from bot.features.policies import buttons, steps
from bot.features.policies.callbacks import Action, PolicyAction
from bot.features.policies.exemptions import exempt_known_policy_numbers
from bot.features.policies.filters import Held, LooksLikeNumber, NumberOnList
from bot.features.policies.states import PolicyLink
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent

SECTION = MenuSection("menu-policies", "help-section-policies", order=100, audience="members")


def feature() -> Feature:
    router = Router(name="policies")
    private_only(router)
    menu_button = StateFilter(None), ButtonText(SECTION.key)
    router.message.register(steps.show_section, Command("policies"), SignedUp())
    router.message.register(steps.offer_signup_first, Command("policies"))
    router.message.register(steps.show_section, *menu_button, SignedUp())
    router.message.register(steps.offer_signup_first, *menu_button)
    # «➕ Добавить полис» typed, as the list's text invites, begins as the button does.
    router.message.register(steps.ask_number, StateFilter(None), ButtonText("policies-add"))
    typed = StateFilter(PolicyLink.number), F.text & ~F.text.startswith("/")
    router.message.register(steps.on_number, *typed, SignedUp())
    router.message.register(steps.profile_gone, *typed)
    # A number typed under «Мои полисы» without «➕ Добавить полис» (other text: the fallback).
    on_list = StateFilter(None), F.text & ~F.text.startswith("/"), NumberOnList()
    router.message.register(steps.number_on_list, *on_list, SignedUp())
    # Elsewhere a number is not looked up (it may mean something else there): where to add it.
    elsewhere = StateFilter(None), F.text & ~F.text.startswith("/"), LooksLikeNumber()
    router.message.register(steps.number_elsewhere, *elsewhere, SignedUp())

    press = router.callback_query.register
    press(buttons.show_list, PolicyAction.filter(F.action == Action.LIST), MemberPress())
    press(buttons.add, PolicyAction.filter(F.action == Action.ADD), MemberPress())
    press(buttons.show_card, PolicyAction.filter(F.action == Action.CARD), MemberPress(), Held())
    press(
        buttons.show_program, PolicyAction.filter(F.action == Action.PROGRAM), MemberPress(), Held()
    )
    press(
        buttons.show_services,
        PolicyAction.filter(F.action == Action.SERVICES),
        MemberPress(),
        Held(),
    )
    press(buttons.turn_page, PolicyAction.filter(F.action == Action.PAGE), MemberPress(), Held())
    press(buttons.send_copies, PolicyAction.filter(F.action == Action.PDF), MemberPress(), Held())
    # Not signed up, on a message gone, or a policy not theirs (an unknown action is no
    # PolicyAction at all: it gets the same answer from the fallback).
    press(buttons.stale, PolicyAction.filter())
    dialogue = Dialogue(
        states=PolicyLink,
        title_key="policies-title",
        begin=steps.ask_number,
        prompts={PolicyLink.number: steps.ask_number},
        buttons=frozenset({PolicyAction.__prefix__}),
    )
    return Feature(
        name="policies",
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        card_exemptions=[exempt_known_policy_numbers],
        intents={Intent.ADD_POLICY: lambda ref: PolicyAction(action=Action.ADD).pack()},
        entries={
            POLICIES_BEGIN: steps.begin_section,
            POLICY_NOT_LINKED: steps.tell_why_not_linked,
            POLICY_NUMBER_AGAIN: steps.ask_again,
        },
    )
