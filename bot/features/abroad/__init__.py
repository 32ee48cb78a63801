"""«🆘 Помощь за рубежом» and /sos: whom to call abroad for each ВЗР policy in force, and a case
sent to the desk at once with where the person is (section.py, steps.py); the operators' side on
the desk (desk.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.operators import InDesk, OperatorsOnly
from bot.features import Feature, Job
from bot.features.abroad import desk, section, steps
from bot.features.abroad.callbacks import AbroadPolicy, DeskAbroadAction, DeskAction, on_desk
from bot.features.abroad.jobs import DESK_EVERY, desk_work
from bot.features.abroad.states import AbroadFlow
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent


def feature() -> Feature:
    router = Router(name="abroad")
    router.include_routers(person_router(), desk_router())
    dialogue = Dialogue(
        states=AbroadFlow,
        title_key="abroad-title-short",
        begin=section.show_section,
        prompts={step: section.reprompt for step in AbroadFlow.__all_states__},
        # What happened, and what is added later: a card number in it is masked, not refused.
        free_text=frozenset({AbroadFlow.text, AbroadFlow.case}),
        browsing=True,
    )
    return Feature(
        name="abroad",
        router=router,
        menu=[section.SECTION],
        dialogues=[dialogue],
        intents={
            Intent.DESK_TAKE_ABROAD: lambda ref: on_desk(DeskAction.TAKE, ref),
            Intent.DESK_CLOSE_ABROAD: lambda ref: on_desk(DeskAction.CLOSE, ref),
        },
        jobs=[Job("abroad-desk", DESK_EVERY, desk_work)],
    )


def person_router() -> Router:
    person = private_only(Router(name="abroad-person"))
    on = person.message.register
    on(section.show_section, Command("sos"))
    on(section.show_section, StateFilter(None), ButtonText(section.SECTION.key))
    text = F.text & ~F.text.startswith("/")
    where, what = StateFilter(AbroadFlow.location), StateFilter(AbroadFlow.text)
    case = StateFilter(AbroadFlow.case)
    on(steps.on_policy_typed, StateFilter(AbroadFlow.choose), text)
    on(steps.on_location, where, F.location)
    on(steps.on_location, what, F.location)
    on(steps.on_place_typed, where, text)
    on(steps.on_text, what, text)
    on(steps.on_case_location, case, F.location)
    on(steps.on_case_text, case, text)
    on(steps.unexpected, StateFilter(AbroadFlow), ~F.text.startswith("/"))
    person.callback_query.register(steps.on_policy_pressed, AbroadPolicy.filter())
    return person


def desk_router() -> Router:
    router = Router(name="abroad-desk")
    router.message.filter(InDesk())
    router.callback_query.middleware(OperatorsOnly())
    act = router.callback_query.register
    decisions = F.action.in_({DeskAction.TAKE, DeskAction.CLOSE})
    act(desk.decide, DeskAbroadAction.filter(decisions))
    act(desk.stale, DeskAbroadAction.filter())
    return router
