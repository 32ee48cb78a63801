"""YooKassa (ЮKassa) as the payment provider, through its official SDK.

The SDK is synchronous (`requests`): every call runs in a worker thread, never on the event loop.

- **Binding**: a two-stage payment of 1 ₽ with `save_payment_method` on YooKassa's page. When
  YooKassa holds it (`waiting_for_capture`) with the card saved, the hold is cancelled at once —
  the money never leaves the card — and the saved method's id becomes the card's token. This works
  in test shops and in live ones where the provider enabled recurring payments.
- **Charges** by `payment_method_id` with an `Idempotence-Key`, refunds the same way; a payment the
  provider has not decided yet is asked about again by its id.
- **Notifications** are believed only from YooKassa's published networks (the real sender behind
  TRUSTED_PROXIES), and then only what re-fetching the object from the API says: its id, our order,
  amount and currency must match the binding we opened.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import requests
from yookassa import Configuration
from yookassa import Payment as SdkPayment
from yookassa import Refund as SdkRefund
from yookassa.domain.common.security_helper import SecurityHelper
from yookassa.domain.exceptions import ApiError

from core import timeouts
from core.clock import Clock
from core.payments import (
    BindingPage,
    BindingResult,
    ForgedNotification,
    Payment,
    PaymentError,
    ProviderUnavailable,
    Receipt,
    fiscal_receipt,
    money,
)
from core.settings import Settings
from storage.db import Database, assert_outside_transaction, commit_current
from storage.models import CardBinding
from storage.repositories.card_bindings import CardBindingRepository

logger = logging.getLogger(__name__)

BINDING_AMOUNT = 100  # kopecks: the 1 ₽ held to save the card, released at once
BINDING_TTL = timedelta(hours=1)  # how long YooKassa's page takes a card payment
# Not the person's card: ask again later. The outcome is unknown (0: a status the SDK has no class
# for, e.g. a 503), or the shop is misconfigured (401 keys, 403 recurring payments not enabled) and
# operators see it in the log. A card's decline is a payment `canceled`, never an HTTP error.
RETRIED_STATUSES = {0, 202, 401, 403, 429, 500}
MAX_KEY = 64  # YooKassa's limit on an Idempotence-Key


def idempotence_key(key: str) -> str:
    """Our operation key as YooKassa takes it (at most 64 characters; a longer one is hashed)."""
    return key if len(key) <= MAX_KEY else hashlib.sha256(key.encode()).hexdigest()


def kopecks(amount: Mapping[str, Any]) -> int:
    rubles, _, cents = str(amount["value"]).partition(".")
    return int(rubles) * 100 + int((cents + "00")[:2])


class YooKassa:
    name = "yookassa"
    binding_ttl = BINDING_TTL

    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        assert settings.yookassa_secret_key is not None  # Settings refuses yookassa without it
        Configuration.configure(
            settings.yookassa_shop_id, settings.yookassa_secret_key.get_secret_value()
        )
        self.db = db
        self.clock = clock
        self.settings = settings
        self.return_url = f"{str(settings.public_base_url).rstrip('/')}/payments/yookassa/return"
        self.networks = SecurityHelper()

    async def _call(self, method: Callable[..., Any], *args: Any) -> dict[str, Any]:
        """One SDK call in a worker thread, its answer as plain data. ProviderUnavailable when
        the outcome is unknown (network, 5xx, 429); PaymentError when YooKassa refused."""
        assert_outside_transaction("a YooKassa call")
        try:
            answer = await asyncio.wait_for(asyncio.to_thread(method, *args), timeouts.YOOKASSA)
        except TimeoutError:  # the SDK sets no timeout of its own: its thread is left behind
            raise ProviderUnavailable("yookassa did not answer in time") from None
        except ApiError as error:
            content = error.content if isinstance(error.content, dict) else {}
            code = str(content.get("code") or error.HTTP_CODE)
            if error.HTTP_CODE in RETRIED_STATUSES:
                raise ProviderUnavailable(f"yookassa {code}") from None
            raise PaymentError(f"yookassa {code}: {content.get('description', '')}") from None
        except (requests.RequestException, AttributeError) as error:
            # The SDK turns a failed connection into an AttributeError (no response to read); an
            # answer that is not JSON (a proxy's error page) is a RequestException too.
            raise ProviderUnavailable(f"yookassa unreachable: {type(error).__name__}") from None
        except (ValueError, TypeError) as error:  # the SDK's own checks of what we send
            raise PaymentError(f"yookassa: {error}") from None
        return dict(answer)

    # -- binding ------------------------------------------------------------------------------

    async def start_binding(self, order: str, email: str) -> BindingPage:
        params: dict[str, Any] = {
            "amount": money(BINDING_AMOUNT),
            "capture": False,
            "save_payment_method": True,
            "payment_method_data": {"type": "bank_card"},
            "confirmation": {"type": "redirect", "return_url": f"{self.return_url}/{order}"},
            "description": "Привязка карты для франшизы ДМС (1 ₽ вернётся сразу)",
            "metadata": {"order": order},
        }
        if self.settings.yookassa_receipts:
            params["receipt"] = fiscal_receipt(
                self.settings, email, "Проверка карты для франшизы ДМС", BINDING_AMOUNT
            )
        payment = await self._call(SdkPayment.create, params, order)
        return BindingPage(str(payment["confirmation"]["confirmation_url"]), str(payment["id"]))

    async def confirm(
        self, body: bytes, headers: Mapping[str, str], client: str | None
    ) -> BindingResult | None:
        del headers  # YooKassa signs nothing: the sender's address and a re-fetch are the proof
        if client is None or not self._from_yookassa(client):
            raise ForgedNotification(f"not from YooKassa's networks: {client}")
        try:
            event = json.loads(body)
            kind, object_id = str(event["event"]), str(event["object"]["id"])
        except (ValueError, KeyError, TypeError) as error:
            raise ForgedNotification(f"malformed: {error!r}") from None
        if not kind.startswith("payment."):
            return None  # refunds are followed by their own id (`lookup`)
        try:
            payment = await self._call(SdkPayment.find_one, object_id)
        except PaymentError as error:
            if isinstance(error, ProviderUnavailable):
                raise  # answered 500: YooKassa repeats the notification later
            raise ForgedNotification(f"no such payment at YooKassa: {error.reason}") from None
        order = (payment.get("metadata") or {}).get("order")
        if order is None:
            return None  # a charge: `lookup` follows it by its id
        return await self._binding_result(str(order), payment)

    async def poll(self, order: str) -> BindingResult | None:
        binding = await self._binding(order)
        if binding is None or binding.provider_ref is None or binding.status != "pending":
            return None
        payment = await self._call(SdkPayment.find_one, binding.provider_ref)
        return await self._binding_result(order, payment)

    async def _binding(self, order: str) -> CardBinding | None:
        """Our binding, read in a transaction that ends here: YooKassa is asked next, and no
        database lock is held while it answers."""
        binding = await CardBindingRepository(self.db.session).by_order(order)
        await commit_current()
        return binding

    def _from_yookassa(self, client: str) -> bool:
        try:
            return bool(self.networks.is_ip_trusted(client))
        except Exception:  # noqa: BLE001 - netaddr's parse errors: not an address of theirs
            return False

    async def _binding_result(self, order: str, payment: dict[str, Any]) -> BindingResult | None:
        """What a re-fetched binding payment means. Its id, our order, the amount and currency
        must be the binding's, or it is forged."""
        binding = await self._binding(order)
        if binding is None or binding.provider_ref != payment.get("id"):
            raise ForgedNotification(f"payment {payment.get('id')} is not binding {order}")
        amount = payment.get("amount") or {}
        if amount.get("currency") != "RUB" or kopecks(amount) != BINDING_AMOUNT:
            raise ForgedNotification(f"binding {order}: amount {amount} is not ours")
        status = payment.get("status")
        if status == "waiting_for_capture":
            await self._release(payment["id"], order)
            method = payment.get("payment_method") or {}
            card = method.get("card") or {}
            if not (method.get("saved") and method.get("id") and card.get("last4")):
                return BindingResult(order, False, reason="not_saved", final=True)
            return BindingResult(
                order,
                True,
                token=str(method["id"]),
                last4=str(card["last4"]),
                brand=str(card.get("card_type") or "card").lower(),
                expiry=f"{int(card['expiry_year']):04d}-{int(card['expiry_month']):02d}",
            )
        if status == "canceled":
            details = payment.get("cancellation_details") or {}
            reason = str(details.get("reason") or "canceled")
            return BindingResult(order, False, reason=reason, final=True)
        if status == "succeeded":  # never asked for (capture=false): give the ruble back
            logger.warning("yookassa: binding %s was captured; refunding", order)
            await self._call(
                SdkRefund.create,
                {"payment_id": payment["id"], "amount": money(BINDING_AMOUNT)},
                f"release-{order}",
            )
        return None  # pending: the person is still on the page

    async def _release(self, payment_id: str, order: str) -> None:
        try:
            await self._call(SdkPayment.cancel, payment_id, f"release-{order}")
        except PaymentError as error:  # YooKassa cancels an unclaimed hold itself in 7 days
            logger.warning("yookassa: the hold of binding %s stays: %s", order, error.reason)

    # -- charges and refunds ------------------------------------------------------------------

    async def charge(
        self, token: str, amount: int, key: str, receipt: Receipt | None = None
    ) -> Payment:
        params: dict[str, Any] = {
            "amount": money(amount),
            "capture": True,
            "payment_method_id": token,
            "description": "Франшиза ДМС: доля стоимости услуги",
            "metadata": {"charge": key},
        }
        if receipt is not None:
            params["receipt"] = dict(receipt)
        return self._payment(await self._call(SdkPayment.create, params, idempotence_key(key)))

    async def refund(
        self, payment: str, amount: int, key: str, receipt: Receipt | None = None
    ) -> Payment:
        params: dict[str, Any] = {"payment_id": payment, "amount": money(amount)}
        if receipt is not None:
            params["receipt"] = dict(receipt)
        return self._payment(await self._call(SdkRefund.create, params, idempotence_key(key)))

    async def lookup(self, kind: str, payment: str) -> Payment:
        method = SdkRefund.find_one if kind == "refund" else SdkPayment.find_one
        try:
            return self._payment(await self._call(method, payment))
        except PaymentError as error:
            if isinstance(error, ProviderUnavailable):
                raise
            raise PaymentError(f"unknown payment: {error.reason}") from None

    @staticmethod
    def _payment(answer: dict[str, Any]) -> Payment:
        status, amount = answer.get("status"), kopecks(answer.get("amount") or {"value": "0"})
        if status == "succeeded":
            return Payment(str(answer["id"]), amount, True)
        if status == "canceled":
            details = answer.get("cancellation_details") or {}
            reason = str(details.get("reason") or "canceled")
            return Payment(str(answer["id"]), amount, False, reason)
        return Payment(str(answer["id"]), amount, False, pending=True)

    async def unbind(self, token: str) -> None:
        """YooKassa has no call to delete a saved card: the token is forgotten here (the
        caller deletes it) and never used again."""
        del token
