"""Erasure in a full world: a person who signed up, bound a card, was charged, booked a visit,
filed a complaint with photos, passed an identity check on the desk (and has another one
waiting), and moved to a new Telegram account by recovery. After «Удалить мои данные» no table
holds anything that names her; what the law keeps stays, without her."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.features.bills.jobs import charge_due
from bot.features.letters.jobs import letters_work
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import (
    AuditEvent,
    Charge,
    Claim,
    Consent,
    IdentityCheck,
    Policy,
    Profile,
    User,
)
from tests.booking_rig import book, msk, slot_at
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, in_desk
from tests.identity_steps import JPEG, photos_sent
from tests.payments_rig import FRANCHISE_SETTINGS, billed, franchised
from tests.people import last_code
from tests.rosters import POLICY_HEADER, load, policy
from tests.stored import in_chats, in_database

pytestmark = pytest.mark.db
__all__ = ["world"]  # fixtures used by name

OLD, NEW = 918273645, 918273646  # Anna's first Telegram account, and the one she recovered to
COMPLAINT = "Врач Андреева опоздала на сорок минут и не извинилась."
PRESCRIBED = "МРТ поясничного отдела, направление терапевта"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, operators_chat_id=DESK, **FRANCHISE_SETTINGS)


async def complaint_with_photos(anna: Person) -> None:
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    await anna.press("Клиника «Ромашка»")
    await anna.send(COMPLAINT)
    await anna.send_photo(JPEG + b"ticket 1", album="T1")
    await anna.send_photo(JPEG + b"ticket 2", album="T1")
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")
    assert (anna.last.text or "").startswith("✅ Обращение <b>Ж-000001</b> отправлено.")


async def guarantee_letters(
    anna: Person, operator: Person, rig: InProcessBot, services: Services
) -> None:
    """A guarantee letter approved (its PDF delivered, the clinic mailed), another waiting on
    the desk with its referral's photo."""
    for n in (1, 2):
        await anna.send("/letters")
        await anna.press("➕ Запросить письмо")
        await anna.press("ДМС-7")  # and ДМС-200, hers since the identity check
        await anna.press("🩺 Услуга в клинике")
        await anna.press("1. Клиника «Ромашка»")
        await anna.send(PRESCRIBED)
        await anna.send_photo(JPEG + f"referral {n}".encode())
        await anna.press("✅ Готово")
        await anna.send("10.12.2026")
        await anna.send("да")
        assert (anna.last.text or "").startswith(f"✅ Запрос <b>Г-00000{n}</b> отправлен.")
    await deliver(rig, services)
    card = next(m for m in rig.standin.chats[DESK].messages if "Г-000001" in (m.text or ""))
    approve = next(b for b in card.inline_buttons if b["text"] == "✅ Согласовать")
    await operator.press_callback(card, approve["callback_data"])
    await operator.send("ГП-1", reply_to_message=operator.last.payload)
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    assert (services.settings.data_dir / "letters" / "letter-000001-ru.pdf").exists()


BIC, ACCOUNT = "044525225", "40817810899991234567"


async def file_claim(anna: Person) -> None:
    await anna.send("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-7 · ДМС")
    await anna.press("Вчера")
    await anna.press("Приём врача")
    await anna.send("3 000")
    await anna.send_photo(JPEG + b"receipt")
    await anna.press("✅ Готово")
    await anna.send(BIC)
    await anna.send(ACCOUNT)
    await anna.send("Петрова Анна Сергеевна")
    await anna.press("📨 Отправить")
    assert (anna.last.text or "").startswith("✅ Заявление <b>В-000001</b> отправлено.")


def photo_ids(rig: InProcessBot, *people: Person) -> list[str]:
    """The Telegram file ids (and unique ids) of every photo these people sent."""
    ids: list[str] = []
    for person in people:
        for message in rig.standin.chats[person.id].messages:
            for size in [] if message.from_bot else message.payload.get("photo", []):
                ids += [size["file_id"], size["file_unique_id"]]
    return ids


