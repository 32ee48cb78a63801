from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User
from storage.sql import insert_ignoring_conflicts


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        return await self.session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def add_if_absent(self, telegram_id: int, language: str, now: datetime) -> bool:
        """Insert a user unless one exists (two first updates may race); True if inserted."""
        result = await self.session.execute(
            insert_ignoring_conflicts(
                self.session,
                User,
                telegram_id=telegram_id,
                language=language,
                language_chosen=False,
                created_at=now,
                seen_at=now,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
