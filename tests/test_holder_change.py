"""A policy that changes holder (an identity check approved for another person, or the desk's
/unlink then a new link) leaves everything of the previous holder's behind: their co-payment
consent and its activation, what they owe on it, their visits booked on it. The new holder starts
at «не оформлена» and is charged only after their own consent, to their own card; the previous
holder keeps their card for their other policies."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select, update

from bot.features.bills.jobs import charge_due
from core.clock import ManualClock
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import (
    Appointment,
    Card,
    Charge,
    Claim,
    Franchise,
    Policy,
    Profile,
    SandboxPayment,
    ScheduledMessage,
)
from tests.booking_rig import msk, slot_at
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, in_desk
from tests.identity_steps import photos_sent
from tests.payments_rig import DECLINING, FRANCHISE_SETTINGS, GOOD, link_from_chat, post_card
from tests.people import JOHN_CONTACTS, signed_up
from tests.rosters import POLICY_HEADER, SERVICE_HEADER, load, policy

pytestmark = pytest.mark.db
__all__ = ["world"]  # fixtures used by name

JOHN_EMAIL, JOHN_PHONE = JOHN_CONTACTS["email"], JOHN_CONTACTS["phone"]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, operators_chat_id=DESK, **FRANCHISE_SETTINGS)


async def add_policy(person: Person, number: str) -> None:
    await person.send("/policies")
    await person.press("➕ Добавить полис")
    await person.send(number)


async def consent_and_bind(
    person: Person, web: TestClient, *numbers: str, card: str = GOOD
) -> None:
    """The terms accepted for each policy, then a card bound on the provider's page."""
    for number in numbers:
        await person.send("/franchise")
        await person.press(f"📄 Условия — {number}")
        await person.press("✅ Согласен с условиями франшизы")
    await post_card(web, await link_from_chat(person), card)


async def profile_id(services: Services, email: str) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(select(Profile.id).where(Profile.email == email))
    assert found is not None
    return found


async def card_token(services: Services, email: str) -> str:
    async with services.db.unit_of_work() as session:
        card = await session.scalar(
            select(Card).join(Profile, Profile.id == Card.profile_id).where(Profile.email == email)
        )
        assert card is not None
        return services.keys.decrypt(card.token_encrypted)


async def charged(services: Services) -> list[tuple[str, int | None, str, str | None]]:
    """Each charge: the service, whose it is, its status, the token of the card it went to."""
    async with services.db.unit_of_work() as session:
        rows = await session.execute(
            select(Charge.service_id, Charge.profile_id, Charge.status, SandboxPayment.token)
            .outerjoin(SandboxPayment, SandboxPayment.payment == Charge.payment_id)
            .order_by(Charge.id)
        )
        return [(s, p, status, token) for s, p, status, token in rows]


