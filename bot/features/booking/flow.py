"""The booking dialogue's screens, which the typed steps and the buttons both show: clinic →
specialty → doctor → day (a calendar of free days) → time → summary. The confirmation is
booked.py."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup, Message

from bot.common.clinic_views import lines
from bot.common.entries import BOOKING_AT_CLINIC, BOOKING_BEGIN
from bot.common.formats import day as day_text
from bot.common.screens import offer_policy, show_main_menu
from bot.features.booking import keyboards, views
from bot.features.booking.context import Booker
from bot.features.booking.dialogue import BookingData
from bot.features.booking.states import BookingFlow
from bot.features.booking.views import visit_details
from bot.features.family.states import WhomFlow
from bot.features.family.whom import WhomData, for_whom, patient_line
from core.booking import NotReady
from core.clinics import PAGE
from core.family import SELF, Patient
from core.notifications import Intent
from storage.models import Clinic, Slot


async def answer(booker: Booker, text: str, keyboard: InlineKeyboardMarkup, edit: bool) -> None:
    if edit:
        await booker.message.edit_text(text, reply_markup=keyboard)
    else:
        await booker.message.answer(text, reply_markup=keyboard)


async def in_flow(booker: Booker) -> bool:
    state = await booker.state.get_state() or ""
    return state.startswith(f"{BookingFlow.__full_group_name__}:")


# -- 0. whether the person may book -----------------------------------------------------------


async def show_not_ready(booker: Booker, held: NotReady) -> None:
    """Why a co-payment policy's clinics cannot be booked yet: what is missing, with a button to
    «Франшиза и карта», or until when to wait."""
    _, settings = booker._, booker.settings
    text = views.not_ready(_, held, settings.timezone, settings.clinic_access_delay)
    if held.gate.reason == "wait":
        await show_main_menu(booker.message, _, booker.menu, text)
        return
    franchise = booker.intents.pack(Intent.OPEN_FRANCHISE)
    await booker.message.answer(text, reply_markup=keyboards.franchise(_, franchise))


async def reachable(booker: Booker, clinic_id: int, patient: Patient) -> Clinic | NotReady | None:
    """The clinic, when the person may book it online now for `patient`; when only a co-payment
    policy not ready yet covers it, that policy and what it needs; else None (not theirs to book
    online)."""
    reach = await booker.booking.reach(booker.profile, patient)
    clinic = await booker.clinics.covered(reach.programs, clinic_id)
    if clinic is not None:
        return clinic if clinic.online_booking else None
    for held in reach.not_ready:
        if await booker.clinics.covered({held.policy.program_code}, clinic_id) is not None:
            return held
    return None


# -- whom the visit is for --------------------------------------------------------------------


async def ask_whom(booker: Booker, entry: str) -> Patient | None:
    """«Для кого?» (bot/features/family/whom.py): None when asked (the step stops)."""
    return await for_whom(
        booker.message,
        booker.state,
        booker._,
        booker.family,
        booker.profile,
        entry=entry,
        wanted=booker.clinics.in_force(),
    )


async def kept_whom(booker: Booker) -> Patient | None:
    """Whom this dialogue is for, as chosen at its start (or in «Клиники рядом», whose data it
    goes on from); the account's own person when none was. None when they are no longer the
    account's: the dialogue ends, saying so."""
    key = (await BookingData.load(booker.state)).whom
    found = await booker.family.patient(booker.profile, key or SELF)
    if found is None:
        await booker.state.clear()
        await show_main_menu(booker.message, booker._, booker.menu, booker._("booking-restart"))
    return found


# -- 1. the clinic ----------------------------------------------------------------------------


async def begin(booker: Booker) -> None:
    """The first step: «Для кого?» when the family has more than one person to book for, then the
    clinics the person may book now. With only co-payment policies not ready, what is missing
    instead, before any choice (`Booking.book` checks it again)."""
    whom = await ask_whom(booker, BOOKING_BEGIN)
    if whom is None:
        return
    reach = await booker.booking.reach(booker.profile, whom)
    if not reach.programs:
        await booker.state.clear()
    for held in reach.not_ready:  # their clinics are not listed: say why
        await show_not_ready(booker, held)
    if not reach.programs:
        if not reach.not_ready:
            await offer_policy(booker.message, booker._, booker.intents)
        return
    # A place asked about in «Клиники рядом» (that dialogue's data): nearest first.
    kept = await BookingData.load(booker.state)
    await booker.state.set_state(BookingFlow.clinic)
    await BookingData(lat=kept.lat, lon=kept.lon, whom=whom.key).save(booker.state)
    await show_clinics(booker, page=0, edit=False)


