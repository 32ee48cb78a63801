"""The operators' desk: what the insurer's people see and do from their Telegram group.

Posts go through the notification sender (a group takes about 20 bot messages a minute). Every
action is audited with the operator's Telegram id; a decided object refuses a second decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.audit import Audit
from core.clock import Clock
from core.holders import Holders
from core.masking import mask_email, mask_phone
from core.notifications import Button, Group, Intent, Notifications, Payload, Person
from core.people import Invalid, canonical_policy_number, normalize_email, normalize_phone
from core.recovery import Recoveries, RecoveryRefused
from core.settings import Settings
from core.sms_brake import SmsBrake
from storage.db import Database
from storage.models import (
    GuaranteeLetter,
    IdentityCheck,
    Incident,
    Policy,
    Profile,
    Recovery,
    User,
)
from storage.repositories.claims import ClaimRepository
from storage.repositories.policies import PolicyRepository
from storage.repositories.profiles import CodeRepository
from storage.repositories.tickets import TicketRepository

# «#42» (or «№42»): the profile's number, as a ticket's post on the desk names the person.
PROFILE_NUMBER = re.compile(r"[#№]\s*(\d{1,9})")


class AlreadyDecided(Exception):
    pass


class ProfileFrozen(Exception):
    """The person's profile is frozen after «Это не я»: its incident is to be decided first."""


@dataclass(frozen=True)
class PersonSummary:
    profile_id: int
    telegram_id: int | None
    name: str  # «Петрова А. С.»
    email: str  # masked
    phone: str  # masked
    policies: list[str]
    frozen: bool
    pin_locked: bool


@dataclass(frozen=True)
class Waiting:
    kind: str
    number: int
    since: datetime
    label: str = ""  # its own name, if it has one («Ж-000123»)


def full_name(person: Profile | Policy) -> str:
    """«Петрова Анна Сергеевна»: as the desk shows a person (a family member: as their policy
    names them)."""
    return " ".join(p for p in (person.last_name, person.first_name, person.middle_name) if p)


def initials(profile: Profile) -> str:
    parts = [profile.last_name, f"{profile.first_name[:1]}."]
    if profile.middle_name:
        parts.append(f"{profile.middle_name[:1]}.")
    return " ".join(parts)


