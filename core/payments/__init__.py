"""Payment providers: the card is entered on the provider's page, never in the chat.

`PaymentProvider` is what the franchise needs of one: a page to bind a card, the provider's
notification turned into a `BindingResult` (refused when forged), charges and refunds by
idempotence key, and unbinding. This module is the interface and what every provider shares; it
imports no provider. The providers: `core/payments/sandbox.py` (ours, for tests and demos) and
`core/payments/yookassa.py` (the real one); `core/payments/factory.py` picks the configured one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from core.settings import Settings


class ForgedNotification(Exception):
    """A notification that is not the provider's (bad signature, unknown order): refused."""


class PaymentError(Exception):
    """The provider refused or failed an operation; `reason` says why, for the log and people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProviderUnavailable(PaymentError):
    """The provider did not answer (network, 5xx, 429): the outcome is unknown, so the same
    operation is asked again later with the same idempotence key — never a new one."""


@dataclass(frozen=True)
class BindingResult:
    """What the provider says of a binding: bound (token, last four, brand, expiry month) or
    declined (reason)."""

    order: str
    bound: bool
    token: str | None = field(default=None, repr=False)  # never in a log or a traceback
    last4: str | None = None
    brand: str | None = None
    expiry: str | None = None  # "2030-12"
    reason: str | None = None
    final: bool = False  # a declined binding that cannot be tried again (a new link is needed)


@dataclass(frozen=True)
class Payment:
    id: str
    amount: int  # kopecks
    succeeded: bool
    reason: str | None = None
    pending: bool = False  # the provider has not decided yet: ask again by `id` (`lookup`)


@dataclass(frozen=True)
class BindingPage:
    """The provider's page for one binding: its link (secret, single use) and the provider's own
    id of what it opened, if it has one (YooKassa: the payment that binds)."""

    url: str = field(repr=False)  # the link's secret: never in a log or a traceback
    ref: str | None = None


Receipt = Mapping[str, object]


class PaymentProvider(Protocol):
    name: str
    binding_ttl: timedelta  # how long a binding page takes a card

    async def start_binding(self, order: str, email: str) -> BindingPage:
        """The page where the person enters the card, for our binding `order` (stored and
        committed before: `Franchises.start_binding`); `email`: for the fiscal receipt of a
        provider that takes money to bind. The same `order` never opens two payments."""

    async def confirm(
        self, body: bytes, headers: Mapping[str, str], client: str | None
    ) -> BindingResult | None:
        """The provider's notification (`client`: the sender's real address); a binding's
        result, None when it is about nothing to act on; ForgedNotification when it is not the
        provider's."""

    async def poll(self, order: str) -> BindingResult | None:
        """Ask the provider how a binding went (the person came back from the page before the
        notification); None when it is not decided yet or the provider only notifies."""

    async def charge(
        self, token: str, amount: int, key: str, receipt: Receipt | None = None
    ) -> Payment:
        """Charge `amount` kopecks to the bound card (with the fiscal receipt's data when
        given); the same `key` never charges twice."""

    async def refund(
        self, payment: str, amount: int, key: str, receipt: Receipt | None = None
    ) -> Payment:
        """Return `amount` kopecks of a charge; the same `key` never refunds twice."""

    async def lookup(self, kind: str, payment: str) -> Payment:
        """Where a pending charge or refund (`kind`) stands now."""

    async def unbind(self, token: str) -> None:
        """The provider forgets the card (a token never used again)."""


def money(kopecks: int) -> dict[str, str]:
    """An amount as providers write it: {"value": "123.45", "currency": "RUB"}."""
    return {"value": f"{kopecks // 100}.{kopecks % 100:02d}", "currency": "RUB"}


def fiscal_receipt(settings: Settings, email: str, line: str, kopecks: int) -> dict[str, object]:
    """The fiscal receipt (54-ФЗ) the provider issues for a payment: the customer's e-mail and
    one line — a service, one piece, the amount, the VAT code, paid in full."""
    receipt: dict[str, object] = {
        "customer": {"email": email},
        "items": [
            {
                "description": line[:128],
                "quantity": "1.00",
                "amount": money(kopecks),
                "vat_code": settings.yookassa_vat_code,
                "payment_mode": "full_payment",
                "payment_subject": "service",
            }
        ],
    }
    if settings.yookassa_tax_system_code is not None:
        receipt["tax_system_code"] = settings.yookassa_tax_system_code
    return receipt


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]
) -> str | None:
    """The real sender of a request. The peer is believed unless it is one of TRUSTED_PROXIES;
    then X-Forwarded-For is read from the right (each proxy appends what it saw), skipping our own
    proxies: the first address that is not one of them sent the request. None when unreadable."""

    def proxy(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in trusted)

    if peer is None or not proxy(peer):
        return peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not proxy(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return None
    return None
