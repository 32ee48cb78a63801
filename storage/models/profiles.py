from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Profile(Base):
    """The insured person behind a Telegram account, as confirmed at sign-up.

    The document's series and number are stored encrypted (core/crypto.py), never in clear.
    """

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str | None] = mapped_column(String(60))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))  # "m" or "f"
    document_type: Mapped[str] = mapped_column(String(20))
    document_encrypted: Mapped[str] = mapped_column(Text)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pin_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Locks since the last right PIN: each lasts longer (core/profile.py PIN_LOCKS).
    pin_locks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by «Это не я» after a recovery: nothing works until the insurer has looked into it.
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Consent(Base):
    """A consent given: which document, which version, when. Kept when the person's data are
    erased (the law asks for it), then unlinked from them: `user_id` empty, `withdrawn_at` set."""

    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("user_id", "document", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    document: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(40))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConfirmationCode(Base):
    """A one-time code sent to an address: only its keyed hash is kept."""

    __tablename__ = "confirmation_codes"
    __table_args__ = (
        Index("ix_confirmation_codes_address", "address", "created_at"),
        Index("ix_confirmation_codes_user", "user_id", "created_at"),
        Index("ix_confirmation_codes_channel", "channel", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(8))  # "email" or "sms"
    address: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="active")  # used, voided, locked
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
