"""Abroad cases («🆘 Помощь за рубежом») and their notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AbroadCase, AbroadNote, Policy, Program
from storage.models.abroad import ENDED_STATUSES


class AbroadRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def covers(
        self, profile_id: int, today: date, grace: timedelta = timedelta(0)
    ) -> list[tuple[Policy, Program | None]]:
        """The person's ВЗР policies in force today (give or take `grace`), with their
        programmes."""
        found = await self.session.execute(
            select(Policy, Program)
            .outerjoin(Program, Program.code == Policy.program_code)
            .where(
                Policy.holder_profile_id == profile_id,
                Policy.kind == "VZR",
                Policy.terminated_at.is_(None),
                Policy.start_date <= today + grace,
                Policy.end_date >= today - grace,
            )
            .order_by(Policy.end_date, Policy.id)
        )
        return [(policy, program) for policy, program in found]

    async def not_ended(self, profile_id: int, *, lock: bool = False) -> AbroadCase | None:
        """The person's case still open or taken (one at most)."""
        query = (
            select(AbroadCase)
            .where(AbroadCase.profile_id == profile_id, AbroadCase.status.not_in(ENDED_STATUSES))
            .order_by(AbroadCase.id.desc())
            .limit(1)
        )
        if lock:
            query = query.with_for_update()
        found: AbroadCase | None = await self.session.scalar(query)
        return found

    async def owned(self, profile_id: int, case_id: int) -> AbroadCase | None:
        """The case, if it is this person's: a button or a step naming anyone else's finds none."""
        found: AbroadCase | None = await self.session.scalar(
            select(AbroadCase)
            .where(AbroadCase.id == case_id, AbroadCase.profile_id == profile_id)
            .with_for_update()
        )
        return found

    async def locked(self, case_id: int) -> AbroadCase | None:
        return await self.session.get(
            AbroadCase, case_id, with_for_update=True, populate_existing=True
        )

    async def of_profile(self, profile_id: int) -> Sequence[AbroadCase]:
        found = await self.session.scalars(
            select(AbroadCase).where(AbroadCase.profile_id == profile_id).order_by(AbroadCase.id)
        )
        return found.all()

    async def notes(self, case_id: int) -> Sequence[AbroadNote]:
        found = await self.session.scalars(
            select(AbroadNote).where(AbroadNote.case_id == case_id).order_by(AbroadNote.id)
        )
        return found.all()

    async def notes_since(self, case_id: int, since: datetime) -> int:
        """How many notes the case got from `since` on."""
        found = await self.session.scalar(
            select(func.count())
            .select_from(AbroadNote)
            .where(AbroadNote.case_id == case_id, AbroadNote.created_at >= since)
        )
        return int(found or 0)

    async def unposted(self, limit: int) -> Sequence[AbroadCase]:
        """Cases not ended that were filed while the desk was off, oldest first (each locked:
        one instance posts it)."""
        found = await self.session.scalars(
            select(AbroadCase)
            .where(AbroadCase.desk_post_id.is_(None), AbroadCase.status.not_in(ENDED_STATUSES))
            .order_by(AbroadCase.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return found.all()

    async def on_policy_not_ended(self, policy_id: int, profile_id: int) -> Sequence[AbroadCase]:
        """The person's cases not ended on a policy (each locked): what ends when the policy
        goes to another holder."""
        found = await self.session.scalars(
            select(AbroadCase)
            .where(
                AbroadCase.policy_id == policy_id,
                AbroadCase.profile_id == profile_id,
                AbroadCase.status.not_in(ENDED_STATUSES),
            )
            .order_by(AbroadCase.id)
            .with_for_update()
        )
        return found.all()

    async def stale_cards(self, limit: int) -> Sequence[AbroadCase]:
        """Cases whose post on the desk is to be edited (each locked: one instance edits it)."""
        found = await self.session.scalars(
            select(AbroadCase)
            .where(AbroadCase.card_stale.is_(True))
            .order_by(AbroadCase.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return found.all()
