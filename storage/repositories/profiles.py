"""Profiles, consents and confirmation codes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, event, func, inspect, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.models import ConfirmationCode, Consent, Profile
from storage.sql import insert_ignoring_conflicts

# session.info: user id -> their profile (or None), as read in this unit of work. An update asks
# for the person's profile several times (the account middleware, then the handler); the
# session's identity map holds rows only weakly and cannot answer "has none" at all.
KNOWN = "dms_profiles"


# The sessions keep their objects across commits (`expire_on_commit=False`): a profile read
# again refreshes the one kept, which the update's handlers may hold.
_OF_USER = (
    select(Profile)
    .where(Profile.user_id == bindparam("user_id"))
    .execution_options(populate_existing=True)
)


class ProfileRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_user(self, user_id: int) -> Profile | None:
        known: dict[int, Profile | None] = self.session.info.setdefault(KNOWN, {})
        if user_id in known:
            profile = known[user_id]
            if profile is None or (
                profile in self.session
                and not inspect(profile).was_deleted
                and profile.user_id == user_id
            ):
                return profile
        profile = await self.session.scalar(_OF_USER, {"user_id": user_id})
        self.remember(user_id, profile)
        return profile

    def remember(self, user_id: int, profile: Profile | None) -> None:
        """`user_id`'s profile as just read, for the rest of the unit of work; forgotten as soon
        as a profile is written (`_forget_on_flush`, `_forget_on_statement`) and after a commit
        (`_forget_on_commit`)."""
        self.session.info.setdefault(KNOWN, {})[user_id] = profile

    async def lock(self, profile_id: int) -> None:
        """Until the transaction ends, what this person files is filed one at a time, so a cap
        checked before an insert still holds after it: PostgreSQL locks the profile's row;
        SQLite's writers take turns already (every transaction begins IMMEDIATE)."""
        await self.session.execute(
            select(Profile.id).where(Profile.id == profile_id).with_for_update()
        )

    async def exists_for(self, user_id: int) -> bool:
        return await self.of_user(user_id) is not None

    async def active_for(self, user_id: int) -> bool:
        """Signed up and not frozen: the member sections are open."""
        profile = await self.of_user(user_id)
        return profile is not None and profile.frozen_at is None

    async def email_taken(self, email: str, except_user_id: int | None = None) -> bool:
        query = select(Profile.id).where(Profile.email == email)
        if except_user_id is not None:
            query = query.where(Profile.user_id != except_user_id)
        return await self.session.scalar(query) is not None

    async def phone_taken(self, phone: str, except_user_id: int | None = None) -> bool:
        query = select(Profile.id).where(Profile.phone == phone)
        if except_user_id is not None:
            query = query.where(Profile.user_id != except_user_id)
        return await self.session.scalar(query) is not None

    async def add(self, profile: Profile) -> None:
        self.session.add(profile)
        await self.session.flush()


class ConsentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, user_id: int, document: str, version: str, now: datetime) -> None:
        await self.session.execute(
            insert_ignoring_conflicts(
                self.session,
                Consent,
                user_id=user_id,
                document=document,
                version=version,
                accepted_at=now,
            )
        )

    async def of_user(self, user_id: int) -> list[Consent]:
        result = await self.session.scalars(
            select(Consent).where(Consent.user_id == user_id).order_by(Consent.id)
        )
        return list(result.all())


class CodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, code: ConfirmationCode) -> None:
        self.session.add(code)
        await self.session.flush()

    async def latest(self, user_id: int, purpose: str, address: str) -> ConfirmationCode | None:
        return await self.session.scalar(
            select(ConfirmationCode)
            .where(
                ConfirmationCode.user_id == user_id,
                ConfirmationCode.purpose == purpose,
                ConfirmationCode.address == address,
            )
            .order_by(ConfirmationCode.created_at.desc(), ConfirmationCode.id.desc())
            .limit(1)
        )

    async def void_active(self, user_id: int, purpose: str) -> None:
        await self.session.execute(
            update(ConfirmationCode)
            .where(
                ConfirmationCode.user_id == user_id,
                ConfirmationCode.purpose == purpose,
                ConfirmationCode.status == "active",
            )
            .values(status="voided")
        )

    async def count_since(
        self,
        since: datetime,
        *,
        address: str | None = None,
        user_id: int | None = None,
        channel: str | None = None,
    ) -> tuple[int, datetime | None]:
        """How many codes since `since` for an address, an account or a channel, and the oldest."""
        query = select(func.count(), func.min(ConfirmationCode.created_at)).where(
            ConfirmationCode.created_at > since
        )
        if address is not None:
            query = query.where(ConfirmationCode.address == address)
        if user_id is not None:
            query = query.where(ConfirmationCode.user_id == user_id)
        if channel is not None:
            query = query.where(ConfirmationCode.channel == channel)
        count, oldest = (await self.session.execute(query)).one()
        return int(count), oldest  # min() keeps the column's type: an aware datetime

    async def delete(self, code: ConfirmationCode) -> None:
        await self.session.delete(code)
        await self.session.flush()

    async def forget(self, user_id: int, addresses: Sequence[str]) -> int:
        """Delete the account's codes and every code to these addresses, whoever asked for it
        (with them the caps and locks they count towards); how many."""
        result = await self.session.execute(
            delete(ConfirmationCode).where(
                or_(ConfirmationCode.user_id == user_id, ConfirmationCode.address.in_(addresses))
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


@event.listens_for(Session, "after_flush")
def _forget_on_flush(session: Session, _context: Any) -> None:
    """A profile added, changed (moved to another account on recovery) or deleted: what this
    unit of work remembered of profiles may be wrong now, so it is read again."""
    if KNOWN in session.info and any(
        isinstance(row, Profile) for row in (*session.new, *session.dirty, *session.deleted)
    ):
        del session.info[KNOWN]


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    """A commit inside an update (before a reply, an outside call) lets another update freeze,
    move or erase the profile meanwhile: what was read before it is read again."""
    session.info.pop(KNOWN, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_statement(state: ORMExecuteState) -> None:
    """An UPDATE or DELETE by statement likewise: of profiles (a desk unfreeze) or of a row
    whose deletion the database cascades to them (an erasure)."""
    if (state.is_update or state.is_delete) and KNOWN in state.session.info:
        del state.session.info[KNOWN]
