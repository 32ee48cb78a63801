"""The booking's texts that more than one screen shows: data and a translator in, text out."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from bot.common.clinic_views import address
from bot.common.formats import day, moment, time_of_day
from bot.common.screens import duration
from core.booking import NotReady, Visit
from core.i18n import Markup, Translator
from storage.models import Clinic, Slot


def visit_details(_: Translator, clinic: Clinic, slot: Slot, local: datetime) -> dict[str, Any]:
    """A visit's clinic, address, specialty, doctor, date and time (`local`: its start where the
    clinic is), as the texts name them."""
    return {
        "clinic": clinic.name,
        "address": Markup(address(_, clinic)),
        "specialty": slot.specialty,
        "doctor": slot.doctor,
        "date": day(_, local),
        "time": time_of_day(_, local),
    }


def visit_line(_: Translator, visit: Visit, local: datetime, flagged: bool) -> str:
    """A visit in «Мои записи» (`local`: its start where the clinic is); `flagged`: its policy
    no longer covers it."""
    return _(
        "visits-line",
        **visit_details(_, visit.clinic, visit.slot, local),
        status=Markup(_(f"visit-status-{visit.appointment.status}")),
        flag=Markup(_("visits-flag-policy")) if flagged else "",
    )


def not_ready(_: Translator, held: NotReady, zone: tzinfo, access_delay: timedelta) -> str:
    """Why a co-payment policy's clinics cannot be booked yet: what the person has still to do
    (`access_delay`: how long after the card the clinics open), or until when to wait."""
    gate, number = held.gate, held.policy.printed_number
    if gate.reason == "wait" and gate.until is not None:
        return _("booking-franchise-wait", policy=number, until=moment(_, gate.until, zone))
    delay = duration(_, access_delay)
    return _("booking-needs-franchise", policy=number, missing=gate.missing, delay=delay)


def no_times(_: Translator, clinic: Clinic, hotline: str, specialty: str | None = None) -> str:
    """The clinic has no free time to book online (for `specialty`, when given): call instead,
    the clinic when its phone is known, else the hotline."""
    if clinic.phone:
        call = _("booking-call-clinic", phone=clinic.phone)
    else:
        call = _("booking-call-hotline", phone=hotline)
    if specialty is None:
        return _("booking-no-times", clinic=clinic.name, call=Markup(call))
    return _("booking-no-times-for", clinic=clinic.name, specialty=specialty, call=Markup(call))
