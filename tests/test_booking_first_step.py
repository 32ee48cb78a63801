"""The booking's first step, through the bot: a co-payment policy whose franchise is not ready is
told what is missing at «🗓 Записаться» (from the menu or a clinic's card), before any choice;
once it is ready the booking goes on, and the confirmation checks it again. The specialty filter
of «Клиники рядом» and the booking agree: a clinic found for «лор» books «лор» there, and one
without free time for it says so and offers a phone call."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from core.clock import ManualClock
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Appointment, DialogueState, Profile
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.payments_rig import FRANCHISE_SETTINGS, franchised, with_franchise_policy
from tests.people import signed_up, with_policy
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, SLOT_HEADER, load, policy

pytestmark = pytest.mark.db
__all__ = ["world"]  # fixtures used by name

ROMASHKA = (55.75, 37.61)  # where the world's clinic C1 is


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, **FRANCHISE_SETTINGS)


async def dialogue_states(services: Services) -> list[str | None]:
    async with services.db.unit_of_work() as session:
        return list(await session.scalars(select(DialogueState.state)))


def asked_nothing_of_the_booking(person: Person, since: int) -> None:
    """No clinic list, specialty, doctor or day was asked for since the `since`-th message."""
    said = " ".join(m.text or "" for m in person.bot_messages[since:])
    for question in ("Выберите клинику", "Какой врач нужен?", "Выберите врача", "Выберите день"):
        assert question not in said


async def test_a_copayment_policy_not_ready_is_told_at_the_first_step(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    before = len(anna.bot_messages)
    await anna.press("🗓 Записаться")
    assert anna.last.text == (
        "По полису ДМС-7 действует франшиза. Чтобы записаться в клинику, примите её условия и "
        "привяжите карту.\nЭто делается в разделе «💳 Франшиза и карта». Клиники станут доступны "
        "через 30 мин после привязки карты."
    )
    assert anna.inline_labels() == ["💳 Франшиза и карта"]
    asked_nothing_of_the_booking(anna, before)
    assert await dialogue_states(services) == []  # no booking begun

    # The button opens the section where both are done.
    await anna.press("💳 Франшиза и карта")
    assert "Полис ДМС-7 — франшиза 10 %: не оформлена" in (anna.last.text or "")
    assert "📄 Условия — ДМС-7" in anna.inline_labels()

    # The terms accepted, no card yet: only the card is missing.
    await anna.press("📄 Условия — ДМС-7")
    await anna.press("✅ Согласен с условиями франшизы")
    await anna.send("/book")
    assert (anna.last.text or "").startswith(
        "По полису ДМС-7 действует франшиза. Чтобы записаться в клинику, привяжите карту: условия "
        "вы уже приняли."
    )

    # A clinic's card («Клиники рядом») says the same at its «Записаться».
    await anna.press("🏥 Клиники рядом")
    await anna.share_location(*ROMASHKA)
    await anna.press("1. Клиника «Ромашка»")
    before = len(anna.bot_messages)
    await anna.press("🗓 Записаться")
    assert "привяжите карту: условия вы уже приняли" in (anna.last.text or "")
    assert anna.inline_labels() == ["💳 Франшиза и карта"]
    asked_nothing_of_the_booking(anna, before)


async def test_without_a_policy_in_force_the_first_step_offers_to_link_one(
    anna: Person, services: Services, world: None
) -> None:
    await signed_up(anna, services)
    await anna.send("/book")
    assert (anna.last.text or "").startswith("Список клиник зависит от программы вашего полиса")
    assert anna.inline_labels() == ["➕ Добавить полис"]
    assert await dialogue_states(services) == []


async def test_with_the_franchise_ready_the_booking_goes_on_and_the_confirmation_checks_again(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    await franchised(anna, services, web, tmp_path)
    await deliver(rig, services)
    await anna.press("🗓 Записаться")  # the card just bound: clinics open in 30 minutes
    assert (anna.last.text or "").startswith(
        "Клиники по полису ДМС-7 станут доступны 24.11.2026 12:30"
    )
    clock.advance(timedelta(minutes=30))

    async def to_summary(hour: str) -> None:
        await anna.press("🗓 Записаться")
        assert "Клиники вашей программы с онлайн-записью" in (anna.last.text or "")
        await anna.press("1. Клиника «Ромашка»")
        await anna.press("терапевт")
        await anna.press("Андреева")
        await anna.press("26")
        await anna.press(hour)
        assert "Полис: ДМС-7" in (anna.last.text or "")

    await to_summary("10:00")
    await anna.press("✅ Подтвердить")
    assert (anna.bot_messages[-2].text or "").startswith(
        "✅ Вы записаны к врачу.\nКогда: 26.11.2026 в 10:00\n"
    )

    # The card unbound meanwhile: the confirmation refuses, saying what is missing now.
    await to_summary("11:00")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        await services.franchises.unbind(profile)
    await anna.press("✅ Подтвердить")
    not_ready = "По полису ДМС-7 действует франшиза. Чтобы записаться в клинику, привяжите карту"
    assert (anna.last.text or "").startswith(not_ready)
    assert anna.inline_labels() == ["💳 Франшиза и карта"]
    async with services.db.unit_of_work() as session:
        assert [v.starts_at.hour for v in await session.scalars(select(Appointment))] == [7]
    # Moving the visit booked before says the same at once.
    await anna.press("📅 Мои записи")
    await anna.press("🔁 Перенести 26.11 10:00")
    assert (anna.last.text or "").startswith(not_ready)


async def test_a_plain_policy_books_while_a_copayment_one_says_what_it_needs(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER + policy("ДМС-7", franchise_percent="10", program="P2"),
    )
    await with_policy(anna, services, "ДМС-1")  # Стандарт (P1), no co-payment
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-7")  # Другая (P2), with a co-payment
    await anna.press("🗓 Записаться")
    note, listing = anna.bot_messages[-2], anna.last
    assert (note.text or "").startswith("По полису ДМС-7 действует франшиза.")
    assert "Клиники вашей программы с онлайн-записью" in (listing.text or "")
    assert anna.inline_labels() == ["1. Клиника «Ромашка»"]  # P2's clinic only when it is ready
    await anna.press("1. Клиника «Ромашка»")
    assert anna.inline_labels() == ["лор", "терапевт"]


async def test_the_specialty_filter_and_the_booking_agree(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    # Another clinic of Anna's programme lists «хирург», with free time only for «терапевт».
    lesnaya = "C5,Клиника «Лесная»,ул. Лесная 5,+74951234567,55.7505,37.6105,true"
    await load(services, tmp_path, "clinics", CLINIC_HEADER + f"{lesnaya},терапевт;хирург,P1,,\n")
    slot = "C5,Терапевт,Лесова,2026-11-25T10:00,30\n"  # «Терапевт»: stored as «терапевт»
    await load(services, tmp_path, "slots", SLOT_HEADER + slot)
    await with_policy(anna, services, "ДМС-1")
    await anna.press("🏥 Клиники рядом")
    await anna.share_location(*ROMASHKA)
    await anna.press("🩺 Специальность")
    assert anna.inline_labels()[:3] == ["лор", "терапевт", "хирург"]
    await anna.press("лор")
    assert "специальность «лор»" in (anna.last.text or "")
    await anna.press("1. Клиника «Ромашка»")
    await anna.press("🗓 Записаться")
    # The booking goes on with the filter's specialty, at the doctors of it.
    assert anna.last.text == (
        "<b>Клиника «Ромашка»</b> — лор, как в фильтре клиник.\n"
        "Специальность: лор. Выберите врача или напишите фамилию."
    )
    assert anna.inline_labels() == ["Ухова", "🩺 Другая специальность"]
    await anna.press("Ухова")
    assert "Выберите день" in (anna.last.text or "")
    assert "27" in anna.inline_labels()
    await anna.press("🩺 Другая специальность")  # still on the earlier message
    assert anna.inline_labels() == ["лор", "терапевт"]
    await anna.send("терапевт")
    await anna.send("другая специальность")  # typed works as the button
    assert anna.inline_labels() == ["лор", "терапевт"]

    # A clinic the filter finds for «хирург» with no free time for it: said, with its phone.
    await anna.send("/cancel")
    await anna.send("/clinics")
    await anna.share_location(*ROMASHKA)
    await anna.press("🩺 Специальность")
    await anna.press("хирург")
    assert anna.inline_labels()[0] == "1. Клиника «Лесная»"
    await anna.press("1. Клиника «Лесная»")
    await anna.press("🗓 Записаться")
    assert anna.last.text == (
        "В клинике «Клиника «Лесная»» нет свободного времени для онлайн-записи к специалисту "
        "«хирург». Записаться можно по телефону клиники: +74951234567.\n\n"
        "<b>Клиника «Лесная»</b>. Какой врач нужен? Выберите специальность или напишите её."
    )
    assert anna.inline_labels() == ["терапевт"]  # stored as the clinic names it
    await anna.press("терапевт")
    assert anna.inline_labels() == ["Лесова"]  # no other specialty to go back to


async def test_slots_of_a_specialty_the_clinic_does_not_list_are_refused(
    services: Services, world: None, tmp_path: Path
) -> None:
    path = tmp_path / "more-slots.csv"
    path.write_text(
        SLOT_HEADER + "C1,ЛОР,Ухова,2026-11-27T10:00,30\nC1,хирург,Резов,2026-11-27T10:00,30\n",
        encoding="utf-8",
    )
    report = await services.slots.run(path)
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "specialty 'хирург' is not one of the clinic's")
    ]
    assert report.taken == 1
