"""Card bindings: one trip each to the payment provider's page to bind a card.

The franchise opens and records them, the payment providers (the sandbox's page, YooKassa's
check) read and mark them, erasure deletes them: their queries live here. A binding is found by
its `order` (our id the provider names) or by its page's secret, never by a bare row id; the
person's own is `open_of` their profile.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CardBinding
from storage.models.payments import OPEN_BINDING, OPENING_BINDING, TAKING_CARD


class CardBindingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_order(self, order: str, *, lock: bool = False) -> CardBinding | None:
        """The binding the provider's notification or the person's return names; `lock`: its
        row stays locked until the transaction ends (its outcome is recorded once)."""
        query = select(CardBinding).where(CardBinding.order == order)
        return await self.session.scalar(query.with_for_update() if lock else query)

    async def by_key_hash(self, hashed: str) -> CardBinding | None:
        """The binding a sandbox page's link opens, locked until the transaction ends."""
        return await self.session.scalar(
            select(CardBinding).where(CardBinding.key_hash == hashed).with_for_update()
        )

    async def open_of(self, profile_id: int) -> CardBinding | None:
        """The person's open binding (at most one: `uq_card_bindings_open`), None for anyone
        else's."""
        return await self.session.scalar(
            select(CardBinding).where(
                CardBinding.profile_id == profile_id,
                CardBinding.status.in_(OPEN_BINDING),
            )
        )

    async def expire_stale(
        self, profile_id: int, now: datetime, opening_timeout: timedelta
    ) -> None:
        """The person's bindings whose page expired unused, or whose opening the provider never
        answered within `opening_timeout`, become `expired` (their page forgotten)."""
        await self.session.execute(
            update(CardBinding)
            .where(
                CardBinding.profile_id == profile_id,
                or_(
                    and_(CardBinding.status.in_(TAKING_CARD), CardBinding.expires_at <= now),
                    and_(
                        CardBinding.status == OPENING_BINDING,
                        CardBinding.created_at <= now - opening_timeout,
                    ),
                ),
            )
            .values(status="expired", finished_at=now, page_sealed=None)
        )

    async def set_key_hash(self, order: str, hashed: str) -> None:
        await self.session.execute(
            update(CardBinding).where(CardBinding.order == order).values(key_hash=hashed)
        )

    async def delete_of(self, profile_id: int) -> None:
        """Erasure: every binding of the person."""
        await self.session.execute(delete(CardBinding).where(CardBinding.profile_id == profile_id))
