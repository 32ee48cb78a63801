"""«📄 Мои полисы»: linking by number against the profile, the list, card, programme, services
pages, expiry reminders, forged buttons, the card rule's policy-number exception, export."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.features.policies.callbacks import PolicyAction
from bot.middlewares.flood import FloodMiddleware
from core.clock import ManualClock
from core.flood import FloodGuard
from core.importing import Importer
from core.outbox import OutboxItem
from core.policies import Policies, TooManyLookups
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import Policy, Profile, ScheduledMessage
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.people import signed_up, signed_up_other
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, load, policy
from tests.signup_steps import code_in

STALE = "Эта кнопка уже не действует. Откройте /menu."

# The ManualClock's day: 2026-11-24.
PROGRAMS = (
    "code,name,kind,description,covers\nP1,Стандарт,DMS,Амбулаторная помощь,приём врача;анализы\n"
)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


@pytest.fixture
async def roster(services: Services, tmp_path: Path) -> None:
    await load(services, tmp_path, "programs", PROGRAMS)
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER
        + policy("ДМС-100", end_date="2026-12-31")
        + policy("4000000000000002", kind="VZR", program="V1")  # digits a card check would take
        + policy("ДМС-200", last_name="Иванов", first_name="Иван")
        + policy("ДМС-300", middle_name="Игоревна")
        + policy("ДМС-400", last_name="ПЕТРОВА", middle_name="")  # case aside, no middle name
        + policy("ДМС-500", end_date="2026-06-30"),
    )
    services_csv = "service_id,policy_number,date,clinic_external_id,service,cost\n" + "".join(
        f"S{n},ДМС-100,2026-0{1 + n % 9}-1{n % 10},C{n},Услуга {n},{100 * (n + 1)}.50\n"
        for n in range(7)
    )
    await load(services, tmp_path, "services", services_csv)


async def test_linking_by_number_with_every_outcome(
    anna: Person, services: Services, roster: None
) -> None:
    await signed_up(anna, services)
    await anna.press("📄 Мои полисы")
    assert anna.last.text == (
        "У вас пока нет привязанных полисов. Нажмите «Добавить полис» — понадобится номер полиса."
    )
    await anna.send("добавить полис")  # typed, as the text says, works as the button does
    assert anna.last.text == (
        "Номер полиса — он есть на полисе или в письме от работодателя. Сверим его со списком "
        "работодателя: там должны быть ваши почта или телефон и ваши данные — "
        "Петрова Анна Сергеевна, 07.03.1990."
    )
    await anna.send("?!")
    assert anna.last.text == (
        "Номер полиса — это буквы и цифры, от 3 до 40 знаков. Пробелы и дефисы можно не убирать."
    )
    await anna.send("ДМС-999")
    assert anna.last.text == UNCONFIRMED.format(number="ДМС-999")
    await anna.press("✏️ Другой номер")
    await anna.send("дмс 100")
    assert anna.bot_messages[-2].text == "✅ Полис ДМС-100 привязан."
    card = anna.last.text or ""
    assert card.startswith("<b>ДМС № ДМС-100</b> — действует")
    assert "Программа: Стандарт" in card

    for number, said in [
        # Her contacts, someone else's name; her name, another middle name:
        ("ДМС-200", "Почта или телефон в списке работодателя для полиса ДМС-200 ваши, но"),
        ("ДМС-300", "Почта или телефон в списке работодателя для полиса ДМС-300 ваши, но"),
        ("ДМС-100", "Этот полис уже привязан к вашему профилю."),
        ("ДМС-400", "✅ Полис ДМС-400 привязан."),
    ]:
        await anna.send("/policies")
        await anna.press("➕ Добавить полис")
        await anna.send(number)
        assert any((m.text or "").startswith(said) for m in anna.bot_messages[-2:]), number
        if "Почта или телефон" in said:
            # In the check's offer, another «➕ Добавить полис» waits until it is left.
            await anna.send("/policies")
            await anna.press("➕ Добавить полис")
            answer = anna.last_callback_answer
            assert answer is not None
            assert answer.get("text") == (
                "Сначала закончите начатое («проверка личности») — "
                "или отмените его командой /cancel."
            )
            await anna.press("Отмена")

    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("4000 0000 0000 0002")  # a known policy number, not a card here
    assert not anna.last_own.deleted
    assert any(
        (m.text or "").startswith("✅ Полис 4000000000000002 привязан.")
        for m in anna.bot_messages[-2:]
    )

    await anna.send("/policies")
    listing = anna.last.text or ""
    assert "ВЗР № 4000000000000002" in listing
    assert "ДМС № ДМС-100, 01.01.2026 — 31.12.2026: действует" in listing


async def test_card_programme_services_pages_and_forged_buttons(
    anna: Person, john: Person, services: Services, roster: None, tmp_path: Path
) -> None:
    await signed_up(anna, services)
    # A clinic the insurer has imported shows by name; the others by their id (DESIGN.md).
    await load(
        services,
        tmp_path,
        "clinics",
        CLINIC_HEADER + "C6,Клиника «Ромашка»,,,55.75,37.61,false,,P1,,\n",
    )
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    await anna.press("📋 Программа")
    assert anna.last.text == (
        "<b>Стандарт</b>\n\nАмбулаторная помощь\n\n<b>Что входит:</b>\n• приём врача\n• анализы"
    )
    await anna.press("⬅️ К полису")
    await anna.press("🧾 Оказанные услуги")
    first = anna.last
    assert (first.text or "").startswith("<b>Оказанные услуги по полису ДМС-100</b> (стр. 1 из 2)")
    assert "Всего услуг: 7 на 2\u00a0803,50\u00a0₽" in (first.text or "")
    assert (first.text or "").count("— C") == 4  # five a page, newest first
    assert "— Клиника «Ромашка»: Услуга 6, 700,50\u00a0₽" in (first.text or "")
    await anna.press("Дальше ▶️")
    assert "(стр. 2 из 2)" in (first.text or "")  # the same message, edited
    await anna.press("◀️ Назад")
    assert "(стр. 1 из 2)" in (first.text or "")

    async with services.db.unit_of_work() as session:
        held = await session.scalar(select(Policy).where(Policy.number == "ДМС100"))
        assert held is not None
    await signed_up_other(john, services)
    files = len(john.bot_messages)
    for action in ("card", "program", "services", "page", "pdf"):
        await john.press_callback(john.last, PolicyAction(action=action, policy=held.id).pack())
        assert john.last_callback_answer is not None
        assert john.last_callback_answer.get("text") == "This button no longer works. Open /menu."
    assert not [m for m in john.bot_messages[files:] if "document" in m.payload]
    for forged in ("pl:nope:0:0", f"pl:card:{held.id}:x", "pl:list"):  # no such button
        await anna.press_callback(anna.last, forged)
        assert anna.last_callback_answer is not None
        assert anna.last_callback_answer.get("text") == STALE


async def test_expiry_reminders_and_export(
    anna: Person, rig: InProcessBot, services: Services, roster: None
) -> None:
    await signed_up(anna, services)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")  # ends 2026-12-31: reminders on 12-01 and 12-28
    async with services.db.unit_of_work() as session:
        reminders = (
            await session.scalars(
                select(ScheduledMessage).where(ScheduledMessage.kind == "policy_expiry")
            )
        ).all()
    assert sorted(r.due_at.date() for r in reminders) == [date(2026, 12, 1), date(2026, 12, 28)]
    assert all(r.payload["params"]["number"] == "ДМС-100" for r in reminders)

    await anna.send("/profile")
    await anna.press("📦 Выгрузить мои данные")
    exported = json.loads(
        rig.standin.files[anna.bot_messages[-2].payload["document"]["file_id"]].data
    )
    assert [p["number"] for p in exported["policies"]] == ["ДМС-100"]
    assert len(exported["services"]) == 7


async def test_the_policy_copy_reads_right_and_its_qr_code_holds_the_number(
    anna: Person, rig: InProcessBot, services: Services, roster: None
) -> None:
    import io

    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    await signed_up(anna, services)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("4000000000000002")  # a ВЗР policy: two copies
    await anna.press("⬇️ Скачать полис")
    copies = [m for m in anna.bot_messages if "document" in m.payload][-2:]
    assert [m.text for m in copies] == [
        "Информационная копия полиса 4000000000000002.",
        "Копия на латинице — для консульства.",
    ]
    russian, english = (rig.standin.files[m.payload["document"]["file_id"]].data for m in copies)
    # Lines are wrapped by their width: the words, whatever the line breaks.
    text = " ".join(PdfReader(io.BytesIO(russian)).pages[0].extract_text().split())
    for expected in ("Информационная копия полиса", "Петрова Анна Сергеевна", "4000000000000002",
                     "Страхование выезжающих за рубеж (ВЗР)", "01.01.2026 — 31.12.2026",
                     "ООО Ромашка", "СК «Тест»", "+7 800 555-35-35"):  # fmt: skip
        assert expected in text, expected
    latin_text = " ".join(PdfReader(io.BytesIO(english)).pages[0].extract_text().split())
    assert "Information copy of the insurance policy" in latin_text
    assert "Petrova Anna Sergeevna" in latin_text
    image = pypdfium2.PdfDocument(russian)[0].render(scale=3).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == ["4000000000000002"]


async def test_a_reimport_that_moves_the_end_moves_the_reminders(
    anna: Person, services: Services, roster: None, tmp_path: Path
) -> None:
    await signed_up(anna, services)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    await load(
        services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-100", end_date="2027-03-31")
    )
    async with services.db.unit_of_work() as session:
        reminders = (
            await session.scalars(
                select(ScheduledMessage).where(ScheduledMessage.kind == "policy_expiry")
            )
        ).all()
    pending = sorted(r.due_at.date() for r in reminders if r.status == "pending")
    assert pending == [date(2027, 3, 1), date(2027, 3, 28)]
    assert sorted(r.status for r in reminders) == ["cancelled", "cancelled", "pending", "pending"]


async def test_a_number_typed_away_from_the_list_is_shown_where_to_add_it(
    anna: Person, services: Services, roster: None
) -> None:
    """Right after sign-up («Теперь привяжите полис…») a number typed as it is: not looked up
    there, but «➕ Добавить полис» one tap away, and the number links from it."""
    await signed_up(anna, services)
    await anna.send("ДМС-100")
    assert anna.last.text == (
        "Похоже на номер полиса. Чтобы привязать полис, нажмите «➕ Добавить полис» и отправьте "
        "номер."
    )
    assert anna.inline_labels() == ["➕ Добавить полис"]
    assert await holder_of(services, "ДМС100") is None
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    assert await holder_of(services, "ДМС100") is not None


async def test_a_reimport_that_respells_the_number_respells_the_pending_reminders(
    anna: Person, services: Services, roster: None, tmp_path: Path
) -> None:
    """The same policy, the roster now printing its number «ДМС 100»: the reminders already
    waiting say it so (and stay the same reminders)."""
    await signed_up(anna, services)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")

    async def reminders() -> list[tuple[int, str, str]]:
        async with services.db.unit_of_work() as session:
            found = await session.scalars(
                select(ScheduledMessage)
                .where(ScheduledMessage.kind == "policy_expiry")
                .order_by(ScheduledMessage.id)
            )
            return [(r.id, r.status, r.payload["params"]["number"]) for r in found]

    before = await reminders()
    assert [(status, number) for _, status, number in before] == [("pending", "ДМС-100")] * 2
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС 100"))
    assert await reminders() == [(id_, "pending", "ДМС 100") for id_, _, _ in before]


# What the person who typed a number sees when it is not provably theirs: the same words whether
# the number exists, is another person's or does not exist at all (only the number differs).
UNCONFIRMED = (
    "Мы не смогли подтвердить, что полис {number} ваш.\nПроверьте номер: если в нём ошибка, "
    "нажмите «✏️ Другой номер».\nЕсли номер верный, значит, почта и телефон в списке вашего "
    "работодателя не совпадают с вашими.\nТогда докажите, что полис ваш, проверкой личности: "
    "три фотографии, их посмотрит оператор страховой компании. Ответ — в течение суток."
)
OFFER = ["🪪 Пройти проверку личности", "✏️ Другой номер", "Отмена"]


async def holder_of(services: Services, number: str) -> int | None:
    async with services.db.unit_of_work() as session:
        return await session.scalar(select(Policy.holder_profile_id).where(Policy.number == number))


async def test_a_stranger_with_the_name_birth_date_and_number_gets_no_policy_and_no_oracle(
    rig: InProcessBot, anna: Person, services: Services, roster: None
) -> None:
    """Mallory knows Anna's name, birth date and policy number, but the roster's e-mail and phone
    are Anna's: no policy, no services, the identity check offered with the reason in plain
    words; and her answer is word for word the one for a number that does not exist, or that
    Anna holds already."""
    mallory = rig.person(5003, "Мария", "ru")
    await signed_up(mallory, services, "mallory@example.ru", "+79995550077")
    await mallory.send("/policies")
    await mallory.press("➕ Добавить полис")
    await mallory.send("ДМС-100")
    assert mallory.last.text == UNCONFIRMED.format(number="ДМС-100")
    assert mallory.inline_labels() == OFFER
    # Shown as she typed it, not as printed on the policy: the spelling tells nothing either.
    await mallory.press("✏️ Другой номер")
    await mallory.send("дмс  100")
    assert mallory.last.text == UNCONFIRMED.format(number="дмс 100")
    assert await holder_of(services, "ДМС100") is None
    await mallory.send("/policies")
    assert (mallory.last.text or "").startswith("У вас пока нет привязанных полисов.")
    shown = "\n".join(m.text or "" for m in mallory.bot_messages)
    assert "Оказанные услуги" not in shown
    assert "Услуга" not in shown

    answers = {}
    for number in ("ДМС-999", "ДМС-100"):  # none such; Anna's, once she holds it
        if number == "ДМС-100":
            await signed_up(anna, services)
            await anna.send("/policies")
            await anna.press("➕ Добавить полис")
            await anna.send(number)
            assert anna.bot_messages[-2].text == "✅ Полис ДМС-100 привязан."
        await mallory.send("/cancel")
        await mallory.send("/policies")
        await mallory.press("➕ Добавить полис")
        await mallory.send(number)
        answers[number] = (mallory.last.text, mallory.inline_labels())
    assert answers == {
        "ДМС-999": (UNCONFIRMED.format(number="ДМС-999"), OFFER),
        "ДМС-100": (UNCONFIRMED.format(number="ДМС-100"), OFFER),
    }
    assert await holder_of(services, "ДМС100") != await holder_of(services, "ДМС999")

    await mallory.press("✏️ Другой номер")  # a typo: the number is asked again
    assert mallory.last.text == "Отправьте номер полиса ещё раз."
    await mallory.send("ДМС-300")
    assert mallory.last.text == UNCONFIRMED.format(number="ДМС-300")
    await terminate(services, "ДМС500")  # «прекращён» is for its roster person's ears only
    await mallory.press("✏️ Другой номер")
    await mallory.send("ДМС-500")
    assert mallory.last.text == UNCONFIRMED.format(number="ДМС-500")
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-500")
    assert (anna.last.text or "").startswith("Полис ДМС-500 прекращён, привязать его нельзя.")


async def terminate(services: Services, number: str) -> None:
    async with services.db.unit_of_work() as session:
        await session.execute(
            update(Policy).where(Policy.number == number).values(terminated_at=services.clock.now())
        )


async def test_a_confirmed_e_mail_or_phone_equal_to_the_rosters_links_at_once(
    anna: Person, services: Services, roster: None, tmp_path: Path
) -> None:
    """Anna's e-mail is the roster's for ДМС-100 (its phone is another); her phone is the
    roster's for ДМС-600 (its e-mail another): both link. ДМС-200's contacts are hers but the
    name is Иванов Иван: the identity check decides, and she is told why."""
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER + policy("ДМС-600", email="Anna.Work@Example.RU", phone="8 999 000-00-09"),
    )
    await signed_up(anna, services, "ANNA@example.ru", "+79990000009")
    for number in ("ДМС-100", "ДМС-600"):
        await anna.send("/policies")
        await anna.press("➕ Добавить полис")
        await anna.send(number)
        linked = canonical(number)
        assert anna.bot_messages[-2].text == f"✅ Полис {number} привязан.", number
        assert await holder_of(services, linked) is not None

    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER + policy("ДМС-200", last_name="Иванов", first_name="Иван"),
    )
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-200")
    assert anna.last.text == (
        "Почта или телефон в списке работодателя для полиса ДМС-200 ваши, но фамилия, имя или "
        "дата рождения в нём не совпадают с вашим профилем.\nЧтобы привязать полис, нужна проверка "
        "личности: три фотографии, их посмотрит оператор страховой компании.\nОтвет — в течение "
        "суток."
    )
    assert anna.inline_labels() == OFFER
    assert await holder_of(services, "ДМС200") is None


def canonical(number: str) -> str:
    return number.replace("-", "")


async def test_the_eleventh_look_up_in_an_hour_is_refused_politely_until_the_hour_is_over(
    anna: Person, services: Services, roster: None, clock: ManualClock
) -> None:
    await signed_up(anna, services)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    clock.advance(timedelta(minutes=1))
    await anna.send("4242 4242 4242 4242")  # a card here (no such policy), yet a look-up
    assert anna.last_own.deleted
    for n in range(1, 10):
        clock.advance(timedelta(minutes=1))
        await anna.send(f"ДМС-9{n:02d}")
        assert anna.last.text == UNCONFIRMED.format(number=f"ДМС-9{n:02d}")
        await anna.press("✏️ Другой номер")
    await anna.send("ДМС-100")  # hers, but the eleventh look-up this hour
    assert anna.last.text == (
        "Слишком много попыток добавить полис: не больше 10 в час. Попробуйте снова через "
        "51 мин. Если не получается, позвоните на горячую линию: +7 800 555-35-35."
    )
    assert await holder_of(services, "ДМС100") is None
    # Past the cap, digits that look like a card are one, even a policy's number: whether the
    # message stays would tell whether the policy exists.
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("4000 0000 0000 0002")
    assert anna.last_own.deleted
    # The look-ups are counted in the database: a restarted bot counts them still.
    again = Policies(
        services.db,
        clock,
        services.notifications,
        services.audit,
        services.holders,
        services.family,
    )
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        with pytest.raises(TooManyLookups):
            await again.link(profile, "ДМС100")

    clock.advance(timedelta(minutes=51))  # the first look-up is an hour old: one more is allowed
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    assert anna.bot_messages[-2].text == "✅ Полис ДМС-100 привязан."


async def test_the_demo_holder_signed_up_with_the_readmes_contacts_links_the_demo_policy(
    anna: Person, rig: InProcessBot, services: Services, clock: ManualClock
) -> None:
    """The console's walk-through (README, «Demo data»): Иванов signs up with the demo roster's
    e-mail and phone and links ДМС-ДЕМО-0001 at once, typed any way; it is shown as printed on
    the policy in the list, its card and its expiry reminder."""
    from core import demo
    from tests.signup_steps import through_consents

    today = services.clock.now().date()
    importer = Importer(services.db, services.clock, services.notifications)
    await importer.take("programs", demo.program_rows(), source="demo programmes")
    await importer.take("policies", demo.policy_rows(today), source="demo policies")
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`ivanov@demo.example`, `+79990000101`" in readme
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    await through_consents(anna)
    await anna.send("ivanov@demo.example")
    await anna.send(code_in(sent[-1].text))
    await anna.share_contact("+79990000101")
    for typed in ("Иванов", "Иван", "Иванович", "14.03.1985"):
        await anna.send(typed)
    await anna.press(anna.inline_labels()[0])  # male
    await anna.press(anna.inline_labels()[0])  # Russian passport
    await anna.send("45 10 987654")
    await anna.send("всё верно")
    await anna.send("пропустить")
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("дмс демо 0001")
    assert (anna.bot_messages[-2].text or "").startswith(
        "✅ Полис ДМС-ДЕМО-0001 привязан.\n👨‍👩‍👧 С ним в ваш кабинет добавлены полисы семьи:"
        " Мария — ребёнок, Елена — супруг(а)."
    )
    assert (anna.last.text or "").startswith("<b>ДМС № ДМС-ДЕМО-0001</b> — действует")
    await anna.send("/policies")
    # The demo family came with it (core/family.py): whose policies, asked first.
    assert anna.inline_labels() == ["🙋 Мне (Иван)", "Мария — ребёнок", "Елена — супруг(а)"]
    await anna.press("🙋 Мне (Иван)")
    assert "ДМС № ДМС-ДЕМО-0001, 01.01.2026 — 31.12.2027: действует" in (anna.last.text or "")
    assert "ДМС № ДМС-ДЕМО-0001" in anna.inline_labels()

    clock.advance(datetime(2027, 12, 1, 7, 1, tzinfo=UTC) - clock.now())  # 30 days before
    await deliver(rig, services)
    assert (anna.last.text or "").startswith(
        "Полис ДМС-ДЕМО-0001 заканчивается 31.12.2027 — через 30 дней."
    )


# -- copies: the anti-flood, off the event loop, one at a time (issue 30, item 3) -------------


async def with_a_copy_button(person: Person, services: Services, number: str) -> StoredMessage:
    """The person signed up, the policy linked: its card, with «⬇️ Скачать полис», on screen."""
    await signed_up(person, services)
    await person.send("/policies")
    await person.press("➕ Добавить полис")
    await person.send(number)
    return next(
        m
        for m in reversed(person.bot_messages)
        if "⬇️ Скачать полис" in [b["text"] for b in m.inline_buttons]
    )


def counted_builds(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every copy built, as it is built (`for_consulate` of each)."""
    from core import policy_pdf

    built: list[bool] = []
    real = policy_pdf.policy_pdf

    def counting(*args: Any, **kwargs: Any) -> bytes:
        built.append(bool(kwargs.get("for_consulate")))
        return real(*args, **kwargs)

    monkeypatch.setattr(policy_pdf, "policy_pdf", counting)
    return built


