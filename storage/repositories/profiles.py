"""Profiles, consents and confirmation codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConfirmationCode, Consent, Profile
from storage.sql import insert_ignoring_conflicts


class ProfileRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_user(self, user_id: int) -> Profile | None:
        return await self.session.scalar(select(Profile).where(Profile.user_id == user_id))

    async def exists_for(self, user_id: int) -> bool:
        found = await self.session.scalar(select(Profile.id).where(Profile.user_id == user_id))
        return found is not None

    async def active_for(self, user_id: int) -> bool:
        """Signed up and not frozen: the member sections are open."""
        found = await self.session.scalar(
            select(Profile.id).where(Profile.user_id == user_id, Profile.frozen_at.is_(None))
        )
        return found is not None

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
