"""The sandbox: a payment provider of our own for tests and demos.

Its page lives on the bot's web server (`bot/payment_pages.py`), it keeps no card, and it reports
through a notification signed with HMAC-SHA256 exactly as a real provider's would arrive.

Sandbox test cards (DESIGN.md): 4242 4242 4242 4242 succeeds at once, 4000 0000 0000 0002 is
declined, 4000 0000 0000 3220 needs a second step on the page; any future expiry, any 3-digit CVC.
One more of our own: 4000 0000 0000 0341 binds, but every charge to it is declined (insufficient
funds), to try declines and their retries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select

from core.cards import luhn_valid
from core.clock import Clock
from core.payments import (
    BindingPage,
    BindingResult,
    ForgedNotification,
    Payment,
    PaymentError,
    Receipt,
)
from storage.db import Database, assert_outside_transaction
from storage.models import CardBinding, SandboxPayment
from storage.repositories.card_bindings import CardBindingRepository

BINDING_TTL = timedelta(minutes=30)
SIGNATURE_HEADER = "X-Sandbox-Signature"


class CardCheck(StrEnum):
    OK = "ok"
    NUMBER = "number"  # not 13–19 digits passing Luhn
    EXPIRY = "expiry"  # not MM/YY, or in the past
    CVC = "cvc"  # not 3 digits
    UNKNOWN = "unknown"  # a real-looking card that is not one of the test cards


class Outcome(StrEnum):
    BOUND = "bound"
    DECLINED = "declined"
    CHALLENGE = "challenge"  # the page asks for a second step


TEST_CARDS = {
    "4242424242424242": Outcome.BOUND,
    "4000000000000002": Outcome.DECLINED,
    "4000000000003220": Outcome.CHALLENGE,
    "4000000000000341": Outcome.BOUND,  # binds; its charges are declined
}
DECLINING = "4000000000000341"
DECLINING_TOKEN = "sbx_d_"  # noqa: S105 - a prefix of the sandbox's tokens for that card


@dataclass(frozen=True)
class CardFace:
    """What may be known of a card: the last four digits, the brand, the expiry month."""

    last4: str
    brand: str
    expiry: str  # "2030-12"

    def pack(self) -> str:
        return f"{self.brand}:{self.last4}:{self.expiry}"

    @classmethod
    def unpack(cls, packed: str) -> CardFace:
        brand, last4, expiry = packed.split(":")
        return cls(last4, brand, expiry)


@dataclass(frozen=True)
class EnteredCard:
    """What the page's form posted, checked. Lives for one request: never stored or logged."""

    digits: str
    expiry: str  # "2030-12"

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    @property
    def brand(self) -> str:
        if self.digits.startswith("4"):
            return "visa"
        if self.digits[:2] in {"51", "52", "53", "54", "55"} or "2221" <= self.digits[:4] <= "2720":
            return "mastercard"
        if "2200" <= self.digits[:4] <= "2204":
            return "mir"
        return "card"

    @property
    def face(self) -> CardFace:
        return CardFace(self.last4, self.brand, self.expiry)

    @property
    def outcome(self) -> Outcome:
        return TEST_CARDS[self.digits]

    def __repr__(self) -> str:  # never the number, even in a traceback
        return f"EnteredCard(•••• {self.last4}, {self.expiry})"


