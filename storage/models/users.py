from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class User(Base):
    """A Telegram account that has talked to the bot (the insured person's profile hangs off it)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    language: Mapped[str] = mapped_column(String(8))
    # True once the person chose a language themselves: Telegram's setting no longer overrides it.
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when Telegram said the person blocked the bot (403); their messages wait until they
    # write again (unblocking and pressing «Start» sends /start).
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
