"""«🏥 Клиники рядом» for a family: «Для кого?» among those with a ДМС policy in force, answered by
a button or typed; the clinics listed, found by name and opened are the chosen person's
programme's; «Записаться» on a card books for the same person without asking again; a location
sent outside the section is kept while asked; «Продолжить» does not ask again; a forged answer is
refused; with nobody else to choose, nothing is asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.clinics.callbacks import Action, ClinicAction
from bot.features.family.callbacks import WhomPick
from core.services import Services
from core.settings import Settings
from standin import Person
from storage.models import Appointment, Clinic
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.family_members import held_member, policy_id
from tests.people import ANNA_EMAIL, with_policy

pytestmark = pytest.mark.db
__all__ = ["world"]  # fixtures used by name

BETWEEN = (55.76, 37.62)  # between the world's C1 (P1, Anna's) and C4 (P2, Мария's)
MARIA = "Мария — ребёнок"
ASK = "Отправьте своё местоположение кнопкой внизу"
STALE = "Эта кнопка уже не действует. Откройте /menu."


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


async def with_child(anna: Person, services: Services, tmp_path: Path, **child: str) -> int:
    """Anna with her ДМС-1 (programme P1) and her daughter Мария's ДМС-3 (P2) held by her
    account; the daughter's policy id."""
    await with_policy(anna, services, "ДМС-1")
    return await held_member(services, tmp_path, "ДМС-3", ANNA_EMAIL, program="P2", **child)


def listed(person: Person) -> list[str]:
    """The clinics' buttons of the list shown last."""
    return [label for label in person.inline_labels() if ". " in label]


async def clinic_id(services: Services, external_id: str) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(select(Clinic.id).where(Clinic.external_id == external_id))
    assert found is not None
    return found


async def test_whom_is_asked_and_the_chosen_persons_clinics_are_shown(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_child(anna, services, tmp_path)
    await anna.press("🏥 Клиники рядом")
    assert anna.last.text == "Для кого?"
    assert anna.inline_labels() == ["🙋 Мне (Анна)", MARIA]

    await anna.press(MARIA)
    assert (anna.last.text or "").startswith(f"Пациент: <b>Мария</b>\n\n{ASK}")
    await anna.share_location(*BETWEEN)
    assert listed(anna) == ["1. Чужая программа"]
    await anna.send("ромашка")  # Anna's programme's clinic, not Мария's
    assert (anna.last.text or "").startswith("Среди клиник вашей программы нет таких")
    await anna.send("чужая")
    assert anna.inline_labels()[0] == "1. Чужая программа"
    await anna.press("1. Чужая программа")
    assert (anna.last.text or "").startswith("<b>Чужая программа</b>")
    romashka = await clinic_id(services, "C1")
    await anna.press_callback(anna.last, ClinicAction(action=Action.CARD, clinic=romashka).pack())
    assert (anna.last_callback_answer or {}).get("text") == (
        "Эта клиника не входит в программу вашего полиса."
    )

    # Asked again on entering again; a typed answer: nonsense is told, «мне» is Anna.
    await anna.press("⬅️ Главное меню")
    await anna.press("🏥 Клиники рядом")
    await anna.send("соседке")
    assert (anna.last.text or "").startswith("Не понял, для кого.")
    assert anna.inline_labels() == ["🙋 Мне (Анна)", MARIA]
    await anna.send("мне")
    assert (anna.last.text or "").startswith(ASK)  # her own: no «Пациент» line
    await anna.share_location(*BETWEEN)
    assert listed(anna) == ["1. Клиника «Ромашка»"]

    # Her daughter's name typed, as a place in the list too.
    await anna.send("/clinics")
    await anna.send("мария")
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>")
    await anna.send("/clinics")
    await anna.send("2")
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>")


async def test_book_on_a_card_books_for_the_person_chosen_in_the_section(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    child_policy = await with_child(anna, services, tmp_path)
    await anna.press("🏥 Клиники рядом")
    await anna.press(MARIA)
    await anna.share_location(*BETWEEN)
    await anna.press("1. Чужая программа")
    since = len(anna.bot_messages)
    await anna.press("🗓 Записаться")
    assert "Для кого?" not in [m.text for m in anna.bot_messages[since:]]
    assert (anna.last.text or "").startswith("<b>Чужая программа</b>. Какой врач нужен?")
    await anna.press("терапевт")
    await anna.press("Чужова")
    await anna.press("25")
    await anna.press("10:00")
    summary = anna.last.text or ""
    assert summary.startswith("Пациент: <b>Мария</b>\n<b>Проверьте запись</b>")
    assert "Полис: ДМС-3" in summary
    await anna.press("✅ Подтвердить")
    async with services.db.unit_of_work() as session:
        booked = (await session.scalars(select(Appointment))).all()
    assert [(visit.policy_id, visit.status) for visit in booked] == [(child_policy, "confirmed")]


async def test_a_location_sent_outside_is_kept_while_asked_and_continue_does_not_ask(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_child(anna, services, tmp_path)
    await anna.share_location(*BETWEEN)  # in the main menu
    assert anna.last.text == "Для кого?"
    await anna.press(MARIA)
    assert (anna.bot_messages[-2].text or "").startswith(f"Пациент: <b>Мария</b>\n\n{ASK}")
    assert listed(anna) == ["1. Чужая программа"]

    await anna.send("/start")
    await anna.press("▶️ Продолжить")
    assert (anna.last.text or "").startswith(f"Пациент: <b>Мария</b>\n\n{ASK}")
    await anna.share_location(*BETWEEN)
    assert listed(anna) == ["1. Чужая программа"]


async def test_a_forged_or_stale_answer_is_refused(
    anna: Person, john: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_policy(john, services, "ДМС-2", other=True)
    johns = await policy_id(services, "ДМС-2")
    child = await with_child(anna, services, tmp_path)
    await anna.press("🏥 Клиники рядом")
    question = anna.last
    for forged in (johns, 999_999):
        await anna.press_callback(question, WhomPick(key=forged).pack())
        assert (anna.last_callback_answer or {}).get("text") == STALE
        assert anna.last is question  # still asked, nothing shown
    await anna.press(MARIA)
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>")
    # The question answered: its buttons, pressed again, are stale.
    await anna.press_callback(question, WhomPick(key=child).pack())
    assert (anna.last_callback_answer or {}).get("text") == STALE


async def test_nobody_else_with_a_policy_in_force_is_not_asked(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_child(anna, services, tmp_path, end_date="2026-06-30")  # hers expired
    await anna.press("🏥 Клиники рядом")
    assert (anna.last.text or "").startswith(ASK)
    await anna.share_location(*BETWEEN)
    assert listed(anna) == ["1. Клиника «Ромашка»"]
