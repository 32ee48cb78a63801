"""«📨 Гарантийное письмо» for a family member: a parent whose account holds their child's ДМС
policy is asked «Для кого?» (pressed or typed); the request goes under the child's policy, and the
desk's card, the PDF, the clinic's mail, the insurer's export and «Мои письма» name the child;
the policy step offers only the child's policies (another's, forged into a button, refused); a
forged «Для кого?» key is refused; the cap on open requests is each person's.

The ManualClock starts on Tuesday 2026-11-24, 09:00 UTC (12:00 in Moscow); the policies run to
2026-12-31. Without a family nothing is asked: tests/test_letters.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.family.callbacks import WhomPick
from bot.features.letters.callbacks import Action, LetterAction
from bot.features.letters.jobs import letters_work
from core.letters import TooManyOpen
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Clinic, GuaranteeLetter, Policy, Profile
from tests.booking_rig import world as world
from tests.command_line import dmsbot
from tests.conftest import DATA_KEY, make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, in_desk
from tests.people import outbox as outbox
from tests.people import with_policy
from tests.rosters import POLICY_HEADER, load, policy
from tests.test_letters import SERVICE, card_of, decide, letter_row, pdf_text

pytestmark = pytest.mark.db
__all__ = ["outbox", "world"]

ASKED = "Для кого?"
WHOM = ["🙋 Мне (Анна)", "Мария — ребёнок"]
STALE = "Эта кнопка уже не действует. Откройте /menu."


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(
        tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK, letter_sla="24h"
    )


async def policy_id(services: Services, number: str) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(select(Policy.id).where(Policy.number == number))
        assert found is not None
        return found


async def with_child(services: Services, tmp_path: Path, *numbers: str) -> None:
    """Anna's daughter Мария's ДМС policies (programme P1) in the roster, held by Anna's account
    as a family member's."""
    rows = "".join(
        policy(
            number,
            first_name="Мария",
            middle_name="Ивановна",
            birth_date="2015-05-01",
            email="",
            phone="",
        )
        for number in numbers
    )
    await load(services, tmp_path, "policies", POLICY_HEADER + rows)
    async with services.db.unit_of_work() as session:
        anna = await session.scalar(select(Profile.id).where(Profile.first_name == "Анна"))
        for number in numbers:
            held = await session.scalar(
                select(Policy).where(Policy.number == number.replace("-", ""))
            )
            assert held is not None
            held.holder_profile_id, held.member_relation = anna, "child"


async def to_summary(anna: Person, *, day: str = "10.12.2026") -> None:
    """From the kind of a request to its summary, by the shortest path."""
    await anna.press("🩺 Услуга в клинике")
    await anna.send("ромашка")
    await anna.press("1. Клиника «Ромашка»")
    await anna.send(SERVICE)
    await anna.press("Без фото")
    await anna.send(day)


