"""The family (core/family.py): «Для кого?», asked by every section about a person when the
account has family members (whom.py); «👨‍👩‍👧 Семья», the members on the account's policies
(section.py), and adding one (adding.py); children told when they turn 18 (jobs.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.entries import FAMILY_NUMBER_AGAIN
from bot.common.profile import MemberPress, SignedUp
from bot.features import Feature, Job
from bot.features.family import adding, section, whom
from bot.features.family.callbacks import Action, FamilyAction, WhomPick
from bot.features.family.jobs import ADULTS_EVERY, tell_adults
from bot.features.family.states import FamilyAdd, WhomFlow
from bot.features.policies.exemptions import known_policy_numbers_at
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue


def section_router() -> Router:
    """«👨‍👩‍👧 Семья» and adding a member."""
    router = private_only(Router(name="family-section"))
    menu_button = StateFilter(None), ButtonText(section.SECTION.key)
    router.message.register(section.show, Command("family"), SignedUp())
    router.message.register(section.offer_signup_first, Command("family"))
    router.message.register(section.show, *menu_button, SignedUp())
    router.message.register(section.offer_signup_first, *menu_button)
    # «➕ Добавить члена семьи» typed begins as the button does.
    router.message.register(adding.ask_number, StateFilter(None), ButtonText("family-add"))
    typed = F.text & ~F.text.startswith("/")
    router.message.register(adding.on_number, StateFilter(FamilyAdd.number), typed, SignedUp())
    router.message.register(
        adding.on_relation_typed, StateFilter(FamilyAdd.relation), typed, SignedUp()
    )
    router.message.register(adding.profile_gone, StateFilter(*FamilyAdd.__all_states__), typed)
    press = router.callback_query.register
    press(adding.add, FamilyAction.filter(F.action == Action.ADD), MemberPress())
    press(
        adding.relation_pressed,
        FamilyAction.filter(F.action == Action.RELATION),
        StateFilter(FamilyAdd.relation),
        MemberPress(),
    )
    press(adding.stale, FamilyAction.filter())  # another step's, a message gone, no profile
    return router


def feature() -> Feature:
    router = private_only(Router(name="family"))
    typed = F.text & ~F.text.startswith("/")
    router.message.register(whom.on_typed, StateFilter(WhomFlow.choose), typed, SignedUp())
    router.callback_query.register(whom.on_pressed, WhomPick.filter(), MemberPress())
    router.include_router(section_router())
    dialogue = Dialogue(
        states=WhomFlow,
        title_key="family-whom-title",
        begin=whom.begin_again,
        prompts={WhomFlow.choose: whom.ask_again},
        buttons=frozenset({WhomPick.__prefix__}),
        browsing=True,
    )
    adding_dialogue = Dialogue(
        states=FamilyAdd,
        title_key="family-add-title",
        begin=adding.ask_number,
        prompts={FamilyAdd.number: adding.ask_number, FamilyAdd.relation: adding.ask_relation},
        buttons=frozenset({FamilyAction.__prefix__}),
    )
    return Feature(
        name="family",
        router=router,
        menu=[section.SECTION],
        dialogues=[dialogue, adding_dialogue],
        card_exemptions=[known_policy_numbers_at(FamilyAdd.number)],
        jobs=[Job("family-adults", ADULTS_EVERY, tell_adults)],
        entries={FAMILY_NUMBER_AGAIN: adding.ask_again},
    )
