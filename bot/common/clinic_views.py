"""A clinic as several features show it: a line of a list, its address, a short label."""

from __future__ import annotations

import html
from collections.abc import Sequence

from core.clinics import ClinicPage, Listed, short_distance
from core.i18n import Markup, Translator
from storage.models import Clinic


def distance(_: Translator, meters: float) -> str:
    unit, value = short_distance(meters)
    return _("clinics-meters" if unit == "m" else "clinics-kilometres", value=value)


def coordinates(value: float) -> str:
    return f"{value:.5f}"


def lines(_: Translator, found: ClinicPage, start: int) -> str:
    return "\n\n".join(line(_, n, listed) for n, listed in enumerate(found.items, start=start + 1))


def line(_: Translator, n: int, listed: Listed) -> str:
    clinic = listed.clinic
    return _(
        "clinics-line",
        n=n,
        name=clinic.name,
        distance=Markup(_("clinics-line-distance", distance=distance(_, listed.meters)))
        if listed.meters is not None
        else "",
        address=Markup(address(_, clinic)),
        phone=clinic.phone or Markup(_("clinic-no-phone")),
        booking=Markup(_("clinics-line-booking")) if clinic.online_booking else "",
    )


def address(_: Translator, clinic: Clinic) -> str:
    """HTML: the address, or — never an invented one — the coordinates."""
    if clinic.address:
        return html.escape(clinic.address, quote=False)
    return _("clinic-no-address", lat=coordinates(clinic.lat), lon=coordinates(clinic.lon))


def numbered(_: Translator, found: Sequence[Clinic]) -> Markup:
    """HTML: «1. Name, address» per clinic, to choose one by its number; the address (or the
    coordinates) tells apart the branches of a chain that share a name."""
    return Markup(
        "\n".join(
            f"{n}. {html.escape(c.name, quote=False)}, {address(_, c)}"
            for n, c in enumerate(found, 1)
        )
    )


def shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
