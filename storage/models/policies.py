from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Program(Base):
    """An insurance programme: what the insured may use (clinics list it by code)."""

    __tablename__ = "programs"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(3))  # DMS or VZR
    description: Mapped[str] = mapped_column(Text, default="")
    covers: Mapped[str] = mapped_column(Text, default="")  # ";"-separated, as imported
    # Optional columns of the programmes file (README.md, "programs"); None when not given.
    # In English, for people who read English (`core.programmes.wording`):
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    covers_en: Mapped[str | None] = mapped_column(Text)
    # What a ВЗР policy's copy for a consulate states, in Latin script:
    territory: Mapped[str | None] = mapped_column(String(300))
    sum_insured: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))  # ISO 4217, with sum_insured
    assistance_company: Mapped[str | None] = mapped_column(String(200))
    # The programme's own 24/7 assistance line (abroad, for ВЗР): E.164 when it parses.
    assistance_phone: Mapped[str | None] = mapped_column(String(40))
    # Created because another import named it before its own row came: to be completed.
    placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Policy(Base):
    """A policy from the insurer's roster; `holder_profile_id` once a person has linked it."""

    __tablename__ = "policies"
    __table_args__ = (Index("ix_policies_employer", "employer"),)

    # A short id for buttons (callback data holds 64 bytes; a Cyrillic number may not fit).
    id: Mapped[int] = mapped_column(primary_key=True)
    # The key of every look-up and reference (`core.people.canonical_policy_number`): never shown.
    number: Mapped[str] = mapped_column(String(40), unique=True)
    # As printed on the policy (the roster's own spelling, «ДМС-ДЕМО-0001»): what people and
    # operators are shown.
    printed_number: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(3))
    program_code: Mapped[str] = mapped_column(ForeignKey("programs.code"))
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str | None] = mapped_column(String(60))
    birth_date: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    employer: Mapped[str] = mapped_column(String(200))
    franchise_percent: Mapped[int] = mapped_column(Integer, default=0)
    terminated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    holder_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="SET NULL"), index=True
    )
    # A family member's policy: whose (the employee's policy, canonical; no foreign key, as the
    # roster may list it later in the file or in another one) and who they are to them.
    family_of: Mapped[str | None] = mapped_column(String(40), index=True)
    relation: Mapped[str | None] = mapped_column(String(8))  # spouse, child, parent
    # Held by an account for a family member (core/family.py): who they are to the account's
    # person (spouse, child, parent). None: the holder's own policy, or nobody's.
    member_relation: Mapped[str | None] = mapped_column(String(8))
    # A child's policy held for them: when its roster e-mail was told they turned 18.
    adult_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ServiceReceived(Base):
    """A medical service billed to a policy."""

    __tablename__ = "services_received"
    __table_args__ = (Index("ix_services_received_policy", "policy_number", "date"),)

    service_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    policy_number: Mapped[str] = mapped_column(ForeignKey("policies.number", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    clinic_external_id: Mapped[str] = mapped_column(String(60))  # kept as given: no foreign key
    service: Mapped[str] = mapped_column(String(300))
    cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Invitation(Base):
    """A personal link mailed to a roster's insured person: single use, 30 days. Only the
    token's hash is kept (the link itself is a secret until used). It is committed before its
    mail goes; `mailed_at` is set once the mail server took it (never set: a crash came between,
    and the next `dmsbot invite` sends a new link)."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("policies.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a newer one was sent
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
