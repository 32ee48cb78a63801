"""The typed answers, one handler per step (every step also has its buttons: buttons.py), and
each step shown again (/start → «Продолжить», or an answer the step cannot read)."""

from __future__ import annotations

from aiogram.types import Message

from bot.common.formats import day as day_text
from bot.features.booking import keyboards
from bot.features.booking.answers import pick, typed_day, typed_time
from bot.features.booking.booked import confirm
from bot.features.booking.context import Booker
from bot.features.booking.dialogue import BookingData
from bot.features.booking.flow import (
    begin,
    calendar,
    choose_clinic,
    choose_doctor,
    choose_specialty,
    free_slot_of,
    free_slots,
    show_clinics,
    show_days,
    show_summary,
    show_times,
    the_clinic_or_restart,
    times_again,
)
from core.specialties import specialty_named
from core.typed import means_correct


async def book(message: Message, booker: Booker) -> None:
    """/book, «🗓 Записаться», «Начать заново»."""
    await begin(booker)


async def on_clinic(message: Message, booker: Booker) -> None:
    """A location (nearest first) or part of a clinic's name."""
    data = await BookingData.load(booker.state)
    if message.location is not None:
        data.lat, data.lon, data.query = message.location.latitude, message.location.longitude, None
    else:
        query = " ".join((message.text or "").split())
        if sum(ch.isalnum() for ch in query) < 2:
            await message.answer(booker._("clinics-query-short", letters=2))
            await show_clinics(booker, page=0, edit=False)  # the list the step offers, again
            return
        data.query = query
    await data.save(booker.state)
    await show_clinics(booker, page=0, edit=False)


async def on_specialty(message: Message, booker: Booker) -> None:
    if (clinic := await the_clinic_or_restart(booker)) is None:
        return
    offered = (await BookingData.load(booker.state)).specialties
    name = pick(offered, message.text) or specialty_named(offered, message.text)
    if name is None:
        keyboard = keyboards.specialties(booker._, offered)
        await message.answer(booker._("booking-bad-choice"), reply_markup=keyboard)
        return
    await choose_specialty(booker, clinic, name)


async def on_doctor(message: Message, booker: Booker) -> None:
    """A doctor's name (or its start), or «другая специальность»."""
    if (clinic := await the_clinic_or_restart(booker)) is None:
        return
    data = await BookingData.load(booker.state)
    other = len(data.specialties) > 1
    if other and booker._.catalogue.matches("booking-other-specialty", message.text):
        await choose_clinic(booker, clinic.id)
        return
    doctor = pick(data.doctors, message.text)
    if doctor is None:
        keyboard = keyboards.doctors(booker._, data.doctors, other_specialty=other)
        await message.answer(booker._("booking-bad-choice"), reply_markup=keyboard)
        return
    await choose_doctor(booker, clinic, doctor)


async def on_day(message: Message, booker: Booker) -> None:
    """25.11, 25.11.2026, 25/11/26."""
    if (clinic := await the_clinic_or_restart(booker)) is None:
        return
    day = typed_day(message.text, booker.booking.bookable_days(clinic)[0])
    if day is None:
        await message.answer(
            booker._("booking-bad-day"), reply_markup=await calendar(booker, clinic)
        )
    elif not await show_times(booker, clinic, day):
        said = booker._("booking-day-full", date=day_text(booker._, day))
        await message.answer(said, reply_markup=await calendar(booker, clinic))


async def on_time(message: Message, booker: Booker) -> None:
    """11:00, 9.30: one of the day's free times."""
    if (clinic := await the_clinic_or_restart(booker)) is None:
        return
    wanted = typed_time(message.text)
    day = (await BookingData.load(booker.state)).chosen_day
    assert day is not None  # the time step follows a day
    free = await free_slots(booker, clinic, day)
    local = [(slot, booker.booking.local(slot, clinic)) for slot in free]
    slot = next((s for s, at in local if wanted == (at.hour, at.minute)), None)
    if slot is None:
        keyboard = keyboards.times(booker._, [(s.id, at) for s, at in local])
        await message.answer(booker._("booking-bad-time"), reply_markup=keyboard)
        return
    await show_summary(booker, clinic, slot)


async def on_summary(message: Message, booker: Booker) -> None:
    """«Подтвердить», typed, or «да»."""
    if (clinic := await the_clinic_or_restart(booker)) is None:
        return
    catalogue = booker._.catalogue
    text = message.text
    if not (catalogue.matches("booking-confirm", text) or means_correct(text)):
        slot = (await BookingData.load(booker.state)).slot or 0
        keyboard = keyboards.summary(booker._, slot)
        await message.answer(booker._("booking-bad-confirm"), reply_markup=keyboard)
        return
    await confirm(booker, clinic)


# -- each step again --------------------------------------------------------------------------


async def clinic_again(message: Message, booker: Booker) -> None:
    await show_clinics(booker, page=0, edit=False)


async def specialty_again(message: Message, booker: Booker) -> None:
    if (clinic := await the_clinic_or_restart(booker)) is not None:
        await choose_clinic(booker, clinic.id)


async def doctor_again(message: Message, booker: Booker) -> None:
    if (clinic := await the_clinic_or_restart(booker)) is not None:
        specialty = (await BookingData.load(booker.state)).specialty
        assert specialty is not None
        await choose_specialty(booker, clinic, specialty)


async def day_again(message: Message, booker: Booker) -> None:
    if (clinic := await the_clinic_or_restart(booker)) is not None:
        await show_days(booker, clinic)


async def time_again(message: Message, booker: Booker) -> None:
    if (clinic := await the_clinic_or_restart(booker)) is not None:
        await times_again(booker, clinic)


async def summary_again(message: Message, booker: Booker) -> None:
    if (clinic := await the_clinic_or_restart(booker)) is None:
        return
    slot = await free_slot_of(booker, clinic, (await BookingData.load(booker.state)).slot)
    if slot is not None:
        await show_summary(booker, clinic, slot)
    else:  # taken meanwhile
        await show_days(booker, clinic)
