"""The texts of «Клиники рядом»: data and a translator in, text out."""

from __future__ import annotations

import math
from collections.abc import Mapping

from bot.common.clinic_views import address, coordinates, distance, lines
from bot.common.formats import day
from bot.features.family.whom import patient_line
from core.clinics import PAGE, PLACES, ClinicPage, exact, specialties_of
from core.family import Patient
from core.i18n import Markup, Translator
from core.specialties import specialty_in
from storage.models import Clinic, SavedPlace


def patient(_: Translator, whom: Patient) -> str:
    """«Пациент: Маша» and a blank line before a screen about a family member; nothing for the
    account's own person."""
    return "" if whom.own else patient_line(_, whom) + "\n"


def place_name(_: Translator, label: str) -> str:
    return _(f"clinics-place-name-{label}")


def near(_: Translator, found: ClinicPage, page: int, specialty: str | None) -> str:
    """The nearest clinics, a page of them (or none), with the filter, if any, said."""
    filtered = _("clinics-filter-on", specialty=specialty) if specialty else ""
    if not found.items:
        return _("clinics-none-near", filter=filtered)
    start = page * PAGE
    title = _(
        "clinics-near-title", filter=filtered, **{"from": start + 1}, to=start + len(found.items)
    )
    return title + "\n\n" + lines(_, found, start)


def by_name(_: Translator, found: ClinicPage, page: int, query: str) -> str:
    if not found.items:
        return _("clinics-none-by-name", query=query)
    pages = math.ceil((found.count or 0) / PAGE)
    start = page * PAGE
    title = _("clinics-name-title", query=query, count=found.count, page=page + 1, pages=pages)
    return title + "\n\n" + lines(_, found, start)


def venue_address(clinic: Clinic) -> str:
    """The venue's second line: the address, or the coordinates."""
    return clinic.address or f"{coordinates(clinic.lat)}, {coordinates(clinic.lon)}"


def card(_: Translator, clinic: Clinic, origin: tuple[float, float] | None) -> str:
    """One clinic: how far from the place asked about (when there is one), address, phone,
    specialties, whether it books online."""
    away = ""
    if origin is not None:
        meters = exact(origin[0], origin[1], clinic.lat, clinic.lon)
        away = Markup(_("clinic-card-distance", distance=distance(_, meters)))
    specialties = ", ".join(specialty_in(_.locale, s) for s in specialties_of(clinic))
    text = _(
        "clinic-card",
        name=clinic.name,
        distance=away,
        address=Markup(address(_, clinic)),
        phone=clinic.phone or Markup(_("clinic-no-phone")),
        specialties=specialties or Markup(_("clinic-no-specialties")),
        booking=Markup(_("clinic-booking-yes" if clinic.online_booking else "clinic-booking-no")),
    )
    if clinic.demo:
        text += "\n\n" + _("clinic-demo")
    return text


def places(_: Translator, saved: Mapping[str, SavedPlace]) -> str:
    listing = "\n".join(
        _(
            "clinics-places-line",
            place=place_name(_, label),
            lat=coordinates(place.lat),
            lon=coordinates(place.lon),
            date=day(_, place.saved_at),
        )
        for label, place in sorted(saved.items(), key=lambda item: PLACES.index(item[0]))
    )
    return _("clinics-places-list", places=Markup(listing))