async def test_an_identity_check_moves_the_policy_without_the_previous_holders_franchise(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    roster = policy("ДМС-7", franchise_percent="10") + policy("ДМС-8", franchise_percent="10")
    await load(services, tmp_path, "policies", POLICY_HEADER + roster)
    await signed_up(anna, services)
    await add_policy(anna, "ДМС-7")
    await add_policy(anna, "ДМС-8")
    await consent_and_bind(anna, web, "ДМС-7", "ДМС-8")
    clock.advance(timedelta(hours=24))  # both active for Anna
    await deliver(rig, services)
    anna_token = await card_token(services, "anna@example.ru")

    john = rig.person(5002, "Иван", "ru")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await signed_up(john, services, JOHN_EMAIL, JOHN_PHONE)
    await add_policy(john, "ДМС-7")  # Anna holds it: the identity check decides
    await photos_sent(john)
    await deliver(rig, services)
    await operator.press("✅ Одобрить")
    await deliver(rig, services)
    assert (anna.last.text or "").startswith("Полис ДМС-7 после проверки личности привязан")

    await john.send("/franchise")
    assert "Полис ДМС-7 — франшиза 10 %: не оформлена" in (john.last.text or "")
    assert "Карта не привязана." in (john.last.text or "")
    await anna.send("/franchise")  # Anna keeps her card and her other policy's franchise
    assert "ДМС-7" not in (anna.last.text or "")
    assert "Полис ДМС-8 — франшиза 10 %: активна" in (anna.last.text or "")
    assert "Карта: Visa •••• 4242" in (anna.last.text or "")
    async with services.db.unit_of_work() as session:
        left = await session.scalars(
            select(ScheduledMessage.dedupe_key).where(ScheduledMessage.status == "pending")
        )
        assert not [key for key in left if (key or "").startswith("franchise:")]

    await load(
        services,
        tmp_path,
        "services",
        SERVICE_HEADER + "S-1,ДМС-7,2026-11-25,C1,Приём терапевта,1000.00\n"
        "S-2,ДМС-8,2026-11-25,C1,Приём терапевта,2000.00\n",
    )
    await charge_due(rig.bot, services)
    anna_id = await profile_id(services, "anna@example.ru")
    assert await charged(services) == [("S-2", anna_id, "paid", anna_token)]  # S-1: nobody's

    await consent_and_bind(john, web, "ДМС-7")
    clock.advance(timedelta(hours=24))
    await load(
        services, tmp_path, "services", SERVICE_HEADER + "S-3,ДМС-7,2026-11-26,C1,ЛОР,500.00\n"
    )
    await charge_due(rig.bot, services)
    john_id, john_token = (
        await profile_id(services, JOHN_EMAIL),
        await card_token(services, JOHN_EMAIL),
    )
    assert john_token != anna_token
    assert await charged(services) == [
        ("S-2", anna_id, "paid", anna_token),
        ("S-3", john_id, "paid", john_token),
    ]


async def test_unlink_then_a_new_link_starts_the_new_holder_from_nothing(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    # The roster names John's contacts: he links it by them; Anna held it before.
    row = policy("ДМС-7", franchise_percent="10", email=JOHN_EMAIL, phone=JOHN_PHONE)
    await load(services, tmp_path, "policies", POLICY_HEADER + row)
    await signed_up(anna, services)
    anna_id = await profile_id(services, "anna@example.ru")
    async with services.db.unit_of_work() as session:
        await session.execute(
            update(Policy).where(Policy.number == "ДМС7").values(holder_profile_id=anna_id)
        )
    await consent_and_bind(anna, web, "ДМС-7", card=DECLINING)
    clock.advance(timedelta(minutes=30))  # the clinics are reachable: Anna books a visit
    slot = await slot_at(services, "C1", msk(27, 9))
    async with services.db.unit_of_work() as session:
        anna_profile = await session.get(Profile, anna_id)
        assert anna_profile is not None
        assert (await services.booking.book(anna_profile, slot)).outcome.value == "booked"
    clock.advance(timedelta(hours=23, minutes=30))
    await deliver(rig, services)
    await load(
        services, tmp_path, "services", SERVICE_HEADER + "S-1,ДМС-7,2026-11-25,C1,ЛОР,800.00\n"
    )
    await charge_due(rig.bot, services)  # Anna's, while she held it: declined, to be retried
    anna_token = await card_token(services, "anna@example.ru")
    assert await charged(services) == [("S-1", anna_id, "declined", None)]

    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await operator.send("/unlink ДМС-7")
    assert operator.last.text == "Полис ДМС-7 отвязан от профиля."
    await deliver(rig, services)
    assert (anna.last.text or "").startswith("Полис ДМС-7 отвязан от вашего профиля")
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Franchise.policy_id)) is None
        visit = await session.scalar(select(Appointment))
        assert visit is not None
        assert visit.status == "cancelled"
        reminders = await session.scalars(
            select(ScheduledMessage.status).where(ScheduledMessage.kind == "visit_reminder")
        )
        assert set(reminders) <= {"cancelled"}

    john = rig.person(5002, "Иван", "ru")
    await signed_up(john, services, JOHN_EMAIL, JOHN_PHONE)
    await add_policy(john, "ДМС-7")
    assert john.bot_messages[-2].text == "✅ Полис ДМС-7 привязан."
    await john.send("/franchise")
    assert "Полис ДМС-7 — франшиза 10 %: не оформлена" in (john.last.text or "")
    await load(
        services, tmp_path, "services", SERVICE_HEADER + "S-2,ДМС-7,2026-11-25,C1,ЛОР,900.00\n"
    )
    clock.advance(timedelta(days=4))  # past every retry of what Anna owed on it
    await charge_due(rig.bot, services)
    assert await charged(services) == [("S-1", anna_id, "cancelled", None)]
    async with services.db.unit_of_work() as session:  # her card was tried once, before
        tried = await session.scalars(select(SandboxPayment.token))
        assert list(tried) == [anna_token]

    await consent_and_bind(john, web, "ДМС-7")
    clock.advance(timedelta(hours=24))
    await load(
        services, tmp_path, "services", SERVICE_HEADER + "S-3,ДМС-7,2026-12-01,C1,ЛОР,500.00\n"
    )
    await charge_due(rig.bot, services)
    john_id = await profile_id(services, JOHN_EMAIL)
    john_token = await card_token(services, JOHN_EMAIL)
    assert (await charged(services))[1:] == [("S-3", john_id, "paid", john_token)]


