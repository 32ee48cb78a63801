"""Who holds a policy. Every change of holder goes through `Holders.change`: an identity check
approved for another person, the desk's /unlink, a new link.

Nothing of the previous holder's follows the policy (DESIGN.md, flow 3): their co-payment consent
and its activation (with the notices still to come), what they owe on it and has not been paid,
their upcoming visits booked on it (each clinic is mailed once the change commits), its expiry
reminders, and through `releases` their guarantee letters, open reimbursement claims and cases
abroad on it (a case ends). They are told. Their card stays theirs, for their other policies; the
new holder starts at «не оформлена».
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import update

from core.audit import Audit
from core.calendar_files import CalendarFiles, call_off
from core.clinic_notices import ClinicNotices
from core.clock import Clock
from core.copayments import OWED, in_flight
from core.notifications import Notifications, Payload, Person
from storage.db import Database
from storage.models import (
    Appointment,
    Charge,
    Clinic,
    Franchise,
    Policy,
    Profile,
    Slot,
)
from storage.repositories.appointments import AppointmentRepository

NOTICE_KIND = "security"
ACTIVATION_NOTICES = ("clinics", "active")


# What else a previous holder loses with the policy (guarantee letters: core/letters.py, open
# reimbursement claims: core/claims.py), given
# the policy and the previous holder's profile id; registered by core/services.py.
Release = Callable[[Policy, int], Awaitable[object]]


def activation_notice_key(policy_id: int, started_at: datetime, notice: str) -> str:
    """The dedupe key of a franchise's activation notice (core/franchise.py schedules them)."""
    return f"franchise:{policy_id}:{int(started_at.timestamp())}:{notice}"


class Holders:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        notifications: Notifications,
        audit: Audit,
        clinic_notices: ClinicNotices,
        calendar: CalendarFiles,
    ) -> None:
        self.calendar = calendar
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.audit = audit
        self.clinic_notices = clinic_notices
        self.releases: list[Release] = []

    async def change(
        self,
        policy: Policy,
        holder: Profile | None,
        *,
        relation: str | None = None,
        notice: str | None = None,
    ) -> None:
        """`policy` is `holder`'s from now on (None: nobody's); what was the previous holder's on
        it is released and they are told (`notice`: the catalogue key that tells them, given the
        policy's number and its person's first name; by default why depends on whether it moved
        to someone or to nobody). A franchise row left on the policy by another person goes
        whoever held it. `relation`: the account holds it for a family member, who is this to its
        person (core/family.py); None: its own."""
        previous = policy.holder_profile_id
        new = holder.id if holder is not None else None
        await self._forget_franchise(policy, keep_for=new if new == previous else None)
        policy.member_relation = relation if new is not None else None
        if previous == new:
            return
        policy.holder_profile_id = new
        if previous is not None:
            moved = "holder-policy-moved" if holder is not None else "holder-policy-unlinked"
            await self._release(policy, previous, notice or moved)

    async def _forget_franchise(self, policy: Policy, keep_for: int | None) -> None:
        session = self.db.session
        franchise = await session.get(Franchise, policy.id)
        if franchise is None or (keep_for is not None and franchise.profile_id == keep_for):
            return
        if franchise.started_at is not None:
            for notice in ACTIVATION_NOTICES:
                key = activation_notice_key(policy.id, franchise.started_at, notice)
                await self.notifications.cancel(dedupe_key=key)
        await session.delete(franchise)
        await session.flush()
        await self.audit.record("system", None, "franchise.released", "policy", policy.id)

    async def _release(self, policy: Policy, previous: int, notice: str) -> None:
        session, now = self.db.session, self.clock.now()
        await self.notifications.cancel(group=f"policy:{policy.number}")
        await session.execute(
            update(Charge)
            .where(
                Charge.policy_id == policy.id,
                Charge.profile_id == previous,
                Charge.status.in_(OWED),
                # One the provider was asked for is settled by the job (same key), not dropped.
                ~in_flight(),
            )
            .values(status="cancelled", next_attempt_at=None, updated_at=now)
        )
        visits = await AppointmentRepository(session).upcoming_on_policy(policy.id, previous, now)
        for visit in visits:
            call_off(visit, "cancelled", now)
            await self.notifications.cancel(group=f"visit:{visit.id}")
            await self.clinic_notices.visit(visit, "released")  # mailed once this commits
        for release in self.releases:
            await release(policy, previous)
        old = await session.get(Profile, previous)
        if old is not None:
            await self._tell_released(old.user_id, visits)
            await self.notifications.schedule(
                NOTICE_KIND,
                Person(old.user_id),
                now,
                Payload(notice, {"number": policy.printed_number, "name": policy.first_name}),
                f"holder:{policy.id}:{previous}:{int(now.timestamp())}",
            )

    async def _tell_released(self, user_id: int, visits: list[Appointment]) -> None:
        """Each visit released with the policy, as a calendar file cancelling its event."""
        session = self.db.session
        for visit in visits:
            slot = await session.get(Slot, visit.slot_id)
            clinic = await session.get(Clinic, slot.clinic_id) if slot is not None else None
            if slot is None or clinic is None:
                continue
            local = slot.starts_at.astimezone(self.calendar.zone_of(clinic))
            await self.notifications.schedule(
                NOTICE_KIND,
                Person(user_id),
                self.clock.now(),
                Payload(
                    "holder-visit-released",
                    {
                        "clinic": clinic.name,
                        "doctor": slot.doctor,
                        "date": local.strftime("%d.%m.%Y"),
                        "time": local.strftime("%H:%M"),
                    },
                    media=[await self.calendar.media(user_id, visit, slot, clinic)],
                ),
                f"visit-released:{visit.id}",
            )
