"""«🗓 Записаться» and «📅 Мои записи» (flow 5): clinic → specialty → doctor → day (a calendar of
free days) → time → summary → «Подтвердить»; the person's visits, cancelled (after a question)
or moved to another time. Every step takes its button or typed text. Buttons naming a clinic, a
slot or a visit are checked against the person on every press; the confirmation itself is
`Booking.book`, atomic: when someone else confirmed the time first, the day's other times.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.common.clinic_views import address, lines, shorten
from bot.common.intents import Intents
from bot.common.keyboards import inline
from bot.common.profile import Members
from bot.common.screens import offer_policy, show_main_menu
from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.booking import BookAction, BookingFlow, VisitAction
from bot.fsm.dialogues import Dialogue
from core.booking import Booking, Outcome, Visit
from core.clinics import PAGE, ClinicPage, Clinics
from core.i18n import Markup, Translator, fold
from core.notifications import Intent
from core.profile import Profiles
from core.settings import Settings
from storage.models import Appointment, Clinic, Profile, Slot, User

SECTION = MenuSection("menu-booking", "help-section-booking", order=120, audience="members")
VISITS = MenuSection("menu-visits", "help-section-visits", order=130, audience="members")
TIMES_PER_ROW = 4
DAY = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?")
TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
PAST_SHOWN = 10

Rows = list[list[tuple[str, str]]]


def act(action: str, **fields: Any) -> str:
    return BookAction(action=action, **fields).pack()


def visit_act(action: str, visit: int = 0) -> str:
    return VisitAction(action=action, visit=visit).pack()


def where(clinic: Clinic) -> str:
    """Plain text, for the calendar file: the address, or the coordinates."""
    return clinic.address or f"{clinic.lat:.5f}, {clinic.lon:.5f}"


async def answer(message: Message, text: str, rows: Rows, edit: bool) -> None:
    keyboard = inline([row for row in rows if row])
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


# -- 1. the clinic ----------------------------------------------------------------------------


async def begin(
    message: Message,
    state: FSMContext,
    _: Translator,
    intents: Intents,
    user: User,
    members: Members,
    profiles: Profiles,
    clinics: Clinics,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if not await clinics.programs_of(profile):
        await state.clear()
        await offer_policy(message, _, intents)
        return
    kept = await state.get_data()  # a place asked about in «Клиники рядом»: nearest first
    await state.set_state(BookingFlow.clinic)
    await state.set_data({key: kept[key] for key in ("lat", "lon") if key in kept})
    await show_clinics(message, state, _, profile, clinics, page=0, edit=False)


async def show_clinics(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinics: Clinics,
    *,
    page: int,
    edit: bool,
) -> None:
    programs = await clinics.programs_of(profile)
    data = await state.get_data()
    if "lat" in data and not data.get("query"):
        found = await clinics.near(programs, data["lat"], data["lon"], page, online=True)
        title = _("booking-clinics-near")
    else:
        found = await clinics.by_name(programs, data.get("query") or "", page, online=True)
        pages = max(1, -(-(found.count or 0) // PAGE))
        title = _("booking-clinics-all", page=page + 1, pages=pages)
    if not found.items:
        await message.answer(_("booking-clinics-none"))
        return
    start = page * PAGE
    rows: Rows = [
        [(shorten(f"{n}. {item.clinic.name}", 60), act("clinic", clinic=item.clinic.id))]
        for n, item in enumerate(found.items, start=start + 1)
    ]
    rows.append(pages_row(_, found))
    text = _("booking-choose-clinic") + "\n\n" + title + "\n\n" + lines(_, found, start)
    await answer(message, text, rows, edit)


def pages_row(_: Translator, found: ClinicPage) -> list[tuple[str, str]]:
    row = []
    if found.page > 0:
        row.append((_("clinics-prev"), act("clinics", n=found.page - 1)))
    if found.more:
        row.append((_("clinics-more"), act("clinics", n=found.page + 1)))
    return row


async def on_clinic_step(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    clinics: Clinics,
) -> None:
    """A location (nearest first) or part of a clinic's name."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if message.location is not None:
        point = message.location
        await state.update_data(lat=point.latitude, lon=point.longitude, query=None)
    else:
        query = " ".join((message.text or "").split())
        if sum(ch.isalnum() for ch in query) < 2:
            await message.answer(_("clinics-query-short", letters=2))
            return
        await state.update_data(query=query)
    await show_clinics(message, state, _, profile, clinics, page=0, edit=False)