async def test_thirty_rapid_presses_for_a_copy_are_throttled_like_messages(
    anna: Person, rig: InProcessBot, services: Services, roster: None, clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    card = await with_a_copy_button(anna, services, "4000000000000002")  # ВЗР: two copies a press
    flood = next(
        m for m in rig.dispatcher.update.outer_middleware if isinstance(m, FloodMiddleware)
    )
    flood.guard = FloodGuard(5, clock)  # FLOOD_RATE's default from here on (signed up at 1000)
    built = counted_builds(monkeypatch)
    sent = len(anna.bot_messages)
    (pdf,) = [b["callback_data"] for b in card.inline_buttons if b["text"] == "⬇️ Скачать полис"]
    for _ in range(30):  # forged presses, as fast as they come: the same instant
        await anna.press_callback(card, pdf)
    assert len(built) == 10  # five presses (the bucket), two copies each; not sixty
    assert len([m for m in anna.bot_messages[sent:] if "document" in m.payload]) == 10
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == (
        "Не так быстро: подождите пару секунд и нажмите снова."
    )
    assert all("document" in m.payload for m in anna.bot_messages[sent:])  # no notices in chat
    clock.advance(4)  # the pause is over
    await anna.press_callback(card, pdf)
    assert len(built) == 12


def slow_builds(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Copies that take as long as the test wants: each waits for `release` (at most 10 s)
    after saying `started`."""
    from core import policy_pdf

    started, release = threading.Event(), threading.Event()
    real = policy_pdf.policy_pdf

    def slow(*args: Any, **kwargs: Any) -> bytes:
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(policy_pdf, "policy_pdf", slow)
    return started, release


async def until(event: threading.Event) -> None:
    for _ in range(1000):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never happened")


async def test_others_are_answered_while_a_copy_is_made(
    anna: Person, john: Person, services: Services, roster: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    await with_a_copy_button(anna, services, "ДМС-100")
    started, release = slow_builds(monkeypatch)
    copy = asyncio.create_task(anna.press("⬇️ Скачать полис"))
    await until(started)
    # The copy is being made (and waits for the release): another person is answered meanwhile.
    replies = await asyncio.wait_for(john.send("/help"), 5)
    assert len(replies) == 1
    assert not release.is_set()
    assert not copy.done()
    release.set()
    await copy
    assert anna.last.text == "Информационная копия полиса ДМС-100."


async def test_a_press_while_the_copy_is_made_makes_no_second_one(
    anna: Person, rig: InProcessBot, services: Services, roster: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    card = await with_a_copy_button(anna, services, "ДМС-100")
    (pdf,) = [b["callback_data"] for b in card.inline_buttons if b["text"] == "⬇️ Скачать полис"]
    started, release = slow_builds(monkeypatch)
    built = counted_builds(monkeypatch)  # counts, then the slow build
    sent = len(anna.bot_messages)
    first = asyncio.create_task(anna.press_callback(card, pdf))
    await until(started)
    second = asyncio.create_task(anna.press_callback(card, pdf))  # a double tap
    await asyncio.sleep(0.05)  # the second press reaches the bot and waits for the first
    release.set()
    await asyncio.gather(first, second)
    assert built == [False]
    assert len([m for m in anna.bot_messages[sent:] if "document" in m.payload]) == 1
    answers = [a.get("text") for a in rig.standin.callback_answers.values()]
    assert answers[-1] == "Копия только что отправлена — она в чате выше."
    # A press after the copy went out makes a new one.
    await anna.press_callback(card, pdf)
    assert built == [False, False]


async def test_a_press_for_another_policys_copy_meanwhile_makes_that_one(
    anna: Person, rig: InProcessBot, services: Services, roster: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    first_card = await with_a_copy_button(anna, services, "ДМС-100")
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("4000000000000002")  # ВЗР: two copies a press
    second_card = anna.bot_messages[-1]
    copy = "⬇️ Скачать полис"
    (first_pdf,) = [b["callback_data"] for b in first_card.inline_buttons if b["text"] == copy]
    (second_pdf,) = [b["callback_data"] for b in second_card.inline_buttons if b["text"] == copy]
    started, release = slow_builds(monkeypatch)
    built = counted_builds(monkeypatch)
    first = asyncio.create_task(anna.press_callback(first_card, first_pdf))
    await until(started)
    second = asyncio.create_task(anna.press_callback(second_card, second_pdf))
    await asyncio.sleep(0.05)  # the second press reaches the bot and waits for the first
    release.set()
    await asyncio.gather(first, second)
    assert built == [False, False, True]  # each policy's copies, once
