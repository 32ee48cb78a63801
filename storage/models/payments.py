from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

# A card binding's open statuses, written once: "opening" (the provider is asked for the page),
# then the page takes a card ("pending", "challenged"). Migration 0020 writes the same text.
OPENING_BINDING = "opening"
TAKING_CARD = ("pending", "challenged")
OPEN_BINDING = (OPENING_BINDING, *TAKING_CARD)
OPEN_BINDING_WHERE = f"status IN ({', '.join(repr(status) for status in OPEN_BINDING)})"


class Card(Base):
    """The person's one bound card, as the payment provider left it with us: its token (encrypted
    with DATA_KEY), the last four digits, the brand and the expiry month. Never the number or
    the CVC."""

    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), unique=True
    )
    provider: Mapped[str] = mapped_column(String(20))
    token_encrypted: Mapped[str] = mapped_column(Text)
    last4: Mapped[str] = mapped_column(String(4))
    brand: Mapped[str] = mapped_column(String(20))
    expiry: Mapped[str] = mapped_column(String(7))  # "2030-12": the month it expires
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CardBinding(Base):
    """One trip to the provider's page to bind a card. `key_hash`: SHA-256 of the link's secret
    (the link works once, until `expires_at`). `pending_*`: a card waiting for the page's second
    step (no number, no CVC). `order` is our id the provider's notification names;
    `provider_ref` the provider's own id of what it opened (YooKassa: the payment that binds)."""

    __tablename__ = "card_bindings"
    __table_args__ = (
        # One open page per person: repeated or simultaneous «Привязать карту» open no second.
        Index(
            "uq_card_bindings_open",
            "profile_id",
            unique=True,
            sqlite_where=text(OPEN_BINDING_WHERE),
            postgresql_where=text(OPEN_BINDING_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order: Mapped[str] = mapped_column(String(64), unique=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(20))
    provider_ref: Mapped[str | None] = mapped_column(String(64))
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The page's link, encrypted with the data key while the page is open (a second press sends
    # it again instead of opening another page), forgotten when the page closes.
    page_sealed: Mapped[str | None] = mapped_column(Text)
    # opening (the provider is asked for the page) | pending | challenged (the page is open) |
    # bound | declined | expired (unused in time)
    status: Mapped[str] = mapped_column(String(12))
    declines: Mapped[int] = mapped_column(Integer, default=0)
    pending_card: Mapped[str | None] = mapped_column(String(40))  # "visa:4242:2030-12"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Franchise(Base):
    """A policy's co-payment programme, per the person's consent. `started_at`: when consent and a
    bound card were both there; clinics are reachable from `clinics_at` and the franchise is
    active from `active_at` (kept, not computed: later setting changes do not move them).
    Unbinding the card empties all three (suspended)."""

    __tablename__ = "franchises"

    policy_id: Mapped[int] = mapped_column(
        ForeignKey("policies.id", ondelete="CASCADE"), primary_key=True
    )
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clinics_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SandboxPayment(Base):
    """The sandbox provider's own ledger of charges and refunds, by idempotence key."""

    __tablename__ = "sandbox_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotence_key: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # charge | refund
    token: Mapped[str | None] = mapped_column(String(100))
    payment: Mapped[str] = mapped_column(String(64), unique=True)  # its id, as a provider's
    refunds: Mapped[str | None] = mapped_column(String(64))  # the charge a refund returns
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks
    status: Mapped[str] = mapped_column(String(12))  # succeeded | declined
    # The fiscal receipt (54-ФЗ) sent with a charge, when YOOKASSA_RECEIPTS is on.
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Charge(Base):
    """The person's share of one billed service, charged to their card, or its refund.

    One row per version of a service: a re-imported service whose cost changed gets a new version
    that charges (or refunds) the difference. `attempts` counts declined tries; the idempotence
    key of a try is `copay:<service>:v<version>[:p<part>]:a<attempt>`, so a try repeated after a
    crash never charges twice. Status: pending (to try at `next_attempt_at`), charging (the
    provider is being asked; tried again from `next_attempt_at` if no answer was recorded), paid,
    declined (tried, will try again), awaiting (tries used up: «Оплатить сейчас»), replaced (a
    newer version took over before it was paid), cancelled (unpaid when the person erased their
    data, or when the policy moved to another holder: core/holders.py). After erasure the row
    stays for the accounts, without the person.
    """

    __tablename__ = "charges"
    __table_args__ = (
        UniqueConstraint("service_id", "version", "part"),
        Index("ix_charges_profile", "profile_id", "id"),
        Index("ix_charges_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policies.id", ondelete="SET NULL"))
    service_id: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    # A refund larger than one paid charge returns from several: one part per charge.
    part: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(10))  # charge | refund
    cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # the service's cost it is based on
    percent: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks, positive for both kinds
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payment_id: Mapped[str | None] = mapped_column(String(64))
    refunds_payment: Mapped[str | None] = mapped_column(String(64))  # a refund's charge
    card_last4: Mapped[str | None] = mapped_column(String(4))
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
