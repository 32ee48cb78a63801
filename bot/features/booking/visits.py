"""«📅 Мои записи»: the upcoming visits, each cancelled (after a question) or moved to another
time of the same doctor; the past ones. One handler per `OnVisit` (a visit's buttons are also on
its reminders)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.common.entries import VISITS_BEGIN
from bot.features.booking import keyboards
from bot.features.booking.callbacks import VisitAction
from bot.features.booking.context import Booker
from bot.features.booking.dialogue import BookingData
from bot.features.booking.flow import reachable, show_days, show_not_ready
from bot.features.booking.states import BookingFlow
from bot.features.booking.views import visit_details, visit_line
from bot.features.family.whom import for_whom, patient_line
from core.booking import NotReady
from core.family import SELF, Patient
from core.i18n import Markup
from storage.models import Appointment, Clinic, Slot

PAST_SHOWN = 10


async def whom_of_visits(booker: Booker) -> Patient | None:
    """«Для кого?» for «Мои записи»: anyone of the family with a ДМС policy (None: asked)."""
    return await for_whom(
        booker.message,
        booker.state,
        booker._,
        booker.family,
        booker.profile,
        entry=VISITS_BEGIN,
        wanted=lambda policy: policy.kind == "DMS",
    )


async def show_visits(booker: Booker, whom: Patient) -> None:
    """`whom`'s visits to come, with a button each; a family member's say whose they are."""
    _, booking = booker._, booker.booking
    upcoming = [
        visit
        for visit in await booking.visits(booker.profile, past=False, patient=whom)
        if visit.appointment.status == "confirmed"
    ]
    if not upcoming:
        text = _("visits-empty")
    else:
        items = []
        for visit in upcoming:
            flagged = not await booking.policy_holds(visit)
            items.append(visit_line(_, visit, booking.local(visit.slot, visit.clinic), flagged))
        text = _("visits-list", items=Markup("\n\n".join(items)))
    buttons = [(v.appointment.id, booking.local(v.slot, v.clinic)) for v in upcoming]
    await booker.message.answer(
        patient_line(_, whom) + text, reply_markup=keyboards.visits(_, buttons, whom.key)
    )


async def visits(message: Message, booker: Booker) -> None:
    """/visits, «📅 Мои записи»: «Для кого?» first when the family has more than one person."""
    whom = await whom_of_visits(booker)
    if whom is not None:
        await show_visits(booker, whom)


async def shown_whom(booker: Booker, key: int) -> Patient | None:
    """Whom a button of «Мои записи» names: the account's own person or a member of its family
    (a forged key of nobody's: the question again)."""
    found = await booker.family.patient(booker.profile, key)
    if found is None:
        await booker.state.clear()
        found = await whom_of_visits(booker)
    return found


async def on_list(callback: CallbackQuery, callback_data: VisitAction, booker: Booker) -> None:
    await callback.answer()
    if (whom := await shown_whom(booker, callback_data.visit)) is not None:
        await show_visits(booker, whom)


async def on_past(callback: CallbackQuery, callback_data: VisitAction, booker: Booker) -> None:
    await callback.answer()
    _, booking = booker._, booker.booking
    if (whom := await shown_whom(booker, callback_data.visit)) is None:
        return
    past = (await booking.visits(booker.profile, past=True, patient=whom))[:PAST_SHOWN]
    items = [visit_line(_, v, booking.local(v.slot, v.clinic), False) for v in past]
    text = (
        _("visits-past-list", items=Markup("\n\n".join(items))) if past else _("visits-past-empty")
    )
    await booker.message.answer(patient_line(_, whom) + text)


@dataclass(frozen=True)
class Upcoming:
    """A visit of the presser's still to come, and what the texts say of it."""

    visit: Appointment
    slot: Slot
    clinic: Clinic
    said: dict[str, Any]


async def gone(callback: CallbackQuery, booker: Booker) -> None:
    """Someone else's, cancelled or past already, or nonsense: say so, and show the visits (whose:
    asked, when the family has more than one person)."""
    await callback.answer(booker._("visit-gone"), show_alert=True)
    whom = await whom_of_visits(booker)
    if whom is not None:
        await show_visits(booker, whom)


async def upcoming(
    callback: CallbackQuery, callback_data: VisitAction, booker: Booker
) -> Upcoming | None:
    """The button's visit, when it is the presser's and still to come (the press answered);
    else None (`gone` said so)."""
    booking = booker.booking
    visit = await booking.owned(booker.profile, callback_data.visit)
    if visit is None or visit.status != "confirmed" or visit.starts_at <= booking.clock.now():
        await gone(callback, booker)
        return None
    slot = await booking.slot(visit.slot_id)
    assert slot is not None  # a visit's slot is a foreign key
    clinic = await booking.clinic_of(slot)
    await callback.answer()
    return Upcoming(
        visit, slot, clinic, visit_details(booker._, clinic, slot, booking.local(slot, clinic))
    )


async def on_cancel(callback: CallbackQuery, callback_data: VisitAction, booker: Booker) -> None:
    """Asks first."""
    if (found := await upcoming(callback, callback_data, booker)) is None:
        return
    whom = await booker.family.patient_of_policy(booker.profile, found.visit.policy_id)
    await booker.message.answer(
        booker._("visit-cancel-ask", **found.said),
        reply_markup=keyboards.cancel_asked(booker._, found.visit.id, whom.key if whom else SELF),
    )


async def on_cancelled(callback: CallbackQuery, callback_data: VisitAction, booker: Booker) -> None:
    """«Да, отменить»."""
    if (found := await upcoming(callback, callback_data, booker)) is None:
        return
    _, booking = booker._, booker.booking
    cancelled = await booking.cancel(booker.profile, found.visit.id)
    if cancelled is None:  # cannot be: `upcoming` found it confirmed and to come
        await gone(callback, booker)
        return
    await booking.tell_clinic(cancelled, "cancelled")
    # The text goes as the caption of the file that takes the visit off the person's calendar
    # (the same UID as the file sent on booking, METHOD:CANCEL, a higher SEQUENCE).
    calendar = booking.calendar
    await booker.message.answer_document(
        BufferedInputFile(
            calendar.content(_, cancelled, found.slot, found.clinic), calendar.filename(cancelled)
        ),
        caption=_("visit-cancelled", **found.said) + "\n\n" + _("booking-ics-cancel-caption"),
    )


async def on_move(callback: CallbackQuery, callback_data: VisitAction, booker: Booker) -> None:
    """The same doctor, another time: the booking dialogue from the calendar on."""
    if (found := await upcoming(callback, callback_data, booker)) is None:
        return
    clinic = found.clinic
    whom = await booker.family.patient_of_policy(booker.profile, found.visit.policy_id)
    if whom is None:  # the policy left the account: its visits went with it
        await gone(callback, booker)
        return
    reachable_now = await reachable(booker, clinic.id, whom)
    if isinstance(reachable_now, NotReady):  # the card unbound since the visit was booked, say
        await show_not_ready(booker, reachable_now)
        return
    if reachable_now is None:
        await booker.message.answer(booker._("booking-not-covered"))
        return
    await booker.state.set_state(BookingFlow.day)
    moving = BookingData(
        replacing=found.visit.id,
        clinic=clinic.id,
        specialty=found.slot.specialty,
        doctor=found.slot.doctor,
        whom=whom.key,
    )
    await moving.save(booker.state)
    await booker.message.answer(booker._("visit-move-lead", **found.said))
    await show_days(booker, clinic)


async def on_unknown(callback: CallbackQuery, booker: Booker) -> None:
    """An action that is not an `OnVisit` (an old button, or forged)."""
    await gone(callback, booker)
