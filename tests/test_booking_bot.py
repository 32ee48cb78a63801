"""«🗓 Записаться» and «📅 Мои записи» through the bot: the whole path with buttons and with typed
answers, the calendar, the .ics file, two people confirming one time, reschedule, cancel,
reminders' buttons, forged buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.features.booking.callbacks import Action, BookAction, OnVisit, VisitAction
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Appointment, Policy, ScheduledMessage
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.people import with_policy

# Two people confirming one time, through the dispatcher: on SQLite and on PostgreSQL.
pytestmark = pytest.mark.db


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


async def test_booking_with_buttons_the_calendar_and_the_ics_file(
    anna: Person, rig: InProcessBot, services: Services, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    mails: list[OutboxItem] = []
    services.outbox.listeners.append(mails.append)
    await anna.press("🗓 Записаться")
    assert "Клиники вашей программы с онлайн-записью" in (anna.last.text or "")
    assert anna.inline_labels() == ["1. Клиника «Ромашка»"]  # not the other programme's clinic
    await anna.press("1. Клиника «Ромашка»")
    assert anna.inline_labels() == ["лор", "терапевт"]
    await anna.press("терапевт")
    await anna.press("Андреева")
    calendar = anna.inline_labels()
    assert calendar[:9] == ["Ноябрь 2026", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс", " "]
    assert {"25", "26"} <= set(calendar)
    assert "24" not in calendar  # today: no free time left
    assert calendar.count("·") > 20
    assert calendar[-1] == "▶️"
    await anna.press("▶️")
    assert anna.inline_labels()[0] == "Декабрь 2026"
    assert "1" in anna.inline_labels()
    await anna.press("◀️")
    await anna.press("25")
    assert anna.inline_labels() == ["10:00", "11:00", "12:00", "📅 Другой день"]
    await anna.press("10:00")
    summary = anna.last.text or ""
    assert "Дата и время: 25.11.2026 в 10:00" in summary
    assert "Полис: ДМС-1" in summary
    await anna.press("✅ Подтвердить")
    booked, ics = anna.bot_messages[-2], anna.last
    assert (booked.text or "").startswith(
        "✅ Вы записаны к врачу.\nКогда: 25.11.2026 в 10:00\nВрач: Андреева, терапевт\n"
    )
    event = Calendar.from_ical(rig.standin.files[ics.payload["document"]["file_id"]].data).walk(
        "VEVENT"
    )[0]
    start = event.decoded("dtstart")
    assert (start.isoformat(), str(start.tzinfo)) == ("2026-11-25T10:00:00+03:00", "Europe/Moscow")
    assert str(event["location"]) == "ул. Ленина 1"
    assert event.walk("VALARM")
    assert "🗓 Записаться" in anna.reply_buttons  # back in the main menu
    # The clinic learns of it by mail (its `email`), queued with the visit and sent after the
    # commit by the mail job (core/mail_queue.py).
    assert mails == []
    assert await services.mail_queue.send_due() == 1
    assert [(m.to, m.subject) for m in mails] == [
        ("reg@romashka.ru", "Новая запись: 25.11.2026 10:00, Андреева")
    ]
    assert "Пациент: Петрова Анна Сергеевна, 07.03.1990" in mails[0].text


async def test_a_confirmation_pressed_again_shows_the_visit_and_nobody_else_can(
    anna: Person, john: Person, services: Services, world: None
) -> None:
    """Telegram sends the confirmation again when the bot crashed before answering it (the visit
    was committed first), or the person taps twice: the visit is shown, not booked twice, and not
    «this button no longer works». Someone else pressing it (forged) gets nothing of it."""
    await with_policy(anna, services, "ДМС-1")
    await with_policy(john, services, "ДМС-2", other=True)
    await anna.press("🗓 Записаться")
    await anna.press("1. Клиника «Ромашка»")
    await anna.press("терапевт")
    await anna.press("Андреева")
    await anna.press("25")
    await anna.press("10:00")
    summary = anna.last
    [confirm] = [b["callback_data"] for b in summary.inline_buttons if "Подтвердить" in b["text"]]
    await anna.press("✅ Подтвердить")
    first = [m.text for m in anna.bot_messages]

    await anna.press_callback(summary, confirm)
    again = anna.bot_messages[len(first) :]
    assert (again[0].text or "").startswith(
        "✅ Вы записаны к врачу.\nКогда: 25.11.2026 в 10:00\nВрач: Андреева, терапевт\n"
    )
    assert again[1].payload["document"]["file_name"].endswith(".ics")
    async with services.db.unit_of_work() as session:
        from storage.models import Appointment

        visits = list(await session.scalars(select(Appointment.status)))
    assert visits == ["confirmed"]

    before = len(john.bot_messages)
    await john.press_callback(summary, confirm)
    assert (john.last_callback_answer or {}).get("text", "").startswith("This button no longer")
    assert "Андреева" not in " ".join(m.text or "" for m in john.bot_messages[before:])


async def test_two_people_one_time_typed_answers_reschedule_and_cancel(
    anna: Person, john: Person, services: Services, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_policy(john, services, "ДМС-2", other=True)
    for person in (anna, john):
        await person.send("/book")
        await person.send("ромашка")  # part of the name
        await person.press(person.inline_labels()[0])
        await person.send("ТЕРАПЕВТ")
        await person.send("андр")
        await person.send("31.02")
        assert person.last.text in {
            "Напишите дату, например 25.11, или выберите день в календаре.",
            "Type a date such as 25.11, or choose a day in the calendar.",
        }
        await person.send("24.11")  # today: nothing free
        await person.send("25.11")
        await person.send("9:15")
        await person.send("11:00")
        assert "11:00" in (person.last.text or "")
    await anna.send("да")
    assert (anna.last.text or "").startswith("A calendar file") or anna.last.text == (
        "Файл для календаря: откройте его, чтобы добавить запись в календарь."
    )
    await john.send("yes")
    assert (john.last.text or "").startswith("Someone has just taken this time.")
    assert john.inline_labels() == ["10:00", "12:00", "📅 Another day"]

    await anna.press("📅 Мои записи")
    listing = anna.last.text or ""
    assert "25.11.2026 в 11:00 — терапевт (Андреева), «Клиника «Ромашка»»" in listing
    await anna.press("🔁 Перенести 25.11 11:00")
    await anna.press("26")
    await anna.press("12:00")
    await anna.press("✅ Подтвердить")
    assert (anna.bot_messages[-2].text or "").startswith(
        "✅ Запись перенесена.\nКогда: 26.11.2026 в 12:00\n"
    )
    async with services.db.unit_of_work() as session:
        visits = {a.status: a for a in await session.scalars(select(Appointment))}
        reminders = {
            m.group_key: m.status
            for m in await session.scalars(
                select(ScheduledMessage).where(ScheduledMessage.kind == "visit_reminder")
            )
        }
    assert reminders[f"visit:{visits['rescheduled'].id}"] == "cancelled"
    assert reminders[f"visit:{visits['confirmed'].id}"] == "pending"

    moved = visits["confirmed"].id
    await john.press_callback(john.last, VisitAction(action=OnVisit.CANCELLED, visit=moved).pack())
    assert (john.last_callback_answer or {}).get("text", "").startswith("This visit is no longer")
    # The reminder's own button, as the notification carries it.
    await anna.press_callback(anna.last, VisitAction(action=OnVisit.CANCEL, visit=moved).pack())
    assert (anna.last.text or "").startswith("Отменить запись 26.11.2026 в 12:00")
    await anna.press("Да, отменить")
    assert (anna.last.text or "").startswith("✅ Запись отменена: 26.11.2026 в 12:00.\n")
    await anna.press_callback(
        anna.last, VisitAction(action=OnVisit.MOVE, visit=moved).pack()
    )  # an old button
    assert (anna.last_callback_answer or {}).get("text", "").startswith("Этой записи уже нет")
    await john.send("/book")
    await john.press(john.inline_labels()[0])
    await john.press("general practitioner")  # John reads English
    await john.press("Андреева")
    await john.press("26")
    assert "12:00" in john.inline_labels()  # free again


async def test_forged_booking_buttons(anna: Person, services: Services, world: None) -> None:
    await with_policy(anna, services, "ДМС-1")
    async with services.db.unit_of_work() as session:
        from storage.models import Clinic, Slot

        other = await session.scalar(select(Clinic.id).where(Clinic.external_id == "C4"))
        slot = await session.scalar(select(Slot.id).where(Slot.doctor == "Андреева"))
    assert other is not None
    assert slot is not None
    for data, said in [
        (BookAction(action=Action.CLINIC, clinic=other).pack(), "Эта клиника не входит"),
        (BookAction(action=Action.TIME, slot=slot).pack(), "Эта кнопка уже не действует"),
        (BookAction(action=Action.CONFIRM).pack(), "Эта кнопка уже не действует"),
        (VisitAction(action=OnVisit.CANCEL, visit=999).pack(), "Этой записи уже нет"),
        ("bk:day:0:0:0:not-a-date", "Эта кнопка уже не действует"),
    ]:
        await anna.press_callback(anna.last, data)
        assert (anna.last_callback_answer or {}).get("text", "").startswith(said), data
    await anna.send("/book")
    await anna.press(anna.inline_labels()[0])
    for n in (99, -1):  # an index outside the specialties offered
        await anna.press_callback(anna.last, BookAction(action=Action.SPECIALTY, n=n).pack())
        assert (anna.last_callback_answer or {}).get("text", "").startswith("Эта кнопка уже не")
    await anna.press("терапевт")
    await anna.press_callback(anna.last, BookAction(action=Action.DOCTOR, n=5).pack())
    assert (anna.last_callback_answer or {}).get("text", "").startswith("Эта кнопка уже не")
    await anna.press("Андреева")
    await anna.press_callback(anna.last, BookAction(action=Action.DAY, on="2027-06-01").pack())
    assert (anna.last_callback_answer or {}).get("text", "").startswith("Эта кнопка уже не")


async def test_buttons_whose_action_is_unknown_get_the_stale_answer(
    anna: Person, services: Services, world: None
) -> None:
    """Forged, or of an older version: the action is not one the buttons have today."""
    await with_policy(anna, services, "ДМС-1")
    stale = "Эта кнопка уже не действует — выберите заново."
    await anna.press_callback(anna.last, "bk:restart:0:0:0:")
    assert (anna.last_callback_answer or {}).get("text") == stale
    assert (anna.last.text or "").startswith("Выберите клинику")  # outside a dialogue: begun
    await anna.press(anna.inline_labels()[0])
    await anna.press_callback(anna.last, "bk:restart:0:0:0:")
    assert (anna.last_callback_answer or {}).get("text") == stale
    assert anna.inline_labels() == ["лор", "терапевт"]  # in one: it stays where it was
    await anna.press_callback(anna.last, "vs:nonsense:1")
    assert (anna.last_callback_answer or {}).get("text", "").startswith("Этой записи уже нет")
    assert (anna.last.text or "").startswith("Предстоящих записей нет")
    # Not a booking button at all (a clinic must be a number): the bot's own stale answer.
    await anna.send("/cancel")
    await anna.press_callback(anna.last, "bk:clinic:abc:0:0:")
    assert (anna.last_callback_answer or {}).get("text") == (
        "Эта кнопка уже не действует. Откройте /menu."
    )


async def test_reminders_arrive_on_time_and_a_lapsed_policy_is_flagged(
    anna: Person, rig: InProcessBot, services: Services, clock: ManualClock, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/book")
    await anna.press(anna.inline_labels()[0])
    await anna.press("терапевт")
    await anna.press("Андреева")
    await anna.press("26")
    await anna.press("11:00")
    # 26.11 at 11:00 in Moscow: reminded on 25.11 at 11:00 and 26.11 at 9:00.
    await anna.press("✅ Подтвердить")
    seen = len(anna.bot_messages)
    clock.advance(datetime(2026, 11, 25, 7, 59, tzinfo=UTC) - clock.now())
    await deliver(rig, services)
    assert len(anna.bot_messages) == seen  # not yet
    clock.advance(timedelta(minutes=2))
    await deliver(rig, services)
    reminder = anna.last
    assert (reminder.text or "").startswith(
        "⏰ Напоминание о записи к врачу.\nКогда: 26.11.2026 в 11:00\nВрач: Андреева, терапевт\n"
    )
    assert [b["text"] for b in reminder.inline_buttons] == ["❌ Отменить", "🔁 Перенести"]
    await anna.press("🔁 Перенести")
    assert (anna.last.text or "").startswith("Андреева, терапевт. Выберите день")

    # The policy ends before the visit (a corrected roster): the visit stays, flagged.
    async with services.db.unit_of_work() as session:
        held = await session.scalar(select(Policy).where(Policy.number == "ДМС1"))
        assert held is not None
        held.end_date = date(2026, 11, 25)
    await anna.send("/cancel")
    await anna.send("/visits")
    assert "⚠️ Полис не будет действовать в этот день" in (anna.last.text or "")
