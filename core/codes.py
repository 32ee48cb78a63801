"""One-time confirmation codes (NIST SP 800-63B; OWASP ASVS 5 §6.5–6.6).

Six digits from `secrets`, stored only as a keyed hash (the database alone cannot be searched for
them), valid `CODE_TTL`, single use, bound to the account, purpose and address, compared in
constant time. Five wrong tries void a code; a new code voids the old one. Resending waits 60 s.
Caps per hour, all counted per requesting Telegram account: 5 codes to one address, 10 in all. No
cap counts what others asked for, so nobody can use up someone else's codes: asking for codes to
Anna's address never keeps Anna from hers, and the answers say nothing of what others asked (see
docs/security.md, «Confirmation codes»). Above them the SMS brake (`core/sms_brake.py`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.clock import Clock
from core.crypto import DataKeys, codes_match
from core.settings import Settings
from core.sms_brake import SmsBrake
from storage.db import Database
from storage.models import ConfirmationCode
from storage.repositories.profiles import CodeRepository

CODE_DIGITS = 6
MAX_TRIES = 5
RESEND_AFTER = timedelta(seconds=60)
PER_ADDRESS_HOURLY = 5
PER_ACCOUNT_HOURLY = 10
HOUR = timedelta(hours=1)


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class CodeError(Exception):
    pass


class TooSoon(CodeError):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"resend in {seconds} s")
        self.seconds = seconds


class TooMany(CodeError):
    """A cap is reached; `minutes` until a code can be sent again."""

    def __init__(self, scope: str, minutes: int) -> None:
        super().__init__(f"{scope} cap reached")
        self.scope = scope  # "address" (this account's to it), "account" or "sms-brake"
        self.minutes = minutes


class WrongCode(CodeError):
    def __init__(self, tries_left: int) -> None:
        super().__init__(f"{tries_left} tries left")
        self.tries_left = tries_left


class CodeExpired(CodeError):
    pass


class CodeLocked(CodeError):
    """Too many wrong tries (or a newer code was sent): this code no longer works."""


class NoCode(CodeError):
    pass


@dataclass(frozen=True)
class Issued:
    code: str
    expires_at: datetime
    row: ConfirmationCode


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds() + 0.999))


def _minutes_until(moment: datetime, now: datetime) -> int:
    return -(-_seconds_until(moment, now) // 60)  # rounded up


class Codes:
    def __init__(
        self, db: Database, clock: Clock, keys: DataKeys, settings: Settings, brake: SmsBrake
    ) -> None:
        self.db = db
        self.clock = clock
        self.keys = keys
        self.settings = settings
        self.brake = brake

    def _codes(self) -> CodeRepository:
        return CodeRepository(self.db.session)

    async def issue(self, user_id: int, purpose: str, channel: Channel, address: str) -> Issued:
        """A new code for `address` (voiding the account's previous one for this purpose)."""
        codes, now = self._codes(), self.clock.now()
        previous = await codes.latest(user_id, purpose, address)
        if previous is not None and now - previous.created_at < RESEND_AFTER:
            raise TooSoon(_seconds_until(previous.created_at + RESEND_AFTER, now))
        caps = [
            ("address", PER_ADDRESS_HOURLY, {"address": address, "user_id": user_id}),
            ("account", PER_ACCOUNT_HOURLY, {"user_id": user_id}),
        ]
        for scope, limit, where in caps:
            count, oldest = await codes.count_since(now - HOUR, **where)  # type: ignore[arg-type]
            if count >= limit:
                raise TooMany(scope, _minutes_until((oldest or now) + HOUR, now))
        if channel is Channel.SMS:
            brake = await self.brake.state()
            if brake.engaged:
                await self.brake.refused(brake)
                raise TooMany("sms-brake", _minutes_until(brake.free_at(now), now))
        await codes.void_active(user_id, purpose)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row = ConfirmationCode(
            user_id=user_id,
            purpose=purpose,
            channel=channel.value,
            address=address,
            code_hash=self.keys.code_hash(purpose, address, code),
            status="active",
            failed_attempts=0,
            created_at=now,
            expires_at=now + self.settings.code_ttl,
        )
        await codes.add(row)
        return Issued(code, row.expires_at, row)

    async def undo(self, issued: Issued) -> None:
        """The code could not be delivered: forget it, so that trying again is not held back."""
        await self._codes().delete(issued.row)

    async def verify(self, user_id: int, purpose: str, address: str, typed: str) -> None:
        """Accept `typed` once, or raise what is wrong with it."""
        row = await self._codes().latest(user_id, purpose, address)
        if row is None:
            raise NoCode
        if row.status in {"locked", "voided"}:
            raise CodeLocked
        if row.status != "active":
            raise NoCode  # used already
        if self.clock.now() >= row.expires_at:
            raise CodeExpired
        if codes_match(self.keys.code_hash(purpose, address, typed), row.code_hash):
            row.status = "used"
            return
        row.failed_attempts += 1
        if row.failed_attempts >= MAX_TRIES:
            row.status = "locked"
            raise CodeLocked
        raise WrongCode(MAX_TRIES - row.failed_attempts)