async def test_erasure_after_a_full_life_leaves_nothing_that_names_the_person(
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    anna = rig.person(OLD, "Анна", "ru")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    # Her policy with a co-payment: terms accepted, a card bound, clinics open in 30 minutes.
    await franchised(anna, services, web, tmp_path)
    # A policy whose roster data are not hers goes to the identity check.
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER
        + policy("ДМС-200", last_name="Иванова", email="ivanova@example.ru", phone="+79990000009")
        + policy(
            "ДМС-300", last_name="Сидорова", email="sidorova@example.ru", phone="+79990000008"
        ),
    )
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-200")
    await photos_sent(anna)
    identity_photos = photo_ids(rig, anna)
    await deliver(rig, services)
    desk = rig.standin.chats[DESK].messages
    posted = [m for m in desk if m.from_bot]
    assert len(posted) == 4  # the album of three and the text with the buttons
    await operator.press("✅ Одобрить")
    await deliver(rig, services)
    assert all(m.deleted for m in posted)  # the decided check left the desk

    # A visit, a complaint with photos about its clinic, a service charged.
    clock.advance(timedelta(minutes=30))
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
    assert await book(services, profile, await slot_at(services, "C1", msk(26, 10))) == "booked"
    await complaint_with_photos(anna)
    await guarantee_letters(anna, operator, rig, services)
    clock.advance(timedelta(hours=24))
    await billed(services, tmp_path, "S-2,ДМС-7,2026-11-25,C1,Приём терапевта,1234.55")
    await charge_due(rig.bot, services)
    await deliver(rig, services)
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(Charge)) == 1

    # A reimbursement claim with a receipt, on the desk with her bank details masked.
    await file_claim(anna)
    await deliver(rig, services)
    claim_post = next(m for m in rig.standin.chats[DESK].messages if "В-000001" in (m.text or ""))
    assert "40817 •••• 4567" in (claim_post.text or "")

    # She moves to a new Telegram account (no PIN: the card is the extra proof).
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    new = rig.person(NEW, "Анна", "ru")
    await new.send("/recover")
    await new.send("anna@example.ru")
    await new.send(last_code(sent))
    await new.send(last_code(sent))
    await new.send("4242 12/30")
    assert (new.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")
    await deliver(rig, services)
    assert any("Это не я" in str(m.inline_buttons) for m in anna.bot_messages)

    # Another identity check waits on the desk, not posted yet.
    waiting = [rig.standin.store_file(JPEG + bytes([n])).file_id for n in range(3)]
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        check = await services.identity.submit(profile, "ДМС300", waiting)
        assert check.policy_id is not None  # a policy of the roster

    async with services.db.unit_of_work() as session:
        account = await session.scalar(select(User).where(User.telegram_id == NEW))
        assert account is not None
        exported = await services.rights.export(account)
    assert exported["telegram_account"]["recovered_from"] == [OLD]
    [claim] = exported["claims"]
    assert (claim["account"], claim["bic"], claim["amount"]) == ("40817 •••• 4567", BIC, "3000.00")
    assert ACCOUNT not in str(exported)

    await new.send("/profile")
    await new.press("🗑 Удалить мои данные")
    await new.press("🗑 Да, удалить всё")
    assert (new.last.text or "").startswith("Ваши данные удалены")
    before = len(rig.standin.chats[DESK].messages)
    await deliver(rig, services)
    assert rig.standin.chats[DESK].messages[before:] == []  # the waiting check is never posted

    personal = [
        "anna@example.ru",
        "+79991234567",
        "9991234567",
        "Петрова",
        "Сергеевна",
        "1990-03-07",
        "07.03.1990",
        "987654",
        str(OLD),
        str(NEW),
        COMPLAINT,
        PRESCRIBED,
        ACCOUNT,
        *waiting,
        *photo_ids(rig, anna, new),
    ]
    # The roster is the insurer's, from the employer's file: it stays, unlinked.
    found = await in_database(services.db, personal, skip={"policies"})
    assert found == [], "\n".join(map(str, found))
    on_desk = in_chats(rig, [*identity_photos, *waiting, "07.03.1990"])
    assert [f for f in on_desk if f.where == f"chat {DESK}"] == []
    assert not (services.settings.data_dir / "letters" / "letter-000001-ru.pdf").exists()
    assert claim_post.deleted  # the claim's post (her name, her bank details) left the desk
    async with services.db.unit_of_work() as session:
        accounts = await session.scalars(select(User.telegram_id))
        assert set(accounts) == {OPERATOR}  # both of hers went
        assert await session.scalar(select(func.count()).select_from(IdentityCheck)) == 0
        assert await session.scalar(select(func.count()).select_from(Claim)) == 0
        held = await session.scalars(select(Policy.holder_profile_id))
        assert set(held) == {None}
        consents = (await session.scalars(select(Consent))).all()
        assert {c.document for c in consents} >= {"terms", "personal-data", "biometrics"}
        assert all(c.user_id is None and c.withdrawn_at is not None for c in consents)
        actions = set(await session.scalars(select(AuditEvent.action)))
        assert {"identity.approved", "access.recovered", "data.erase"} <= actions
        assert await session.scalar(select(func.count()).select_from(Charge)) == 1  # accounts
