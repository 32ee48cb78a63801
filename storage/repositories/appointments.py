"""Visits (appointments): a person's booking of a slot under a policy.

Booking writes them; slots, holder changes, clinic notices, tickets, data rights and the clinics'
export read or change them too, so their queries live here, and with them the one ownership rule:
a visit is a person's when `profile_id` is their profile's id.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Appointment, Clinic, Policy, Profile, Slot

CONFIRMED = "confirmed"


def _with_places(past: bool) -> Select[Appointment, Slot, Clinic]:
    """A person's visits (`profile_id`) with slot and clinic: those started by `now` latest
    first (`past`), else those after it earliest first."""
    now: BindParameter[datetime] = bindparam("now")
    return (
        select(Appointment, Slot, Clinic)
        .join(Slot, Slot.id == Appointment.slot_id)
        .join(Clinic, Clinic.id == Slot.clinic_id)
        .where(
            Appointment.profile_id == bindparam("profile_id"),
            Appointment.starts_at <= now if past else Appointment.starts_at > now,
        )
        .order_by(Appointment.starts_at.desc() if past else Appointment.starts_at)
    )


# Built once: «Мои записи» asks on every showing, and building took as long as running.
_PAST_WITH_PLACES, _COMING_WITH_PLACES = _with_places(past=True), _with_places(past=False)


class AppointmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @staticmethod
    def slot_taken() -> ColumnElement[bool]:
        """For a query on slots: the slot has a confirmed visit (at most one may: the partial
        unique index `uq_appointments_active_slot`)."""
        return exists().where(Appointment.slot_id == Slot.id, Appointment.status == CONFIRMED)

    # -- the person's own --------------------------------------------------------------------

    async def owned(self, profile_id: int, visit_id: int) -> Appointment | None:
        """The visit, if it is `profile_id`'s: a button naming anyone else's finds nothing."""
        return await self.session.scalar(
            select(Appointment).where(
                Appointment.id == visit_id, Appointment.profile_id == profile_id
            )
        )

    async def holding(
        self, profile_id: int, slot_id: int, now: datetime
    ) -> tuple[Appointment, Slot, Clinic] | None:
        """The person's confirmed visit on this slot starting after `now`, with its slot and
        clinic."""
        found = await self.session.execute(
            select(Appointment, Slot, Clinic)
            .join(Slot, Slot.id == Appointment.slot_id)
            .join(Clinic, Clinic.id == Slot.clinic_id)
            .where(
                Appointment.slot_id == slot_id,
                Appointment.profile_id == profile_id,
                Appointment.status == CONFIRMED,
                Appointment.starts_at > now,
            )
        )
        row = found.first()
        return None if row is None else (row[0], row[1], row[2])

    async def upcoming(self, profile_id: int, now: datetime) -> list[Appointment]:
        """The person's confirmed visits starting after `now`, earliest first."""
        found = await self.session.scalars(
            select(Appointment)
            .where(
                Appointment.profile_id == profile_id,
                Appointment.status == CONFIRMED,
                Appointment.starts_at > now,
            )
            .order_by(Appointment.starts_at)
        )
        return list(found)

    async def with_places(
        self, profile_id: int, now: datetime, *, past: bool
    ) -> list[tuple[Appointment, Slot, Clinic]]:
        """The person's visits of any status, with slot and clinic: those started by `now`
        latest first (`past`), else those after it earliest first."""
        query = _PAST_WITH_PLACES if past else _COMING_WITH_PLACES
        found = await self.session.execute(query, {"profile_id": profile_id, "now": now})
        return [(visit, slot, clinic) for visit, slot, clinic in found]

    async def all_with_places(self, profile_id: int) -> list[tuple[Appointment, Slot, Clinic]]:
        """Every visit of the person, with slot and clinic, by start (the data export)."""
        found = await self.session.execute(
            select(Appointment, Slot, Clinic)
            .join(Slot, Slot.id == Appointment.slot_id)
            .join(Clinic, Clinic.id == Slot.clinic_id)
            .where(Appointment.profile_id == profile_id)
            .order_by(Appointment.starts_at)
        )
        return [(visit, slot, clinic) for visit, slot, clinic in found]

    async def after_at_mailed_clinics(
        self, profile_id: int, now: datetime
    ) -> list[tuple[Appointment, Slot, Clinic]]:
        """The person's visits of any status starting after `now` at clinics with an e-mail, by
        start (what an erasure tells the clinics)."""
        found = await self.session.execute(
            select(Appointment, Slot, Clinic)
            .join(Slot, Slot.id == Appointment.slot_id)
            .join(Clinic, Clinic.id == Slot.clinic_id)
            .where(
                Appointment.profile_id == profile_id,
                Appointment.starts_at > now,
                Clinic.email.is_not(None),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
        return [(visit, slot, clinic) for visit, slot, clinic in found]

    async def clinics_visited(
        self, profile_id: int, since: datetime, limit: int
    ) -> list[tuple[int, datetime]]:
        """(Clinic id, start) of the person's visits of any status since `since`, latest first."""
        found = await self.session.execute(
            select(Slot.clinic_id, Appointment.starts_at)
            .join(Slot, Slot.id == Appointment.slot_id)
            .where(Appointment.profile_id == profile_id, Appointment.starts_at >= since)
            .order_by(Appointment.starts_at.desc())
            .limit(limit)
        )
        return [(clinic_id, starts_at) for clinic_id, starts_at in found]

    # -- others' changes to them --------------------------------------------------------------

    async def upcoming_on_policy(
        self, policy_id: int, profile_id: int, now: datetime
    ) -> list[Appointment]:
        """`profile_id`'s confirmed visits under the policy starting after `now` (released when
        the policy changes holder)."""
        found = await self.session.scalars(
            select(Appointment).where(
                Appointment.policy_id == policy_id,
                Appointment.profile_id == profile_id,
                Appointment.status == CONFIRMED,
                Appointment.starts_at > now,
            )
        )
        return list(found)

    async def confirmed_on_slots(
        self, slot_ids: Collection[int]
    ) -> list[tuple[Appointment, Slot, int]]:
        """Confirmed visits on these slots, with the slot and the person's account id (slots
        withdrawn by an import)."""
        found = await self.session.execute(
            select(Appointment, Slot, Profile.user_id)
            .join(Slot, Slot.id == Appointment.slot_id)
            .join(Profile, Profile.id == Appointment.profile_id)
            .where(Appointment.slot_id.in_(slot_ids), Appointment.status == CONFIRMED)
        )
        return [(visit, slot, user_id) for visit, slot, user_id in found.all()]

    async def for_clinics(
        self, clinic_external_id: str | None, since: date | None
    ) -> list[tuple[Appointment, Slot, Clinic, Profile | None, Policy | None]]:
        """Visits of every status with slot, clinic, person and policy (none for a visit kept
        from an erasure), by clinic, start and id (`dmsbot export bookings`); of one clinic, and
        changed on or after `since`, when given."""
        query = (
            select(Appointment, Slot, Clinic, Profile, Policy)
            .join(Slot, Slot.id == Appointment.slot_id)
            .join(Clinic, Clinic.id == Slot.clinic_id)
            .outerjoin(Profile, Profile.id == Appointment.profile_id)
            .outerjoin(Policy, Policy.id == Appointment.policy_id)
            .order_by(Clinic.external_id, Appointment.starts_at, Appointment.id)
        )
        if clinic_external_id is not None:
            query = query.where(Clinic.external_id == clinic_external_id)
        if since is not None:
            query = query.where(
                Appointment.updated_at >= datetime.combine(since, time.min, tzinfo=UTC)
            )
        found = await self.session.execute(query)
        return [
            (visit, slot, clinic, person, policy) for visit, slot, clinic, person, policy in found
        ]
