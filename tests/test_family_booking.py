"""A parent's account books for the family (core/family.py): Anna's daughter Маша is on a policy
the roster ties to Anna's, linked with it; «🗓 Записаться», «📅 Мои записи» and «📄 Мои полисы» ask
«Для кого?»; a visit is booked under Маша's policy, counts toward her own five, names her to the
clinic and in the reminders; her policy's PDF and services are reachable from Anna's account
only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.booking.callbacks import Action, BookAction
from bot.features.family.callbacks import WhomPick
from bot.features.policies.callbacks import Action as PolicyButton
from bot.features.policies.callbacks import PolicyAction
from core.booking import MAX_FUTURE_VISITS
from core.clock import ManualClock
from core.family import SELF, Patient
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Appointment, Clinic, Policy, Profile
from tests.booking_rig import msk, slot_at
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.people import JOHN_CONTACTS, with_policy
from tests.rosters import POLICY_HEADER, load, policy

STALE = "Эта кнопка уже не действует. Откройте /menu."
FAMILY_HEADER = POLICY_HEADER.rstrip("\n") + ",holder_policy_number,relation\n"
# Anna's daughter, on the other programme (P2: the clinic C4 «Чужая программа»), and a boy on
# John's policy (another family: never offered to Anna).
MASHA = (
    policy("ДЕТИ-1", program="P2", first_name="Мария", birth_date="2016-05-01").rstrip("\n")
    + ",ДМС-1,child\n"
)
PETYA = (
    policy("ДЕТИ-2", first_name="Пётр", birth_date="2015-02-02", **JOHN_CONTACTS).rstrip("\n")
    + ",ДМС-2,child\n"
)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


@pytest.fixture
async def family(services: Services, tmp_path: Path, world: None) -> None:
    await load(services, tmp_path, "policies", FAMILY_HEADER + MASHA + PETYA)


async def policy_id(services: Services, number: str) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(select(Policy.id).where(Policy.number == number))
    assert found is not None
    return found


async def test_linking_her_policy_brings_her_daughters_and_booking_asks_whom(
    anna: Person, rig: InProcessBot, services: Services, clock: ManualClock, family: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    assert anna.bot_messages[-2].text == (
        "✅ Полис ДМС-1 привязан.\n👨‍👩‍👧 С ним в ваш кабинет добавлены полисы семьи: Мария —"
        " ребёнок. Они в «👨‍👩‍👧 Семья»; в записи к врачу, полисах, письмах и возмещениях я спрошу,"
        " для кого."
    )
    masha = await policy_id(services, "ДЕТИ1")
    async with services.db.unit_of_work() as session:
        held = await session.get(Policy, masha)
        assert held is not None
        assert held.member_relation == "child"
        assert held.holder_profile_id is not None

    await anna.press("🗓 Записаться")
    assert anna.last.text == "Для кого?"
    assert anna.inline_labels() == ["🙋 Мне (Анна)", "Мария — ребёнок"]
    await anna.press("Мария — ребёнок")
    # Her programme's clinics only.
    assert anna.inline_labels() == ["1. Чужая программа"]
    await anna.press("1. Чужая программа")
    await anna.press("терапевт")
    await anna.press("Чужова")
    await anna.press("25")
    await anna.press("10:00")
    summary = anna.last.text or ""
    assert summary.startswith("Пациент: <b>Мария</b>\n<b>Проверьте запись</b>")
    assert "Полис: ДЕТИ-1" in summary
    await anna.press("✅ Подтвердить")
    booked = anna.bot_messages[-2].text or ""
    assert booked.startswith("Пациент: <b>Мария</b>\n✅ Вы записаны к врачу.")
    async with services.db.unit_of_work() as session:
        [visit] = list(await session.scalars(select(Appointment)))
    assert visit.policy_id == masha
    # The clinics' export names her, not her mother.
    async with services.db.unit_of_work():
        [row] = await services.booking.export(None, None)
    assert (row["last_name"], row["first_name"], row["birth_date"]) == (
        "Петрова",
        "Мария",
        "2016-05-01",
    )
    assert row["policy_number"] == "ДЕТИ-1"

    # The reminder two hours before names whom the visit is for.
    clock.advance(datetime(2026, 11, 25, 5, 1, tzinfo=UTC) - clock.now())
    await deliver(rig, services)
    assert (anna.last.text or "").startswith(
        "⏰ Напоминание о записи к врачу.\nПациент: Мария\nКогда: 25.11.2026 в 10:00\n"
    )

    # «Мои записи»: hers, asked for by name; Anna's own list has none.
    await anna.send("/visits")
    await anna.send("мне")
    assert "нет" in (anna.last.text or "").lower()
    await anna.send("/visits")
    await anna.send("Маша")  # what the family calls her
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\n")
    assert "Чужова" in (anna.last.text or "")


async def test_typed_answers_bad_ones_and_forged_keys(
    anna: Person, john: Person, services: Services, family: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_policy(john, services, "ДМС-2", other=True)
    petya = await policy_id(services, "ДЕТИ2")

    await anna.press("🗓 Записаться")
    asked = anna.last
    await anna.send("Петя")  # nobody of hers
    assert anna.last.text == (
        "Не понял, для кого. Нажмите кнопку с именем или напишите имя либо номер в списке."
    )
    assert anna.inline_labels() == ["🙋 Мне (Анна)", "Мария — ребёнок"]
    # John's boy, forged on her question: refused, and the question stays.
    before = len(anna.bot_messages)
    await anna.press_callback(asked, WhomPick(key=petya).pack())
    assert len(anna.bot_messages) == before
    assert (anna.last_callback_answer or {}).get("text") == STALE
    await anna.send("1")  # her place in the list: herself
    assert anna.inline_labels() == ["1. Клиника «Ромашка»"]

    # John's boy's policy card, PDF and services, forged by Anna: nothing of them.
    await anna.send("/cancel")
    for action in (PolicyButton.CARD, PolicyButton.PDF, PolicyButton.SERVICES):
        before = len(anna.bot_messages)
        await anna.press_callback(anna.last, PolicyAction(action=action, policy=petya).pack())
        assert len(anna.bot_messages) == before
        assert (anna.last_callback_answer or {}).get("text") == STALE


async def test_her_policy_and_services_from_the_parents_account(
    anna: Person, services: Services, family: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/policies")
    assert anna.inline_labels() == ["🙋 Мне (Анна)", "Мария — ребёнок"]
    await anna.press("Мария — ребёнок")
    assert (anna.last.text or "").startswith("👤 Застрахованный: <b>Петрова Мария Сергеевна</b>\n")
    assert anna.inline_labels() == ["ДМС № ДЕТИ-1", "➕ Добавить полис"]
    await anna.press("ДМС № ДЕТИ-1")
    assert (anna.last.text or "").startswith("👤 Застрахованный: <b>Петрова Мария Сергеевна</b>\n")
    await anna.press("⬇️ Скачать полис")
    assert anna.last.payload["document"]["file_name"].endswith(".pdf")
    await anna.press("⬅️ К полисам")  # back to her list, not asked again
    assert anna.inline_labels() == ["ДМС № ДЕТИ-1", "➕ Добавить полис"]


async def test_five_future_visits_are_each_persons(
    anna: Person, services: Services, family: None
) -> None:
    """Anna's five do not stop her daughter's booking (`Booking.book` counts each person's)."""
    await with_policy(anna, services, "ДМС-1")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        own = await services.family.patient(profile, SELF)
        masha = await services.family.patient(profile, await policy_id(services, "ДЕТИ1"))
    assert own is not None
    assert masha is not None

    async def book(slot: int, whom: Patient) -> str:
        async with services.db.unit_of_work():
            return (await services.booking.book(profile, slot, patient=whom)).outcome

    times = [msk(day, hour) for day in (25, 26) for hour in (10, 11, 12)]
    for when in times[:MAX_FUTURE_VISITS]:
        assert await book(await slot_at(services, "C1", when), own) == "booked"
    assert await book(await slot_at(services, "C1", times[-1]), own) == "limit"
    assert await book(await slot_at(services, "C4", msk(25, 10)), masha) == "booked"
    # Nor can her policy be booked for Anna herself: the clinic is not Anna's programme's.
    async with services.db.unit_of_work():
        visits = list(await services.booking.upcoming(profile, masha))
    assert [visit.policy_id for visit in visits] == [masha.key]


async def test_book_on_a_card_from_outside_asks_whom_then_goes_on_at_that_clinic(
    anna: Person, services: Services, family: None
) -> None:
    """«Записаться» on a clinic's card with no section's choice kept (an older card): «Для кого?»
    first, then that clinic's specialties; another card pressed while asked is the one booked."""
    await with_policy(anna, services, "ДМС-1")
    async with services.db.unit_of_work() as session:
        ids = {e: i for e, i in await session.execute(select(Clinic.external_id, Clinic.id))}
    await anna.send("/cancel")
    await anna.press_callback(anna.last, BookAction(action=Action.CLINIC, clinic=ids["C1"]).pack())
    assert anna.last.text == "Для кого?"
    await anna.press("🙋 Мне (Анна)")
    assert anna.inline_labels() == ["лор", "терапевт"]  # «Ромашка»'s

    await anna.send("/cancel")
    await anna.press_callback(anna.last, BookAction(action=Action.CLINIC, clinic=ids["C1"]).pack())
    await anna.press_callback(anna.last, BookAction(action=Action.CLINIC, clinic=ids["C4"]).pack())
    assert anna.last.text == "Для кого?"
    await anna.send("мария")
    assert anna.inline_labels() == ["терапевт"]  # the second card's clinic, her programme's
    assert "Чужая программа" in (anna.last.text or "")


async def test_past_visits_on_a_policy_the_account_no_longer_holds_stay_whose_they_were(
    anna: Person, services: Services, clock: ManualClock, family: None
) -> None:
    """«Прошедшие» after a policy left the account (the insurer unlinked it): Anna's own visit is
    still hers, and not her daughter's."""
    await with_policy(anna, services, "ДМС-1")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        own = await services.family.patient(profile, SELF)
        masha = await services.family.patient(profile, await policy_id(services, "ДЕТИ1"))
        assert own is not None
        assert masha is not None
        slot = await slot_at(services, "C1", msk(25, 10))
        assert (await services.booking.book(profile, slot, patient=own)).outcome == "booked"
    clock.advance(datetime(2026, 11, 26, 9, 0, tzinfo=UTC) - clock.now())
    async with services.db.unit_of_work() as session:
        held = await session.scalar(select(Policy).where(Policy.number == "ДМС1"))
        assert held is not None
        await services.holders.change(held, None)
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        own = await services.family.patient(profile, SELF)
        masha = await services.family.patient(profile, masha.key)
        assert own is not None
        assert masha is not None
        mine = await services.booking.visits(profile, past=True, patient=own)
        hers = await services.booking.visits(profile, past=True, patient=masha)
    assert [v.slot.doctor for v in mine] == ["Андреева"]
    assert hers == []
