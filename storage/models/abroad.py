from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

# A case in one of these takes nothing more: closed by an operator, or released when its policy
# went to another holder (nothing of the previous holder's follows a policy).
ENDED_STATUSES = ("closed", "released")


class AbroadCase(Base):
    """«🆘 Помощь за рубежом»: a person with a ВЗР policy in force asks for help abroad.

    Shown as «SOS-000123». Status: open (posted, nobody took it yet), taken (an operator took it),
    closed (by an operator), released (its policy went to another holder). One case at most is
    not ended per person (`core.abroad`). The policy's printed number is kept as it was asked
    about: the case stays the person's even when the policy is no longer theirs."""

    __tablename__ = "abroad_cases"
    __table_args__ = (Index("ix_abroad_cases_profile", "profile_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policies.id", ondelete="SET NULL"))
    policy_number: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12), default="open")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    place: Mapped[str | None] = mapped_column(Text)  # where, typed (no location to share)
    text: Mapped[str | None] = mapped_column(Text)  # what happened (None: skipped)
    operator_id: Mapped[int | None] = mapped_column(BigInteger)
    operator_name: Mapped[str | None] = mapped_column(String(200))
    desk_post_id: Mapped[int | None] = mapped_column()  # its post's scheduled message
    # Its post on the desk is to be edited by the bot (the policy went to another holder: the
    # card becomes a placeholder); the desk job does it and clears this.
    card_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def label(self) -> str:
        return f"SOS-{self.id:06d}"

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES


class AbroadNote(Base):
    """A further location or text the person sent within their open case: a reply on the desk."""

    __tablename__ = "abroad_notes"
    __table_args__ = (Index("ix_abroad_notes_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("abroad_cases.id", ondelete="CASCADE"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
