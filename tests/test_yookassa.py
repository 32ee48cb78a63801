"""YooKassa as the payment provider, its HTTP API mocked under the official SDK (`responses`): the
binding (a 1 ₽ hold that saves the card, released at once), a declined binding, the return page,
notifications from a wrong address, whose re-fetch disagrees, or repeated, and charges — paid,
declined, undecided (asked again by id), and unanswered (asked again with the same key)."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import responses
from aiohttp.test_utils import TestClient
from requests import PreparedRequest
from sqlalchemy import select

from bot.features.bills.jobs import charge_due
from core.clock import ManualClock
from core.payments import PaymentError, ProviderUnavailable, client_address
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.db import current_session
from storage.models import Card, CardBinding
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.payments_rig import FRANCHISE_SETTINGS, charges, with_franchise_policy
from tests.rosters import SERVICE_HEADER, load

pytestmark = pytest.mark.db

API = "https://api.yookassa.ru/v3"
YOOKASSA_IP = "185.71.76.10"  # in YooKassa's published 185.71.76.0/27
STRANGER_IP = "203.0.113.7"
__all__ = ["world"]  # fixtures used by name


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(
        tmp_path,
        database_url,
        **FRANCHISE_SETTINGS,
        payment_provider="yookassa",
        yookassa_shop_id="506751",
        yookassa_secret_key="test_secret",
        trusted_proxies="127.0.0.1/32",  # the test client is our "nginx"
        public_base_url="https://dms.example.ru",
    )


@dataclass
class FakeYooKassa:
    """YooKassa's API as its documentation describes it, for the calls we make: payments
    (create, find, cancel) and refunds (create, find), idempotent by `Idempotence-Key`.
    `charge_status` decides what a new charge becomes; `outage` answers 500 to everything."""

    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, str, dict[str, Any] | None, str | None]] = field(default_factory=list)
    charge_status: str = "succeeded"
    outage: bool = False
    # Requests made while a database transaction was open (the SDK's thread sees the caller's
    # context): none may be, or a slow YooKassa stalls every other update.
    inside: list[str] = field(default_factory=list)

    def install(self, mock: responses.RequestsMock) -> None:
        mock.add_callback(responses.POST, f"{API}/payments", self._create_payment)
        mock.add_callback(responses.POST, f"{API}/refunds", self._create_refund)
        one = re.compile(rf"{re.escape(API)}/(payments|refunds)/([\w-]+)$")
        mock.add_callback(responses.GET, one, self._find)
        cancel = re.compile(rf"{re.escape(API)}/payments/([\w-]+)/cancel$")
        mock.add_callback(responses.POST, cancel, self._cancel)

    def _record(self, request: PreparedRequest) -> dict[str, Any] | None:
        auth = base64.b64decode(str(request.headers["Authorization"]).split()[1]).decode()
        assert auth == "506751:test_secret"
        body = json.loads(request.body) if request.body else None
        key = request.headers.get("Idempotence-Key")
        self.calls.append((str(request.method), str(request.url), body, key))
        session = current_session()
        if session is not None and session.in_transaction():
            self.inside.append(f"{request.method} {request.url}")
        return body

    def _answer(self, status: int, body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        return status, {"Content-Type": "application/json"}, json.dumps(body)

    def _create_payment(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        body = self._record(request)
        assert body is not None
        if self.outage:
            return self._answer(500, {"type": "error", "code": "internal_server_error"})
        key = str(request.headers["Idempotence-Key"])
        if key in self.by_key:
            return self._answer(200, self.objects[self.by_key[key]])
        payment: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "status": "pending",
            "paid": False,
            "amount": body["amount"],
            "metadata": body.get("metadata", {}),
            "test": True,
        }
        if "payment_method_id" in body:  # a charge to a saved card: decided at once
            saved = self.objects.get(body["payment_method_id"])
            assert saved is not None, "charged to a card YooKassa never saved"
            payment["payment_method"] = saved
            payment["status"] = self.charge_status
            if self.charge_status == "canceled":
                payment["cancellation_details"] = {
                    "party": "payment_network",
                    "reason": "insufficient_funds",
                }
        else:
            payment["confirmation"] = {
                "type": "redirect",
                "confirmation_url": f"https://yoomoney.ru/checkout/payments/v2/contract?orderId={payment['id']}",
            }
        self.objects[payment["id"]] = payment
        self.by_key[key] = payment["id"]
        return self._answer(200, payment)

    def _create_refund(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        body = self._record(request)
        assert body is not None
        refund = {"id": str(uuid.uuid4()), "status": "succeeded", **body}
        self.objects[refund["id"]] = refund
        return self._answer(200, refund)

    def _find(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        self._record(request)
        if self.outage:
            return self._answer(500, {"type": "error", "code": "internal_server_error"})
        found = self.objects.get(str(request.url).rsplit("/", 1)[1])
        if found is None:
            return self._answer(404, {"type": "error", "code": "not_found"})
        return self._answer(200, found)

    def _cancel(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        self._record(request)
        payment = self.objects[str(request.url).rsplit("/", 2)[1]]
        assert payment["status"] == "waiting_for_capture"
        payment["status"] = "canceled"
        payment["cancellation_details"] = {"party": "merchant", "reason": "canceled_by_merchant"}
        return self._answer(200, payment)

    # -- what the person does on YooKassa's page -------------------------------------------

    def pays(self, payment_id: str, last4: str = "4444") -> None:
        """The card entered and 3-D Secure passed: the 1 ₽ is held and the card saved."""
        payment = self.objects[payment_id]
        method_id = str(uuid.uuid4())
        method = {
            "type": "bank_card",
            "id": method_id,
            "saved": True,
            "card": {
                "first6": "555555",
                "last4": last4,
                "expiry_month": "07",
                "expiry_year": "2029",
                "card_type": "MasterCard",
            },
        }
        self.objects[method_id] = method
        payment.update(status="waiting_for_capture", paid=True, payment_method=method)

    def declines(self, payment_id: str) -> None:
        payment = self.objects[payment_id]
        payment["status"] = "canceled"
        payment["cancellation_details"] = {"party": "payment_network", "reason": "card_expired"}

    def made(self, method: str, path: str) -> list[tuple[dict[str, Any] | None, str | None]]:
        return [
            (body, key) for m, url, body, key in self.calls if m == method and url == API + path
        ]


@pytest.fixture
def yookassa() -> Iterator[FakeYooKassa]:
    fake = FakeYooKassa()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake.install(mock)
        yield fake
    assert fake.inside == []


def notification(payment: dict[str, Any], event: str) -> bytes:
    return json.dumps({"type": "notification", "event": event, "object": payment}).encode()


async def notify(web: TestClient, body: bytes, sender: str = YOOKASSA_IP) -> int:
    response = await web.post(
        "/payments/yookassa/notify", data=body, headers={"X-Forwarded-For": sender}
    )
    return response.status


async def open_binding(anna: Person, services: Services, tmp_path: Path) -> str:
    """Anna accepts the terms of ДМС-7 and asks for the binding page: YooKassa's payment id."""
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("📄 Условия — ДМС-7")
    await anna.press("✅ Согласен с условиями франшизы")
    button = anna.last.inline_buttons[0]
    assert button["text"] == "💳 Открыть страницу привязки"
    assert "действует 1 ч" in (anna.last.text or "")
    url = urlsplit(button["url"])
    assert (url.scheme, url.netloc) == ("https", "yoomoney.ru")
    return url.query.removeprefix("orderId=")


