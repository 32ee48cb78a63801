"""Who opens the clinics map (bot/miniapp.py) and what it shows them.

The map has no dialogue and no middleware: it knows the person only by the Telegram id their
`initData` proves. It shows the clinics of one person's programmes: the account's own person's,
or a family member's when it was opened from «Клиники рядом» about them (`whom`, a
`core.family.Patient` key, checked against the account like any button's). «Записаться» on it
goes to the chat, which asks «Для кого?» as the booking always does: so it may name a clinic of
any of the family's programmes."""

from __future__ import annotations

from dataclasses import dataclass

from core.clinics import Clinics
from core.family import SELF, Family
from storage.db import Database
from storage.repositories.users import UserRepository


class NotTheirs(Exception):
    """`whom` names nobody of the account's family (forged, or their policy has gone)."""


@dataclass(frozen=True)
class MapPerson:
    """Who opened the map: their account (`user_id`), profile, the programmes in force of whom
    the map is about (`shown`) and of the whole family (`family`)."""

    user_id: int
    profile_id: int
    shown: set[str]
    family: set[str]


class ClinicMap:
    def __init__(self, db: Database, clinics: Clinics, family: Family) -> None:
        self.db = db
        self.clinics = clinics
        self.family = family

    async def person(self, telegram_id: int, whom: int = SELF) -> MapPerson | None:
        """None without a profile, or with a frozen one; raises `NotTheirs` for a `whom` that is
        not the account's."""
        found = await UserRepository(self.db.session).with_profile(telegram_id)
        if found is None:
            return None
        user, profile = found
        if profile is None or profile.frozen_at is not None:
            return None
        patient = await self.family.patient(profile, whom)
        if patient is None:
            raise NotTheirs(whom)
        shown = await self.clinics.programs_of(profile, patient.policy_ids)
        return MapPerson(user.id, profile.id, shown, await self.clinics.programs_of(profile))
