"""«🗓 Записаться» and «📅 Мои записи» (flow 5): clinic → specialty → doctor → day (a calendar of
free days) → time → summary → «Подтвердить»; the person's visits, cancelled (after a question)
or moved to another time. Every step takes its button (buttons.py) or typed text (steps.py).
Buttons naming a clinic, a slot or a visit are checked against the person on every press; the
confirmation itself (booked.py) is `Booking.book`, atomic: when someone else confirmed the time
first, the day's other times. The screens both show are flow.py, «Мои записи» visits.py."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.entries import BOOKING_AT_CLINIC, BOOKING_BEGIN, VISITS_BEGIN
from bot.features import Feature, MenuSection
from bot.features.booking import buttons, steps, visits
from bot.features.booking.callbacks import (
    Action,
    AnyBookButton,
    AnyVisitButton,
    BookAction,
    OnVisit,
    VisitAction,
)
from bot.features.booking.context import Bookers, outside
from bot.features.booking.flow import at_clinic
from bot.features.booking.states import BookingFlow
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent

SECTION = MenuSection("menu-booking", "help-section-booking", order=120, audience="members")
VISITS = MenuSection("menu-visits", "help-section-visits", order=130, audience="members")


def feature() -> Feature:
    router = Router(name="booking")
    private_only(router)
    router.message.middleware(Bookers())
    router.callback_query.middleware(Bookers())

    message = router.message.register
    typed = F.text & ~F.text.startswith("/")
    message(steps.book, Command("book"))
    message(steps.book, StateFilter(None), ButtonText(SECTION.key))
    message(visits.visits, Command("visits"))
    message(visits.visits, StateFilter(None), ButtonText(VISITS.key))
    message(steps.on_clinic, StateFilter(BookingFlow.clinic), F.location | typed)
    message(steps.on_specialty, StateFilter(BookingFlow.specialty), typed)
    message(steps.on_doctor, StateFilter(BookingFlow.doctor), typed)
    message(steps.on_day, StateFilter(BookingFlow.day), typed)
    message(steps.on_time, StateFilter(BookingFlow.time), typed)
    message(steps.on_summary, StateFilter(BookingFlow.summary), typed)

    button = router.callback_query.register
    button(buttons.on_empty_cell, BookAction.filter(F.action == Action.NONE))
    button(buttons.on_clinic, BookAction.filter(F.action == Action.CLINIC))
    button(buttons.on_clinics_page, BookAction.filter(F.action == Action.CLINICS))
    button(buttons.on_specialty, BookAction.filter(F.action == Action.SPECIALTY))
    button(buttons.on_specialties, BookAction.filter(F.action == Action.SPECIALTIES))
    button(buttons.on_doctor, BookAction.filter(F.action == Action.DOCTOR))
    button(buttons.on_days, BookAction.filter(F.action == Action.DAYS))
    button(buttons.on_month, BookAction.filter(F.action == Action.MONTH))
    button(buttons.on_day, BookAction.filter(F.action == Action.DAY))
    button(buttons.on_time, BookAction.filter(F.action == Action.TIME))
    button(buttons.on_confirm, BookAction.filter(F.action == Action.CONFIRM))
    button(buttons.on_unknown, AnyBookButton.filter())  # last: an action not in Action
    button(visits.on_list, VisitAction.filter(F.action == OnVisit.LIST))
    button(visits.on_past, VisitAction.filter(F.action == OnVisit.PAST))
    button(visits.on_cancel, VisitAction.filter(F.action == OnVisit.CANCEL))
    button(visits.on_cancelled, VisitAction.filter(F.action == OnVisit.CANCELLED))
    button(visits.on_move, VisitAction.filter(F.action == OnVisit.MOVE))
    button(visits.on_unknown, AnyVisitButton.filter())  # last: an action not in OnVisit

    dialogue = Dialogue(
        states=BookingFlow,
        title_key="booking-title",
        begin=outside(steps.book),
        prompts={
            BookingFlow.clinic: outside(steps.clinic_again),
            BookingFlow.specialty: outside(steps.specialty_again),
            BookingFlow.doctor: outside(steps.doctor_again),
            BookingFlow.day: outside(steps.day_again),
            BookingFlow.time: outside(steps.time_again),
            BookingFlow.summary: outside(steps.summary_again),
        },
        buttons=frozenset({BookAction.__prefix__, VisitAction.__prefix__}),
    )
    return Feature(
        entries={
            BOOKING_BEGIN: outside(steps.book),
            BOOKING_AT_CLINIC: outside(at_clinic),
            VISITS_BEGIN: outside(visits.visits),
        },
        name="booking",
        router=router,
        menu=[SECTION, VISITS],
        dialogues=[dialogue],
        intents={
            Intent.BOOK_AT_CLINIC: lambda ref: BookAction(action=Action.CLINIC, clinic=ref).pack(),
            Intent.CANCEL_VISIT: lambda ref: VisitAction(action=OnVisit.CANCEL, visit=ref).pack(),
            Intent.MOVE_VISIT: lambda ref: VisitAction(action=OnVisit.MOVE, visit=ref).pack(),
        },
    )