async def test_a_consent_left_by_another_holder_counts_for_nothing(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    """Defense in depth: a policy moved without `Holders.change` (as /unlink did before it) keeps
    the old franchise row; it is read as absent everywhere, and what the old holder owes on the
    policy is never taken from their card."""
    await load(
        services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-7", franchise_percent="10")
    )
    await signed_up(anna, services)
    await add_policy(anna, "ДМС-7")
    await consent_and_bind(anna, web, "ДМС-7", card=DECLINING)
    clock.advance(timedelta(hours=24))
    await load(
        services, tmp_path, "services", SERVICE_HEADER + "S-1,ДМС-7,2026-11-25,C1,ЛОР,800.00\n"
    )
    await charge_due(rig.bot, services)
    anna_id = await profile_id(services, "anna@example.ru")
    assert await charged(services) == [("S-1", anna_id, "declined", None)]

    john = rig.person(5002, "Иван", "ru")
    await signed_up(john, services, JOHN_EMAIL, JOHN_PHONE)
    john_id = await profile_id(services, JOHN_EMAIL)
    async with services.db.unit_of_work() as session:
        await session.execute(
            update(Policy).where(Policy.number == "ДМС7").values(holder_profile_id=john_id)
        )
    async with services.db.unit_of_work() as session:
        john_profile = await session.get(Profile, john_id)
        held = await session.scalar(select(Policy).where(Policy.number == "ДМС7"))
        assert john_profile is not None
        assert held is not None
        [offer] = await services.franchises.offers(john_profile)
        assert offer.stage.value == "none"
        gate = await services.franchises.gate(held)
        assert gate is not None
        assert gate.reason == "needs-franchise"
    await load(
        services, tmp_path, "services", SERVICE_HEADER + "S-2,ДМС-7,2026-11-25,C1,ЛОР,900.00\n"
    )
    clock.advance(timedelta(days=1))  # Anna's retry is due: the policy is not hers any more
    await charge_due(rig.bot, services)
    assert await charged(services) == [("S-1", anna_id, "cancelled", None)]

    await consent_and_bind(john, web, "ДМС-7")
    await john.send("/franchise")
    assert "Полис ДМС-7 — франшиза 10 %: карта привязана" in (john.last.text or "")
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Franchise.profile_id)) == john_id


async def test_the_previous_holders_open_claims_are_withdrawn_and_none_follows(
    anna: Person, rig: InProcessBot, services: Services, world: None, tmp_path: Path
) -> None:
    """Anna's open reimbursement claim on ДМС-7 is withdrawn when an identity check gives the
    policy to John: it leaves the desk, she is told, and John sees none of it; her claim on
    another policy stays open."""
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-7"))
    await signed_up(anna, services)
    await add_policy(anna, "ДМС-7")
    await add_policy(anna, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    for number in ("ДМС-7", "ДМС-1"):
        await anna.press("💸 Возмещение")
        await anna.press("➕ Новое заявление")
        await anna.press(f"{number} · ДМС")
        await anna.press("Вчера")
        await anna.press("Приём врача")
        await anna.send("3 000")
        await anna.send_photo(b"\xff\xd8\xff\xe0 a receipt " + number.encode())
        await anna.press("✅ Готово")
        await anna.send("044525225")
        await anna.send("40817810899991234567")
        await anna.send("Петрова Анна Сергеевна")
        await anna.press("📨 Отправить")
    await deliver(rig, services)
    desk = rig.standin.chat(DESK, "supergroup")
    first_post = next(m for m in desk.messages if "В-000001" in (m.text or ""))

    john = rig.person(5002, "Иван", "ru")
    await signed_up(john, services, JOHN_EMAIL, JOHN_PHONE)
    await add_policy(john, "ДМС-7")  # Anna holds it: the identity check decides
    await photos_sent(john)
    await deliver(rig, services)
    await operator.press("✅ Одобрить")
    await deliver(rig, services)

    assert first_post.deleted
    told = [m.text or "" for m in anna.bot_messages]
    assert "↩️ Заявление <b>В-000001</b> отозвано: полис ДМС-7 больше не ваш." in told
    await operator.press_callback(
        first_post, next(b["callback_data"] for b in first_post.inline_buttons)
    )
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому заявлению уже есть решение."
    await john.send("Мои возмещения")
    assert john.last.text == "Заявлений на возмещение пока нет."
    async with services.db.unit_of_work() as session:
        rows = await session.execute(select(Claim.id, Claim.status).order_by(Claim.id))
        assert list(rows) == [(1, "withdrawn"), (2, "review")]