async def test_a_parent_asks_for_a_childs_letter_and_everything_names_the_child(
    rig: InProcessBot,
    services: Services,
    anna: Person,
    outbox: list[OutboxItem],
    world: None,
    tmp_path: Path,
    database_url: str,
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_child(services, tmp_path, "ДМС-7")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    assert anna.last.text == ASKED
    assert anna.inline_labels() == WHOM
    await anna.send("Петя")  # nobody of the family: asked again
    assert (anna.last.text or "").startswith("Не понял, для кого.")
    assert anna.inline_labels() == WHOM
    await anna.send("мария")  # typed: her name (her only policy is taken)
    assert (anna.last.text or "").startswith(
        "Пациент: <b>Мария</b>\nПолис ДМС-7. Что нужно согласовать?"
    )
    await to_summary(anna)
    summary = anna.last.text or ""
    assert summary.startswith("Пациент: <b>Мария</b>\n<b>Проверьте запрос</b>")
    assert "Полис: ДМС-7" in summary
    await anna.send("да")
    assert (anna.last.text or "").startswith("✅ Запрос <b>Г-000001</b> отправлен.")
    letter = await letter_row(services)
    assert letter.policy_id == await policy_id(services, "ДМС7")

    # The desk's card names the child, who she is to the account, and whose the account is.
    await deliver(rig, services)
    card = card_of(rig, "Г-000001").text or ""
    who = "Кто: Петрова Мария Ивановна, 01.05.2015 (ребёнок; кабинет: Петрова Анна Сергеевна)"
    assert who in card
    assert "Полис: ДМС-7 (программа P1)" in card

    # Approved: the PDF to Anna and the clinic's mail name the child.
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП-7; 30; 5000")
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    document = rig.standin.files[anna.last.payload["document"]["file_id"]].data
    printed = pdf_text(document)
    assert "Петрова Мария Ивановна" in printed
    assert "Петрова Анна" not in printed
    await services.mail_queue.send_due()
    (mail,) = [m for m in outbox if m.to == "reg@romashka.ru"]
    assert "Пациент: Петрова Мария Ивановна, 01.05.2015" in mail.text
    assert "Полис: ДМС-7" in mail.text

    # «Мои письма»: the line and the card say whose; nothing is asked there.
    await anna.send("/letters")
    assert (
        "• Г-000001 — услуга в клинике, Клиника «Ромашка»: согласовано, до 24.12.2026"
        " · Пациент: <b>Мария</b>"
    ) in (anna.last.text or "")
    await anna.press("Г-000001 · согласовано")
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\n<b>Г-000001</b>")

    # The insurer's export names the child.
    async with services.db.unit_of_work():
        (row,) = await services.letters.export_all(None)
    assert (row["policy_number"], row["last_name"], row["first_name"]) == (
        "ДМС-7",
        "Петрова",
        "Мария",
    )
    assert (row["middle_name"], row["birth_date"]) == ("Ивановна", "2015-05-01")
    result = dmsbot(tmp_path, "export", "letters", DATABASE_URL=database_url, DATA_KEY=DATA_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith(
        "Г-000001,ГП-7,approved,service,ДМС-7,Петрова,Мария,Ивановна,2015-05-01,"
    )


async def test_pressed_for_oneself_and_the_policy_step_offers_only_that_persons(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None, tmp_path: Path
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_child(services, tmp_path, "ДМС-7", "ДМС-8")
    await with_policy(john, services, "ДМС-2", other=True)
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    asked = anna.last
    assert anna.inline_labels() == WHOM
    # A forged key: another account's policy, or nobody's.
    for key in (await policy_id(services, "ДМС2"), 999_999):
        seen = len(anna.bot_messages)
        await anna.press_callback(asked, WhomPick(key=key).pack())
        assert anna.last_callback_answer is not None
        assert anna.last_callback_answer.get("text") == STALE
        assert anna.last_callback_answer.get("show_alert")
        assert len(anna.bot_messages) == seen
    await anna.press("🙋 Мне (Анна)")  # her only policy: no policy step, nobody named
    assert (anna.last.text or "").startswith("Полис ДМС-1. Что нужно согласовать?")
    assert anna.inline_labels() == ["🩺 Услуга в клинике", "🏥 Плановая госпитализация"]
    assert await anna.send("/cancel")

    # For Мария: her two policies only; Anna's own, forged into a button or typed, refused.
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    await anna.press("Мария — ребёнок")
    assert (anna.last.text or "").startswith(
        "Пациент: <b>Мария</b>\nПо какому полису нужно письмо?"
    )
    assert anna.inline_labels() == ["ДМС-7", "ДМС-8"]
    offered = anna.last
    own = await policy_id(services, "ДМС1")
    await anna.press_callback(offered, LetterAction(action=Action.POLICY, id=own).pack())
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("show_alert")
    await anna.send("ДМС-1")
    assert (anna.last.text or "").startswith("Выберите полис кнопкой")
    await anna.send("2")  # typed: its place in the list
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\nПолис ДМС-8.")
    await to_summary(anna)
    await anna.send("да")
    assert (await letter_row(services)).policy_id == await policy_id(services, "ДМС8")
    # John (no family: nothing asked) forging a «Для кого?» button naming Мария: refused.
    await john.press("📨 Guarantee letter")
    await john.press("➕ Request a letter")
    assert (john.last.text or "").startswith("Policy ДМС-2.")
    seen = len(john.bot_messages)
    await john.press_callback(john.last, WhomPick(key=await policy_id(services, "ДМС7")).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    assert len(john.bot_messages) == seen


async def test_the_cap_on_open_requests_is_each_persons(
    rig: InProcessBot, services: Services, anna: Person, world: None, tmp_path: Path
) -> None:
    """Three of Anna's own wait: she may not ask a fourth for herself, but may for Мария (and
    Мария's three do not stop Anna's)."""
    await with_policy(anna, services, "ДМС-1")
    await with_child(services, tmp_path, "ДМС-7")
    own, child = await policy_id(services, "ДМС1"), await policy_id(services, "ДМС7")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile).where(Profile.first_name == "Анна"))
        clinic = await session.scalar(select(Clinic.id).where(Clinic.external_id == "C1"))
        assert profile is not None
        assert clinic is not None
        for _ in range(3):
            await services.letters.submit(
                profile, own, "service", clinic, SERVICE, [], date(2026, 12, 10)
            )
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    await anna.send("мне")
    assert (anna.last.text or "").startswith("На рассмотрении уже 3 ваших запроса")
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    await anna.send("2")  # Мария: her place in the list
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\nПолис ДМС-7.")
    await to_summary(anna)
    await anna.send("да")
    assert (anna.last.text or "").startswith("✅ Запрос <b>Г-000004</b> отправлен.")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile).where(Profile.first_name == "Анна"))
        assert profile is not None
        with pytest.raises(TooManyOpen):  # checked again when filed
            await services.letters.submit(
                profile, own, "service", clinic, SERVICE, [], date(2026, 12, 10)
            )
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile).where(Profile.first_name == "Анна"))
        assert profile is not None
        for _ in range(2):
            await services.letters.submit(
                profile, child, "service", clinic, SERVICE, [], date(2026, 12, 10)
            )
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    await anna.press("Мария — ребёнок")
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\nНа рассмотрении уже 3 ваших")
    async with services.db.unit_of_work() as session:
        letters = (await session.scalars(select(GuaranteeLetter))).all()
        assert len(letters) == 6
