"""Calendars stay true (issue 32): every .ics file of one visit carries the same UID, a move
updates the event (METHOD:REQUEST, a higher SEQUENCE) and a cancellation — the person's, the
clinic's withdrawal of the time, the policy going to another holder — removes it (METHOD:CANCEL,
STATUS:CANCELLED, a higher SEQUENCE still). The SEQUENCE is stored: a restart changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from sqlalchemy import select

from core.services import Services
from core.settings import Settings
from core.visit_ics import visit_ics
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import Appointment, Policy, ScheduledMessage
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.people import with_policy

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


def parsed(data: bytes) -> tuple[str, Event]:
    """The file's METHOD and its one event."""
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return str(calendar["method"]), event


def sent_file(rig: InProcessBot, message: StoredMessage) -> tuple[str, Event]:
    document = message.payload["document"]
    assert document["file_name"].endswith(".ics")
    return parsed(rig.standin.files[document["file_id"]].data)


def build(**changes: object) -> bytes:
    values: dict[str, object] = {
        "uid": "visit-7@bot.example",
        "sequence": 0,
        "cancelled": False,
        "summary": "Запись к врачу: терапевт, Клиника",
        "description": "Врач: Андреева.",
        "location": "ул. Ленина 1",
        "lat": 55.75,
        "lon": 37.61,
        "starts_at": datetime(2026, 11, 25, 7, tzinfo=UTC),
        "minutes": 30,
        "zone": MOSCOW,
        "stamp": datetime(2026, 11, 24, 9, tzinfo=UTC),
        "organizer": "mailto:noreply@bot.example",
        "organizer_name": "ДМС-помощник",
    }
    return visit_ics(**{**values, **changes})  # type: ignore[arg-type]


def test_the_builder_requests_and_cancels_one_event() -> None:
    method, event = parsed(build())
    assert method == "REQUEST"
    assert (str(event["uid"]), event.decoded("sequence"), str(event["status"])) == (
        "visit-7@bot.example",
        0,
        "CONFIRMED",
    )
    start = event.decoded("dtstart")
    assert (start.isoformat(), str(start.tzinfo)) == ("2026-11-25T10:00:00+03:00", "Europe/Moscow")
    assert event.walk("VALARM")
    assert str(event["organizer"]) == "mailto:noreply@bot.example"

    method, event = parsed(build(sequence=3, cancelled=True))
    assert method == "CANCEL"
    assert (str(event["uid"]), event.decoded("sequence"), str(event["status"])) == (
        "visit-7@bot.example",
        3,
        "CANCELLED",
    )
    assert not event.walk("VALARM")  # no alarm for a visit that is not happening
    assert b"BEGIN:VTIMEZONE" in build(cancelled=True)
    with pytest.raises(ValueError, match="SEQUENCE"):
        build(sequence=-1)


async def book_at(person: Person, day: str, time: str) -> None:
    await person.send("/book")
    await person.press(person.inline_labels()[0])
    labels = person.inline_labels()
    await person.press("терапевт" if "терапевт" in labels else "general practitioner")
    await person.press("Андреева")
    await person.press(day)
    await person.press(time)
    await person.send("да")


async def stored(services: Services) -> list[tuple[int, str, int | None, int]]:
    async with services.db.unit_of_work() as session:
        rows = await session.scalars(select(Appointment).order_by(Appointment.id))
        return [(a.id, a.status, a.calendar_id, a.calendar_sequence) for a in rows]


