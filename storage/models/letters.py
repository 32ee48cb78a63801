"""Guarantee letters («📨 Гарантийное письмо»): a person asks the insurer to approve a service at
a clinic covered by their ДМС programme; the operators approve it (with the letter's number, its
validity and an optional amount limit), refuse it (with a reason) or ask a question first."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

# Waiting for the desk: a person may have only so many at once (core/letters.py).
OPEN_STATUSES = ("review", "clarify")
# Decided: takes no other decision. «withdrawn»: a request ended because its policy changed holder;
# «revoked»: an approved letter ended the same way (both read «отозвано»).
DECIDED_STATUSES = ("approved", "refused", "withdrawn", "revoked")


class GuaranteeLetter(Base):
    """One request for a guarantee letter, and the letter once approved.

    Shown as «Г-000123» (the id). Status: review (waits for an operator), clarify (an operator
    asked the person something), approved, refused, withdrawn, revoked. An approved letter past
    `valid_until` reads «истекло» (computed, not stored).
    """

    __tablename__ = "guarantee_letters"
    __table_args__ = (
        Index("ix_guarantee_letters_profile", "profile_id", "id"),
        Index("ix_guarantee_letters_status", "status", "waiting_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("policies.id", ondelete="CASCADE"), index=True
    )
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10))  # service | hospital
    service: Mapped[str] = mapped_column(Text)  # what was prescribed (a card number masked)
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)  # the referral: file ids
    wanted_date: Mapped[date] = mapped_column(Date)  # the service's, or the admission date
    status: Mapped[str] = mapped_column(String(10), default="review")
    number: Mapped[str | None] = mapped_column(String(40))  # the letter's own, given on approval
    valid_until: Mapped[date | None] = mapped_column(Date)  # the last day it may be used
    amount_limit: Mapped[int | None] = mapped_column(BigInteger)  # kopecks; None: no limit
    approved_scope: Mapped[str | None] = mapped_column(Text)  # «что согласовано», if said
    reason: Mapped[str | None] = mapped_column(Text)  # of a refusal
    question: Mapped[str | None] = mapped_column(Text)  # the operator's open question
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)  # the operator's Telegram id
    desk_post_id: Mapped[int | None] = mapped_column()  # its card on the desk (scheduled message)
    photos_post_id: Mapped[int | None] = mapped_column()  # the referral's album on the desk
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: the desk was off
    waiting_since: Mapped[datetime] = mapped_column(UTCDateTime)  # for the desk (the SLA)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_to: Mapped[str | None] = mapped_column(String(254))  # the clinic's address, if mailed
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the PDF to the person
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # «истекает через 3 дня»
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # past its last day, marked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def label(self) -> str:
        """«Г-000123»: what the person, the desk and every message call it."""
        return f"Г-{self.id:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class LetterMessage(Base):
    """A question an operator asked about a request, or the person's answer (text, photos)."""

    __tablename__ = "letter_messages"
    __table_args__ = (Index("ix_letter_messages_letter", "letter_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("guarantee_letters.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(10))  # person | operator
    operator_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)
    desk_post_id: Mapped[int | None] = mapped_column()  # an answer's reply on the desk
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
