"""«🏥 Клиники рядом» (flow 4): «Для кого?» (the family), then the nearest clinics of that
person's programmes to a shared location, a point on the map or a saved place, five at a time,
with a specialty filter; a search by part of a name or address; a clinic's venue pin, card and
route links («Записаться» books for the same person); saved places; «🗺 На карте», the clinics
map (a Mini App, bot/miniapp.py), opened where the list was."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.entries import CLINICS_AT_PLACE, CLINICS_BEGIN
from bot.common.profile import MemberPress
from bot.features import Feature, Job, MenuSection
from bot.features.clinics import buttons, steps
from bot.features.clinics.callbacks import Action, ClinicAction, act
from bot.features.clinics.jobs import LAST_PLACES_EVERY, forget_last_places
from bot.features.clinics.states import ClinicsFlow
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.clinics import PLACES
from core.notifications import Intent

SECTION = MenuSection("menu-clinics", "help-section-clinics", order=110, audience="members")


def feature() -> Feature:
    router = Router(name="clinics")
    private_only(router)
    nearby = StateFilter(ClinicsFlow.nearby)
    router.message.register(steps.open_section, Command("clinics"))
    router.message.register(steps.open_section, StateFilter(None), ButtonText(SECTION.key))
    router.message.register(steps.location_outside, StateFilter(None), F.location)
    router.message.register(steps.location, nearby, F.location)
    router.message.register(steps.leave, nearby, ButtonText("clinics-back"))
    router.message.register(steps.places, nearby, ButtonText("clinics-places"))
    router.message.register(steps.place_button, nearby, ButtonText("clinics-home"))
    router.message.register(steps.place_button, nearby, ButtonText("clinics-work"))
    router.message.register(steps.text, nearby, F.text & ~F.text.startswith("/"))

    press = router.callback_query.register
    member = MemberPress()
    place = F.place.in_(PLACES)
    press(buttons.card, ClinicAction.filter(F.action == Action.CARD), member)
    press(buttons.open_section, ClinicAction.filter(F.action == Action.OPEN), member)
    press(buttons.show_place, ClinicAction.filter((F.action == Action.SHOW) & place), member)
    press(buttons.forget_place, ClinicAction.filter((F.action == Action.FORGET) & place), member)
    # On the search kept in the section: gone once the person left it.
    press(buttons.turn_near, ClinicAction.filter(F.action == Action.NEAR), nearby, member)
    press(buttons.turn_by_name, ClinicAction.filter(F.action == Action.NAME), nearby, member)
    press(buttons.geocode, ClinicAction.filter(F.action == Action.GEOCODE), nearby, member)
    press(buttons.choose_specialty, ClinicAction.filter(F.action == Action.FILTER), nearby, member)
    press(buttons.filter_by, ClinicAction.filter(F.action == Action.SPECIALTY), nearby, member)
    press(
        buttons.save_place, ClinicAction.filter((F.action == Action.SAVE) & place), nearby, member
    )
    press(buttons.stale, ClinicAction.filter())

    dialogue = Dialogue(
        states=ClinicsFlow,
        title_key="clinics-title",
        begin=steps.open_section,
        prompts={ClinicsFlow.nearby: steps.show_again},
        browsing=True,
    )
    return Feature(
        entries={CLINICS_BEGIN: steps.open_section, CLINICS_AT_PLACE: steps.at_place},
        name="clinics",
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        intents={Intent.OPEN_CLINICS: lambda ref: act(Action.OPEN)},
        jobs=[Job("clinics-last-places", LAST_PLACES_EVERY, forget_last_places)],
    )