async def test_book_move_and_cancel_update_one_event(
    anna: Person, rig: InProcessBot, services: Services, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await book_at(anna, "25", "10:00")
    method, booked = sent_file(rig, anna.last)
    assert (method, booked.decoded("sequence")) == ("REQUEST", 0)
    assert str(booked["status"]) == "CONFIRMED"
    uid = str(booked["uid"])
    name = anna.last.payload["document"]["file_name"]
    assert uid.startswith("visit-")

    await anna.press("📅 Мои записи")
    await anna.press("🔁 Перенести 25.11 10:00")
    await anna.press("26")
    await anna.press("12:00")
    await anna.press("✅ Подтвердить")
    assert (anna.bot_messages[-2].text or "").startswith(
        "✅ Запись перенесена.\nКогда: 26.11.2026 в 12:00\n"
    )
    assert (anna.last.text or "").startswith("Файл для календаря: откройте его — запись")
    method, moved = sent_file(rig, anna.last)
    assert (method, str(moved["uid"]), moved.decoded("sequence")) == ("REQUEST", uid, 1)
    assert moved.decoded("dtstart").isoformat() == "2026-11-26T12:00:00+03:00"
    assert anna.last.payload["document"]["file_name"] == name  # the same event's file

    await anna.press("📅 Мои записи")
    await anna.press("❌ Отменить 26.11 12:00")
    await anna.press("Да, отменить")
    cancelled = anna.last
    assert (cancelled.text or "").startswith("✅ Запись отменена: 26.11.2026 в 12:00.\n")
    assert "убрать запись из календаря" in (cancelled.text or "")
    method, gone = sent_file(rig, cancelled)
    assert (method, str(gone["uid"]), gone.decoded("sequence"), str(gone["status"])) == (
        "CANCEL",
        uid,
        2,
        "CANCELLED",
    )
    assert gone.decoded("dtstart").isoformat() == "2026-11-26T12:00:00+03:00"
    # Stored, not counted in memory: the first visit names the event, the sequence only grows.
    [(first, *_), (second, *rest)] = await stored(services)
    assert rest == ["cancelled", first, 2]
    assert uid == f"visit-{first}@127.0.0.1"
    assert second != first


async def test_the_clinic_withdrawing_the_time_cancels_the_event(
    john: Person, rig: InProcessBot, services: Services, world: None
) -> None:
    """A newer slots file without the booked time: John (English) is told, with the file."""
    await with_policy(john, services, "ДМС-2", other=True)
    await book_at(john, "25", "11:00")
    _, booked = sent_file(rig, john.last)
    report = await services.slots.take(
        [
            (
                2,
                {
                    "clinic_external_id": "C1",
                    "specialty": "терапевт",
                    "doctor": "Андреева",
                    "starts_at": "2026-11-25T10:00",
                    "duration_min": "30",
                },
            )
        ],
        source="newer.csv",
    )
    assert report.withdrawn == 2
    await deliver(rig, services)
    told = john.last
    assert (told.text or "").startswith("The clinic “Клиника «Ромашка»” has cancelled")
    assert "remove the visit from your calendar" in (told.text or "")
    assert [b["text"] for b in told.inline_buttons] == ["🗓 Choose another time"]
    method, gone = sent_file(rig, told)
    assert (method, str(gone["uid"]), gone.decoded("sequence"), str(gone["status"])) == (
        "CANCEL",
        str(booked["uid"]),
        1,
        "CANCELLED",
    )
    assert str(gone["summary"]).startswith("Doctor's visit: ")  # the file in John's language


async def test_a_holder_change_cancels_the_event(
    anna: Person, rig: InProcessBot, services: Services, world: None, tmp_path: Path
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await book_at(anna, "25", "10:00")
    _, booked = sent_file(rig, anna.last)
    async with services.db.unit_of_work() as session:
        policy = await session.scalar(select(Policy).where(Policy.number == "ДМС1"))
        assert policy is not None
        await services.holders.change(policy, None)
    async with services.db.unit_of_work() as session:
        media = [
            m.payload["media"]
            for m in await session.scalars(select(ScheduledMessage))
            if m.payload.get("media")
        ]
    [[item]] = media
    assert item["path"].startswith("calendar/")
    assert item["filename"].endswith(".ics")
    assert (services.settings.data_dir / item["path"]).is_file()  # written with the notice
    await deliver(rig, services)
    files = [m for m in anna.bot_messages if "document" in m.payload]
    told = files[-1]
    assert (told.text or "").startswith("Запись 25.11.2026 в 10:00 (Андреева")
    method, gone = sent_file(rig, told)
    assert (method, str(gone["uid"]), gone.decoded("sequence"), str(gone["status"])) == (
        "CANCEL",
        str(booked["uid"]),
        1,
        "CANCELLED",
    )
    assert any("отвязан" in (m.text or "") for m in anna.bot_messages)  # the policy's notice


def test_a_sequence_never_goes_down() -> None:
    """`carry_over` and `call_off` only ever add: what a restart reads back is what was sent."""
    from core.calendar_files import calendar_id, call_off, carry_over

    now = datetime(2026, 11, 24, 9, tzinfo=UTC)
    first = Appointment(id=5, status="rescheduled", calendar_id=None, calendar_sequence=0)
    second = Appointment(id=9, status="confirmed")
    carry_over(first, second)
    third = Appointment(id=12, status="confirmed")
    carry_over(second, third)
    assert [calendar_id(v) for v in (first, second, third)] == [5, 5, 5]
    assert [v.calendar_sequence for v in (first, second, third)] == [0, 1, 2]
    call_off(third, "cancelled", now + timedelta(minutes=1))
    assert (third.status, third.calendar_sequence) == ("cancelled", 3)