async def bound_card(services: Services) -> Card | None:
    async with services.db.unit_of_work() as session:
        return await session.scalar(select(Card))


def test_the_real_sender_behind_our_proxies() -> None:
    ours = [ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8")]
    assert client_address("185.71.76.10", None, ours) == "185.71.76.10"  # no proxy
    assert client_address("127.0.0.1", "185.71.76.10", ours) == "185.71.76.10"
    assert client_address("127.0.0.1", "185.71.76.10, 10.1.2.3", ours) == "185.71.76.10"
    # Whatever a sender writes itself stands left of what our proxy saw: never believed.
    assert client_address("127.0.0.1", "185.71.76.10, 203.0.113.7", ours) == "203.0.113.7"
    assert client_address("127.0.0.1", None, ours) is None
    assert client_address("127.0.0.1", "not-an-address", ours) is None
    assert client_address("203.0.113.7", "185.71.76.10", ours) == "203.0.113.7"  # no proxy


async def test_binding_holds_one_rouble_saves_the_card_and_releases_it(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    web: TestClient,
    yookassa: FakeYooKassa,
    tmp_path: Path,
) -> None:
    payment_id = await open_binding(anna, services, tmp_path)
    [(created, key)] = yookassa.made("POST", "/payments")
    assert created is not None
    assert created["amount"] == {"value": "1.00", "currency": "RUB"}
    assert created["capture"] is False
    assert created["save_payment_method"] is True
    order = created["metadata"]["order"]
    assert key == order
    assert created["confirmation"]["return_url"] == (
        f"https://dms.example.ru/payments/yookassa/return/{order}"
    )

    yookassa.pays(payment_id)
    waiting = notification(yookassa.objects[payment_id], "payment.waiting_for_capture")
    assert await notify(web, waiting, sender=STRANGER_IP) == 403  # not YooKassa's address
    # An address the sender wrote itself stands left of the one our proxy saw: not believed.
    assert await notify(web, waiting, sender=f"{YOOKASSA_IP}, {STRANGER_IP}") == 403
    response = await web.post("/payments/yookassa/notify", data=waiting)  # no proxy header
    assert response.status == 403
    assert yookassa.made("GET", f"/payments/{payment_id}") == []  # refused before asking
    assert await bound_card(services) is None

    assert await notify(web, waiting) == 200
    card = await bound_card(services)
    assert card is not None
    assert (card.last4, card.brand, card.expiry) == ("4444", "mastercard", "2029-07")
    assert len(yookassa.made("POST", f"/payments/{payment_id}/cancel")) == 1  # 1 ₽ released
    assert yookassa.objects[payment_id]["status"] == "canceled"
    # YooKassa then reports the cancellation, and repeats the first notification: nothing new.
    cancelled = notification(yookassa.objects[payment_id], "payment.canceled")
    assert await notify(web, cancelled) == 200
    assert await notify(web, waiting) == 200
    assert len(yookassa.made("POST", f"/payments/{payment_id}/cancel")) == 1
    await deliver(rig, services)
    texts = [m.text for m in anna.bot_messages]
    assert texts.count("✅ Карта •••• 4444 привязана.") == 1
    assert not any((t or "").startswith("❌") for t in texts)
    # The token is YooKassa's saved method, encrypted here.
    token = services.keys.decrypt(card.token_encrypted)
    assert token == yookassa.objects[payment_id]["payment_method"]["id"]
    async with services.db.unit_of_work() as session:
        binding = await session.scalar(select(CardBinding))
        assert binding is not None
        assert (binding.status, binding.provider_ref) == ("bound", payment_id)

    page = await web.get(f"/payments/yookassa/return/{order}")
    text = await page.text()
    assert page.status == 200
    assert "Карта привязана" in text
    assert "ТЕСТОВЫЙ РЕЖИМ" not in text


async def test_a_declined_binding_and_notifications_that_disagree(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    web: TestClient,
    yookassa: FakeYooKassa,
    tmp_path: Path,
) -> None:
    payment_id = await open_binding(anna, services, tmp_path)
    payment = yookassa.objects[payment_id]
    # A notification claiming a saved card while YooKassa says the person is still on the page.
    claimed = {
        **payment,
        "status": "waiting_for_capture",
        "payment_method": {"id": "forged", "saved": True, "card": {"last4": "0000"}},
    }
    assert await notify(web, notification(claimed, "payment.waiting_for_capture")) == 200
    assert await bound_card(services) is None
    assert yookassa.made("GET", f"/payments/{payment_id}")  # it asked
    # A payment of YooKassa's that is not this binding's amount, or no payment at all.
    yookassa.pays(payment_id)
    payment["amount"] = {"value": "2.00", "currency": "RUB"}
    body = notification(payment, "payment.waiting_for_capture")
    assert await notify(web, body) == 403
    assert (
        await notify(web, notification({**payment, "id": str(uuid.uuid4())}, "payment.succeeded"))
        == 403
    )
    assert await bound_card(services) is None
    assert yookassa.made("POST", f"/payments/{payment_id}/cancel") == []
    payment["amount"] = {"value": "1.00", "currency": "RUB"}
    # YooKassa cannot be asked now: 503, so that it repeats the notification later.
    yookassa.outage = True
    assert await notify(web, body) == 503
    yookassa.outage = False

    yookassa.declines(payment_id)
    order = payment["metadata"]["order"]
    # The person comes back first: the page asks YooKassa itself.
    page = await web.get(f"/payments/yookassa/return/{order}")
    assert "Карта не привязана" in await page.text()
    assert await notify(web, notification(payment, "payment.canceled")) == 200  # again: once
    await deliver(rig, services)
    declined = [m for m in anna.bot_messages if (m.text or "").startswith("❌ Карта не привязана")]
    assert len(declined) == 1
    assert await bound_card(services) is None
    # A new link opens a new payment.
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    assert len(yookassa.made("POST", "/payments")) == 2
    nobody = await web.get(f"/payments/yookassa/return/{'0' * 32}")
    assert nobody.status == 404


async def test_charges_by_the_saved_card(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    yookassa: FakeYooKassa,
    world: None,
    tmp_path: Path,
) -> None:
    services.settings.yookassa_receipts = True
    payment_id = await open_binding(anna, services, tmp_path)
    yookassa.pays(payment_id)
    binding_receipt = yookassa.made("POST", "/payments")[0][0]
    assert binding_receipt is not None
    assert binding_receipt["receipt"]["customer"] == {"email": "anna@example.ru"}
    assert (
        await notify(web, notification(yookassa.objects[payment_id], "payment.waiting_for_capture"))
        == 200
    )
    method = yookassa.objects[payment_id]["payment_method"]["id"]
    clock.advance(timedelta(hours=24))

    async def bill(*rows: str) -> None:
        await load(services, tmp_path, "services", SERVICE_HEADER + "".join(f"{r}\n" for r in rows))
        await charge_due(rig.bot, services)

    await bill("S-1,ДМС-7,2026-11-26,C1,Приём терапевта,2500.00")
    [(charged, key)] = yookassa.made("POST", "/payments")[1:]
    assert charged is not None
    assert charged["payment_method_id"] == method
    assert charged["amount"] == {"value": "250.00", "currency": "RUB"}
    assert charged["capture"] is True
    assert charged["receipt"]["items"][0]["amount"] == {"value": "250.00", "currency": "RUB"}
    assert key == "copay:S-1:v1:a0"
    assert await charges(services) == [("S-1", 1, "charge", 25000, "paid")]

    # Declined by the bank: the usual retries.
    yookassa.charge_status = "canceled"
    await bill("S-2,ДМС-7,2026-11-26,C1,Анализ крови,800.00")
    assert (await charges(services))[-1] == ("S-2", 1, "charge", 8000, "declined")

    # Not decided yet: asked again by its id, never charged twice.
    yookassa.charge_status = "pending"
    await bill("S-3,ДМС-7,2026-11-26,C1,Рентген,1000.00")
    assert (await charges(services))[-1] == ("S-3", 1, "charge", 10000, "pending")
    pending = yookassa.by_key["copay:S-3:v1:a0"]
    yookassa.objects[pending]["status"] = "succeeded"
    clock.advance(timedelta(minutes=10))
    await charge_due(rig.bot, services)
    assert (await charges(services))[-1] == ("S-3", 1, "charge", 10000, "paid")
    assert len([k for _, k in yookassa.made("POST", "/payments") if k == "copay:S-3:v1:a0"]) == 1

    # YooKassa unreachable: the same key later, and no word to the person meanwhile.
    yookassa.charge_status, yookassa.outage = "succeeded", True
    await bill("S-4,ДМС-7,2026-11-26,C1,УЗИ,1200.00")
    assert (await charges(services))[-1] == ("S-4", 1, "charge", 12000, "pending")
    yookassa.outage = False
    clock.advance(timedelta(minutes=10))
    await charge_due(rig.bot, services)
    assert (await charges(services))[-1] == ("S-4", 1, "charge", 12000, "paid")
    keys = [k for _, k in yookassa.made("POST", "/payments") if k and k.startswith("copay:S-4")]
    assert keys == ["copay:S-4:v1:a0", "copay:S-4:v1:a0"]

    # A lower cost: the difference refunded from the payment, with its receipt.
    await bill("S-1,ДМС-7,2026-11-26,C1,Приём терапевта,2000.00")
    [(refund, refund_key)] = yookassa.made("POST", "/refunds")
    assert refund is not None
    assert refund["amount"] == {"value": "50.00", "currency": "RUB"}
    assert refund["payment_id"] == yookassa.by_key["copay:S-1:v1:a0"]
    assert refund_key is not None
    assert refund_key.startswith("copay:S-1:v2")
    assert refund["receipt"]["items"][0]["amount"] == {"value": "50.00", "currency": "RUB"}


@pytest.mark.parametrize(
    ("answer", "unavailable"),
    [
        (dict(status=502, body="<html>Bad Gateway</html>"), True),  # a proxy's page
        (dict(status=503, json={"type": "error"}), True),
        (dict(body=requests.ConnectionError("refused")), True),
        (dict(status=429, json={"type": "error", "code": "too_many_requests"}), True),
        (dict(status=401, json={"type": "error", "code": "invalid_credentials"}), True),
        (dict(status=400, json={"type": "error", "code": "invalid_request"}), False),
    ],
)
async def test_what_yookassa_failing_means(
    services: Services, answer: dict[str, Any], unavailable: bool
) -> None:
    """Unknown outcomes are asked again later with the same key; refusals are final."""
    payment = str(uuid.uuid4())
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{API}/payments/{payment}", **answer)
        with pytest.raises(PaymentError) as raised:
            await services.payments.lookup("charge", payment)
    assert isinstance(raised.value, ProviderUnavailable) is unavailable
