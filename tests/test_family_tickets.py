"""«✉️ Обращения» for a family: «Для кого?» asked when a complaint or a gratitude begins (any
policy of the family's people), answered by a button or typed; a ticket about a family member
names them and their policy before its text (the ticket's row names no policy: no migration), so
the desk's post, the person's thread and the export show it; a forged answer is refused; a
member whose policies left the account before «Отправить» is not filed about; with nobody else in
the family, nothing is asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.family.callbacks import WhomPick
from core.services import Services
from standin import Person
from standin.rig import InProcessBot
from storage.models import DialogueState, Policy, Ticket, TicketMessage
from tests.booking_rig import world as world
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, in_desk, settings
from tests.family_members import held_member, policy_id
from tests.people import ANNA_EMAIL, with_policy

pytestmark = pytest.mark.db
__all__ = ["settings", "world"]  # fixtures used by name

MARIA = "Мария — ребёнок"
COMPLAINT = "Врач опоздал на сорок минут и не извинился."
THANKS = "Спасибо медсестре за терпение и доброту."
ABOUT_MARIA = "👤 Пациент: Петрова Мария Андреевна (ребёнок), 01.05.2015, полис: ДМС-3"
ASK_CLINIC = "О какой клинике жалоба?"
STALE = "Эта кнопка уже не действует. Откройте /menu."


async def first_messages(services: Services) -> list[str]:
    async with services.db.unit_of_work() as session:
        found = await session.scalars(select(TicketMessage.text).order_by(TicketMessage.id))
        return list(found.all())


async def dialogue_states(services: Services) -> list[str | None]:
    async with services.db.unit_of_work() as session:
        return list(await session.scalars(select(DialogueState.state)))


def desk_posts(rig: InProcessBot) -> list[str]:
    return [m.text or "" for m in rig.standin.chat(DESK, "supergroup").messages if m.from_bot]


async def test_a_ticket_about_a_child_names_her_to_the_desk(
    anna: Person, rig: InProcessBot, services: Services, world: None, tmp_path: Path
) -> None:
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    assert (anna.last.text or "").startswith(ASK_CLINIC)  # nobody else: not asked
    await anna.press("Без клиники")
    await anna.send("/start")
    await anna.press("🔄 Начать заново")  # the section again: this test files nothing yet

    await held_member(services, tmp_path, "ДМС-3", ANNA_EMAIL)
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    assert anna.last.text == "Для кого?"
    assert anna.inline_labels() == ["🙋 Мне (Анна)", MARIA]
    await anna.press(MARIA)
    assert (anna.last.text or "").startswith(f"Пациент: <b>Мария</b>\n{ASK_CLINIC}")
    await anna.press("Без клиники")
    await anna.send(COMPLAINT)
    await anna.press("✅ Готово")
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\n<b>Проверьте обращение</b>")
    await anna.send("/start")
    await anna.press("▶️ Продолжить")  # the summary again, still about her
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\n<b>Проверьте обращение</b>")
    await anna.press("📨 Отправить")
    assert (anna.last.text or "").startswith("✅ Обращение <b>Ж-000001</b> отправлено.")
    assert await first_messages(services) == [f"{ABOUT_MARIA}\n\n{COMPLAINT}"]
    await deliver(rig, services)
    post = desk_posts(rig)[-1]
    assert "Кто: Петрова Анна Сергеевна" in post
    assert f"{ABOUT_MARIA}\n\n{COMPLAINT}" in post

    # Her thread shows whom it was about (the export has the same text).
    await anna.press("📂 Мои обращения")
    await anna.press(anna.inline_labels()[0])
    assert ABOUT_MARIA in (anna.last.text or "")

    # A gratitude typed, for herself, whom typed too (nonsense first): no «Пациент» anywhere.
    await anna.send("🙏 Поблагодарить")
    assert anna.last.text == "Для кого?"
    await anna.send("за соседку")
    assert (anna.last.text or "").startswith("Не понял, для кого.")
    await anna.send("мне")
    assert (anna.last.text or "").startswith("Какую клинику благодарите?")
    await anna.press("Без клиники")
    await anna.send(THANKS)
    await anna.press("✅ Готово")
    assert (anna.last.text or "").startswith("<b>Проверьте обращение</b>")
    await anna.press("📨 Отправить")
    assert (await first_messages(services))[-1] == THANKS

    # Her daughter by name, typed.
    await anna.send("😠 Пожаловаться")
    await anna.send("мария")
    assert (anna.last.text or "").startswith(f"Пациент: <b>Мария</b>\n{ASK_CLINIC}")


async def test_a_forged_or_stale_answer_is_refused_and_restart_shows_the_menu(
    anna: Person, john: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_policy(john, services, "ДМС-2", other=True)
    johns = await policy_id(services, "ДМС-2")
    await with_policy(anna, services, "ДМС-1")
    child = await held_member(services, tmp_path, "ДМС-3", ANNA_EMAIL)
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    question = anna.last
    for forged in (johns, 999_999):
        await anna.press_callback(question, WhomPick(key=forged).pack())
        assert (anna.last_callback_answer or {}).get("text") == STALE
        assert anna.last is question
    await anna.press(MARIA)
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>")
    shown = anna.last
    await anna.press_callback(question, WhomPick(key=child).pack())  # answered already
    assert (anna.last_callback_answer or {}).get("text") == (
        "Сначала закончите начатое («обращение») — или отмените его командой /cancel."
    )
    assert anna.last is shown

    # «Начать заново» while asked: the section that asked, begun afresh (it was silence).
    await anna.send("/cancel")
    await anna.send("/tickets")
    await anna.press("🙏 Поблагодарить")
    assert anna.last.text == "Для кого?"
    await anna.send("/start")
    await anna.press("🔄 Начать заново")
    assert (anna.last.text or "").startswith("<b>Обращения</b>\n")


async def test_a_member_gone_before_sending_is_not_filed_about(
    anna: Person, services: Services, world: None, tmp_path: Path
) -> None:
    await with_policy(anna, services, "ДМС-1")
    child = await held_member(services, tmp_path, "ДМС-3", ANNA_EMAIL)
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    await anna.press(MARIA)
    await anna.press("Без клиники")
    await anna.send(COMPLAINT)
    await anna.press("✅ Готово")
    async with services.db.unit_of_work() as session:
        held = await session.get(Policy, child)
        assert held is not None
        await services.holders.change(held, None)  # left the account (an adult's takeover, say)
    await anna.press("📨 Отправить")
    assert (anna.last.text or "").startswith(
        "Мария: полисов этого человека в вашем кабинете больше нет."
    )
    async with services.db.unit_of_work() as session:
        assert (await session.scalars(select(Ticket))).all() == []
