"""Reimbursement claims and their notes.

The one ownership rule lives here: a claim is a person's when `profile_id` is their profile's id,
and a policy may be claimed under by the person holding it (`claimable_policies`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Claim, ClaimNote, Policy, Profile
from storage.models.claims import OPEN_CLAIM_STATUSES


class ClaimRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- the person's own --------------------------------------------------------------------

    async def claimable_policies(self, profile_id: int, today: date, since: date) -> list[Policy]:
        """The person's policies care may be claimed under: begun by `today`, not terminated, in
        force or ended on `since` or later (the same rule as `Holding.RECENT_POLICY`)."""
        found = await self.session.scalars(
            select(Policy)
            .where(
                Policy.holder_profile_id == profile_id,
                Policy.terminated_at.is_(None),
                Policy.start_date <= today,
                Policy.end_date >= since,
            )
            .order_by(Policy.end_date.desc(), Policy.id)
        )
        return list(found.all())

    async def owned(self, profile_id: int, claim_id: int, *, lock: bool = False) -> Claim | None:
        """The claim, if it is `profile_id`'s: a button naming anyone else's finds nothing."""
        query = select(Claim).where(Claim.id == claim_id, Claim.profile_id == profile_id)
        return await self.session.scalar(query.with_for_update() if lock else query)

    async def of_profile(self, profile_id: int) -> list[Claim]:
        found = await self.session.scalars(
            select(Claim).where(Claim.profile_id == profile_id).order_by(Claim.id)
        )
        return list(found.all())

    async def page_of(self, profile_id: int, offset: int, limit: int) -> tuple[int, list[Claim]]:
        """How many claims the person has, and a page of them, newest first."""
        count = await self.session.scalar(
            select(func.count()).select_from(Claim).where(Claim.profile_id == profile_id)
        )
        page = await self.session.scalars(
            select(Claim)
            .where(Claim.profile_id == profile_id)
            .order_by(Claim.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return int(count or 0), list(page)

    async def open_count(self, profile_id: int, among: Collection[int] | None = None) -> int:
        """How many of `profile_id`'s claims are open; `among`: on these policies only (one
        person's of a family)."""
        query = (
            select(func.count())
            .select_from(Claim)
            .where(Claim.profile_id == profile_id, Claim.status.in_(OPEN_CLAIM_STATUSES))
        )
        if among is not None:
            query = query.where(Claim.policy_id.in_(among))
        return int(await self.session.scalar(query) or 0)

    async def open_on_policy(self, policy_id: int, profile_id: int) -> list[Claim]:
        """`profile_id`'s claims on the policy still open (locked: they are being withdrawn)."""
        found = await self.session.scalars(
            select(Claim)
            .where(
                Claim.policy_id == policy_id,
                Claim.profile_id == profile_id,
                Claim.status.in_(OPEN_CLAIM_STATUSES),
            )
            .with_for_update()
        )
        return list(found.all())

    # -- the desk's ----------------------------------------------------------------------------

    async def locked(self, claim_id: int) -> Claim | None:
        return await self.session.get(Claim, claim_id, with_for_update=True)

    async def unposted(self, limit: int) -> list[Claim]:
        """Open claims filed while the desk was off, oldest first."""
        found = await self.session.scalars(
            select(Claim)
            .where(Claim.desk_post_id.is_(None), Claim.status.in_(OPEN_CLAIM_STATUSES))
            .order_by(Claim.id)
            .limit(limit)
        )
        return list(found.all())

    async def waiting(self) -> list[Claim]:
        """Claims waiting for the desk (on review), oldest first."""
        found = await self.session.scalars(
            select(Claim).where(Claim.status == "review").order_by(Claim.created_at)
        )
        return list(found.all())

    # -- the payment team's export ---------------------------------------------------------------

    async def for_export(
        self, since: datetime | None
    ) -> list[tuple[Claim, Profile, Policy, list[ClaimNote]]]:
        """Every claim (changed on or after `since`) with its account's person, its policy and
        its notes, by id (`dmsbot export claims`)."""
        query = (
            select(Claim, Profile, Policy)
            .join(Profile, Profile.id == Claim.profile_id)
            .join(Policy, Policy.id == Claim.policy_id)
        )
        notes = select(ClaimNote).join(Claim, Claim.id == ClaimNote.claim_id)
        if since is not None:
            query = query.where(Claim.updated_at >= since)
            notes = notes.where(Claim.updated_at >= since)
        by_claim: defaultdict[int, list[ClaimNote]] = defaultdict(list)
        for note in await self.session.scalars(notes.order_by(ClaimNote.id)):
            by_claim[note.claim_id].append(note)
        found = await self.session.execute(query.order_by(Claim.id))
        return [(claim, person, policy, by_claim[claim.id]) for claim, person, policy in found]

    async def notes(self, claim_id: int) -> list[ClaimNote]:
        found = await self.session.scalars(
            select(ClaimNote).where(ClaimNote.claim_id == claim_id).order_by(ClaimNote.id)
        )
        return list(found.all())
