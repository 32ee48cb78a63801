from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Clinic(Base):
    """A medical organisation the insurer works with (`dmsbot import clinics`)."""

    __tablename__ = "clinics"
    # Found by position through a spatial index of migration 0009 (storage/repositories/clinics.py).

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500), default="")
    # Case- and ё-folded name and address: SQLite's lower() and LIKE fold only ASCII.
    search_text: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    online_booking: Mapped[bool] = mapped_column(Boolean, default=False)
    specialties: Mapped[str] = mapped_column(Text, default="")  # ";"-separated, as imported
    timezone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    # Loaded by `dmsbot demo`: a real clinic whose programmes, specialties and online booking were
    # assigned for the demonstration (the person is told so). An import makes it real again.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClinicProgram(Base):
    """Which programmes' insured may use a clinic."""

    __tablename__ = "clinic_programs"

    clinic_id: Mapped[int] = mapped_column(
        ForeignKey("clinics.id", ondelete="CASCADE"), primary_key=True
    )
    program_code: Mapped[str] = mapped_column(
        ForeignKey("programs.code", ondelete="CASCADE"), primary_key=True, index=True
    )


class SavedPlace(Base):
    """A person's «Дом» or «Работа»: where to look for clinics without sharing a location again."""

    __tablename__ = "saved_places"
    __table_args__ = (UniqueConstraint("profile_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(10))  # home | work | last (core/clinics.py)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)
