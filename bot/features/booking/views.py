"""The booking's texts that more than one screen shows: data and a translator in, text out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.common.clinic_views import address
from bot.common.formats import day, time_of_day
from core.booking import Visit
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
