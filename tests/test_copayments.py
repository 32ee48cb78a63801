"""Automatic co-payments and «🧾 Мои счета»: charged only after the franchise is active, once per
service version (the same import twice charges once), rounded half up, a changed cost charged or
refunded by the difference, declines retried after 1 and 3 days and then paid by hand, paging and
monthly totals, the fiscal receipt, data rights, and two instances charging once."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.features.bills.callbacks import Action, BillAction
from bot.features.bills.jobs import charge_due
from core.clock import ManualClock
from core.copayments import Try, share
from core.franchise import BindingLink
from core.payments import BindingPage, BindingResult, Payment
from core.services import Services, build_services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import AuditEvent, Charge, Policy, Profile, SandboxPayment, User
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.payments_rig import (
    DECLINING,
    FRANCHISE_SETTINGS,
    GOOD,
    Watched,
    billed,
    charges,
    franchised,
    link_from_chat,
    post_card,
)
from tests.people import signed_up_other
from tests.probe import probe_catalogue

pytestmark = pytest.mark.db

__all__ = ["world"]  # fixtures used by name


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, **FRANCHISE_SETTINGS)


def test_the_share_is_rounded_half_up_in_kopecks() -> None:
    assert share(Decimal("1234.55"), 10) == 12346  # 123.455 ₽
    assert share(Decimal("1234.45"), 10) == 12345  # 123.445 ₽ → 123.45 (not banker's)
    assert share(Decimal("999.99"), 15) == 15000  # 149.9985 ₽
    assert share(Decimal("0.05"), 10) == 1  # 0.5 kopeck → 1
    assert share(Decimal("1500.00"), 100) == 150000


async def test_charged_only_after_activation_once_per_version_and_rounded(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    await franchised(anna, services, web, tmp_path)
    rows = (
        "S-1,ДМС-7,2026-11-20,C1,Приём до франшизы,1500.00",
        "S-2,ДМС-7,2026-11-25,C1,Приём терапевта,1234.55",
    )
    await billed(services, tmp_path, *rows)
    await charge_due(rig.bot, services)
    assert await charges(services) == []  # the franchise is not active yet: nothing charged
    clock.advance(timedelta(hours=24))
    for _ in range(2):  # the same file again, and the job again: one charge
        await billed(services, tmp_path, *rows)
        await charge_due(rig.bot, services)
    assert await charges(services) == [("S-2", 1, "charge", 12346, "paid")]
    await deliver(rig, services)
    receipt = next(m.text for m in anna.bot_messages if (m.text or "").startswith("🧾"))
    assert receipt == (
        "🧾 Списано 123,46\u00a0₽ с карты •••• 4242: 10 % от 1\u00a0234,55\u00a0₽ "
        "за «Приём терапевта» 25.11.2026, Клиника «Ромашка»."
    )
    async with services.db.unit_of_work() as session:
        ledger = list(await session.scalars(select(SandboxPayment.idempotence_key)))
    assert ledger == ["copay:S-2:v1:a0"]


async def test_a_changed_cost_charges_or_refunds_the_difference(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    for cost in ("1000.00", "1500.00", "800.00", "800.00"):
        await billed(services, tmp_path, f"S-9,ДМС-7,2026-11-26,C1,Рентген,{cost}")
        await charge_due(rig.bot, services)
    assert await charges(services) == [
        ("S-9", 1, "charge", 10000, "paid"),
        ("S-9", 2, "charge", 5000, "paid"),
        # 70 ₽ back: 50 from the second charge, 20 from the first (each up to its amount).
        ("S-9", 3, "refund", 5000, "paid"),
        ("S-9", 3, "refund", 2000, "paid"),
    ]
    await deliver(rig, services)
    refunds = [m.text or "" for m in anna.bot_messages if (m.text or "").startswith("↩️")]
    assert [text.split(" на карту")[0] for text in refunds] == [
        "↩️ Возвращено 50,00\u00a0₽",
        "↩️ Возвращено 20,00\u00a0₽",
    ]
    await anna.send("/bills")
    listing = anna.last.text or ""
    assert "• Ноябрь 2026: 80,00\u00a0₽" in listing  # 100 + 50 − 70
    assert "возврат 50,00\u00a0₽: возвращено" in listing


async def test_a_decline_is_retried_after_one_and_three_days_then_paid_by_hand(
    anna: Person,
    john: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    await franchised(anna, services, web, tmp_path, card=DECLINING)
    clock.advance(timedelta(hours=24))
    await billed(services, tmp_path, "S-5,ДМС-7,2026-11-26,C1,Анализы,2000.00")
    await charge_due(rig.bot, services)
    await deliver(rig, services)
    first = anna.last.text or ""
    assert first.startswith("⚠️ Не удалось списать 200,00\u00a0₽")
    assert "Следующая попытка — 26.11.2026" in first
    assert anna.inline_labels() == ["💳 Франшиза и карта"]
    clock.advance(timedelta(hours=23))
    await charge_due(rig.bot, services)
    assert [c[4] for c in await charges(services)] == ["declined"]  # not before its time
    clock.advance(timedelta(hours=1))
    await charge_due(rig.bot, services)
    await deliver(rig, services)
    assert "Следующая попытка — 29.11.2026" in (anna.last.text or "")
    clock.advance(timedelta(days=3))
    await charge_due(rig.bot, services)
    await deliver(rig, services)
    assert "Автоматических попыток больше не будет" in (anna.last.text or "")
    assert anna.inline_labels() == ["💳 Оплатить сейчас"]
    assert await charges(services) == [("S-5", 1, "charge", 20000, "awaiting")]
    clock.advance(timedelta(days=7))
    await charge_due(rig.bot, services)  # no more automatic tries
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(SandboxPayment)) == 3

    # Someone else's bill, by a forged button: refused, nothing tried.
    await signed_up_other(john, services)
    await john.press_callback(john.last, BillAction(action=Action.PAY, charge=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("text") == "This bill is not available."

    # «Оплатить сейчас» with the same card: declined again; with a new card: paid.
    await anna.press("💳 Оплатить сейчас")
    assert anna.last_callback_answer is not None
    assert (anna.last_callback_answer.get("text") or "").startswith("Банк снова отклонил")
    await anna.send("/franchise")
    await anna.press("✂️ Отвязать карту")
    await anna.press("✂️ Да, отвязать")
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    await post_card(web, await link_from_chat(anna), GOOD)
    await anna.send("/bills")
    await anna.press("💳 Оплатить 200,00\u00a0₽")
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == "Оплачено. Чек придёт сообщением."
    assert await charges(services) == [("S-5", 1, "charge", 20000, "paid")]


async def test_my_bills_pages_and_receipts_and_data_rights(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    services.settings.yookassa_receipts = True
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    await billed(
        services,
        tmp_path,
        *(f"S-{n:02d},ДМС-7,2026-11-26,C1,Услуга {n},{100 * n}.00" for n in range(1, 13)),
    )
    await charge_due(rig.bot, services)
    await anna.send("/bills")
    listing = anna.last
    assert "Мои счета</b> — 12, стр. 1 из 2" in (listing.text or "")
    assert "• Ноябрь 2026: 780,00\u00a0₽" in (listing.text or "")  # 10 % of 7,800
    assert anna.inline_labels() == ["Ещё ▶️"]
    await anna.press("Ещё ▶️")
    assert anna.last is listing  # edited in place
    assert "стр. 2 из 2" in (listing.text or "")
    assert anna.inline_labels() == ["◀️ Назад"]
    async with services.db.unit_of_work() as session:
        receipt = await session.scalar(select(SandboxPayment.receipt).limit(1))
    assert receipt is not None
    assert receipt["customer"] == {"email": "anna@example.ru"}
    item = receipt["items"][0]
    assert item["payment_subject"] == "service"
    assert item["amount"]["currency"] == "RUB"

    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        exported = await services.rights.export(user)
    assert len(exported["charges"]) == 12
    assert exported["charges"][0]["card"] == "4242"
    async with services.db.unit_of_work():
        await services.rights.erase(user)
    async with services.db.unit_of_work() as session:
        kept = list(await session.scalars(select(Charge)))
        assert len(kept) == 12  # the accounts keep them…
        assert {(c.profile_id, c.card_last4) for c in kept} == {(None, None)}  # …without her
        assert await session.scalar(select(func.count()).select_from(Profile)) == 0


async def test_two_instances_charge_once(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    settings: Settings,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    await billed(
        services, tmp_path, *(f"S-{n},ДМС-7,2026-11-26,C1,Услуга {n},1000.00" for n in range(8))
    )
    other = build_services(settings, clock=clock, catalogue=probe_catalogue())
    try:
        await asyncio.gather(charge_due(rig.bot, services), charge_due(rig.bot, other))
        await asyncio.gather(charge_due(rig.bot, services), charge_due(rig.bot, other))
    finally:
        await other.close()
    assert sorted(await charges(services)) == [
        (f"S-{n}", 1, "charge", 10000, "paid") for n in range(8)
    ]
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(SandboxPayment)) == 8


async def test_the_provider_is_asked_with_no_transaction_open_and_a_cut_try_is_taken_up(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
    watched: Watched,
) -> None:
    """Charge, refund, look-up, unbinding, erasure: each provider call with no transaction
    open (commit, call, record). A try cut short after its claim (a crash while the provider
    was asked) is taken up once the claim runs out, with the same idempotence key."""
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    for cost in ("1000.00", "800.00"):  # a charge, then a refund of the difference
        await billed(services, tmp_path, f"S-9,ДМС-7,2026-11-26,C1,Рентген,{cost}")
        await charge_due(rig.bot, services)
    async with services.db.unit_of_work() as session:  # the refund: asked, not decided yet
        refund = await session.scalar(select(Charge).where(Charge.kind == "refund"))
        assert refund is not None
        refund.status, refund.next_attempt_at = "pending", clock.now()
    await charge_due(rig.bot, services)
    assert await charges(services) == [
        ("S-9", 1, "charge", 10000, "paid"),
        ("S-9", 2, "refund", 2000, "paid"),
    ]
    assert watched.calls[-3:] == ["charge", "refund", "lookup"]
    assert watched.inside == []

    # A crash after the claim: the charge is "charging" and its key was maybe used already.
    await billed(services, tmp_path, "S-10,ДМС-7,2026-11-27,C1,Анализы,500.00")
    async with services.db.unit_of_work():
        await services.copayments.plan()
    async with services.db.unit_of_work() as session:
        charge_id = await session.scalar(select(Charge.id).where(Charge.service_id == "S-10"))
        assert charge_id is not None
        claimed = await services.copayments._claim(charge_id, manual=False)
        assert claimed is not None
    async with services.db.unit_of_work():
        await services.payments.charge(
            str(claimed.token), claimed.amount, claimed.key, claimed.receipt
        )  # the provider took it; the answer was never recorded
    await charge_due(rig.bot, services)
    assert (await charges(services))[-1] == ("S-10", 1, "charge", 5000, "charging")
    clock.advance(timedelta(minutes=11))  # the claim ran out
    await charge_due(rig.bot, services)
    assert (await charges(services))[-1] == ("S-10", 1, "charge", 5000, "paid")
    async with services.db.unit_of_work() as session:
        keys = list(await session.scalars(select(SandboxPayment.idempotence_key)))
    assert keys.count("copay:S-10:v1:a0") == 1  # charged once

    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        await services.franchises.unbind(profile)
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        await services.rights.erase(user)
    assert watched.calls.count("charge") == 2
    assert {"refund", "lookup", "unbind"} <= set(watched.calls)
    assert watched.inside == []


async def due_now(services: Services) -> list[str]:
    async with services.db.unit_of_work() as session:
        ids = await services.copayments.due()
        return [
            c.service_id for c in await session.scalars(select(Charge).where(Charge.id.in_(ids)))
        ]


async def claim(services: Services, service_id: str) -> Try:
    async with services.db.unit_of_work() as session:
        charge_id = await session.scalar(select(Charge.id).where(Charge.service_id == service_id))
        assert charge_id is not None
        claimed = await services.copayments._claim(charge_id, manual=False)
        assert claimed is not None
        return claimed


async def asked(services: Services, claimed: Try) -> Payment:
    """The provider takes the try; its answer is not recorded (yet)."""
    async with services.db.unit_of_work():
        return await services.payments.charge(
            str(claimed.token), claimed.amount, claimed.key, claimed.receipt
        )


async def test_an_erasure_settles_what_is_in_flight_and_leaves_nothing_due(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
    watched: Watched,
) -> None:
    """Anna erases her data while one charge is claimed (the provider took it, the answer was
    never recorded) and another was asked and not decided yet (a payment id). Erasure asks
    again with the same key while the card is there; the undecided one is looked up by the job
    later, with nothing of hers; what was never tried is cancelled. Nothing stays due."""
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    await billed(
        services,
        tmp_path,
        "S-1,ДМС-7,2026-11-26,C1,Рентген,1000.00",
        "S-2,ДМС-7,2026-11-26,C1,Анализы,500.00",
        "S-3,ДМС-7,2026-11-26,C1,Приём,300.00",
    )
    async with services.db.unit_of_work():
        await services.copayments.plan()
    await asked(services, await claim(services, "S-1"))  # a crash: never recorded
    second = await claim(services, "S-2")
    taken = await asked(services, second)
    async with services.db.unit_of_work():  # the provider said: not decided yet
        await services.copayments._record(second, replace(taken, succeeded=False, pending=True))

    undecided = True
    looked_up = services.payments.lookup

    async def lookup(kind: str, payment: str) -> Payment:
        found = await looked_up(kind, payment)
        return replace(found, succeeded=False, pending=True) if undecided else found

    services.payments.lookup = lookup  # type: ignore[method-assign]
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        await services.rights.erase(user)
    assert await charges(services) == [
        ("S-1", 1, "charge", 10000, "paid"),  # asked again with its key: taken once
        ("S-2", 1, "charge", 5000, "pending"),  # the provider has not decided
        ("S-3", 1, "charge", 3000, "cancelled"),  # never tried: no longer claimed
    ]
    assert watched.inside == []

    undecided = False
    await charge_due(rig.bot, services)
    assert await due_now(services) == []  # S-2's claim: not before its time
    clock.advance(timedelta(minutes=11))
    assert await due_now(services) == ["S-2"]
    await charge_due(rig.bot, services)
    assert [c[4] for c in await charges(services)] == ["paid", "paid", "cancelled"]
    clock.advance(timedelta(days=10))
    assert await due_now(services) == []
    async with services.db.unit_of_work() as session:
        kept = list(await session.scalars(select(Charge)))
        assert {c.profile_id for c in kept} == {None}
        keys = list(await session.scalars(select(SandboxPayment.idempotence_key)))
    assert sorted(keys) == ["copay:S-1:v1:a0", "copay:S-2:v1:a0"]  # each charged once


async def test_a_holder_change_leaves_a_charge_in_flight_to_be_settled(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    """The policy leaves Anna (an operator's /unlink) while one charge was asked of the provider
    and not decided yet: it is hers and is settled by the job; what was never tried is dropped."""
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    await billed(
        services,
        tmp_path,
        "S-1,ДМС-7,2026-11-26,C1,Рентген,1000.00",
        "S-2,ДМС-7,2026-11-26,C1,Анализы,500.00",
    )
    async with services.db.unit_of_work():
        await services.copayments.plan()
    first = await claim(services, "S-1")
    taken = await asked(services, first)
    async with services.db.unit_of_work():  # the provider said: not decided yet
        await services.copayments._record(first, replace(taken, succeeded=False, pending=True))
    async with services.db.unit_of_work() as session:
        policy = await session.scalar(select(Policy).where(Policy.number == "ДМС7"))
        assert policy is not None
        await services.holders.change(policy, None)
    assert [c[4] for c in await charges(services)] == ["pending", "cancelled"]
    clock.advance(timedelta(minutes=11))
    assert await due_now(services) == ["S-1"]
    await charge_due(rig.bot, services)
    assert [c[4] for c in await charges(services)] == ["paid", "cancelled"]
    async with services.db.unit_of_work() as session:
        keys = list(await session.scalars(select(SandboxPayment.idempotence_key)))
    assert keys == ["copay:S-1:v1:a0"]  # charged once


async def test_what_lands_after_an_erasure_is_settled_and_never_tried_again(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    """Claims made while the erasure was under way (after its settling): an answer recorded
    after it (a decline: cancelled, never tried again; undecided: looked up by its payment id),
    and a try whose process stopped (no card to ask again with: cancelled as unsettled, for the
    operators). None of them stays due."""
    await franchised(anna, services, web, tmp_path, card=DECLINING)
    clock.advance(timedelta(hours=24))
    await billed(
        services,
        tmp_path,
        "S-4,ДМС-7,2026-11-26,C1,Рентген,1000.00",
        "S-5,ДМС-7,2026-11-26,C1,Анализы,500.00",
        "S-6,ДМС-7,2026-11-26,C1,Приём,300.00",
    )
    async with services.db.unit_of_work():
        await services.copayments.plan()
    declined, stopped, undecided = [await claim(services, s) for s in ("S-4", "S-5", "S-6")]
    answer = await asked(services, declined)
    assert not answer.succeeded
    await asked(services, stopped)
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        await services.copayments.anonymise(profile)
    async with services.db.unit_of_work():
        await services.copayments._record(declined, answer)
        await services.copayments._record(
            undecided, Payment("p-6", 3000, succeeded=False, pending=True)
        )
    assert [c[4] for c in await charges(services)] == ["cancelled", "charging", "pending"]

    async def lookup(kind: str, payment: str) -> Payment:
        assert (kind, payment) == ("charge", "p-6")
        return Payment(payment, 3000, succeeded=True)

    services.payments.lookup = lookup  # type: ignore[method-assign]
    clock.advance(timedelta(minutes=11))
    assert sorted(await due_now(services)) == ["S-5", "S-6"]
    await charge_due(rig.bot, services)
    assert [c[4] for c in await charges(services)] == ["cancelled", "cancelled", "paid"]
    clock.advance(timedelta(days=10))
    assert await due_now(services) == []
    async with services.db.unit_of_work() as session:
        reason = await session.scalar(select(Charge.reason).where(Charge.service_id == "S-5"))
        actions = list(await session.scalars(select(AuditEvent.action)))
    assert reason is not None
    assert reason.startswith("unsettled")
    assert "copayment.unsettled" in actions


def test_a_card_token_is_never_in_a_repr() -> None:
    claimed = Try(1, "pending", "k", "charge", 100, None, None, "tok-secret", "4242", None)
    assert "tok-secret" not in repr(claimed)
    assert "tok-secret" not in repr(BindingResult("o", True, token="tok-secret"))
    assert "https://pay/secret" not in repr(BindingPage("https://pay/secret"))
    assert "https://pay/secret" not in repr(
        BindingLink("https://pay/secret", datetime(2026, 12, 1, tzinfo=UTC))
    )


async def test_a_bills_button_of_an_action_not_known_is_refused(
    anna: Person, john: Person, services: Services
) -> None:
    """Someone signed up pressing a «Мои счета» button of an action this version does not know
    is told the bill is not available; anyone else gets the stale-button answer."""
    await signed_up_other(john, services)
    await john.press_callback(john.last, "bl:refund:1:0")
    assert (john.last_callback_answer or {}).get("text") == "This bill is not available."
    stale = {services.catalogue.translator(locale)("button-stale") for locale in ("ru", "en")}
    await anna.send("/start")
    for pressed in ("bl:refund:1:0", BillAction(action=Action.PAGE, page=1).pack()):
        await anna.press_callback(anna.last, pressed)
        assert (anna.last_callback_answer or {}).get("text") in stale
