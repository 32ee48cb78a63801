"""«✉️ Обращения»: a person's complaints and thanks (flow.py, section.py, steps.py, buttons.py),
the operators' side on the desk (desk.py), the job that posts and escalates (jobs.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.entries import TICKETS_BEGIN
from bot.common.operators import InDesk, IsOperator, OperatorsOnly
from bot.features import Feature, Job
from bot.features.tickets import buttons, desk, section, steps
from bot.features.tickets.callbacks import (
    STEP_ACTIONS,
    Action,
    DeskAction,
    DeskTicketAction,
    TicketAction,
    on_desk,
    open_ticket,
)
from bot.features.tickets.filer import Filers, MemberPresses
from bot.features.tickets.jobs import DESK_EVERY, desk_work
from bot.features.tickets.states import TicketFlow
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent
from core.tickets import KINDS


def feature() -> Feature:
    router = Router(name="tickets")
    router.include_routers(person_router(), desk_router())
    dialogue = Dialogue(
        states=TicketFlow,
        title_key="tickets-title",
        begin=section.restart,
        prompts={step: section.reprompt for step in TicketFlow.__all_states__},
        free_text=frozenset({TicketFlow.text, TicketFlow.follow_up}),
        buttons=frozenset(f"{TicketAction.__prefix__}:{action}" for action in STEP_ACTIONS),
    )
    return Feature(
        entries={TICKETS_BEGIN: section.whom_chosen},
        name="tickets",
        intents={
            Intent.OPEN_TICKET: open_ticket,
            Intent.DESK_TAKE_TICKET: lambda ref: on_desk(DeskAction.TAKE, ref),
            Intent.DESK_ANSWER_TICKET: lambda ref: on_desk(DeskAction.ANSWER, ref),
            Intent.DESK_CLOSE_TICKET: lambda ref: on_desk(DeskAction.CLOSE, ref),
        },
        router=router,
        menu=[section.SECTION],
        dialogues=[dialogue],
        jobs=[Job("tickets-desk", DESK_EVERY, desk_work)],
    )


def person_router() -> Router:
    person = private_only(Router(name="tickets-person"))
    person.message.middleware(Filers())
    person.callback_query.middleware(Filers())
    text = F.text & ~F.text.startswith("/")
    on = person.message.register
    on(section.show_section, Command("tickets"))
    on(section.show_section, StateFilter(None), ButtonText(section.SECTION.key))
    on(section.show_mine, StateFilter(None), ButtonText("tickets-mine"))
    for key in ("tickets-complain", "tickets-thank"):
        on(section.begin_typed, StateFilter(None), ButtonText(key))

    clinic, photos = StateFilter(TicketFlow.clinic), StateFilter(TicketFlow.photos)
    summary = StateFilter(TicketFlow.summary)
    on(steps.no_clinic_typed, clinic, text, ButtonText("tickets-no-clinic"))
    on(steps.on_clinic_typed, clinic, text)
    on(steps.on_text, StateFilter(TicketFlow.text), text | F.photo | F.document)
    on(steps.on_photo, photos, ~F.text)
    for key in ("tickets-done", "tickets-no-photos"):
        on(steps.photos_done_typed, photos, text, ButtonText(key))
    on(steps.photos_expected, photos, text)
    on(steps.send_typed, summary, text, ButtonText("tickets-send"))
    on(steps.edit_typed, summary, text, ButtonText("tickets-edit-text"))
    on(steps.cancel_typed, summary, text, ButtonText("tickets-cancel"))
    on(steps.summary_expected, summary, text)
    on(steps.on_follow_up, StateFilter(TicketFlow.follow_up), text | F.photo | F.document)

    pressed = Router(name="tickets-buttons")
    pressed.callback_query.middleware(MemberPresses())
    pressed.callback_query.middleware(desk.DeskPosts())  # «Вопрос решён» updates the post
    press = pressed.callback_query.register
    press(buttons.begin_kind, TicketAction.filter(F.action.in_(KINDS)))
    press(buttons.clinic, TicketAction.filter(F.action == Action.CLINIC), clinic)
    press(buttons.no_clinic, TicketAction.filter(F.action == Action.NO_CLINIC), clinic)
    press(buttons.photos_done, TicketAction.filter(F.action == Action.DONE), photos)
    press(buttons.send_pressed, TicketAction.filter(F.action == Action.SEND), summary)
    press(buttons.edit, TicketAction.filter(F.action == Action.EDIT), summary)
    press(buttons.cancel_pressed, TicketAction.filter(F.action == Action.CANCEL), summary)
    press(buttons.show_mine, TicketAction.filter(F.action == Action.LIST))
    press(buttons.turn_page, TicketAction.filter(F.action == Action.PAGE))
    press(buttons.open_thread, TicketAction.filter(F.action == Action.OPEN))
    press(buttons.write, TicketAction.filter(F.action == Action.WRITE))
    press(buttons.solved, TicketAction.filter(F.action == Action.SOLVED))
    # An action not known here: stale, once the presser is known to have a profile.
    press(buttons.stale, TicketAction.filter(~F.action.in_(STEP_ACTIONS)))
    # A step's button in another step: stale, whoever presses it.
    stale = Router(name="tickets-stale-buttons")
    stale.callback_query.register(buttons.stale, TicketAction.filter())
    person.include_routers(pressed, stale)
    return person


def desk_router() -> Router:
    router = Router(name="tickets-desk")
    router.message.filter(InDesk())
    router.message.middleware(desk.DeskPosts())
    router.callback_query.middleware(OperatorsOnly())
    router.callback_query.middleware(desk.DeskPosts())
    act = router.callback_query.register
    act(desk.take, DeskTicketAction.filter(F.action == DeskAction.TAKE))
    act(desk.answer, DeskTicketAction.filter(F.action == DeskAction.ANSWER))
    act(desk.close, DeskTicketAction.filter(F.action == DeskAction.CLOSE))
    act(desk.stale, DeskTicketAction.filter())
    router.message.register(desk.on_answer, desk.TicketReply(), IsOperator())
    router.message.register(desk.not_operator, desk.TicketReply())
    router.message.register(desk.among_themselves, desk.TicketReply(named=False))
    return router
