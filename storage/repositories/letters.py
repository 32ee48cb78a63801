"""Guarantee letters and the questions and answers about them.

The person asks and answers, the desk decides, jobs post, escalate, deliver and remind, a change
of holder ends them, erasure and the exports read them: their queries live here, and with them
the one ownership rule: a letter is a person's when `profile_id` is their profile's id.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Appointment,
    Clinic,
    GuaranteeLetter,
    LetterMessage,
    Policy,
    Profile,
    ServiceReceived,
    Slot,
)
from storage.models.letters import OPEN_STATUSES


class LetterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- the person's own --------------------------------------------------------------------

    async def owned(
        self, profile_id: int, letter_id: int, *, lock: bool = False
    ) -> GuaranteeLetter | None:
        """The letter, if it is `profile_id`'s: a button naming anyone else's finds nothing."""
        query = select(GuaranteeLetter).where(
            GuaranteeLetter.id == letter_id, GuaranteeLetter.profile_id == profile_id
        )
        return await self.session.scalar(query.with_for_update() if lock else query)

    async def of_profile(self, profile_id: int) -> list[GuaranteeLetter]:
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(GuaranteeLetter.profile_id == profile_id)
            .order_by(GuaranteeLetter.id)
        )
        return list(found.all())

    async def page_of(
        self, profile_id: int, offset: int, limit: int
    ) -> tuple[int, list[tuple[GuaranteeLetter, str | None]]]:
        """How many letters the person has, and a page of them with their clinic's name,
        newest first."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(GuaranteeLetter)
            .where(GuaranteeLetter.profile_id == profile_id)
        )
        page = await self.session.execute(
            select(GuaranteeLetter, Clinic.name)
            .outerjoin(Clinic, Clinic.id == GuaranteeLetter.clinic_id)
            .where(GuaranteeLetter.profile_id == profile_id)
            .order_by(GuaranteeLetter.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return int(count or 0), [(letter, name) for letter, name in page]

    async def open_count(self, profile_id: int, among: Collection[int] | None = None) -> int:
        """How many of `profile_id`'s requests are open; `among`: on these policies only (one
        person's of a family)."""
        query = (
            select(func.count())
            .select_from(GuaranteeLetter)
            .where(
                GuaranteeLetter.profile_id == profile_id,
                GuaranteeLetter.status.in_(OPEN_STATUSES),
            )
        )
        if among is not None:
            query = query.where(GuaranteeLetter.policy_id.in_(among))
        count = await self.session.scalar(query)
        return int(count or 0)

    async def on_policy(self, policy_id: int, profile_id: int) -> list[GuaranteeLetter]:
        """`profile_id`'s letters on the policy (a change of holder ends them), locked."""
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(
                GuaranteeLetter.policy_id == policy_id,
                GuaranteeLetter.profile_id == profile_id,
            )
            .order_by(GuaranteeLetter.id)
            .with_for_update()
        )
        return list(found.all())

    # -- the desk's side ---------------------------------------------------------------------

    async def locked(self, letter_id: int) -> GuaranteeLetter | None:
        """Any letter by id, its row locked until the transaction ends (an operator acts)."""
        return await self.session.get(GuaranteeLetter, letter_id, with_for_update=True)

    async def unposted(self, limit: int) -> list[GuaranteeLetter]:
        """Open requests not posted on the desk yet, oldest first; rows another instance holds
        are skipped."""
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(
                GuaranteeLetter.posted_at.is_(None),
                GuaranteeLetter.status.in_(OPEN_STATUSES),
            )
            .order_by(GuaranteeLetter.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(found)

    async def overdue(self, waiting_since: datetime, limit: int) -> list[GuaranteeLetter]:
        """Posted requests waiting for the desk (not for the person) since `waiting_since` or
        longer, not escalated yet, oldest first; locked as `unposted`."""
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(
                GuaranteeLetter.status == "review",
                GuaranteeLetter.escalated_at.is_(None),
                GuaranteeLetter.posted_at.is_not(None),
                GuaranteeLetter.waiting_since <= waiting_since,
            )
            .order_by(GuaranteeLetter.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(found)

    async def with_status(self, statuses: tuple[str, ...]) -> list[GuaranteeLetter]:
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(GuaranteeLetter.status.in_(statuses))
            .order_by(GuaranteeLetter.id)
        )
        return list(found.all())

    async def undelivered(self, limit: int) -> list[GuaranteeLetter]:
        """Approved letters whose PDF has not gone to their person yet."""
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(GuaranteeLetter.status == "approved", GuaranteeLetter.delivered_at.is_(None))
            .order_by(GuaranteeLetter.id)
            .limit(limit)
        )
        return list(found)

    async def lapsing(self, first: date, last: date, limit: int) -> list[GuaranteeLetter]:
        """Approved letters valid until a day in `first`..`last`, not reminded of yet; locked."""
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(
                GuaranteeLetter.status == "approved",
                GuaranteeLetter.reminded_at.is_(None),
                GuaranteeLetter.valid_until >= first,
                GuaranteeLetter.valid_until <= last,
            )
            .order_by(GuaranteeLetter.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(found)

    async def lapsed(self, today: date, limit: int) -> list[GuaranteeLetter]:
        """Approved letters whose last day is before `today`, not marked expired yet."""
        found = await self.session.scalars(
            select(GuaranteeLetter)
            .where(
                GuaranteeLetter.status == "approved",
                GuaranteeLetter.expired_at.is_(None),
                GuaranteeLetter.valid_until < today,
            )
            .order_by(GuaranteeLetter.id)
            .limit(limit)
        )
        return list(found)

    async def used(self, letter: GuaranteeLetter, since: date) -> bool:
        """Whether the letter has been used: a service billed at its clinic on its policy on or
        after `since` (the day it was approved), or a visit booked there on the policy through
        the bot since then (not cancelled)."""
        if letter.clinic_id is None:
            return False
        clinic = await self.session.get(Clinic, letter.clinic_id)
        policy = await self.session.get(Policy, letter.policy_id)
        if clinic is None or policy is None:
            return False
        billed = await self.session.scalar(
            select(ServiceReceived.service_id)
            .where(
                ServiceReceived.policy_number == policy.number,
                ServiceReceived.clinic_external_id == clinic.external_id,
                ServiceReceived.date >= since,
            )
            .limit(1)
        )
        if billed is not None:
            return True
        assert letter.decided_at is not None
        booked = await self.session.scalar(
            select(Appointment.id)
            .join(Slot, Slot.id == Appointment.slot_id)
            .where(
                Appointment.policy_id == letter.policy_id,
                Slot.clinic_id == letter.clinic_id,
                Appointment.created_at >= letter.decided_at,
                Appointment.status == "confirmed",
            )
            .limit(1)
        )
        return booked is not None

    # -- threads -----------------------------------------------------------------------------

    async def messages(self, letter_id: int) -> list[LetterMessage]:
        found = await self.session.scalars(
            select(LetterMessage)
            .where(LetterMessage.letter_id == letter_id)
            .order_by(LetterMessage.id)
        )
        return list(found)

    # -- exports -----------------------------------------------------------------------------

    async def for_export(
        self, since: datetime | None, clinic: str | None = None
    ) -> list[tuple[GuaranteeLetter, Profile, Policy, Clinic | None]]:
        """Every letter (changed on or after `since`; at the clinic whose external id is
        `clinic`), with its person, policy and clinic, by id (`dmsbot export letters`)."""
        query = (
            select(GuaranteeLetter, Profile, Policy, Clinic)
            .join(Profile, Profile.id == GuaranteeLetter.profile_id)
            .join(Policy, Policy.id == GuaranteeLetter.policy_id)
            .outerjoin(Clinic, Clinic.id == GuaranteeLetter.clinic_id)
            .order_by(GuaranteeLetter.id)
        )
        if since is not None:
            query = query.where(GuaranteeLetter.updated_at >= since)
        if clinic is not None:
            query = query.where(Clinic.external_id == clinic)
        found = await self.session.execute(query)
        return [(letter, profile, policy, place) for letter, profile, policy, place in found]
