from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

# A claim still waiting for the insurer: on review, or waiting for a document the desk asked for.
OPEN_CLAIM_STATUSES = ("review", "need_document")


class Claim(Base):
    """«💸 Возмещение»: care a person paid for themselves, claimed back under their ДМС or ВЗР
    policy, decided on the operators' desk.

    Shown as «В-000123». Status: review (на рассмотрении), need_document (the desk asked for a
    document), approved (with `approved_amount`), rejected (with `reason`), withdrawn (the policy
    moved to another holder while it was open). Amounts are in the currency's minor units
    (kopecks, cents). The bank details are encrypted (`bank_encrypted`, core/crypto.py) and shown
    only masked."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_profile", "profile_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("policies.id", ondelete="CASCADE"), index=True
    )
    policy_number: Mapped[str] = mapped_column(String(60))  # as printed, when filed
    policy_kind: Mapped[str] = mapped_column(String(3))  # DMS | VZR
    care_date: Mapped[date] = mapped_column(Date)
    care_kind: Mapped[str] = mapped_column(String(12))  # core.claims.CARE_KINDS
    amount: Mapped[int] = mapped_column(BigInteger)  # claimed, minor units of `currency`
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)  # Telegram file ids
    bank_encrypted: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(14), default="review")
    approved_amount: Mapped[int | None] = mapped_column(BigInteger)  # minor units of `currency`
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected
    request: Mapped[str | None] = mapped_column(Text)  # the document the desk asked for last
    operator_id: Mapped[int | None] = mapped_column(BigInteger)  # who decided or asked
    operator_name: Mapped[str | None] = mapped_column(String(200))
    desk_post_id: Mapped[int | None] = mapped_column(Integer)  # its post's scheduled message
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def label(self) -> str:
        """«В-000123»: what the person, the desk and every message call it."""
        return f"В-{self.id:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLAIM_STATUSES


class ClaimNote(Base):
    """One step of a claim's exchange with the desk after it was filed: the desk asking for a
    document (`author` operator), or the person's answer with photos and text (`author` person)."""

    __tablename__ = "claim_notes"
    __table_args__ = (Index("ix_claim_notes_claim", "claim_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(10))  # person | operator
    text: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)
    desk_post_id: Mapped[int | None] = mapped_column(Integer)  # the person's answer on the desk
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