class Desk:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
        holders: Holders,
        recoveries: Recoveries,
        sms_brake: SmsBrake,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit
        self.holders = holders
        self.recoveries = recoveries
        self.sms_brake = sms_brake  # `/pending` shows it, `/liftsms` lifts it

    @property
    def chat_id(self) -> int | None:
        return self.settings.operators_chat_id

    async def post_incident(self, incident: Incident) -> None:
        """«Это не я» after a recovery, on the desk with «Разморозить» (for the account that
        recovered the profile) and «Вернуть прежнему аккаунту» (kept if no desk is set)."""
        if self.chat_id is None:
            return
        await self.notifications.schedule(
            "operator_post",
            Group(self.chat_id),
            self.clock.now(),
            Payload(
                "desk-incident-recovery",
                {"number": incident.id, "profile": incident.profile_id or 0},
                buttons=[
                    [
                        Button("desk-unfreeze", Intent.DESK_UNFREEZE, incident.id),
                        Button("desk-give-back", Intent.DESK_GIVE_BACK, incident.id),
                    ]
                ],
            ),
            f"desk:incident:{incident.id}",
        )

    async def _undecided(self, incident_id: int) -> Incident:
        incident = await self.db.session.get(Incident, incident_id, with_for_update=True)
        if incident is None or incident.resolved_at is not None:
            raise AlreadyDecided
        return incident

    async def unfreeze(self, incident_id: int, operator_id: int) -> Incident:
        """«Разморозить»: the profile stays with the account that recovered it, and works; that
        account is told."""
        session, now = self.db.session, self.clock.now()
        incident = await self._undecided(incident_id)
        incident.resolved_at = now
        profile = (
            await session.get(Profile, incident.profile_id)
            if incident.profile_id is not None
            else None
        )
        if profile is not None:
            profile.frozen_at = None
            await self.notifications.schedule(
                "security",
                Person(profile.user_id),
                now,
                Payload("recovery-unfrozen"),
                f"incident:{incident.id}:unfrozen",
            )
        await self.audit.record(
            "operator", operator_id, "incident.unfreeze", "incident", incident.id
        )
        return incident

    async def give_back(self, incident_id: int, operator_id: int) -> User:
        """«Вернуть прежнему аккаунту»: the disputed recovery undone (`Recoveries.give_back`;
        RecoveryRefused when it cannot be). The account that loses the profile."""
        incident = await self._undecided(incident_id)
        recovery = (
            await self.db.session.get(Recovery, incident.recovery_id)
            if incident.recovery_id is not None
            else None
        )
        if recovery is None:
            raise RecoveryRefused("gone")
        recoverer = await self.recoveries.give_back(recovery)
        incident.resolved_at = self.clock.now()
        await self.audit.record(
            "operator", operator_id, "incident.give_back", "incident", incident.id
        )
        return recoverer

    async def _profile_by(self, query: str) -> Profile | None:
        session, text = self.db.session, query.strip()
        number = PROFILE_NUMBER.fullmatch(text)
        if number is not None:
            return await session.get(Profile, int(number.group(1)))
        try:
            if "@" in text:
                column, value = Profile.email, normalize_email(text)
                return await session.scalar(select(Profile).where(column == value))
            phone = normalize_phone(text)
            return await session.scalar(select(Profile).where(Profile.phone == phone))
        except Invalid:
            pass
        policy = await PolicyRepository(session).by_number(canonical_policy_number(text))
        if policy is None or policy.holder_profile_id is None:
            return None
        return await session.get(Profile, policy.holder_profile_id)

    async def find(self, query: str, operator_id: int) -> PersonSummary | None:
        """A masked summary of the person with this e-mail, phone, policy number or profile
        number («#42»)."""
        profile = await self._profile_by(query)
        await self.audit.record(
            "operator", operator_id, "desk.find", "profile", profile.id if profile else None
        )
        if profile is None:
            return None
        session = self.db.session
        user = await session.get(User, profile.user_id)
        policies = await PolicyRepository(session).printed_numbers_of(profile.id)
        locked = (
            profile.pin_locked_until is not None and profile.pin_locked_until > self.clock.now()
        )
        return PersonSummary(
            profile_id=profile.id,
            telegram_id=user.telegram_id if user else None,
            name=initials(profile),
            email=mask_email(profile.email),
            phone=mask_phone(profile.phone),
            policies=policies,
            frozen=profile.frozen_at is not None,
            pin_locked=locked,
        )

    async def unlink(self, number: str, operator_id: int) -> str | None:
        """The policy's printed number once unlinked; None when no one held it."""
        policy = await PolicyRepository(self.db.session).by_number(canonical_policy_number(number))
        if policy is None or policy.holder_profile_id is None:
            return None
        await self.holders.change(policy, None)
        await self.audit.record("operator", operator_id, "policy.unlink", "policy", policy.id)
        return policy.printed_number

    async def unlock(self, query: str, operator_id: int) -> bool:
        """Lift what blocks the person, whoever caused it: the PIN lock, and every code of their
        account and to their e-mail and phone, whichever account asked for it — with them the
        locks and hourly caps those count towards. A person stuck at «слишком много кодов» can
        try again, also from the new account they recover from."""
        profile = await self._profile_by(query)
        if profile is None:
            return False
        profile.pin_locked_until = None
        profile.pin_failed_attempts = 0
        forgotten = await CodeRepository(self.db.session).forget(
            profile.user_id, [profile.email, profile.phone]
        )
        await self.audit.record(
            "operator", operator_id, "person.unlock", "profile", profile.id, codes=forgotten
        )
        return True

    async def pending(self) -> list[Waiting]:
        """What waits for the desk, oldest first: incidents, identity checks, tickets, guarantee
        letter requests and reimbursement claims under review."""
        session = self.db.session
        incidents = await session.scalars(
            select(Incident).where(Incident.resolved_at.is_(None)).order_by(Incident.created_at)
        )
        waiting = [Waiting(i.kind, i.id, i.created_at) for i in incidents]
        checks = await session.execute(
            select(IdentityCheck.id, IdentityCheck.submitted_at).where(
                IdentityCheck.status == "pending"
            )
        )
        waiting += [Waiting("identity", number, since) for number, since in checks]
        tickets = await TicketRepository(session).with_status(("new", "in_progress"))
        waiting += [Waiting(f"ticket-{t.kind}", t.id, t.created_at, t.label) for t in tickets]
        letters = await session.scalars(
            select(GuaranteeLetter).where(GuaranteeLetter.status == "review")
        )
        waiting += [Waiting("letter", g.id, g.waiting_since, g.label) for g in letters]
        claims = await ClaimRepository(session).waiting()
        waiting += [Waiting("claim", c.id, c.created_at, c.label) for c in claims]
        return sorted(waiting, key=lambda item: item.since)
