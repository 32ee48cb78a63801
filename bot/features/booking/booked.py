"""«Подтвердить»: the visit booked (or moved), or why not; and what the person is shown once it
is: the visit and its calendar file."""

from __future__ import annotations

from aiogram.types import BufferedInputFile

from bot.common.formats import day
from bot.common.screens import show_main_menu
from bot.features.booking.context import Booker
from bot.features.booking.dialogue import BookingData
from bot.features.booking.flow import kept_whom, show_days, show_not_ready, show_times
from bot.features.booking.views import visit_details
from bot.features.family.whom import patient_line
from core.booking import NotReady, Outcome
from core.family import Patient
from storage.models import Appointment, Clinic, Slot


async def confirm(booker: Booker, clinic: Clinic) -> None:
    """`Booking.book`, atomic: when someone else confirmed the time first, the day's other
    times."""
    _, booking, state = booker._, booker.booking, booker.state
    if (whom := await kept_whom(booker)) is None:
        return
    data = await BookingData.load(state)
    assert data.slot is not None
    replacing = None
    if data.replacing:
        replacing = await booking.owned(booker.profile, data.replacing)
        if replacing is None or replacing.status != "confirmed":
            await state.clear()
            await show_main_menu(booker.message, _, booker.menu, _("visit-gone"))
            return
    result = await booking.book(booker.profile, data.slot, replacing=replacing, patient=whom)
    slot = await booking.slot(data.slot)
    if result.outcome is Outcome.BOOKED and result.visit is not None and slot is not None:
        await state.clear()
        await booking.tell_clinic(result.visit, "moved" if replacing else "new")
        await tell_booked(booker, clinic, slot, result.visit, whom, moved=bool(replacing))
    elif result.outcome is Outcome.TAKEN:
        taken = data.chosen_day
        assert taken is not None
        lead = _("booking-taken", date=day(_, taken)) + "\n\n"
        if not await show_times(booker, clinic, taken, lead=lead):
            await booker.message.answer(_("booking-taken-day-full"))
            await show_days(booker, clinic)
    elif result.outcome in {Outcome.OVERLAP, Outcome.GONE}:
        await booker.message.answer(_(f"booking-{result.outcome}"))
        await show_days(booker, clinic)
    elif result.policy is not None and result.gate is not None:
        # Its franchise not ready: checked at the first step, and here again (the card may have
        # been unbound meanwhile).
        await state.clear()
        await show_not_ready(booker, NotReady(result.policy, result.gate))
    else:  # the limit, or no policy in force on that day
        await state.clear()
        await show_main_menu(booker.message, _, booker.menu, _(f"booking-{result.outcome}"))


async def tell_booked(
    booker: Booker,
    clinic: Clinic,
    slot: Slot,
    visit: Appointment,
    whom: Patient,
    *,
    moved: bool = False,
) -> None:
    """The booked visit: for whom (a family member), what, where and when, with the main menu,
    and its .ics file."""
    _, booking = booker._, booker.booking
    said = visit_details(_, clinic, slot, booking.local(slot, clinic))
    text = patient_line(_, whom) + _("booking-moved" if moved else "booking-booked", **said)
    await show_main_menu(booker.message, _, booker.menu, text)
    # A move updates the event the first file added (the same UID, a higher SEQUENCE).
    calendar = booking.calendar
    await booker.message.answer_document(
        BufferedInputFile(calendar.content(_, visit, slot, clinic), calendar.filename(visit)),
        caption=_("booking-ics-moved-caption" if moved else "booking-ics-caption"),
    )
