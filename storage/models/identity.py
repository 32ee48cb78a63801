from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class IdentityCheck(Base):
    """«Селфи с паспортом»: three photos an operator compares with a policy's data.

    Only Telegram file ids are kept, and only until `IDENTITY_FILES_RETENTION` after the decision
    (at once when the person's data are erased: the row goes with the profile).
    """

    __tablename__ = "identity_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    # The policy, when the roster has the number typed (a check for a number it has not is
    # filed all the same, so the bot's answers never tell which numbers exist).
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"))
    # The number as the person was shown it when filing: what they typed
    # (`core.people.typed_policy_number`), or the printed number of a policy provably theirs.
    # Only shown, never looked up: `policy_id` is the link.
    policy_number: Mapped[str] = mapped_column(String(60))
    # A family member's policy (core/family.py): the relation the document proves (spouse,
    # child, parent); None: the person's own policy.
    relation: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # approved, rejected
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)  # Telegram file ids
    reason: Mapped[str | None] = mapped_column(Text)
    desk_post_id: Mapped[int | None] = mapped_column()  # its scheduled message
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)  # the operator's Telegram id
    files_forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
