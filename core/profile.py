"""A signed-up person's own profile: what they see of it, the PIN that guards it, their time zone.

The document is shown masked («•••• 3456»); in full only after the PIN when one is set, and every
full view is audited. Five wrong PINs lock it: for 15 minutes, the next time for an hour, then for a
day each time, until a right PIN starts the count afresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.audit import Audit
from core.clock import Clock
from core.people import Document
from core.signup import Signup, pin_matches
from storage.db import Database
from storage.models import Profile, User

PIN_TRIES = 5
# The first lock since the last right PIN, the second, and every one after.
PIN_LOCKS = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=24))


class PinError(Exception):
    pass


class PinLocked(PinError):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"locked until {until}")
        self.until = until


class WrongPin(PinError):
    def __init__(self, tries_left: int) -> None:
        super().__init__(f"{tries_left} tries left")
        self.tries_left = tries_left


class UnknownZone(ValueError):
    pass


def valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6


def parse_zone(text: str) -> str:
    """An IANA time zone typed in any case («europe/samara»), as its canonical name."""
    wanted = text.strip().replace(" ", "_").casefold()
    for name in available_timezones():
        if name.casefold() == wanted:
            try:
                ZoneInfo(name)
            except ZoneInfoNotFoundError:
                break
            return name
    raise UnknownZone(text)


class Profiles:
    def __init__(self, db: Database, clock: Clock, signup: Signup, audit: Audit) -> None:
        self.db = db
        self.clock = clock
        self.signup = signup
        self.audit = audit

    async def of(self, user: User) -> Profile | None:
        """The person's profile, unless frozen (after «Это не я» nothing works until the
        insurer has looked into it)."""
        profile = await self.signup.profile_of(user)
        return profile if profile is not None and profile.frozen_at is None else None

    def document(self, profile: Profile) -> Document:
        return self.signup.open_document(profile.document_encrypted)

    async def check_pin(self, profile: Profile, pin: str) -> None:
        """Accept the PIN, or raise WrongPin / PinLocked. Five wrong ones lock it, each lock
        longer than the one before (PIN_LOCKS); the desk's /unlock lifts a lock but not its
        step: only a right PIN does."""
        now = self.clock.now()
        if profile.pin_locked_until is not None and profile.pin_locked_until > now:
            raise PinLocked(profile.pin_locked_until)
        assert profile.pin_hash is not None
        if await pin_matches(profile.pin_hash, pin):
            profile.pin_failed_attempts = 0
            profile.pin_locked_until = None
            profile.pin_locks = 0
            return
        profile.pin_failed_attempts += 1
        await self.audit.record("person", profile.user_id, "pin.wrong", "profile", profile.id)
        if profile.pin_failed_attempts >= PIN_TRIES:
            profile.pin_failed_attempts = 0
            profile.pin_locked_until = now + PIN_LOCKS[min(profile.pin_locks, len(PIN_LOCKS) - 1)]
            profile.pin_locks += 1
            await self.audit.record(
                "person",
                profile.user_id,
                "pin.locked",
                "profile",
                profile.id,
                step=profile.pin_locks,
            )
            raise PinLocked(profile.pin_locked_until)
        raise WrongPin(PIN_TRIES - profile.pin_failed_attempts)

    async def full_document(self, profile: Profile) -> Document:
        """The document in full, audited (callers ask for the PIN first when one is set)."""
        await self.audit.record(
            "person", profile.user_id, "passport.full_view", "profile", profile.id
        )
        return self.document(profile)

    async def adopt_pin_hash(self, profile: Profile, pin_hash: str) -> None:
        """Set or replace the PIN with one hashed already (typed twice in the dialogue): the one
        way a PIN is set, at sign-up and in the profile. A caller replacing a PIN has checked the
        current one first."""
        profile.pin_hash = pin_hash
        profile.pin_failed_attempts = 0
        profile.pin_locked_until = None
        profile.pin_locks = 0
        profile.updated_at = self.clock.now()
        await self.audit.record("person", profile.user_id, "pin.set", "profile", profile.id)

    async def remove_pin(self, profile: Profile) -> None:
        """Remove the PIN (the caller has checked it)."""
        profile.pin_hash = None
        profile.updated_at = self.clock.now()
        await self.audit.record("person", profile.user_id, "pin.remove", "profile", profile.id)

    async def set_time_zone(self, user: User, zone: str) -> None:
        user.time_zone = zone
