"""«👤 Профиль»: the person's own data (document masked; in full after the PIN, audited), the PIN,
the time zone, and their rights: a copy of all their data, and erasure (withdrawing consent).

With a PIN set, the full document, the export (it holds the document's number), erasure and a new
e-mail or phone ask it first (bot/pin.py), in one PIN step that remembers which of them follows
(after_pin.py).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.profile import MemberPress
from bot.features import Feature, MenuSection
from bot.features.profile import buttons, steps
from bot.features.profile.callbacks import Action, ProfileAction, pressed
from bot.features.profile.screens import PROMPTS, show_profile
from bot.features.profile.states import ProfileSteps
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.signup import EDITABLE_FIELDS

SECTION = MenuSection("menu-profile", "help-section-profile", order=800, audience="members")


def feature() -> Feature:
    router = Router(name="profile")
    private_only(router)
    router.message.register(show_profile, Command("profile"))
    router.message.register(show_profile, StateFilter(None), ButtonText(SECTION.key))

    own = MemberPress()
    press = router.callback_query.register
    for guarded in (Action.DOCUMENT, Action.EXPORT, Action.ERASE):
        press(buttons.behind_pin, pressed(guarded), own)
    press(buttons.choose_pin, pressed(Action.PIN), own)
    for change in (Action.PIN_CHANGE, Action.PIN_REMOVE):
        press(buttons.change_pin, pressed(change), own)
    press(buttons.choose_field, pressed(Action.EDIT), own)
    editable = (F.action == Action.EDIT_FIELD) & F.value.in_(EDITABLE_FIELDS)
    press(buttons.edit_field, ProfileAction.filter(editable), own)
    press(buttons.choose_language, pressed(Action.LANGUAGE), own)
    press(buttons.choose_zone, pressed(Action.ZONE), own)
    press(buttons.zone_chosen, pressed(Action.ZONE_SET), own)
    in_erase = StateFilter(ProfileSteps.erase)
    press(buttons.erase_confirmed, pressed(Action.ERASE_YES), in_erase, own)
    press(buttons.erase_declined, pressed(Action.ERASE_NO), in_erase, own)
    press(buttons.stale, ProfileAction.filter())

    text = F.text & ~F.text.startswith("/")
    router.message.register(steps.on_pin, StateFilter(ProfileSteps.pin), text)
    router.message.register(steps.on_pin_new, StateFilter(ProfileSteps.pin_new), text)
    router.message.register(steps.on_pin_repeat, StateFilter(ProfileSteps.pin_repeat), text)
    router.message.register(steps.on_zone, StateFilter(ProfileSteps.time_zone), text)
    router.message.register(steps.on_erase, StateFilter(ProfileSteps.erase), text)
    dialogue = Dialogue(
        states=ProfileSteps,
        title_key="profile-title",
        begin=show_profile,
        prompts=PROMPTS,
        buttons=frozenset(
            f"{ProfileAction.__prefix__}:{action}"
            for action in (Action.ERASE_YES, Action.ERASE_NO, Action.ZONE_SET)
        ),
    )
    return Feature(name="profile", router=router, menu=[SECTION], dialogues=[dialogue])
