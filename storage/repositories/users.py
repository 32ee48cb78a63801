from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.fsm import remember_row
from storage.models import DialogueState, Policy, Profile, User
from storage.repositories.policies import PolicyRepository
from storage.repositories.profiles import ProfileRepository
from storage.sql import insert_ignoring_conflicts

# Every update's first statement, built once (building it took as long as running it): the
# account, its profile and the policies it holds, one row per policy (in import order, as
# `PolicyRepository.of_holder_by_id` keeps them), one row without a policy when none.
_PERSON = (
    select(User, Profile, Policy)
    .outerjoin(Profile, Profile.user_id == User.id)
    .outerjoin(Policy, Policy.holder_profile_id == Profile.id)
    .where(User.telegram_id == bindparam("telegram_id"))
    .order_by(Policy.id)
)
# The same, with the person's dialogue row in this chat (storage/fsm.py): an update's first
# three reads in one statement.
_PERSON_AND_DIALOGUE = _PERSON.add_columns(
    DialogueState.key, DialogueState.state, DialogueState.data
).outerjoin(DialogueState, DialogueState.key == bindparam("dialogue_key"))


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        return await self.session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def with_profile(
        self, telegram_id: int, dialogue_key: str | None = None
    ) -> tuple[User, Profile | None] | None:
        """The account and its profile (None before sign-up) in one statement. The profile and
        the policies it holds are remembered for the rest of the unit of work
        (`ProfileRepository.of_user`, `PolicyRepository.of_holder_by_id`). With `dialogue_key`,
        the dialogue row of that key is read in the same statement and kept for the dialogue
        storage (`storage.fsm.remember_row`)."""
        rows: Sequence[Any]  # (account, profile, a policy[, dialogue key, state, data])
        if dialogue_key is None:
            rows = (await self.session.execute(_PERSON, {"telegram_id": telegram_id})).all()
        else:
            both = {"telegram_id": telegram_id, "dialogue_key": dialogue_key}
            rows = (await self.session.execute(_PERSON_AND_DIALOGUE, both)).all()
        if not rows:
            return None
        user, profile = rows[0][0], rows[0][1]
        if dialogue_key is not None:
            stored, state, data = rows[0][3:]
            remember_row(self.session, dialogue_key, state, data, stored=stored is not None)
        ProfileRepository(self.session).remember(user.id, profile)
        if profile is not None:
            held = [row[2] for row in rows if row[2] is not None]
            PolicyRepository(self.session).remember(profile.id, held)
        return user, profile

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

    async def reachable_ids(self, *, after: int, joined_by: datetime, limit: int) -> list[int]:
        """The first `limit` people, by id after `after`, the bot can write to (none of them
        blocked it) who had an account at `joined_by`."""
        result = await self.session.scalars(
            select(User.id)
            .where(User.unreachable_since.is_(None), User.created_at <= joined_by, User.id > after)
            .order_by(User.id)
            .limit(limit)
        )
        return list(result.all())

    async def count_reachable(self) -> int:
        result = await self.session.scalar(
            select(func.count()).select_from(User).where(User.unreachable_since.is_(None))
        )
        return int(result or 0)

    async def mark_unreachable(self, user_id: int, now: datetime) -> None:
        await self.session.execute(
            update(User)
            .where(User.id == user_id, User.unreachable_since.is_(None))
            .values(unreachable_since=now)
        )
