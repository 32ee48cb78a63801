from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

TICKET_LETTERS = {"complaint": "Ж", "gratitude": "Б"}
# A ticket in one of these takes nothing more: closed by an operator, or marked solved by its
# person («✅ Вопрос решён»).
CLOSED_STATUSES = ("closed", "solved")


class Ticket(Base):
    """A complaint or a gratitude, answered from the operators' desk.

    Shown as «Ж-000123» (жалоба) or «Б-000124» (благодарность): the kind's letter and the id.
    Status: new, in_progress (an operator took it), answered, closed (by an operator), solved
    (closed by the person: «✅ Вопрос решён»). The last two are CLOSED_STATUSES.
    """

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_profile", "profile_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # complaint | gratitude
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default="new")
    operator_id: Mapped[int | None] = mapped_column(BigInteger)  # who took or answered it
    operator_name: Mapped[str | None] = mapped_column(String(200))
    desk_post_id: Mapped[int | None] = mapped_column()  # its post's scheduled message
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: the desk was off
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def label(self) -> str:
        """«Ж-000123»: what the person, the desk and every message call it."""
        return f"{TICKET_LETTERS[self.kind]}-{self.id:06d}"

    @property
    def is_closed(self) -> bool:
        """Closed by an operator or solved by the person: nothing more is added to it."""
        return self.status in CLOSED_STATUSES


class TicketMessage(Base):
    """One message of a ticket's thread: the person's (the first one is the ticket's text) or an
    operator's answer. A card number typed in it is kept masked (the card rule)."""

    __tablename__ = "ticket_messages"
    __table_args__ = (Index("ix_ticket_messages_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(10))  # person | operator
    operator_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)  # Telegram file ids
    desk_post_id: Mapped[int | None] = mapped_column()  # a follow-up's reply on the desk
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