# -- 2. specialty and 3. doctor ---------------------------------------------------------------


async def choose_clinic(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinics: Clinics,
    booking: Booking,
    clinic_id: int,
) -> bool:
    """Go on with this clinic; False when it is not one the person may book online."""
    clinic = await clinics.covered(await clinics.programs_of(profile), clinic_id)
    if clinic is None or not clinic.online_booking:
        return False
    specialties = await booking.specialties(clinic)
    if not specialties:
        await message.answer(_("booking-no-times", clinic=clinic.name))
        return True
    kept = await state.get_data() if await in_flow(state) else {}
    await state.set_state(BookingFlow.specialty)
    await state.set_data(
        {"replacing": kept.get("replacing"), "clinic": clinic.id, "specialties": specialties}
    )
    rows = [[(name, act("specialty", n=n))] for n, name in enumerate(specialties)]
    await message.answer(
        _("booking-choose-specialty", clinic=clinic.name), reply_markup=inline(rows)
    )
    return True


async def in_flow(state: FSMContext) -> bool:
    return (await state.get_state() or "").startswith(f"{BookingFlow.__full_group_name__}:")


async def the_clinic(state: FSMContext, profile: Profile, clinics: Clinics) -> Clinic | None:
    """The clinic chosen in this dialogue, still one the person may book online."""
    data = await state.get_data()
    if not await in_flow(state) or "clinic" not in data:
        return None
    clinic = await clinics.covered(await clinics.programs_of(profile), data["clinic"])
    return clinic if clinic is not None and clinic.online_booking else None


async def choose_specialty(
    message: Message, state: FSMContext, _: Translator, clinic: Clinic, booking: Booking, name: str
) -> None:
    doctors = await booking.doctors(clinic, name)
    if not doctors:
        await message.answer(_("booking-no-times", clinic=clinic.name))
        return
    await state.update_data(specialty=name, doctors=doctors)
    await state.set_state(BookingFlow.doctor)
    rows = [[(doctor, act("doctor", n=n))] for n, doctor in enumerate(doctors)]
    await message.answer(_("booking-choose-doctor", specialty=name), reply_markup=inline(rows))


