"""Tickets (complaints and gratitude) and their threads' messages.

The person files and follows them up, the desk takes, answers and closes them, jobs post and
escalate them, erasure and the data export read them: their queries live here, and with them the
one ownership rule: a ticket is a person's when `profile_id` is their profile's id.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Clinic, Ticket, TicketMessage
from storage.models.tickets import CLOSED_STATUSES


class TicketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- the person's own --------------------------------------------------------------------

    async def owned(self, profile_id: int, ticket_id: int, *, lock: bool = False) -> Ticket | None:
        """The ticket, if it is `profile_id`'s: a button naming anyone else's finds nothing.
        `lock`: its row stays locked until the transaction ends (a follow-up changes it)."""
        query = select(Ticket).where(Ticket.id == ticket_id, Ticket.profile_id == profile_id)
        return await self.session.scalar(query.with_for_update() if lock else query)

    async def of_profile(self, profile_id: int) -> list[Ticket]:
        found = await self.session.scalars(select(Ticket).where(Ticket.profile_id == profile_id))
        return list(found.all())

    async def page_of(self, profile_id: int, offset: int, limit: int) -> tuple[int, list[Ticket]]:
        """How many tickets the person has, and a page of them, newest first."""
        count = await self.session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.profile_id == profile_id)
        )
        page = await self.session.scalars(
            select(Ticket)
            .where(Ticket.profile_id == profile_id)
            .order_by(Ticket.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return int(count or 0), list(page)

    async def filed_since(self, profile_id: int, since: datetime, limit: int) -> list[datetime]:
        """When the person's latest `limit` tickets filed after `since` were filed, latest
        first (the daily cap)."""
        found = await self.session.scalars(
            select(Ticket.created_at)
            .where(Ticket.profile_id == profile_id, Ticket.created_at > since)
            .order_by(Ticket.created_at.desc())
            .limit(limit)
        )
        return list(found)

    async def open_of(self, profile_id: int) -> list[tuple[Ticket, str | None]]:
        """The person's tickets not closed, with their clinic's name, oldest first (what an
        erasure would take)."""
        found = await self.session.execute(
            select(Ticket, Clinic.name)
            .outerjoin(Clinic, Clinic.id == Ticket.clinic_id)
            .where(Ticket.profile_id == profile_id, Ticket.status.not_in(CLOSED_STATUSES))
            .order_by(Ticket.id)
        )
        return [(ticket, clinic) for ticket, clinic in found]

    async def export(self, profile_id: int) -> list[tuple[Ticket, TicketMessage, str | None]]:
        """Each message of each of the person's tickets, with the ticket and its clinic's name,
        by ticket and message (the data export)."""
        found = await self.session.execute(
            select(Ticket, TicketMessage, Clinic.name)
            .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
            .outerjoin(Clinic, Clinic.id == Ticket.clinic_id)
            .where(Ticket.profile_id == profile_id)
            .order_by(Ticket.id, TicketMessage.id)
        )
        return [(ticket, message, clinic) for ticket, message, clinic in found]

    # -- the desk's side ---------------------------------------------------------------------

    async def locked(self, ticket_id: int) -> Ticket | None:
        """Any ticket by id, its row locked until the transaction ends (an operator acts)."""
        return await self.session.get(Ticket, ticket_id, with_for_update=True)

    async def with_status(self, statuses: Collection[str]) -> list[Ticket]:
        found = await self.session.scalars(select(Ticket).where(Ticket.status.in_(statuses)))
        return list(found.all())

    async def unposted(self, limit: int) -> list[Ticket]:
        """Open tickets not posted on the desk yet, oldest first; rows another instance holds
        are skipped (and those taken stay locked)."""
        found = await self.session.scalars(
            select(Ticket)
            .where(Ticket.posted_at.is_(None), Ticket.status.not_in(CLOSED_STATUSES))
            .order_by(Ticket.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(found)

    async def overdue(
        self, waiting: Collection[str], filed_by: datetime, limit: int
    ) -> list[Ticket]:
        """Posted tickets in `waiting` statuses, never answered nor escalated, filed by
        `filed_by`, oldest first; locked as `unposted`."""
        found = await self.session.scalars(
            select(Ticket)
            .where(
                Ticket.status.in_(waiting),
                Ticket.answered_at.is_(None),
                Ticket.escalated_at.is_(None),
                Ticket.posted_at.is_not(None),
                Ticket.created_at <= filed_by,
            )
            .order_by(Ticket.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(found)

    # -- threads -----------------------------------------------------------------------------

    async def messages(self, ticket_id: int) -> list[TicketMessage]:
        """The ticket's thread, first message first."""
        found = await self.session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
        return list(found)

    async def first_message(self, ticket_id: int) -> TicketMessage | None:
        return await self.session.scalar(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
            .limit(1)
        )
