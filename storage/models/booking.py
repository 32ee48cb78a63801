from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

# The one rule the database itself keeps: at most one confirmed visit per slot. Two people
# confirming one slot at once both try to insert; exactly one insert passes.
ACTIVE = "status = 'confirmed'"


class Slot(Base):
    """A doctor's free time at a clinic (`dmsbot import slots`, `dmsbot slots generate`).

    `starts_at` is the instant (UTC); the clinic's time zone gives its wall-clock time.
    """

    __tablename__ = "slots"
    __table_args__ = (
        UniqueConstraint("clinic_id", "doctor", "starts_at"),
        Index("ix_slots_clinic_start", "clinic_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    specialty: Mapped[str] = mapped_column(String(100))
    doctor: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_min: Mapped[int] = mapped_column(Integer)
    # Missing from a newer import of its clinic and day: no longer offered.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Appointment(Base):
    """A person's visit: a slot booked under a policy. Status: confirmed, cancelled (by the
    person, or by their erasure), rescheduled (replaced by another), withdrawn (the clinic took
    the slot back)."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index(
            "uq_appointments_active_slot",
            "slot_id",
            unique=True,
            sqlite_where=text(ACTIVE),
            postgresql_where=text(ACTIVE),
        ),
        Index("ix_appointments_profile_start", "profile_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the person was erased while the visit was still to come; it stays, cancelled and
    # naming nobody, so that the clinics' bookings export shows it cancelled (core/data_rights.py).
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    # The slot's time, kept here for the overlap and limit rules and «Мои записи».
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The person's calendar event (core/visit_ics.py): its UID is `visit-<calendar_id>`, the id of
    # the visit first booked (a move carries it over, so the phone moves the event); its SEQUENCE
    # only grows, once for each move and once for the cancellation.
    calendar_id: Mapped[int | None] = mapped_column(Integer)  # None: this visit's own id
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
