"""The buttons of «Клиники рядом»: `cl:<action>:<clinic>:<page>:<place>`."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    OPEN = "open"  # the section (from a policy's card, a notice)
    NEAR = "near"  # a page of the nearest
    NAME = "name"  # a page of a search by name or address
    CARD = "card"  # one clinic
    FILTER = "filter"  # the specialties to filter by
    SPECIALTY = "specialty"  # one of them (`page` is its number, from 1; 0: all)
    GEOCODE = "geocode"  # the nearest to the typed text read as an address
    SAVE = "save"  # the place asked about, as home or work
    SHOW = "show"  # the nearest to a saved place
    FORGET = "forget"  # a saved place


class ClinicAction(CallbackData, prefix="cl"):
    """A clinics button. `clinic` names a clinic the presser's programmes must cover (checked on
    every press); `place` is home or work, always the presser's own."""

    action: Action
    clinic: int = 0
    page: int = 0
    place: str = ""


def act(action: Action, *, clinic: int = 0, page: int = 0, place: str = "") -> str:
    return ClinicAction(action=action, clinic=clinic, page=page, place=place).pack()
