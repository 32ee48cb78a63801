"""Automatic co-payments: the person's share of each billed service, charged to their card.

Importing services only records them. The `copayments` job (every minute, safe on several
instances) plans a charge for each service dated on or after the day its policy's franchise became
active — cost × `franchise_percent` / 100, in kopecks, rounded half up — and a new version when a
re-import changed the cost: the difference is charged, or refunded from what was paid. Then it
tries what is due. A decline is told to the person and tried again after `RETRIES` (1 and 3
days); then the charge waits for «Оплатить сейчас». Every try has its own idempotence key
(`copay:<service>:v<version>[:p<part>]:a<attempt>`): a try repeated after a crash never charges
twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from core.audit import Audit
from core.clock import Clock
from core.crypto import DataKeys
from core.money import roubles
from core.notifications import Button, Intent, Notifications, Payload, Person
from core.payments import (
    Payment,
    PaymentError,
    PaymentProvider,
    ProviderUnavailable,
    fiscal_receipt,
)
from core.settings import Settings
from storage.db import Database, commit_current
from storage.models import Card, Charge, Clinic, Policy, Profile, ServiceReceived
from storage.repositories.policies import PolicyRepository

logger = logging.getLogger(__name__)

RETRIES = (timedelta(days=1), timedelta(days=3))  # after the first decline, after the second
UNKNOWN_RETRY = timedelta(minutes=10)  # the provider did not answer or has not decided yet
BATCH = 200
NOTICE_KIND = "charge"
DECLINE_KIND = "decline"
OWED = ("pending", "declined", "awaiting")  # not paid yet
TRIED = ("pending", "declined", "charging")  # what the job tries when its time comes


def in_flight() -> ColumnElement[bool]:
    """The charge's outcome at the provider is not known: claimed ("charging": the provider is
    being asked, or was when a process stopped), or asked and not decided yet (a payment id)."""
    return or_(
        Charge.status == "charging",
        and_(Charge.status.in_(OWED), Charge.payment_id.is_not(None)),
    )


def share(cost: Decimal, percent: int) -> int:
    """The person's share in kopecks: cost (roubles) × percent / 100, rounded half up."""
    return int((cost * 100 * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Try:
    """A charge claimed for one try: everything the provider is asked, read before asking."""

    charge: int
    was: str  # the charge's status before the claim
    key: str
    kind: str
    amount: int
    payment_id: str | None
    refunds_payment: str | None
    token: str | None = field(repr=False)  # the card's: never in a log or a traceback
    card_last4: str | None
    receipt: dict[str, object] | None


@dataclass(frozen=True)
class Line:
    """A charge as «Мои счета» shows it."""

    charge: Charge
    service: str
    day: date | None


@dataclass(frozen=True)
class Month:
    year: int
    month: int  # 1–12
    paid: int  # kopecks: charges paid less refunds


class Copayments:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
        keys: DataKeys,
        provider: PaymentProvider,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit
        self.keys = keys
        self.provider = provider

    # -- planning ----------------------------------------------------------------------------

    async def plan(self) -> int:
        """New charges (and refunds) for services that have none yet or whose cost changed.
        Returns how many rows were planned."""
        session, now = self.db.session, self.clock.now()
        # Only services with no charge yet, or whose cost differs from their last version's.
        found = await PolicyRepository(session).services_to_charge(now)
        planned = 0
        for service, policy, franchise in found:
            assert franchise.active_at is not None
            if service.date < franchise.active_at.astimezone(self.settings.timezone).date():
                continue  # before the franchise: the insurer's, not the person's
            try:
                async with self.db.session.begin_nested():
                    planned += await self._plan_one(service, policy)
            except IntegrityError:  # another instance planned this version just now
                continue
            if planned >= BATCH:
                break
        return planned

    async def _plan_one(self, service: ServiceReceived, policy: Policy) -> int:
        session, now = self.db.session, self.clock.now()
        versions = list(
            await session.scalars(
                select(Charge)
                .where(Charge.service_id == service.service_id)
                .order_by(Charge.version)
                .with_for_update()
            )
        )
        if versions and versions[-1].cost == service.cost:
            return 0  # this cost is planned already
        if any(v.status == "charging" for v in versions):
            return 0  # the provider is being asked: planned again once its answer is recorded
        target = share(service.cost, policy.franchise_percent)
        for old in versions:  # what was not paid yet is replaced by the new version
            if old.status in OWED:
                old.status, old.next_attempt_at, old.updated_at = "replaced", None, now
        paid = sum(v.amount for v in versions if v.kind == "charge" and v.status == "paid")
        refunded = sum(v.amount for v in versions if v.kind == "refund" and v.status == "paid")
        difference = target - (paid - refunded)
        version = (versions[-1].version + 1) if versions else 1
        parts: list[tuple[str, int, str | None]]
        if difference >= 0:  # a charge (of nothing: the new cost recorded, settled)
            parts = [("charge", difference, None)]
        else:  # nothing left to return from: the new cost is recorded, settled
            parts = self._refund_parts(versions, -difference) or [("refund", 0, None)]
        for part, (kind, amount, refunds) in enumerate(parts):
            status = "pending" if amount > 0 else "paid"
            session.add(
                Charge(
                    profile_id=policy.holder_profile_id,
                    policy_id=policy.id,
                    service_id=service.service_id,
                    version=version,
                    part=part,
                    kind=kind,
                    cost=service.cost,
                    percent=policy.franchise_percent,
                    amount=amount,
                    status=status,
                    attempts=0,
                    next_attempt_at=now if status == "pending" else None,
                    refunds_payment=refunds,
                    created_at=now,
                    updated_at=now,
                )
            )
        await session.flush()
        return 1

    @staticmethod
    def _refund_parts(versions: list[Charge], amount: int) -> list[tuple[str, int, str | None]]:
        """A refund of `amount`, returned from the paid charges, newest first: each gives back
        at most what is left of it (a provider refunds a payment up to its amount)."""
        returned: dict[str | None, int] = {}
        for old in versions:
            if old.kind == "refund" and old.status == "paid":
                returned[old.refunds_payment] = returned.get(old.refunds_payment, 0) + old.amount
        parts: list[tuple[str, int, str | None]] = []
        for old in reversed(versions):
            if amount <= 0:
                break
            if old.kind != "charge" or old.status != "paid" or old.payment_id is None:
                continue
            left = old.amount - returned.get(old.payment_id, 0)
            if left > 0:
                taken = min(left, amount)
                parts.append(("refund", taken, old.payment_id))
                amount -= taken
        return parts

    # -- charging ----------------------------------------------------------------------------

    async def due(self) -> list[int]:
        """Ids of charges to try now, oldest first (a "charging" one whose try was cut short by
        a crash is tried again once its claim has run out, with the same idempotence key). A
        charge whose person erased their data is listed only while its outcome at the provider
        is to be settled."""
        found = await self.db.session.scalars(
            select(Charge.id)
            .where(
                Charge.status.in_(TRIED),
                Charge.next_attempt_at <= self.clock.now(),
                or_(Charge.profile_id.is_not(None), in_flight()),
            )
            .order_by(Charge.next_attempt_at, Charge.id)
            .limit(BATCH)
        )
        return list(found)

    async def attempt(
        self, charge_id: int, *, manual: bool = False, at_once: bool = False
    ) -> Charge | None:
        """Try one charge or refund. None when it is not to be tried (paid, replaced, claimed).

        Three steps, no transaction open while the provider is asked: the charge is claimed
        ("charging" until `next_attempt_at`, UNKNOWN_RETRY from now: another instance tries it
        only then, as does this one after a crash, with the same idempotence key) and the claim
        committed; the provider is asked; its answer is recorded in a new transaction.
        `at_once`: erasure's settling: not waiting for a claim to run out (see `settle`)."""
        claimed = await self._claim(charge_id, manual, at_once)
        if claimed is None:
            return None
        await commit_current()
        try:
            payment = await self._ask(claimed)
        except PaymentError as error:
            return await self._record(claimed, error)
        return await self._record(claimed, payment)

    async def _claim(self, charge_id: int, manual: bool, at_once: bool = False) -> Try | None:
        session, now = self.db.session, self.clock.now()
        charge = await session.scalar(
            select(Charge).where(Charge.id == charge_id).with_for_update(skip_locked=True)
        )
        wanted = ("awaiting", "declined", "pending") if manual else TRIED
        if charge is None or charge.status not in wanted:
            return None
        waited = manual or at_once
        if not waited and (charge.next_attempt_at is None or charge.next_attempt_at > now):
            return None
        profile = await session.get(Profile, charge.profile_id) if charge.profile_id else None
        if profile is None:  # erased: only what is in flight is settled, nothing tried anew
            return None if manual else await self._claim_erased(charge)
        card = await session.scalar(select(Card).where(Card.profile_id == charge.profile_id))
        settling = charge.status == "charging" or charge.payment_id is not None
        if charge.kind == "charge" and not settling and not await self._holds(charge):
            # The policy moved to another person since: their card is never charged for it.
            charge.status, charge.next_attempt_at, charge.updated_at = "cancelled", None, now
            await self.audit.record("system", None, "copayment.cancelled", "charge", charge.id)
            return None
        return await self._take(charge, card, await self._receipt(charge, profile))

    async def _take(
        self, charge: Charge, card: Card | None, receipt: dict[str, object] | None
    ) -> Try:
        """The charge claimed ("charging" until UNKNOWN_RETRY) for one try with `card`."""
        claimed = Try(
            charge=charge.id,
            was=charge.status,
            key=self._key(charge),
            kind=charge.kind,
            amount=charge.amount,
            payment_id=charge.payment_id,
            refunds_payment=charge.refunds_payment,
            token=self.keys.decrypt(card.token_encrypted) if card is not None else None,
            card_last4=card.last4 if card is not None else None,
            receipt=receipt,
        )
        charge.status, charge.next_attempt_at = "charging", self.clock.now() + UNKNOWN_RETRY
        await self.db.session.flush()
        return claimed

    async def _claim_erased(self, charge: Charge) -> Try | None:
        """A charge whose person erased their data. Asked and not decided yet (a payment id):
        claimed to be looked up, which needs nothing of the person. Else it is not tried again:
        cancelled; if it was claimed with no answer recorded, its outcome stays unknown (its
        card is forgotten, so the same request cannot be sent again): an error for the
        operators to check with the provider by its idempotence key (docs/operations.md)."""
        now = self.clock.now()
        if charge.payment_id is not None:
            return await self._take(charge, None, None)
        action = "copayment.cancelled"
        if charge.status == "charging":
            action = "copayment.unsettled"
            charge.reason = "unsettled: erased while the provider was asked"
            logger.error(
                "charge %d: erased while the provider was asked (key %s); check it there",
                charge.id,
                self._key(charge),
            )
        charge.status, charge.next_attempt_at, charge.updated_at = "cancelled", None, now
        await self.audit.record("system", None, action, "charge", charge.id)
        return None

    @staticmethod
    def _key(charge: Charge) -> str:
        part = f":p{charge.part}" if charge.part else ""
        return f"copay:{charge.service_id}:v{charge.version}{part}:a{charge.attempts}"

    async def _ask(self, claimed: Try) -> Payment:
        if claimed.payment_id is not None:  # asked before; the provider had not decided
            return await self.provider.lookup(claimed.kind, claimed.payment_id)
        if claimed.kind == "refund":
            if claimed.refunds_payment is None:
                raise PaymentError("no paid charge to refund")
            return await self.provider.refund(
                claimed.refunds_payment, claimed.amount, claimed.key, claimed.receipt
            )
        if claimed.token is None:
            raise PaymentError("no card")
        return await self.provider.charge(
            claimed.token, claimed.amount, claimed.key, claimed.receipt
        )

    async def _record(self, claimed: Try, answer: Payment | PaymentError) -> Charge | None:
        """The provider's answer, on the claimed charge."""
        session, now = self.db.session, self.clock.now()
        charge = await session.scalar(
            select(Charge).where(Charge.id == claimed.charge).with_for_update()
        )
        if charge is None or charge.status != "charging":  # nothing else changes a claimed one
            logger.warning("charge %d: changed while the provider was asked", claimed.charge)
            return None
        profile = await session.get(Profile, charge.profile_id) if charge.profile_id else None
        unknown = "pending" if claimed.was in ("awaiting", "charging") else claimed.was
        if isinstance(answer, ProviderUnavailable):  # the outcome is unknown: the same key, later
            charge.reason, charge.next_attempt_at = answer.reason[:200], now + UNKNOWN_RETRY
            charge.status = unknown
            logger.warning("charge %d: %s; asked again later", charge.id, answer.reason)
            if profile is None and charge.payment_id is None:  # erased meanwhile: no card to
                charge.status = "charging"  # ask again with: settled (unknown) by `_claim`
            return charge
        if isinstance(answer, PaymentError):
            charge.payment_id = None
            await self._declined(charge, profile, answer.reason)
            return charge
        if answer.pending:
            charge.payment_id, charge.next_attempt_at = answer.id, now + UNKNOWN_RETRY
            charge.status = unknown
            return charge
        if not answer.succeeded:
            charge.payment_id = None
            await self._declined(charge, profile, answer.reason or "declined")
            return charge
        charge.status, charge.payment_id, charge.next_attempt_at = "paid", answer.id, None
        charge.card_last4 = claimed.card_last4
        charge.reason, charge.updated_at = None, now
        if profile is not None:
            await self._tell(
                charge, profile, "bill-paid" if charge.kind == "charge" else "bill-refunded"
            )
        await self.audit.record(
            "system", None, f"copayment.{charge.kind}.paid", "charge", charge.id
        )
        return charge

    async def _holds(self, charge: Charge) -> bool:
        """The charge's person still holds its policy."""
        policies = PolicyRepository(self.db.session)
        policy = await policies.get(charge.policy_id) if charge.policy_id else None
        return policy is not None and policy.holder_profile_id == charge.profile_id

    async def _declined(self, charge: Charge, profile: Profile | None, reason: str) -> None:
        now = self.clock.now()
        charge.attempts += 1
        charge.reason, charge.updated_at = reason[:200], now
        if charge.profile_id is None:  # erased while the provider was asked: never tried again
            charge.status, charge.next_attempt_at = "cancelled", None
            await self.audit.record("system", None, "copayment.cancelled", "charge", charge.id)
        elif charge.attempts <= len(RETRIES):
            charge.status = "declined"
            charge.next_attempt_at = now + RETRIES[charge.attempts - 1]
        else:
            charge.status, charge.next_attempt_at = "awaiting", None
        if profile is not None:  # else erased while the provider was asked
            await self._tell(charge, profile, "bill-declined")
        logger.info("charge %d declined (%s), try %d", charge.id, reason, charge.attempts)

    async def _receipt(self, charge: Charge, profile: Profile) -> dict[str, object] | None:
        """The fiscal receipt (54-ФЗ) of a charge or refund, when the provider issues them."""
        if not self.settings.yookassa_receipts:
            return None
        service = await self.db.session.get(ServiceReceived, charge.service_id)
        description = service.service if service is not None else charge.service_id
        return fiscal_receipt(
            self.settings, profile.email, f"Франшиза: {description}", charge.amount
        )

    async def _tell(self, charge: Charge, profile: Profile, key: str) -> None:
        session = self.db.session
        service = await session.get(ServiceReceived, charge.service_id)
        clinic = (
            await session.scalar(
                select(Clinic.name).where(Clinic.external_id == service.clinic_external_id)
            )
            if service is not None
            else None
        )
        buttons = []
        if charge.status == "awaiting":
            buttons = [[Button("bill-pay-now", Intent.PAY_CHARGE, charge.id)]]
        elif charge.status == "declined":
            buttons = [[Button("bill-open-franchise", Intent.OPEN_FRANCHISE)]]
        retry = charge.next_attempt_at
        await self.notifications.schedule(
            DECLINE_KIND if key == "bill-declined" else NOTICE_KIND,
            Person(profile.user_id),
            self.clock.now(),
            Payload(
                key,
                {
                    "service": service.service if service is not None else charge.service_id,
                    "date": f"{service.date:%d.%m.%Y}" if service is not None else "",
                    "clinic": clinic or (service.clinic_external_id if service else ""),
                    # kopecks: the text writes them as money in the reader's language (MONEY)
                    "cost": int(charge.cost * 100),
                    "percent": charge.percent,
                    "amount": charge.amount,
                    "last4": charge.card_last4 or "",
                    "retry": f"{retry.astimezone(self.settings.timezone):%d.%m.%Y}"
                    if retry
                    else "",
                    "status": charge.status,
                },
                buttons=buttons,
            ),
            f"bill:{charge.id}:{key}:{charge.attempts}",
        )

    # -- the person's view -------------------------------------------------------------------

    async def owned(self, profile: Profile, charge_id: int) -> Charge | None:
        return await self.db.session.scalar(
            select(Charge).where(Charge.id == charge_id, Charge.profile_id == profile.id)
        )

    async def page(self, profile: Profile, offset: int, limit: int) -> tuple[int, list[Line]]:
        """The person's charges and refunds (not the settled zero versions), newest first."""
        session = self.db.session
        shown = (Charge.profile_id == profile.id, Charge.amount > 0, Charge.status != "replaced")
        count = await session.scalar(select(func.count()).select_from(Charge).where(*shown))
        found = await session.execute(
            select(Charge, ServiceReceived.service, ServiceReceived.date)
            .outerjoin(ServiceReceived, ServiceReceived.service_id == Charge.service_id)
            .where(*shown)
            .order_by(Charge.created_at.desc(), Charge.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return int(count or 0), [
            Line(charge, service or charge.service_id, day) for charge, service, day in found
        ]

    async def months(self, profile: Profile) -> list[Month]:
        """Paid less refunded, per month of payment, newest first."""
        found = await self.db.session.execute(
            select(Charge.kind, Charge.amount, Charge.updated_at).where(
                Charge.profile_id == profile.id, Charge.status == "paid", Charge.amount > 0
            )
        )
        totals: dict[tuple[int, int], int] = {}
        for kind, amount, moment in found:
            local = moment.astimezone(self.settings.timezone)
            month = (local.year, local.month)
            totals[month] = totals.get(month, 0) + (amount if kind == "charge" else -amount)
        return [Month(*month, total) for month, total in sorted(totals.items(), reverse=True)]

    async def pay_now(self, profile: Profile, charge_id: int) -> Charge | None:
        """«Оплатить сейчас»: the person's own unpaid charge, tried at once."""
        charge = await self.owned(profile, charge_id)
        if charge is None or charge.status not in ("awaiting", "declined"):
            return None
        return await self.attempt(charge.id, manual=True)

    # -- data rights -------------------------------------------------------------------------

    async def export(self, profile: Profile) -> list[dict[str, object]]:
        found = await self.db.session.scalars(
            select(Charge).where(Charge.profile_id == profile.id).order_by(Charge.id)
        )
        return [
            {
                "service": c.service_id,
                "kind": c.kind,
                "amount": str(roubles(c.amount)),
                "percent": c.percent,
                "status": c.status,
                "card": c.card_last4,
                "at": c.updated_at.isoformat(),
            }
            for c in found
        ]

    async def settle(self, profile: Profile) -> None:
        """Before an erasure writes anything (while the card is there): what is in flight at the
        provider is asked again now with the same idempotence key, or looked up by its payment
        id, and the answer recorded, so that it is not left unknown once the card is gone. A
        claim is not waited for: the same key never charges twice. What is still undecided
        after (a payment id the provider has not decided yet) is looked up by the job later."""
        found = await self.db.session.scalars(
            select(Charge.id)
            .where(Charge.profile_id == profile.id, in_flight())
            .order_by(Charge.id)
        )
        for charge_id in list(found):
            await self.attempt(charge_id, at_once=True)
            await commit_current()

    async def anonymise(self, profile: Profile) -> None:
        """Erasure (after `settle`): the rows stay for the accounts (amounts, dates, payment
        ids), the person goes; what is owed is no longer claimed. What is still in flight at the
        provider stays to be settled by the job (`_claim_erased`): paid or cancelled."""
        await self.db.session.execute(
            update(Charge)
            .where(Charge.profile_id == profile.id, Charge.status.in_(OWED), ~in_flight())
            .values(status="cancelled", next_attempt_at=None)
        )
        await self.db.session.execute(
            update(Charge)
            .where(Charge.profile_id == profile.id)
            .values(profile_id=None, policy_id=None, card_last4=None)
        )