async def show_clinics(booker: Booker, *, page: int, edit: bool) -> None:
    _, clinics = booker._, booker.clinics
    if (whom := await kept_whom(booker)) is None:
        return
    programs = (await booker.booking.reach(booker.profile, whom)).programs
    data = await BookingData.load(booker.state)
    if data.lat is not None and data.lon is not None and not data.query:
        found = await clinics.near(programs, data.lat, data.lon, page, online=True)
        title = _("booking-clinics-near")
    else:
        found = await clinics.by_name(programs, data.query or "", page, online=True)
        pages = max(1, -(-(found.count or 0) // PAGE))
        title = _("booking-clinics-all", page=page + 1, pages=pages)
    if not found.items:
        await booker.message.answer(_("booking-clinics-none"))
        return
    start = page * PAGE
    text = _("booking-choose-clinic") + "\n\n" + title + "\n\n" + lines(_, found, start)
    text = patient_line(_, whom) + text  # a family member's booking says whose from the start
    await answer(booker, text, keyboards.clinics(_, found, start), edit)


# -- 2. specialty and 3. doctor ---------------------------------------------------------------


async def choose_clinic(booker: Booker, clinic_id: int) -> bool:
    """Go on with this clinic (also «Записаться» on its card: the first step, for whom «Клиники
    рядом» was looking, or asked now); False when it is not one the person may book online. A
    clinic that only a co-payment policy not ready yet covers: what is missing, and the booking
    ends."""
    data = await BookingData.load(booker.state)
    asking = await booker.state.get_state() == WhomFlow.choose.state
    if await in_flow(booker) or data.whom is not None:
        whom = await kept_whom(booker)
    elif asking and WhomData.from_dict(await booker.state.get_data()).chosen is not None:
        whom = await ask_whom(booker, BOOKING_AT_CLINIC)  # «Для кого?» answered (`at_clinic`)
    else:
        if asking:  # another card pressed while «Для кого?» is open: asked anew, for this one
            await booker.state.clear()
        await booker.state.update_data(clinic=clinic_id)  # kept while «Для кого?» is asked
        whom = await ask_whom(booker, BOOKING_AT_CLINIC)
    if whom is None:
        return True  # asked (or the dialogue ended): nothing more to say of the clinic
    found = await reachable(booker, clinic_id, whom)
    if isinstance(found, NotReady):
        await booker.state.clear()
        await show_not_ready(booker, found)
    elif found is not None:
        await offer_specialties(booker, found, whom)
    return found is not None


async def at_clinic(message: Message, booker: Booker) -> None:
    """«Записаться» on a clinic's card, once «Для кого?» is answered: the clinic it was pressed
    on (kept in the dialogue's data while asked)."""
    clinic = WhomData.from_dict(await booker.state.get_data()).kept.get("clinic")
    if isinstance(clinic, int) and not await choose_clinic(booker, clinic):
        await booker.message.answer(booker._("booking-not-covered"))


async def offer_specialties(booker: Booker, clinic: Clinic, whom: Patient) -> None:
    """The clinic's specialties with free time. From a card of «Клиники рядом» filtered by a
    specialty (that dialogue's data) the booking goes on with it when the clinic has free time
    for it, and says plainly when it has none."""
    _, state, hotline = booker._, booker.state, booker.settings.hotline_phone
    specialties = await booker.booking.specialties(clinic, _.locale)
    kept, flowing = await BookingData.load(state), await in_flow(booker)
    wanted = None if flowing else kept.specialty
    if not specialties:
        await booker.message.answer(views.no_times(_, clinic, hotline, wanted))
        return
    await state.set_state(BookingFlow.specialty)
    replacing = kept.replacing if flowing else None
    chosen = BookingData(
        replacing=replacing, clinic=clinic.id, specialties=specialties, whom=whom.key
    )
    await chosen.save(state)
    if wanted is not None and wanted in specialties:
        lead = _("booking-specialty-kept", clinic=clinic.name, specialty=wanted) + "\n"
        await choose_specialty(booker, clinic, wanted, lead=lead)
        return
    lead = views.no_times(_, clinic, hotline, wanted) + "\n\n" if wanted else ""
    await booker.message.answer(
        lead + _("booking-choose-specialty", clinic=clinic.name),
        reply_markup=keyboards.specialties(_, specialties),
    )


async def the_clinic(booker: Booker) -> Clinic | None:
    """The clinic chosen in this dialogue, still one the person may book online."""
    data = await BookingData.load(booker.state)
    if not await in_flow(booker) or data.clinic is None:
        return None
    whom = await booker.family.patient(booker.profile, data.whom or SELF)
    if whom is None:
        return None
    clinics = booker.clinics
    programs = await clinics.programs_of(booker.profile, whom.policy_ids)
    clinic = await clinics.covered(programs, data.clinic)
    return clinic if clinic is not None and clinic.online_booking else None


async def the_clinic_or_restart(booker: Booker) -> Clinic | None:
    """`the_clinic`; when there is none (no longer covered, say), the dialogue ends and says so."""
    clinic = await the_clinic(booker)
    if clinic is None:
        await booker.state.clear()
        await show_main_menu(booker.message, booker._, booker.menu, booker._("booking-restart"))
    return clinic


async def choose_specialty(booker: Booker, clinic: Clinic, name: str, *, lead: str = "") -> None:
    _ = booker._
    doctors = await booker.booking.doctors(clinic, name)
    if not doctors:
        await booker.message.answer(views.no_times(_, clinic, booker.settings.hotline_phone, name))
        return
    data = await BookingData.load(booker.state)
    data.specialty, data.doctors = name, doctors
    await data.save(booker.state)
    await booker.state.set_state(BookingFlow.doctor)
    await booker.message.answer(
        lead + _("booking-choose-doctor", specialty=name),
        reply_markup=keyboards.doctors(_, doctors, other_specialty=len(data.specialties) > 1),
    )


async def choose_doctor(booker: Booker, clinic: Clinic, name: str) -> None:
    data = await BookingData.load(booker.state)
    data.doctor = name
    await data.save(booker.state)
    await show_days(booker, clinic)


# -- 4. day: a calendar of free days ----------------------------------------------------------


async def show_days(
    booker: Booker, clinic: Clinic, *, month: date | None = None, edit: bool = False
) -> None:
    _ = booker._
    keyboard = await calendar(booker, clinic, month)
    if keyboard is None:
        await booker.message.answer(views.no_times(_, clinic, booker.settings.hotline_phone))
        return
    await booker.state.set_state(BookingFlow.day)
    data = await BookingData.load(booker.state)
    text = _("booking-choose-day", doctor=data.doctor, specialty=data.specialty)
    await answer(booker, text, keyboard, edit)


async def calendar(
    booker: Booker, clinic: Clinic, month: date | None = None
) -> InlineKeyboardMarkup | None:
    """The chosen doctor's free days as a calendar of `month` (by default the month of the first
    free day); None when no day is free."""
    booking = booker.booking
    data = await BookingData.load(booker.state)
    assert data.specialty is not None
    assert data.doctor is not None
    free = await booking.free_days(clinic, data.specialty, data.doctor)
    if not free:
        return None
    first, last = booking.bookable_days(clinic)
    shown = month or free[0].replace(day=1)
    return keyboards.calendar(booker._, shown, free=set(free), first=first, last=last)


# -- 5. time ----------------------------------------------------------------------------------


async def free_slots(booker: Booker, clinic: Clinic, day: date | None = None) -> list[Slot]:
    """The chosen doctor's free slots (on `day`, when given)."""
    data = await BookingData.load(booker.state)
    assert data.specialty is not None
    assert data.doctor is not None
    return await booker.booking.free_slots(clinic, data.specialty, data.doctor, day)


async def show_times(booker: Booker, clinic: Clinic, day: date, *, lead: str = "") -> bool:
    """The day's free times; False when there are none."""
    _, booking = booker._, booker.booking
    free = await free_slots(booker, clinic, day)
    if not free:
        return False
    data = await BookingData.load(booker.state)
    data.day = day.isoformat()
    await data.save(booker.state)
    await booker.state.set_state(BookingFlow.time)
    keyboard = keyboards.times(_, [(slot.id, booking.local(slot, clinic)) for slot in free])
    text = _("booking-choose-time", date=day_text(_, day), doctor=data.doctor)
    await booker.message.answer(lead + text, reply_markup=keyboard)
    return True


async def free_slot_of(booker: Booker, clinic: Clinic, slot_id: int | None) -> Slot | None:
    """The slot, if it is a free one of the chosen doctor."""
    return next((slot for slot in await free_slots(booker, clinic) if slot.id == slot_id), None)


async def times_again(booker: Booker, clinic: Clinic) -> None:
    """The chosen day's times again, or the calendar when the day has none left (or none was
    chosen)."""
    day = (await BookingData.load(booker.state)).chosen_day
    if day is None or not await show_times(booker, clinic, day):
        await show_days(booker, clinic)


# -- 6. summary -------------------------------------------------------------------------------


async def show_summary(booker: Booker, clinic: Clinic, slot: Slot) -> None:
    _, booking = booker._, booker.booking
    if (whom := await kept_whom(booker)) is None:
        return
    policy = await booking.policy_for(booker.profile, whom, clinic, slot)
    data = await BookingData.load(booker.state)
    data.slot = slot.id
    await data.save(booker.state)
    await booker.state.set_state(BookingFlow.summary)
    text = patient_line(_, whom) + _(
        "booking-summary",
        **visit_details(_, clinic, slot, booking.local(slot, clinic)),
        policy=policy.printed_number if policy else "—",
    )
    await booker.message.answer(text, reply_markup=keyboards.summary(_, slot.id))
