"""«Удалить мои данные» with a visit to come and an open complaint, through the bot: the question
names both (the visit in the person's own time zone); the erasure sends the file that takes the
visit off the person's calendar, mails the clinic a cancellation naming nobody (a real SMTP
server) and leaves the visit in the clinics' bookings export, cancelled and nameless."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from core.gateways import SmtpMailer
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import User
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.e2e import MailBox
from tests.people import with_policy

pytestmark = pytest.mark.db
__all__ = ["world"]  # fixtures used by name

COMPLAINT = "Регистратура не отвечает на звонки третий день подряд."


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


@pytest.fixture
def clinic_mail(services: Services, mailbox: MailBox) -> MailBox:
    """Mail to clinics goes to a real SMTP server (sign-up's codes still to the outbox)."""
    server = Settings(smtp_host="127.0.0.1", smtp_port=mailbox.port, smtp_tls="false")
    services.mail_queue.mailer = SmtpMailer(server)
    return mailbox


def event_of(rig: InProcessBot, message_payload: dict[str, object]) -> tuple[str, object]:
    """The calendar file a message carries: its METHOD and its one VEVENT."""
    document = message_payload["document"]
    assert isinstance(document, dict)
    calendar = Calendar.from_ical(rig.standin.files[document["file_id"]].data)
    return str(calendar["method"]), calendar.walk("VEVENT")[0]


async def booked_and_complained(anna: Person) -> None:
    """A visit on 25.11 at 10:00 (Moscow) at «Ромашка», and a complaint about the clinic."""
    await anna.press("🗓 Записаться")
    await anna.press("1. Клиника «Ромашка»")
    await anna.press("терапевт")
    await anna.press("Андреева")
    await anna.press("25")
    await anna.press("10:00")
    await anna.press("✅ Подтвердить")
    await anna.press("✉️ Обращения")
    await anna.press("😠 Пожаловаться")
    await anna.press("Клиника «Ромашка»")
    await anna.send(COMPLAINT)
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")
    assert (anna.last.text or "").startswith("✅ Обращение <b>Ж-000001</b>")


async def test_erasure_names_what_goes_tells_the_clinic_and_cancels_the_calendar_event(
    anna: Person, rig: InProcessBot, services: Services, world: None, clinic_mail: MailBox
) -> None:
    mailbox = clinic_mail
    await with_policy(anna, services, "ДМС-1")
    await booked_and_complained(anna)
    [booking_file] = [m for m in anna.bot_messages if "document" in m.payload]
    booked_method, booked = event_of(rig, booking_file.payload)
    assert booked_method == "REQUEST"
    assert await services.mail_queue.send_due() == 1  # the clinic holds the visit, with her name
    assert "Петрова" in str(mailbox.mails[-1].get_body(("plain",)).get_content())  # type: ignore[union-attr]
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        await services.profiles.set_time_zone(user, "Asia/Yekaterinburg")  # Moscow + 2 h

    await anna.send("/profile")
    await anna.press("🗑 Удалить мои данные")
    question = anna.last.text or ""
    assert question.startswith("<b>Удалить все ваши данные?</b>")
    assert (
        "Будут отменены ваши предстоящие записи — клиники получат уведомление об отмене:\n"
        "• 25.11.2026 в 12:00 — Клиника «Ромашка»"
    ) in question  # her time zone's 12:00 is the clinic's 10:00
    assert (
        "Будут удалены открытые обращения — ответа по ним уже не будет:\n"
        "• Ж-000001 — жалоба, Клиника «Ромашка»"
    ) in question
    assert anna.inline_labels() == ["🗑 Да, удалить всё", "Нет, оставить"]

    await anna.press("🗑 Да, удалить всё")
    ics, done = anna.bot_messages[-2], anna.last
    assert (done.text or "").startswith("Ваши данные удалены")
    assert ics.payload["caption"] == (
        "Запись 25.11.2026 в 12:00 — Клиника «Ромашка» — отменена. "
        "Откройте файл, чтобы убрать её из календаря."
    )
    method, cancelled = event_of(rig, ics.payload)
    assert method == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(booked["uid"])  # the event the booking's file added
    assert cancelled["sequence"] == booked["sequence"] + 1

    # The clinic is told, without her name: it knows the visit by its time and doctor.
    before = len(mailbox.mails)
    assert await services.mail_queue.send_due() == 1
    [told] = mailbox.mails[before:]
    assert told["To"] == "reg@romashka.ru"
    assert told["Subject"] == "Запись отменена: 25.11.2026 10:00, Андреева"
    body = str(told.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert "Специальность: терапевт" in body
    for personal in ("Петрова", "Анна", "07.03.1990", "ДМС1", "Пациент", "Полис"):
        assert personal not in body

    # And the bookings export still has the visit: cancelled, naming nobody.
    async with services.db.unit_of_work():
        rows = await services.booking.export(None, None)
    assert [(r["starts_at"], r["doctor"], r["status"]) for r in rows] == [
        ("2026-11-25T10:00", "Андреева", "cancelled")
    ]
    assert {r[k] for r in rows for k in ("last_name", "first_name", "birth_date")} == {""}
    assert rows[0]["policy_number"] == ""


async def test_nothing_to_cancel_asks_as_before(
    anna: Person, services: Services, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/profile")
    await anna.press("🗑 Удалить мои данные")
    question = anna.last.text or ""
    assert question.startswith("<b>Удалить все ваши данные?</b>")
    assert "Будут отменены" not in question
    assert "Будут удалены открытые обращения" not in question
    await anna.press("🗑 Да, удалить всё")
    assert (anna.last.text or "").startswith("Ваши данные удалены")
    assert not any("document" in m.payload for m in anna.bot_messages[-2:])
