"""«💳 Франшиза и карта»: the terms and consent, the card bound on the sandbox's page (success,
decline, second step), the notices at their times, the booking gate, a forged or repeated
notification, unbinding with the PIN, the card rule, data rights — and no card number anywhere."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from bot.features.franchise.callbacks import Action, FranchiseAction
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.payments import BindingPage, Payment, ProviderUnavailable
from core.payments.sandbox import SIGNATURE_HEADER, CardCheck, Sandbox, check_card
from core.services import Services
from core.settings import Settings
from core.signup import hash_pin
from standin import Person
from standin.rig import InProcessBot
from storage.models import Appointment, Card, CardBinding, Franchise, Profile, User
from tests.booking_rig import msk, slot_at
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.payments_rig import (
    FRANCHISE_SETTINGS,
    GOOD,
    Watched,
    link_from_chat,
    post_card,
    with_franchise_policy,
)
from tests.people import last_code, signed_up, signed_up_other
from tests.stored import in_chats, in_database, in_log, without_separators

pytestmark = pytest.mark.db

DECLINED, CHALLENGE = "4000 0000 0000 0002", "4000 0000 0000 3220"
ALL_CARDS = [c.replace(" ", "") for c in (GOOD, DECLINED, CHALLENGE)]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, **FRANCHISE_SETTINGS)


def test_the_pages_checks() -> None:
    today = date(2026, 11, 25)
    assert check_card(GOOD, "12/30", "123", today)[0] is CardCheck.OK
    assert check_card("4242 4242 4242 4241", "12/30", "123", today)[0] is CardCheck.NUMBER
    assert check_card("4242", "12/30", "123", today)[0] is CardCheck.NUMBER
    assert check_card(GOOD, "10/26", "123", today)[0] is CardCheck.EXPIRY
    assert check_card(GOOD, "11/26", "123", today)[0] is CardCheck.OK  # this month still
    assert check_card(GOOD, "13/30", "123", today)[0] is CardCheck.EXPIRY
    assert check_card(GOOD, "12/30", "12", today)[0] is CardCheck.CVC
    # Characters isdigit() takes for digits and int() does not: refused, never a crash.
    assert check_card("4242 4242 4242 424²", "12/30", "123", today)[0] is CardCheck.NUMBER
    assert check_card(GOOD, "1²/30", "123", today)[0] is CardCheck.EXPIRY
    assert check_card(GOOD, "12/30", "12²", today)[0] is CardCheck.CVC
    assert check_card("5555 5555 5555 4444", "12/30", "123", today)[0] is CardCheck.UNKNOWN
    _check, card = check_card(GOOD, "12/2030", "123", today)
    assert card is not None
    assert (card.last4, card.brand, card.expiry) == ("4242", "visa", "2030-12")
    assert "4242424242424242" not in repr(card)


async def test_terms_consent_binding_notices_and_the_booking_gate(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    slot = await slot_at(services, "C1", msk(26, 10))

    async def book() -> str:
        async with services.db.unit_of_work() as session:
            profile = await session.scalar(select(Profile))
            assert profile is not None
            result = await services.booking.book(profile, slot)
        return result.outcome.value

    assert await book() == "needs-franchise"  # a co-payment policy: not before the franchise

    await anna.send("/franchise")
    overview = anna.last.text or ""
    assert "Полис ДМС-7 — франшиза 10 %: не оформлена" in overview
    assert "Карта не привязана." in overview
    await anna.press("📄 Условия — ДМС-7")
    terms = anna.last.text or ""
    assert "Вы оплачиваете 10 % стоимости" in terms
    assert "Клиники станут доступны через 30 мин после привязки карты" in terms
    await anna.press("✅ Согласен с условиями франшизы")
    assert anna.bot_messages[-2].text == (
        "✅ Условия франшизы приняты.\nОсталось привязать карту — на странице платёжной системы."
    )
    path = await link_from_chat(anna)

    page = await web.get(path)
    body = await page.text()
    assert page.status == 200
    assert "ТЕСТОВЫЙ РЕЖИМ" in body
    assert page.headers["Cache-Control"] == "no-store"
    assert 'autocomplete="cc-number"' in body
    # Checks on the server (as with JavaScript off): the form again, with what is wrong.
    wrong = await post_card(web, path, "4242 4242 4242 4241")
    assert "Проверьте номер карты" in wrong
    assert "ТЕСТОВЫЙ РЕЖИМ" in wrong
    assert "4242 4242 4242 4241" not in wrong  # the number is never sent back
    bound = await post_card(web, path, GOOD)
    assert "Карта •••• 4242 привязана" in bound
    assert "ТЕСТОВЫЙ РЕЖИМ" in bound
    # The link works once.
    again = await web.get(path)
    assert again.status == 410
    assert "Ссылка устарела или уже использована" in await again.text()

    await deliver(rig, services)
    assert anna.last.text == "✅ Карта •••• 4242 привязана."
    assert await book() == "franchise-wait"
    await anna.send("/book")  # said at the first step, before any choice
    assert (anna.last.text or "").startswith(
        "Клиники по полису ДМС-7 станут доступны 24.11.2026 12:30"
    )

    clock.advance(timedelta(minutes=30))
    await deliver(rig, services)
    assert (anna.last.text or "").startswith("🏥 Клиники программы по полису ДМС-7 доступны.")
    assert "+7 800 555-35-35" in (anna.last.text or "")
    assert await book() == "booked"
    clock.advance(timedelta(hours=23, minutes=30))
    await deliver(rig, services)
    assert (anna.last.text or "").startswith(
        "✅ Франшиза по полису ДМС-7 активна.\n10 % стоимости услуг"
    )
    await anna.send("/franchise")
    assert "ДМС-7 — франшиза 10 %: активна" in (anna.last.text or "")
    assert "Карта: Visa •••• 4242, действует до 12/30." in (anna.last.text or "")
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Appointment.id)) is not None


async def test_a_decline_then_the_second_step(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    web: TestClient,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    path = await link_from_chat(anna)
    for step in ("/confirm", "/cancel"):  # no second step was asked for: nothing to answer
        assert (await web.post(path + step)).status == 410
    assert (await web.get(path)).status == 200  # and the link still works
    declined = await post_card(web, path, DECLINED)
    assert "Банк отклонил карту" in declined
    assert "ТЕСТОВЫЙ РЕЖИМ" in declined
    challenge = await post_card(web, path, CHALLENGE)
    assert "Банк просит подтвердить привязку карты •••• 3220" in challenge
    assert (await web.get(path)).status == 200  # reloading shows the second step again
    cancelled = await (await web.post(path + "/cancel")).text()
    assert "Подтверждение отменено" in cancelled
    await post_card(web, path, CHALLENGE)
    done = await (await web.post(path + "/confirm")).text()
    assert "Карта •••• 3220 привязана" in done
    assert (await web.post(path + "/confirm")).status == 410  # confirmed once
    await deliver(rig, services)
    assert anna.last.text == "✅ Карта •••• 3220 привязана."
    async with services.db.unit_of_work() as session:
        binding = await session.scalar(select(CardBinding))
        assert binding is not None
        assert (binding.status, binding.declines) == ("bound", 1)
    # A decline, a second step, a binding: no number kept.
    await no_card_numbers_kept(services, rig, caplog.text)


async def test_a_forged_or_repeated_notification_changes_nothing(
    anna: Person, rig: InProcessBot, services: Services, web: TestClient, tmp_path: Path
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    async with services.db.unit_of_work() as session:
        order = await session.scalar(select(CardBinding.order))
    event = {
        "event": "binding.succeeded",
        "order": order,
        "token": "sbx_forged",
        "last4": "0000",
        "brand": "visa",
        "expiry": "2030-12",
    }
    body = json.dumps(event).encode()
    url = "/payments/sandbox/notify"
    forged = await web.post(url, data=body, headers={SIGNATURE_HEADER: "0" * 64})
    assert forged.status == 403
    unsigned = await web.post(url, data=body)
    assert unsigned.status == 403
    assert isinstance(services.payments, Sandbox)

    def signed_for(body: bytes) -> dict[str, str]:
        assert isinstance(services.payments, Sandbox)
        return {SIGNATURE_HEADER: services.payments.sign(body)}

    stranger = json.dumps({**event, "order": "nope"}).encode()
    unknown = await web.post(
        url, data=stranger, headers={SIGNATURE_HEADER: services.payments.sign(stranger)}
    )
    assert unknown.status == 404
    oversized = b"{" + b" " * (64 * 1024) + b"}"
    assert (await web.post(url, data=oversized, headers=signed_for(oversized))).status == 413
    assert (await web.post(url, data=b"{not json", headers=signed_for(b"{not json"))).status == 403
    assert (await web.get(url)).status == 405
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Card.id)) is None
    # Signed by the provider: bound once, however often it is repeated.
    signed = {SIGNATURE_HEADER: services.payments.sign(body)}
    for _ in range(2):
        assert (await web.post(url, data=body, headers=signed)).status == 200
    await deliver(rig, services)
    assert [m.text for m in anna.bot_messages].count("✅ Карта •••• 0000 привязана.") == 1


async def test_unbinding_asks_the_pin_explains_and_suspends(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    tmp_path: Path,
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("📄 Условия — ДМС-7")
    await anna.press("✅ Согласен с условиями франшизы")
    await post_card(web, await link_from_chat(anna), GOOD)
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        await services.profiles.adopt_pin_hash(profile, await hash_pin("2468"))
    await anna.send("/franchise")
    await anna.press("✂️ Отвязать карту")
    assert (
        anna.last.text
        == "Чтобы отвязать карту, введите ваш PIN-код. Сообщение с PIN я сразу удалю."
    )
    await anna.send(GOOD)  # the card rule: deleted, and the step is asked again
    assert anna.last_own.deleted
    assert (
        anna.last.text
        == "Чтобы отвязать карту, введите ваш PIN-код. Сообщение с PIN я сразу удалю."
    )
    await anna.send("1111")
    assert (anna.last.text or "").startswith("Неверный PIN-код")
    yes = FranchiseAction(action=Action.YES).pack()
    await anna.press_callback(anna.last, yes)  # forged: not in the confirmation step
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("show_alert")
    await anna.send("2468")
    assert anna.last_own.deleted
    assert (anna.last.text or "").startswith("Отвязать карту •••• 4242?\nФраншиза по полисам ДМС-7")
    await anna.send(f"вот карта {GOOD}")  # the card rule in the confirmation step too
    assert anna.last_own.deleted
    assert (anna.last.text or "").startswith("Отвязать карту •••• 4242?\nФраншиза по полисам ДМС-7")
    await anna.press("✂️ Да, отвязать")
    assert anna.last.text == "Карта отвязана.\nФраншиза приостановлена по полисам: ДМС-7."
    clock.advance(timedelta(days=2))
    await deliver(rig, services)  # the notices were cancelled with the card
    notices = ("🏥 Клиники программы", "✅ Франшиза по полису")
    assert not any((m.text or "").startswith(notices) for m in anna.bot_messages)
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Card.id)) is None
        franchise = await session.scalar(select(Franchise))
        assert franchise is not None
        assert franchise.started_at is None
        assert franchise.suspended_at is not None


async def test_forged_policy_buttons_and_data_rights(
    anna: Person,
    john: Person,
    rig: InProcessBot,
    services: Services,
    web: TestClient,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await with_franchise_policy(anna, services, tmp_path)
    await signed_up_other(john, services)
    async with services.db.unit_of_work() as session:
        policy_id = await session.scalar(text("SELECT id FROM policies WHERE number = 'ДМС7'"))
    before = len(john.bot_messages)
    for action in (Action.TERMS, Action.AGREE):
        forged = FranchiseAction(action=action, policy=policy_id).pack()
        await john.press_callback(john.last, forged)
        assert john.last_callback_answer is not None
        assert john.last_callback_answer.get("show_alert")
    assert not [m for m in john.bot_messages[before:] if "ДМС-7" in (m.text or "")]
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Franchise.policy_id)) is None

    await anna.send("/franchise")
    await anna.press("📄 Условия — ДМС-7")
    await anna.press("✅ Согласен с условиями франшизы")
    await post_card(web, await link_from_chat(anna), GOOD)
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        exported = await services.rights.export(user)
    assert exported["card"]["last4"] == "4242"
    assert exported["franchises"][0]["policy"] == "ДМС-7"
    await no_card_numbers_kept(services, rig, caplog.text)
    async with services.db.unit_of_work():
        await services.rights.erase(user)
    async with services.db.unit_of_work() as session:
        for table in ("cards", "card_bindings", "franchises"):
            count = text(f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
            assert await session.scalar(count) == 0


async def no_card_numbers_kept(services: Services, rig: InProcessBot, log: str) -> None:
    """No test card's number (spaces and dashes aside) in any column of any table, in the log,
    or in a message still in a chat."""
    found = [
        *await in_database(services.db, ALL_CARDS, squeeze=without_separators),
        *in_log(log, ALL_CARDS, squeeze=without_separators),
        *in_chats(rig, ALL_CARDS, squeeze=without_separators),
    ]
    assert found == [], "\n".join(map(str, found))


async def test_recovery_without_a_pin_asks_the_bound_cards_digits_and_expiry(
    anna: Person, rig: InProcessBot, services: Services, web: TestClient, tmp_path: Path
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    await post_card(web, await link_from_chat(anna), GOOD)
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    new = rig.person(7777)
    await new.send("/recover")
    await new.send("anna@example.ru")
    await new.send(last_code(sent))
    await new.send(last_code(sent))
    assert (new.last.text or "").startswith("К профилю привязана карта.")
    await new.send("4242")
    assert new.last.text == (
        "Напишите 4 последние цифры карты и срок действия через пробел, например: 4242 12/30."
    )
    await new.send("4242 11/30")
    assert new.last.text == "Не совпадает с привязанной картой. Осталось 4 попытки."
    await new.send("4242 12/30")
    assert (new.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        owner = await session.get(User, profile.user_id)
        assert owner is not None
        assert owner.telegram_id == new.id


async def test_a_link_expires_and_the_sandbox_charges_and_refunds_once_per_key(
    anna: Person, services: Services, clock: ManualClock, web: TestClient, tmp_path: Path
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    path = await link_from_chat(anna)
    clock.advance(timedelta(minutes=31))
    expired = await web.get(path)
    assert expired.status == 410
    assert (
        await web.post(path, data={"number": GOOD, "expiry": "12/30", "cvc": "1"})
    ).status == 410
    assert (await web.get("/pay/sandbox/not-a-link-of-ours-at-all")).status == 410

    sandbox = services.payments
    assert isinstance(sandbox, Sandbox)

    async def each_alone(call: Awaitable[Payment]) -> Payment:
        async with services.db.unit_of_work():  # a provider is never asked inside a transaction
            return await call

    first = await each_alone(sandbox.charge("sbx_token", 12_345, "service:1:v1"))
    again = await each_alone(sandbox.charge("sbx_token", 12_345, "service:1:v1"))
    refund = await each_alone(sandbox.refund(first.id, 2_345, "service:1:v2"))
    refund_again = await each_alone(sandbox.refund(first.id, 2_345, "service:1:v2"))
    assert first == again
    assert first.succeeded
    assert first.amount == 12_345
    assert refund == refund_again
    assert refund.amount == 2_345
    async with services.db.unit_of_work() as session:
        assert await session.scalar(text("SELECT count(*) FROM sandbox_payments")) == 2


# -- one page at a time; the provider never asked inside a transaction (issue 30) -------------


async def test_repeated_and_simultaneous_bind_presses_open_one_page(
    anna: Person,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    tmp_path: Path,
    watched: Watched,
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    overview = anna.last
    (bind,) = [
        b["callback_data"] for b in overview.inline_buttons if b["text"] == "💳 Привязать карту"
    ]
    await anna.press_callback(overview, bind)
    first = await link_from_chat(anna)
    for _ in range(3):  # the same page's link again, not a new page
        await anna.press_callback(overview, bind)
        assert anna.last.text == (
            "Страница для ввода карты уже открыта — вот ссылка на неё ещё раз. "
            "Она действует до 24.11.2026 12:30."
        )
        assert await link_from_chat(anna) == first
    await asyncio.gather(*(anna.press_callback(overview, bind) for _ in range(2)))
    assert watched.calls == ["start_binding"]  # one payment at the provider, not six
    assert (await web.get(first)).status == 200  # the page sent first still takes the card

    clock.advance(timedelta(minutes=31))  # the page expired unused: a new one may be opened
    await anna.press_callback(overview, bind)
    second = await link_from_chat(anna)
    assert second != first
    assert (await web.get(first)).status == 410
    async with services.db.unit_of_work() as session:
        statuses = list(await session.scalars(select(CardBinding.status).order_by(CardBinding.id)))
    assert statuses == ["expired", "pending"]
    async with services.db.unit_of_work() as session:
        sealed = list(
            await session.scalars(select(CardBinding.page_sealed).order_by(CardBinding.id))
        )
    assert sealed[0] is None  # an expired page's link is forgotten
    assert sealed[1] is not None
    assert second.split("/")[-1] not in sealed[1]  # the link is kept encrypted
    await post_card(web, second, GOOD)
    assert watched.calls == ["start_binding", "start_binding", "confirm"]
    assert watched.inside == []
    async with services.db.unit_of_work() as session:
        assert (
            await session.scalar(
                select(CardBinding.page_sealed).where(CardBinding.status == "bound")
            )
            is None
        )


async def test_two_presses_racing_open_one_page_the_database_decides(
    anna: Person,
    services: Services,
    tmp_path: Path,
    watched: Watched,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await with_franchise_policy(anna, services, tmp_path)

    async def press() -> str | None:
        async with services.db.unit_of_work() as session:
            profile = await session.scalar(select(Profile))
            assert profile is not None
            return (await services.franchises.start_binding(profile)).url

    first = await press()
    assert first is not None
    # Another instance's press: its check comes before this one's page is stored, so it sees
    # no open page, and the database's unique index turns its insert down.
    real = services.franchises._open_binding
    missed: list[bool] = []

    async def blind(profile: Profile) -> CardBinding | None:
        if not missed:
            missed.append(True)
            return None
        return await real(profile)

    monkeypatch.setattr(services.franchises, "_open_binding", blind)
    assert await press() == first  # the page the other press opened, not a second one
    assert missed == [True]
    assert watched.calls == ["start_binding"]
    async with services.db.unit_of_work() as session:
        profile_id = await session.scalar(select(Profile.id))
        assert await session.scalar(select(func.count()).select_from(CardBinding)) == 1
    async with services.db.unit_of_work() as session:
        session.add(
            CardBinding(
                order="f" * 32,
                profile_id=profile_id,
                provider="sandbox",
                status="challenged",
                declines=0,
                created_at=services.clock.now(),
                expires_at=services.clock.now() + timedelta(minutes=30),
            )
        )
        with pytest.raises(IntegrityError):
            await session.flush()
        await session.rollback()


async def test_a_provider_that_fails_to_open_a_page_leaves_none_open(
    anna: Person,
    services: Services,
    tmp_path: Path,
    watched: Watched,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")

    async def down(order: str, email: str) -> BindingPage:
        raise ProviderUnavailable("sandbox unreachable")

    monkeypatch.setattr(watched.inner, "start_binding", down)
    await anna.press("💳 Привязать карту")
    assert anna.last.text == (
        "Платёжная система сейчас не отвечает. Попробуйте привязать карту через несколько минут."
    )
    monkeypatch.undo()
    await anna.send("/franchise")
    await anna.press("💳 Привязать карту")
    await link_from_chat(anna)  # at once: the failed page holds nothing up
    async with services.db.unit_of_work() as session:
        statuses = list(await session.scalars(select(CardBinding.status).order_by(CardBinding.id)))
    assert statuses == ["declined", "pending"]


async def test_a_franchise_button_of_an_action_not_known_or_pressed_signed_out(
    anna: Person, john: Person, services: Services
) -> None:
    """An action this version does not know: the stale-button answer. A real one pressed by
    someone not signed up: what /franchise says to them (sign up first)."""
    await john.send("/franchise")
    offer = john.last.text
    await john.press_callback(john.last, FranchiseAction(action=Action.SHOW).pack())
    assert (john.last_callback_answer or {}).get("text") is None
    assert john.last.text == offer
    await signed_up(anna, services)
    await anna.send("/franchise")
    before = len(anna.bot_messages)
    await anna.press_callback(anna.last, "fr:bogus:0")
    stale = services.catalogue.translator("ru")("button-stale")
    assert (anna.last_callback_answer or {}).get("text") == stale
    assert len(anna.bot_messages) == before
