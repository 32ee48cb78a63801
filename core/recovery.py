"""Access recovery: the same person on a new Telegram account gets their profile back.

Proof is every contact on file (a code to each) and the PIN when one is set. Then the profile,
its consents and its pending messages move to the new account; the old account is told at once,
with «Это не я», which freezes the profile and records an incident for the insurer. The desk then
unfreezes it, or gives it back to the old account (`give_back`, the same move the other way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.audit import Audit
from core.clock import Clock
from core.codes import Channel
from core.notifications import Button, Intent, Notifications, Payload, Person
from storage.db import Database
from storage.models import (
    AuditEvent,
    Card,
    Consent,
    Incident,
    Profile,
    Recovery,
    ScheduledMessage,
    User,
)

NOTICE_KIND = "security"
# The card proof: its last four digits, then the expiry month as MM/YY (or MM/YYYY, MM.YY).
CARD_PROOF = re.compile(r"(\d{4})[ ,;]+(0?[1-9]|1[0-2])[./-](\d{2}|\d{4})")
CARD_TRIES = 5


class RecoveryRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "frozen", "same-account", "has-profile"; giving back: "gone"


@dataclass(frozen=True)
class Proof:
    channel: Channel
    address: str


class Recoveries:
    def __init__(
        self, db: Database, clock: Clock, notifications: Notifications, audit: Audit
    ) -> None:
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.audit = audit

    async def profile_by_contact(self, channel: Channel, address: str) -> Profile | None:
        column = Profile.email if channel is Channel.EMAIL else Profile.phone
        return await self.db.session.scalar(select(Profile).where(column == address))

    async def check_allowed(self, profile: Profile, user: User) -> None:
        if profile.frozen_at is not None:
            raise RecoveryRefused("frozen")
        if profile.user_id == user.id:
            raise RecoveryRefused("same-account")
        own = await self.db.session.scalar(select(Profile.id).where(Profile.user_id == user.id))
        if own is not None:
            raise RecoveryRefused("has-profile")

    @staticmethod
    def proofs_needed(profile: Profile) -> list[Proof]:
        return [Proof(Channel.EMAIL, profile.email), Proof(Channel.SMS, profile.phone)]

    async def needs_card(self, profile: Profile) -> bool:
        """With no PIN, a bound card is the extra proof: its last four digits and expiry month."""
        if profile.pin_hash is not None:
            return False
        card = await self.db.session.scalar(select(Card.id).where(Card.profile_id == profile.id))
        return card is not None

    async def card_matches(self, profile: Profile, typed: str) -> bool | None:
        """Whether «4242 12/30» names the person's bound card; None when it is not in that form."""
        found = CARD_PROOF.fullmatch(" ".join(typed.split()))
        if found is None:
            return None
        last4, month, year = found.group(1), int(found.group(2)), found.group(3)
        expiry = f"{2000 + int(year) if len(year) == 2 else int(year):04d}-{month:02d}"
        card = await self.db.session.scalar(select(Card).where(Card.profile_id == profile.id))
        matches = card is not None and (card.last4, card.expiry) == (last4, expiry)
        if not matches:
            await self.audit.record(
                "person", profile.user_id, "recovery.card_wrong", "profile", profile.id
            )
        return matches

    async def move(self, profile: Profile, user: User, bot_username: str | None = None) -> Recovery:
        """Move the proven profile to `user`'s Telegram account and warn the old one."""
        await self.check_allowed(profile, user)
        session, now = self.db.session, self.clock.now()
        old = await self._transfer(profile, user.id)
        profile.pin_failed_attempts = 0
        recovery = Recovery(profile_id=profile.id, from_user_id=old, to_user_id=user.id, at=now)
        session.add(recovery)
        await session.flush()
        await self.audit.record("person", user.id, "access.recovered", "profile", profile.id)
        await self.notifications.schedule(
            NOTICE_KIND,
            Person(old),
            now,
            Payload(
                "recovery-old-account",
                buttons=[[Button("recovery-not-me", Intent.NOT_MY_RECOVERY, recovery.id)]],
            ),
            f"recovery:{recovery.id}",
        )
        return recovery

    async def _transfer(self, profile: Profile, to: int) -> int:
        """The profile, its consents and its pending messages move to the account `to`; the
        account it was on."""
        session = self.db.session
        old = profile.user_id
        profile.user_id = to
        profile.updated_at = self.clock.now()
        # Consents follow the person; those the new account has given too stay on record,
        # unlinked (the unique key is account + document + version).
        given = select(Consent.document, Consent.version).where(Consent.user_id == to)
        given_pairs = {(row.document, row.version) for row in await session.execute(given)}
        for consent in (await session.scalars(select(Consent).where(Consent.user_id == old))).all():
            consent.user_id = None if (consent.document, consent.version) in given_pairs else to
        await session.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.user_id == old, ScheduledMessage.status == "pending")
            .values(user_id=to)
        )
        return old

    async def give_back(self, recovery: Recovery) -> User:
        """A disputed recovery undone by the desk: the profile moves back to the account it was
        recovered from, unfrozen, and both accounts are told (RecoveryRefused "gone" when that
        account or the profile is no more, "has-profile" when that account has another profile
        now). The account that loses it (its dialogue is to be dropped)."""
        session, now = self.db.session, self.clock.now()
        profile = await session.get(Profile, recovery.profile_id)
        previous = await session.get(User, recovery.from_user_id)
        if profile is None or previous is None:
            raise RecoveryRefused("gone")
        if profile.user_id == previous.id:
            raise RecoveryRefused("same-account")
        own = await session.scalar(select(Profile.id).where(Profile.user_id == previous.id))
        if own is not None:
            raise RecoveryRefused("has-profile")
        recoverer = await session.get(User, profile.user_id)
        assert recoverer is not None  # a profile's account is a foreign key
        await self._transfer(profile, previous.id)
        profile.frozen_at = None
        notices = [(previous, "recovery-given-back"), (recoverer, "recovery-taken-back")]
        since = await self._changed_since(profile, recovery.at)
        if "pin.set" in since:
            # A PIN the other account chose would lock the owner out of their own profile.
            profile.pin_hash, profile.pin_failed_attempts = None, 0
            profile.pin_locked_until, profile.pin_locks = None, 0
            await self.audit.record("system", None, "pin.remove", "profile", profile.id)
            notices.append((previous, "recovery-given-back-pin"))
        if "profile.contacts" in since:
            notices.append((previous, "recovery-given-back-contacts"))
        for user, key in notices:
            await self.notifications.schedule(
                NOTICE_KIND,
                Person(user.id),
                now,
                Payload(key),
                f"recovery:{recovery.id}:{key}",
            )
        return recoverer

    async def _changed_since(self, profile: Profile, moment: datetime) -> set[str]:
        """What was changed in the profile from `moment` on: its PIN set, its contacts."""
        found = await self.db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.object_type == "profile",
                AuditEvent.object_id == profile.id,
                AuditEvent.action.in_(("pin.set", "profile.contacts")),
                AuditEvent.at >= moment,
            )
        )
        return set(found.all())

    async def dispute(self, recovery_id: int, user: User) -> Incident | None:
        """«Это не я» from the old account: freeze the profile, record an incident. None when
        the recovery is not this person's to dispute (or was disputed already)."""
        session, now = self.db.session, self.clock.now()
        recovery = await session.get(Recovery, recovery_id)
        if recovery is None or recovery.from_user_id != user.id or recovery.disputed_at:
            return None
        recovery.disputed_at = now
        profile = await session.get(Profile, recovery.profile_id)
        if profile is not None:
            profile.frozen_at = now
        incident = Incident(
            kind="recovery-disputed",
            profile_id=recovery.profile_id,
            recovery_id=recovery.id,
            created_at=now,
        )
        session.add(incident)
        await session.flush()
        await self.audit.record("person", user.id, "recovery.disputed", "recovery", recovery.id)
        return incident
