"""The booking's buttons, one handler per `Action` (the middleware has checked the presser has a
profile: context.py). A button of a booking left or finished, or one naming what was not
offered, gets «booking-stale»."""

from __future__ import annotations

from datetime import date

from aiogram.types import CallbackQuery

from bot.common.formats import day as day_text
from bot.features.booking.booked import confirm, tell_booked
from bot.features.booking.callbacks import BookAction
from bot.features.booking.context import Booker
from bot.features.booking.dialogue import BookingData
from bot.features.booking.flow import (
    begin,
    choose_clinic,
    choose_doctor,
    choose_specialty,
    free_slot_of,
    show_clinics,
    show_days,
    show_summary,
    show_times,
    the_clinic,
)
from bot.features.booking.states import BookingFlow
from storage.models import Clinic


async def stale(callback: CallbackQuery, booker: Booker) -> None:
    """Say so; and, outside any dialogue, offer a fresh start (never over another dialogue)."""
    await callback.answer(booker._("booking-stale"), show_alert=True)
    if await booker.state.get_state() is None:
        await begin(booker)


async def clinic_or_stale(callback: CallbackQuery, booker: Booker) -> Clinic | None:
    """The clinic of the booking under way; without one, the stale answer."""
    clinic = await the_clinic(booker)
    if clinic is None:
        await stale(callback, booker)
    return clinic


async def doctor_chosen(callback: CallbackQuery, booker: Booker) -> Clinic | None:
    """The clinic, when the booking under way has come as far as a doctor (the calendar's and the
    times' buttons); else the stale answer."""
    clinic = await clinic_or_stale(callback, booker)
    if clinic is None:
        return None
    if (await BookingData.load(booker.state)).doctor is None:
        await stale(callback, booker)
        return None
    return clinic


async def on_unknown(callback: CallbackQuery, booker: Booker) -> None:
    """An action that is not an `Action` (an old button, or forged)."""
    await stale(callback, booker)


async def on_empty_cell(callback: CallbackQuery, booker: Booker) -> None:
    """A weekday, a month's name, a day without free time."""
    await callback.answer(booker._("booking-cell-empty"))


async def on_clinic(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    """A clinic of the list, or «Записаться» on a clinic's card (another feature's)."""
    if not await choose_clinic(booker, callback_data.clinic):
        await callback.answer(booker._("clinics-not-covered"), show_alert=True)
        return
    await callback.answer()


async def on_clinics_page(
    callback: CallbackQuery, callback_data: BookAction, booker: Booker
) -> None:
    if await booker.state.get_state() != BookingFlow.clinic.state:
        await stale(callback, booker)
        return
    await callback.answer()
    await show_clinics(booker, page=callback_data.n, edit=True)


async def on_specialty(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    if (chosen := await clinic_or_stale(callback, booker)) is None:
        return
    offered = (await BookingData.load(booker.state)).specialties
    if not 0 <= callback_data.n < len(offered):
        await stale(callback, booker)
        return
    await callback.answer()
    await choose_specialty(booker, chosen, offered[callback_data.n])


async def on_specialties(callback: CallbackQuery, booker: Booker) -> None:
    """«Другая специальность»: the clinic's specialties again."""
    if (chosen := await clinic_or_stale(callback, booker)) is None:
        return
    await callback.answer()
    await choose_clinic(booker, chosen.id)


async def on_doctor(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    if (chosen := await clinic_or_stale(callback, booker)) is None:
        return
    offered = (await BookingData.load(booker.state)).doctors
    if not 0 <= callback_data.n < len(offered):
        await stale(callback, booker)
        return
    await callback.answer()
    await choose_doctor(booker, chosen, offered[callback_data.n])


async def on_days(callback: CallbackQuery, booker: Booker) -> None:
    """«Другой день», «Другое время»: the calendar again."""
    if (chosen := await doctor_chosen(callback, booker)) is None:
        return
    await callback.answer()
    await show_days(booker, chosen)


async def bookable_day(
    callback: CallbackQuery, callback_data: BookAction, booker: Booker, chosen: Clinic
) -> date | None:
    """The button's day (or month), when it is within the bookable ones; else the stale answer."""
    first, last = booker.booking.bookable_days(chosen)
    try:
        on = date.fromisoformat(callback_data.on)
    except ValueError:
        on = None
    if on is None or not first.replace(day=1) <= on <= last:
        await stale(callback, booker)
        return None
    return on


async def on_month(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    """The calendar turned."""
    if (chosen := await doctor_chosen(callback, booker)) is None:
        return
    if (on := await bookable_day(callback, callback_data, booker, chosen)) is None:
        return
    await callback.answer()
    await show_days(booker, chosen, month=on, edit=True)


async def on_day(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    if (chosen := await doctor_chosen(callback, booker)) is None:
        return
    if (on := await bookable_day(callback, callback_data, booker, chosen)) is None:
        return
    if await show_times(booker, chosen, on):
        await callback.answer()
        return
    await callback.answer(
        booker._("booking-day-full", date=day_text(booker._, on)), show_alert=True
    )
    await show_days(booker, chosen)


async def on_time(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    if (chosen := await doctor_chosen(callback, booker)) is None:
        return
    slot = await free_slot_of(booker, chosen, callback_data.slot)
    if slot is not None:
        await callback.answer()
        await show_summary(booker, chosen, slot)
        return
    await callback.answer(booker._("booking-taken-short"), show_alert=True)
    taken = (await BookingData.load(booker.state)).chosen_day
    if taken is not None and not await show_times(booker, chosen, taken):
        await show_days(booker, chosen)


async def on_confirm(callback: CallbackQuery, callback_data: BookAction, booker: Booker) -> None:
    if await booker.state.get_state() != BookingFlow.summary.state:
        # Pressed again once the visit was booked (a double tap, or the update Telegram sent
        # again after a crash took the first answer): show the visit, not a stale button.
        held = await booker.booking.holding(booker.profile, callback_data.slot)
        if held is not None:
            await callback.answer()
            visit, slot, clinic_of_visit = held
            whom = await booker.family.patient_of_policy(booker.profile, visit.policy_id)
            if whom is not None:
                await tell_booked(booker, clinic_of_visit, slot, visit, whom)
                return
    if (chosen := await doctor_chosen(callback, booker)) is None:
        return
    in_summary = await booker.state.get_state() == BookingFlow.summary.state
    if (await BookingData.load(booker.state)).slot is None or not in_summary:
        await stale(callback, booker)
        return
    await callback.answer()
    await confirm(booker, chosen)