def check_card(
    number: str, expiry: str, cvc: str, today: date
) -> tuple[CardCheck, EnteredCard | None]:
    """The page's checks, on the server whatever the browser did: the number (Luhn), the expiry
    (MM/YY, this month or later), the CVC (3 digits), then whether it is a test card."""
    digits = "".join(ch for ch in number if ch.isascii() and ch.isdigit())
    if not 13 <= len(digits) <= 19 or len(digits) != len(number.replace(" ", "").replace("-", "")):
        return CardCheck.NUMBER, None
    if not luhn_valid(digits):
        return CardCheck.NUMBER, None
    month_text, _, year_text = expiry.strip().replace(" ", "").partition("/")
    plain = (month_text + year_text).isascii()  # «²» is a digit to isdigit(), not to int()
    if not (plain and month_text.isdigit() and year_text.isdigit() and len(year_text) in (2, 4)):
        return CardCheck.EXPIRY, None
    month, year = int(month_text), int(year_text) + (2000 if len(year_text) == 2 else 0)
    if not 1 <= month <= 12 or (year, month) < (today.year, today.month) or year > today.year + 20:
        return CardCheck.EXPIRY, None
    if not (len(cvc.strip()) == 3 and cvc.strip().isascii() and cvc.strip().isdigit()):
        return CardCheck.CVC, None
    if digits not in TEST_CARDS:
        return CardCheck.UNKNOWN, None
    return CardCheck.OK, EnteredCard(digits, f"{year:04d}-{month:02d}")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Sandbox:
    """The sandbox provider. Its page and its notifications: `bot/payment_pages.py`."""

    name = "sandbox"
    binding_ttl = BINDING_TTL

    def __init__(self, db: Database, clock: Clock, base_url: str, secret: bytes) -> None:
        self.db = db
        self.clock = clock
        self.base_url = base_url.rstrip("/")
        self.secret = secret

    # -- the provider's side of the interface ------------------------------------------------

    async def start_binding(self, order: str, email: str) -> BindingPage:
        """A link to the sandbox's own page (it takes no money to bind: no receipt). The page's
        secret is kept as the binding's `key_hash`: the sandbox's own record."""
        assert_outside_transaction("the payment provider")
        del email
        key = secrets.token_urlsafe(24)
        await CardBindingRepository(self.db.session).set_key_hash(order, key_hash(key))
        return BindingPage(f"{self.base_url}/pay/sandbox/{key}")

    def sign(self, body: bytes) -> str:
        return hmac.new(self.secret, body, hashlib.sha256).hexdigest()

    async def confirm(
        self, body: bytes, headers: Mapping[str, str], client: str | None
    ) -> BindingResult:
        """Believed by its signature, wherever it comes from."""
        del client
        signature = headers.get(SIGNATURE_HEADER, "")
        if not hmac.compare_digest(signature.encode(), self.sign(body).encode()):
            raise ForgedNotification("bad signature")
        try:
            event = json.loads(body)
            order, kind = str(event["order"]), str(event["event"])
        except (ValueError, KeyError, TypeError) as error:
            raise ForgedNotification(f"malformed: {error!r}") from None
        if kind == "binding.succeeded":
            return BindingResult(
                order,
                True,
                str(event["token"]),
                str(event["last4"]),
                str(event["brand"]),
                str(event["expiry"]),
            )
        if kind == "binding.declined":
            return BindingResult(order, False, reason=str(event.get("reason") or "declined"))
        raise ForgedNotification(f"unknown event {kind!r}")

    async def poll(self, order: str) -> None:
        """The sandbox's page notifies before it shows its result: nothing to ask."""
        del order

    async def charge(
        self, token: str, amount: int, key: str, receipt: Receipt | None = None
    ) -> Payment:
        assert_outside_transaction("the payment provider")
        declined = token.startswith(DECLINING_TOKEN)
        return await self._record(
            "charge", key, amount, token=token, receipt=receipt, declined=declined
        )

    async def refund(
        self, payment: str, amount: int, key: str, receipt: Receipt | None = None
    ) -> Payment:
        assert_outside_transaction("the payment provider")
        del receipt
        session = self.db.session
        charged = await session.scalar(
            select(SandboxPayment).where(
                SandboxPayment.payment == payment, SandboxPayment.kind == "charge"
            )
        )
        if charged is None or charged.status != "succeeded" or amount > charged.amount:
            raise PaymentError("nothing to refund")
        return await self._record("refund", key, amount, refunds=payment)

    async def lookup(self, kind: str, payment: str) -> Payment:
        """The sandbox decides at once: what its ledger says."""
        assert_outside_transaction("the payment provider")
        known = await self.db.session.scalar(
            select(SandboxPayment).where(
                SandboxPayment.payment == payment, SandboxPayment.kind == kind
            )
        )
        if known is None:
            raise PaymentError("unknown payment")
        succeeded = known.status == "succeeded"
        return Payment(known.payment, known.amount, succeeded, None if succeeded else "declined")

    async def unbind(self, token: str) -> None:
        """The sandbox keeps no cards: a token is just forgotten by its holder."""
        assert_outside_transaction("the payment provider")
        del token

    async def _record(
        self,
        kind: str,
        key: str,
        amount: int,
        *,
        token: str | None = None,
        refunds: str | None = None,
        receipt: Receipt | None = None,
        declined: bool = False,
    ) -> Payment:
        session = self.db.session
        known = await session.scalar(
            select(SandboxPayment).where(SandboxPayment.idempotence_key == key)
        )
        if known is None:
            known = SandboxPayment(
                idempotence_key=key,
                kind=kind,
                token=token,
                payment=secrets.token_hex(16),
                refunds=refunds,
                amount=amount,
                status="declined" if declined else "succeeded",
                receipt=dict(receipt) if receipt is not None else None,
                created_at=self.clock.now(),
            )
            session.add(known)
            await session.flush()
        succeeded = known.status == "succeeded"
        reason = None if succeeded else "insufficient_funds"
        return Payment(known.payment, known.amount, succeeded, reason)

    # -- the page's side (what a real provider does on its own servers) ---------------------

    async def binding_for(self, key: str) -> CardBinding | None:
        """The binding a page link opens: unused and unexpired, else None."""
        binding = await CardBindingRepository(self.db.session).by_key_hash(key_hash(key))
        if binding is None or binding.status not in ("pending", "challenged"):
            return None
        if binding.expires_at <= self.clock.now():
            return None
        return binding

    def notification(
        self, binding: CardBinding, card: CardFace | None, declining: bool = False
    ) -> bytes:
        """The notification's body (to be signed): the card bound, with a fresh token, or
        declined."""
        if card is None:
            event = {"event": "binding.declined", "order": binding.order, "reason": "declined"}
        else:
            event = {
                "event": "binding.succeeded",
                "order": binding.order,
                "token": f"{DECLINING_TOKEN if declining else 'sbx_'}{secrets.token_urlsafe(24)}",
                "last4": card.last4,
                "brand": card.brand,
                "expiry": card.expiry,
            }
        return json.dumps(event, sort_keys=True).encode()