def pick(options: list[str], typed: str | None) -> str | None:
    """The option a typed answer names: all of it, or the start of just one (case, ё aside)."""
    wanted = fold(typed or "")
    if not wanted:
        return None
    whole = [option for option in options if fold(option) == wanted]
    if whole:
        return whole[0]
    starting = [option for option in options if fold(option).startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


# -- 4. day: a calendar of free days ----------------------------------------------------------


def calendar_rows(_: Translator, month: date, free: set[date], first: date, last: date) -> Rows:
    rows: Rows = [[(_(f"month-{month.month}", year=str(month.year)), act("none"))]]
    rows.append([(_(f"weekday-{n}"), act("none")) for n in range(1, 8)])
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        rows.append(
            [
                (" ", act("none"))
                if day.month != month.month
                else (str(day.day), act("day", on=day.isoformat()))
                if day in free
                else ("·", act("none"))
                for day in week
            ]
        )
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    turn = []
    if previous >= first.replace(day=1):
        turn.append(("◀️", act("month", on=previous.isoformat())))
    if following <= last:
        turn.append(("▶️", act("month", on=following.isoformat())))
    rows.append(turn)
    return rows


async def show_days(
    message: Message,
    state: FSMContext,
    _: Translator,
    clinic: Clinic,
    booking: Booking,
    *,
    month: date | None = None,
    edit: bool = False,
) -> None:
    data = await state.get_data()
    free = await booking.free_days(clinic, data["specialty"], data["doctor"])
    if not free:
        await message.answer(_("booking-no-times", clinic=clinic.name))
        return
    await state.set_state(BookingFlow.day)
    first, last = booking.bookable_days(clinic)
    shown = month or free[0].replace(day=1)  # opens on the month of the first free day
    text = _("booking-choose-day", doctor=data["doctor"], specialty=data["specialty"])
    await answer(message, text, calendar_rows(_, shown, set(free), first, last), edit)


def typed_day(text: str | None, today: date) -> date | None:
    """25.11, 25.11.2026, 25/11/26: the next such date from today."""
    found = DAY.fullmatch((text or "").strip())
    if found is None:
        return None
    day, month, year = found.groups()
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        this_year = date(today.year, int(month), int(day))
    except ValueError:
        return None
    return this_year if this_year >= today else this_year.replace(year=today.year + 1)


# -- 5. time ----------------------------------------------------------------------------------


async def show_times(
    message: Message,
    state: FSMContext,
    _: Translator,
    clinic: Clinic,
    booking: Booking,
    day: date,
    *,
    lead: str = "",
) -> bool:
    """The day's free times; False when there are none."""
    data = await state.get_data()
    free = await booking.free_slots(clinic, data["specialty"], data["doctor"], day)
    if not free:
        return False
    await state.update_data(day=day.isoformat())
    await state.set_state(BookingFlow.time)
    buttons = [(booking.local(s, clinic).strftime("%H:%M"), act("time", slot=s.id)) for s in free]
    rows = [buttons[i : i + TIMES_PER_ROW] for i in range(0, len(buttons), TIMES_PER_ROW)]
    rows.append([(_("booking-other-day"), act("days"))])
    text = _("booking-choose-time", date=day.strftime("%d.%m.%Y"), doctor=data["doctor"])
    await message.answer(lead + text, reply_markup=inline(rows))
    return True


async def free_slot_of(
    state: FSMContext, clinic: Clinic, booking: Booking, slot_id: int
) -> Slot | None:
    """The slot, if it is a free one of the chosen doctor."""
    data = await state.get_data()
    free = await booking.free_slots(clinic, data["specialty"], data["doctor"])
    return next((slot for slot in free if slot.id == slot_id), None)


# -- 6. summary and confirmation --------------------------------------------------------------


async def show_summary(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinic: Clinic,
    booking: Booking,
    slot: Slot,
) -> None:
    policy = await booking.policy_for(profile, clinic, slot)
    await state.update_data(slot=slot.id)
    await state.set_state(BookingFlow.summary)
    text = _(
        "booking-summary",
        **visit_details(_, booking, clinic, slot),
        policy=policy.number if policy else "—",
    )
    # The slot rides on the button too: pressed again after a crash (the dialogue already
    # finished), it shows the confirmation of the visit instead of a stale button.
    rows = [
        [(_("booking-confirm"), act("confirm", slot=slot.id))],
        [(_("booking-other-time"), act("days"))],
    ]
    await message.answer(text, reply_markup=inline(rows))


def visit_details(_: Translator, booking: Booking, clinic: Clinic, slot: Slot) -> dict[str, Any]:
    """A visit's clinic, address, specialty, doctor, date and time, as the texts name them."""
    local = booking.local(slot, clinic)
    return {
        "clinic": clinic.name,
        "address": Markup(address(_, clinic)),
        "specialty": slot.specialty,
        "doctor": slot.doctor,
        "date": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
    }


async def tell_booked(
    message: Message,
    _: Translator,
    menu: Menu,
    booking: Booking,
    settings: Settings,
    clinic: Clinic,
    slot: Slot,
    visit: Appointment,
    *,
    moved: bool = False,
) -> None:
    """The booked visit: what, where and when, with the main menu, and its .ics file."""
    text = _(
        "booking-moved" if moved else "booking-booked", **visit_details(_, booking, clinic, slot)
    )
    await show_main_menu(message, _, menu, text)
    from core.visit_ics import visit_ics  # icalendar (~2 MB resident): loaded on first booking

    ics = visit_ics(
        visit_id=visit.id,
        summary=_.plain("booking-ics-summary", specialty=slot.specialty, clinic=clinic.name),
        description=_.plain("booking-ics-description", doctor=slot.doctor),
        location=where(clinic),
        lat=clinic.lat,
        lon=clinic.lon,
        starts_at=slot.starts_at,
        minutes=slot.duration_min,
        zone=booking.zone_of(clinic),
        stamp=booking.clock.now(),
        domain=urlsplit(str(settings.public_base_url)).hostname or "dms-assistant",
    )
    await message.answer_document(
        BufferedInputFile(ics, filename=f"visit-{visit.id}.ics"),
        caption=_("booking-ics-caption"),
    )


async def confirm(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinic: Clinic,
    booking: Booking,
    menu: Menu,
    settings: Settings,
) -> None:
    data = await state.get_data()
    replacing = None
    if data.get("replacing"):
        replacing = await booking.owned(profile, data["replacing"])
        if replacing is None or replacing.status != "confirmed":
            await state.clear()
            await show_main_menu(message, _, menu, _("visit-gone"))
            return
    result = await booking.book(profile, data["slot"], replacing=replacing)
    slot = await booking.slot(data["slot"])
    if result.outcome is Outcome.BOOKED and result.visit is not None and slot is not None:
        await state.clear()
        await booking.tell_clinic(result.visit, "moved" if replacing else "new")
        await tell_booked(
            message, _, menu, booking, settings, clinic, slot, result.visit, moved=bool(replacing)
        )
    elif result.outcome is Outcome.TAKEN:
        day = date.fromisoformat(data["day"])
        lead = _("booking-taken", date=day.strftime("%d.%m.%Y")) + "\n\n"
        if not await show_times(message, state, _, clinic, booking, day, lead=lead):
            await message.answer(_("booking-taken-day-full"))
            await show_days(message, state, _, clinic, booking)
    elif result.outcome in {Outcome.OVERLAP, Outcome.GONE}:
        await message.answer(_(f"booking-{result.outcome}"))
        await show_days(message, state, _, clinic, booking)
    else:  # the limit, no policy in force on that day, or its franchise not ready
        await state.clear()
        policy = result.policy.number if result.policy is not None else ""
        until = result.until.astimezone(settings.timezone) if result.until else None
        moment = f"{until:%d.%m.%Y %H:%M}" if until else ""
        text = _(f"booking-{result.outcome}", policy=policy, until=moment)
        await show_main_menu(message, _, menu, text)


async def reprompt(
    message: Message,
    state: FSMContext,
    raw_state: str,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    clinics: Clinics,
    booking: Booking,
    menu: Menu,
) -> None:
    """The current step again (/start → «Продолжить», or an answer the step cannot read)."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if raw_state == BookingFlow.clinic.state:
        await show_clinics(message, state, _, profile, clinics, page=0, edit=False)
        return
    clinic = await the_clinic(state, profile, clinics)
    data = await state.get_data()
    if clinic is None:
        await state.clear()
        await show_main_menu(message, _, menu, _("booking-restart"))
    elif raw_state == BookingFlow.specialty.state:
        await choose_clinic(message, state, _, profile, clinics, booking, clinic.id)
    elif raw_state == BookingFlow.doctor.state:
        await choose_specialty(message, state, _, clinic, booking, data["specialty"])
    elif raw_state == BookingFlow.time.state and await show_times(
        message, state, _, clinic, booking, date.fromisoformat(data["day"])
    ):
        return
    elif raw_state == BookingFlow.summary.state and (
        slot := await free_slot_of(state, clinic, booking, data["slot"])
    ):
        await show_summary(message, state, _, profile, clinic, booking, slot)
    else:
        await show_days(message, state, _, clinic, booking)


# -- typed answers at each step ---------------------------------------------------------------


async def on_typed(
    message: Message,
    state: FSMContext,
    raw_state: str,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    clinics: Clinics,
    booking: Booking,
    menu: Menu,
    settings: Settings,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    clinic = await the_clinic(state, profile, clinics)
    if clinic is None:
        await state.clear()
        await show_main_menu(message, _, menu, _("booking-restart"))
        return
    data, text = await state.get_data(), message.text
    if raw_state == BookingFlow.specialty.state:
        name = pick(data["specialties"], text)
        if name is None:
            await message.answer(_("booking-bad-choice"))
            return
        await choose_specialty(message, state, _, clinic, booking, name)
    elif raw_state == BookingFlow.doctor.state:
        doctor = pick(data["doctors"], text)
        if doctor is None:
            await message.answer(_("booking-bad-choice"))
            return
        await state.update_data(doctor=doctor)
        await show_days(message, state, _, clinic, booking)
    elif raw_state == BookingFlow.day.state:
        day = typed_day(text, booking.bookable_days(clinic)[0])
        if day is None:
            await message.answer(_("booking-bad-day"))
        elif not await show_times(message, state, _, clinic, booking, day):
            await message.answer(_("booking-day-full", date=day.strftime("%d.%m.%Y")))
    elif raw_state == BookingFlow.time.state:
        found = TIME.fullmatch((text or "").strip())
        day = date.fromisoformat(data["day"])
        free = await booking.free_slots(clinic, data["specialty"], data["doctor"], day)
        wanted = f"{int(found.group(1)):02d}:{found.group(2)}" if found else None
        slot = next((s for s in free if booking.local(s, clinic).strftime("%H:%M") == wanted), None)
        if slot is None:
            await message.answer(_("booking-bad-time"))
            return
        await show_summary(message, state, _, profile, clinic, booking, slot)
    elif raw_state == BookingFlow.summary.state:
        said_yes = _.catalogue.matches("booking-confirm", text) or _.catalogue.matches(
            "booking-yes", text
        )
        if not said_yes:
            await message.answer(_("booking-bad-confirm"))
            return
        await confirm(message, state, _, profile, clinic, booking, menu, settings)


# -- buttons ----------------------------------------------------------------------------------


async def pressed(
    callback: CallbackQuery,
    callback_data: BookAction,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    booking: Booking,
    menu: Menu,
    settings: Settings,
    intents: Intents,
    members: Members,
) -> None:
    message, action = callback.message, callback_data.action
    profile = await profiles.of(user)
    if profile is None or not isinstance(message, Message):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    if action == "none":  # a weekday, a month's name, a day without free time
        await callback.answer(_("booking-cell-empty"))
        return
    if action == "clinic":
        if not await choose_clinic(
            message, state, _, profile, clinics, booking, callback_data.clinic
        ):
            await callback.answer(_("clinics-not-covered"), show_alert=True)
            return
        await callback.answer()
        return
    if action == "clinics" and await state.get_state() == BookingFlow.clinic.state:
        await callback.answer()
        await show_clinics(message, state, _, profile, clinics, page=callback_data.n, edit=True)
        return
    if action == "confirm" and await state.get_state() != BookingFlow.summary.state:
        # Pressed again once the visit was booked (a double tap, or the update Telegram sent
        # again after a crash took the first answer): show the visit, not a stale button.
        held = await booking.holding(profile, callback_data.slot)
        if held is not None:
            await callback.answer()
            visit, slot, clinic_of_visit = held
            await tell_booked(message, _, menu, booking, settings, clinic_of_visit, slot, visit)
            return
    clinic = await the_clinic(state, profile, clinics)
    if clinic is None:
        # A button of a booking left or finished: say so, and offer a fresh start.
        await callback.answer(_("booking-stale"), show_alert=True)
        if await state.get_state() is None:  # never over another dialogue
            await begin(message, state, _, intents, user, members, profiles, clinics)
        return
    data = await state.get_data()
    if action == "specialty" and 0 <= callback_data.n < len(data.get("specialties", [])):
        await callback.answer()
        await choose_specialty(
            message, state, _, clinic, booking, data["specialties"][callback_data.n]
        )
    elif action == "doctor" and 0 <= callback_data.n < len(data.get("doctors", [])):
        await callback.answer()
        await state.update_data(doctor=data["doctors"][callback_data.n])
        await show_days(message, state, _, clinic, booking)
    elif action in {"month", "day", "days", "time", "confirm"} and "doctor" in data:
        await on_time_buttons(
            callback, callback_data, state, _, profile, clinic, booking, menu, settings
        )
    else:
        await callback.answer(_("booking-stale"), show_alert=True)


async def on_time_buttons(
    callback: CallbackQuery,
    callback_data: BookAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinic: Clinic,
    booking: Booking,
    menu: Menu,
    settings: Settings,
) -> None:
    message = callback.message
    assert isinstance(message, Message)
    action, data = callback_data.action, await state.get_data()
    first, last = booking.bookable_days(clinic)
    if action == "days":
        await callback.answer()
        await show_days(message, state, _, clinic, booking)
    elif action in {"month", "day"}:
        try:
            chosen = date.fromisoformat(callback_data.on)
        except ValueError:
            chosen = None
        if chosen is None or not first.replace(day=1) <= chosen <= last:
            await callback.answer(_("booking-stale"), show_alert=True)
        elif action == "month":
            await callback.answer()
            await show_days(message, state, _, clinic, booking, month=chosen, edit=True)
        elif await show_times(message, state, _, clinic, booking, chosen):
            await callback.answer()
        else:
            await callback.answer(
                _("booking-day-full", date=chosen.strftime("%d.%m.%Y")), show_alert=True
            )
            await show_days(message, state, _, clinic, booking)
    elif action == "time":
        slot = await free_slot_of(state, clinic, booking, callback_data.slot)
        if slot is None:
            await callback.answer(_("booking-taken-short"), show_alert=True)
            if "day" in data:
                day = date.fromisoformat(data["day"])
                if not await show_times(message, state, _, clinic, booking, day):
                    await show_days(message, state, _, clinic, booking)
            return
        await callback.answer()
        await show_summary(message, state, _, profile, clinic, booking, slot)
    elif (
        action == "confirm"
        and "slot" in data
        and await state.get_state() == BookingFlow.summary.state
    ):
        await callback.answer()
        await confirm(message, state, _, profile, clinic, booking, menu, settings)
    else:
        await callback.answer(_("booking-stale"), show_alert=True)


# -- «Мои записи» -----------------------------------------------------------------------------


def visit_line(_: Translator, visit: Visit, booking: Booking, flagged: bool) -> str:
    return _(
        "visits-line",
        **visit_details(_, booking, visit.clinic, visit.slot),
        status=Markup(_(f"visit-status-{visit.appointment.status}")),
        flag=Markup(_("visits-flag-policy")) if flagged else "",
    )


async def show_visits(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    booking: Booking,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    upcoming = [
        v for v in await booking.visits(profile, past=False) if v.appointment.status == "confirmed"
    ]
    rows: Rows = []
    if not upcoming:
        text = _("visits-empty")
    else:
        items = []
        for visit in upcoming:
            flagged = not await booking.policy_holds(visit)
            items.append(visit_line(_, visit, booking, flagged))
            local = booking.local(visit.slot, visit.clinic)
            label = {"date": local.strftime("%d.%m"), "time": local.strftime("%H:%M")}
            rows.append(
                [
                    (_("visit-cancel", **label), visit_act("cancel", visit.appointment.id)),
                    (_("visit-move", **label), visit_act("move", visit.appointment.id)),
                ]
            )
        text = _("visits-list", items=Markup("\n\n".join(items)))
    rows.append([(_("visits-past"), visit_act("past"))])
    await message.answer(text, reply_markup=inline(rows))


async def visit_pressed(
    callback: CallbackQuery,
    callback_data: VisitAction,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    booking: Booking,
    menu: Menu,
    members: Members,
) -> None:
    message, action = callback.message, callback_data.action
    profile = await profiles.of(user)
    if profile is None or not isinstance(message, Message):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    if action == "list":
        await callback.answer()
        await show_visits(message, state, _, user, members, profiles, booking)
        return
    if action == "past":
        await callback.answer()
        past = (await booking.visits(profile, past=True))[:PAST_SHOWN]
        items = [visit_line(_, visit, booking, False) for visit in past]
        text = (
            _("visits-past-list", items=Markup("\n\n".join(items)))
            if past
            else _("visits-past-empty")
        )
        await message.answer(text)
        return
    visit = await booking.owned(profile, callback_data.visit)
    upcoming = (
        visit is not None and visit.status == "confirmed" and visit.starts_at > booking.clock.now()
    )
    if visit is None or not upcoming or action not in {"cancel", "cancelled", "move"}:
        # Someone else's, cancelled or past already, or nonsense: say so, and show the visits.
        await callback.answer(_("visit-gone"), show_alert=True)
        await show_visits(message, state, _, user, members, profiles, booking)
        return
    assert visit is not None
    slot = await booking.slot(visit.slot_id)
    assert slot is not None  # a visit's slot is a foreign key
    clinic = await booking.clinic_of(slot)
    said = visit_details(_, booking, clinic, slot)
    await callback.answer()
    if action == "cancel":
        rows = [
            [(_("visit-cancel-yes"), visit_act("cancelled", visit.id))],
            [(_("visit-cancel-no"), visit_act("list"))],
        ]
        await message.answer(_("visit-cancel-ask", **said), reply_markup=inline(rows))
    elif action == "cancelled":
        await booking.cancel(profile, visit.id)
        await booking.tell_clinic(visit, "cancelled")
        await message.answer(_("visit-cancelled", **said))
    else:  # move: the same doctor, another time
        programs = await clinics.programs_of(profile)
        if await clinics.covered(programs, clinic.id) is None or not clinic.online_booking:
            await message.answer(_("booking-not-covered"))
            return
        await state.set_state(BookingFlow.day)
        await state.set_data(
            {
                "replacing": visit.id,
                "clinic": clinic.id,
                "specialty": slot.specialty,
                "doctor": slot.doctor,
            }
        )
        await message.answer(_("visit-move-lead", **said))
        await show_days(message, state, _, clinic, booking)


def feature() -> Feature:
    router = Router(name="booking")
    private_only(router)
    router.message.register(begin, Command("book"))
    router.message.register(begin, StateFilter(None), ButtonText(SECTION.key))
    router.message.register(show_visits, Command("visits"))
    router.message.register(show_visits, StateFilter(None), ButtonText(VISITS.key))
    router.message.register(
        on_clinic_step,
        StateFilter(BookingFlow.clinic),
        F.location | (F.text & ~F.text.startswith("/")),
    )
    steps = StateFilter(
        BookingFlow.specialty, BookingFlow.doctor, BookingFlow.day, BookingFlow.time,
        BookingFlow.summary,
    )  # fmt: skip
    router.message.register(on_typed, steps, F.text & ~F.text.startswith("/"))
    router.callback_query.register(pressed, BookAction.filter())
    router.callback_query.register(visit_pressed, VisitAction.filter())
    dialogue = Dialogue(
        states=BookingFlow,
        title_key="booking-title",
        begin=begin,
        prompts={step: reprompt for step in BookingFlow.__all_states__},
        buttons=frozenset({BookAction.__prefix__, VisitAction.__prefix__}),
    )
    return Feature(
        name="booking",
        router=router,
        menu=[SECTION, VISITS],
        dialogues=[dialogue],
        intents={
            Intent.BOOK_AT_CLINIC: lambda ref: BookAction(action="clinic", clinic=ref).pack(),
            Intent.CANCEL_VISIT: lambda ref: VisitAction(action="cancel", visit=ref).pack(),
            Intent.MOVE_VISIT: lambda ref: VisitAction(action="move", visit=ref).pack(),
        },
    )
