"""Booking in core: the database's one-visit-per-slot rule, slots import and generation, the atomic
confirmation (a race of many people on one slot), the person's own rules, cancel, reschedule,
reminders."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.booking import EXPORT_COLUMNS, Outcome
from core.clock import ManualClock
from core.notifications import Intent
from core.services import Services
from storage.models import Appointment, Clinic, Profile, ScheduledMessage, Slot, User
from tests.booking_rig import book, msk, slot_at
from tests.booking_rig import core_world as world
from tests.command_line import dmsbot
from tests.people import person
from tests.rosters import CLINIC_HEADER, SLOT_HEADER, load

pytestmark = pytest.mark.db  # the race and the partial unique index: SQLite and PostgreSQL
__all__ = ["world"]  # fixtures used by name

# The ManualClock starts on Tuesday 2026-11-24, 09:00 UTC (12:00 in Moscow).


async def test_one_slot_cannot_hold_two_confirmed_visits(services: Services, world: None) -> None:
    anna, boris = await person(services, 1, "П-1"), await person(services, 2, "П-2")
    slot_id = await slot_at(services, "C1", msk(25, 10))
    now = services.clock.now()

    def visit(profile: Profile, status: str) -> Appointment:
        return Appointment(
            profile_id=profile.id, slot_id=slot_id, policy_id=1, status=status,
            starts_at=msk(25, 10), ends_at=msk(25, 10) + timedelta(minutes=30),
            created_at=now, updated_at=now,
        )  # fmt: skip

    async with services.db.unit_of_work() as session:
        session.add(visit(anna, "cancelled"))
        session.add(visit(anna, "confirmed"))
    with pytest.raises(IntegrityError):
        async with services.db.unit_of_work() as session:
            session.add(visit(boris, "confirmed"))


async def test_slots_import_zones_and_withdrawal(
    services: Services, world: None, tmp_path: Path
) -> None:
    irkutsk = await slot_at(services, "C2", datetime(2026, 11, 25, 2, tzinfo=UTC))
    assert irkutsk  # 10:00 in Irkutsk is 02:00 UTC
    anna = await person(services, 1, "П-1")
    assert await book(services, anna, await slot_at(services, "C1", msk(25, 11))) is Outcome.BOOKED

    # A newer file for C1 on the 25th keeps only 10:00: 11:00 (booked) and 12:00 are withdrawn.
    report = await services.slots.take(
        [(2, {"clinic_external_id": "C1", "specialty": "терапевт", "doctor": "Андреева",
              "starts_at": "2026-11-25T10:00", "duration_min": "30"}),
         (3, {"clinic_external_id": "C9", "specialty": "терапевт", "doctor": "Кто-то",
              "starts_at": "2026-11-25T10:00", "duration_min": "30"}),
         (4, {"clinic_external_id": "C1", "specialty": "терапевт", "doctor": "Андреева",
              "starts_at": "25.11.2026 10:00", "duration_min": "30"})],
        source="newer.csv",
    )  # fmt: skip
    assert report.withdrawn == 2
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "unknown clinic 'C9'"),
        (4, "bad starts_at '25.11.2026 10:00' (expected 2026-12-01T09:30)"),
    ]
    async with services.db.unit_of_work() as session:
        visit = await session.scalar(select(Appointment))
        assert visit is not None
        assert visit.status == "withdrawn"
        messages = list(await session.scalars(select(ScheduledMessage)))
        kinds = [m.kind for m in messages]
        told = next(m for m in messages if m.kind == "visit_change")
        clinic_id = await session.scalar(select(Clinic.id).where(Clinic.external_id == "C1"))
        assert told.payload["buttons"][0][0] == {
            "key": "booking-rebook",
            "intent": Intent.BOOK_AT_CLINIC,
            "ref": clinic_id,
        }
        reminders = await session.scalars(
            select(ScheduledMessage).where(ScheduledMessage.kind == "visit_reminder")
        )
        assert {r.status for r in reminders} == {"cancelled"}
    assert "visit_change" in kinds
    assert set(await free_times(services, 25)) == {"10:00"}
    assert set(await free_times(services, 26)) == {"10:00", "11:00", "12:00"}  # another day


async def free_times(services: Services, day: int) -> list[str]:
    async with services.db.unit_of_work() as session:
        clinic = await session.scalar(select(Clinic).where(Clinic.external_id == "C1"))
        assert clinic is not None
        found = await services.booking.free_slots(
            clinic, "терапевт", "Андреева", date(2026, 11, day)
        )
    return [
        slot.starts_at.astimezone(services.settings.timezone).strftime("%H:%M") for slot in found
    ]


async def test_generated_slots_follow_the_production_calendar(
    services: Services, clock: ManualClock, world: None
) -> None:
    clock.advance(datetime(2026, 12, 28, 9, tzinfo=UTC) - clock.now())  # Monday
    report = await services.slots.generate(7, external_ids=["C1"])
    assert report.rejected == []
    async with services.db.unit_of_work() as session:
        starts = list(
            await session.scalars(
                select(Slot.starts_at)
                .where(Slot.doctor.endswith("(демо)"))
                .order_by(Slot.starts_at)
            )
        )
    days = sorted({s.astimezone(services.settings.timezone).date() for s in starts})
    # 31 December is a day off in 2026 (moved from 3 January), 1–4 January are holidays.
    assert days == [date(2026, 12, 29), date(2026, 12, 30)]
    times = [s.astimezone(services.settings.timezone).strftime("%H:%M") for s in starts[:16]]
    assert times[0] == "09:00"
    assert "13:00" not in times  # lunch
    assert times[-1] == "17:30"
    assert len(starts) == 2 * 16
    again = await services.slots.generate(7, external_ids=["C1"])
    assert again.withdrawn == 0


async def test_generated_slots_cover_every_specialty_a_clinic_lists(
    services: Services, clock: ManualClock, world: None, tmp_path: Path
) -> None:
    """What the clinics' filter finds a clinic by can be booked there: a doctor for each listed
    specialty, the first two all day, the others half a day."""
    clinics = CLINIC_HEADER + "C5,Клиника,,,55.76,37.62,true,терапевт;лор;кардиолог;невролог,P1,,\n"
    await load(services, tmp_path, "clinics", clinics)
    clock.advance(datetime(2026, 12, 28, 9, tzinfo=UTC) - clock.now())  # Monday
    assert (await services.slots.generate(1, external_ids=["C5"])).rejected == []
    async with services.db.unit_of_work() as session:
        rows = await session.execute(
            select(Slot.specialty, Slot.doctor, Slot.starts_at).where(
                Slot.doctor.endswith("(демо)")
            )
        )
        by_specialty: dict[str, list[datetime]] = {}
        doctors = set()
        for specialty, doctor, starts_at in rows:
            by_specialty.setdefault(specialty, []).append(starts_at)
            doctors.add(doctor)
    counts = {specialty: len(starts) for specialty, starts in by_specialty.items()}
    assert counts == {"терапевт": 16, "лор": 16, "кардиолог": 8, "невролог": 8}
    assert len(doctors) == 4
    zone = services.settings.timezone
    hours = {
        name: min(s.astimezone(zone).hour for s in starts) for name, starts in by_specialty.items()
    }
    assert hours["кардиолог"] != hours["невролог"]  # mornings and afternoons in turn


async def test_a_race_of_twenty_people_for_one_slot(services: Services, world: None) -> None:
    people = [await person(services, n, f"П-{n}") for n in range(1, 21)]
    slot_id = await slot_at(services, "C1", msk(26, 10))
    outcomes = await asyncio.gather(*(book(services, p, slot_id) for p in people))
    assert outcomes.count(Outcome.BOOKED) == 1
    assert outcomes.count(Outcome.TAKEN) == 19
    async with services.db.unit_of_work() as session:
        visits = (await session.scalars(select(Appointment))).all()
    assert [v.status for v in visits] == ["confirmed"]


async def test_the_persons_own_rules_and_what_is_not_bookable(
    services: Services, world: None
) -> None:
    anna = await person(services, 1, "П-1")
    old = await person(services, 2, "П-СТАРЫЙ")
    ending = await person(services, 3, "П-КОНЕЦ")
    assert await book(services, anna, await slot_at(services, "C3", msk(25, 10))) is Outcome.GONE
    assert (
        await book(services, anna, await slot_at(services, "C4", msk(25, 10)))
        is Outcome.NOT_COVERED
    )
    assert (
        await book(services, old, await slot_at(services, "C1", msk(25, 10))) is Outcome.NOT_COVERED
    )
    # In force today, but not on 1 December.
    december = await slot_at(services, "C1", msk(1, 10, month=12))
    assert await book(services, ending, december) is Outcome.NOT_COVERED
    assert (
        await book(services, ending, await slot_at(services, "C1", msk(25, 12))) is Outcome.BOOKED
    )

    assert await book(services, anna, await slot_at(services, "C1", msk(25, 10))) is Outcome.BOOKED
    # 10:00 in Irkutsk is 05:00 in Moscow: no overlap; the same Moscow hour would be one.
    assert (
        await book(
            services, anna, await slot_at(services, "C2", datetime(2026, 11, 25, 2, tzinfo=UTC))
        )
        is Outcome.BOOKED
    )
    for hour in (10, 11, 12):
        await book(services, anna, await slot_at(services, "C1", msk(26, hour)))
    assert await book(services, anna, await slot_at(services, "C1", msk(27, 10))) is Outcome.LIMIT

    boris, clara = await person(services, 4, "П-4"), await person(services, 5, "П-5")
    boris_slot = await slot_at(services, "C1", msk(27, 10))
    assert await book(services, boris, boris_slot) is Outcome.BOOKED
    assert await book(services, clara, boris_slot) is Outcome.TAKEN
    clara_slot = await slot_at(services, "C1", msk(27, 11))
    assert await book(services, clara, clara_slot) is Outcome.BOOKED
    assert await book(services, clara, clara_slot) is Outcome.OVERLAP  # her own visit is then


async def test_reminders_cancel_and_reschedule(services: Services, world: None) -> None:
    anna, boris = await person(services, 1, "П-1"), await person(services, 2, "П-2")
    first = await slot_at(services, "C1", msk(26, 10))
    async with services.db.unit_of_work():
        visit = (await services.booking.book(anna, first)).visit
    assert visit is not None
    async with services.db.unit_of_work() as session:
        reminders = list(
            await session.scalars(
                select(ScheduledMessage).where(ScheduledMessage.group_key == f"visit:{visit.id}")
            )
        )
    assert sorted(r.due_at for r in reminders) == [msk(25, 10), msk(26, 8)]  # 24 h and 2 h
    cancel = reminders[0].payload["buttons"][0][0]
    assert (cancel["intent"], cancel["ref"]) == (Intent.CANCEL_VISIT, visit.id)

    # Moving to a slot someone took meanwhile keeps the old visit as it was.
    taken = await slot_at(services, "C1", msk(26, 11))
    assert await book(services, boris, taken) is Outcome.BOOKED
    async with services.db.unit_of_work():
        mine = await services.booking.owned(anna, visit.id)
        moved = await services.booking.book(anna, taken, replacing=mine)
    assert moved.outcome is Outcome.TAKEN
    async with services.db.unit_of_work():
        mine = await services.booking.owned(anna, visit.id)
        assert mine is not None
        assert mine.status == "confirmed"
        free = await slot_at(services, "C1", msk(26, 12))
        moved = await services.booking.book(anna, free, replacing=mine)
    assert moved.outcome is Outcome.BOOKED
    async with services.db.unit_of_work() as session:
        statuses = {
            a.slot_id: a.status
            for a in await session.scalars(
                select(Appointment).where(Appointment.profile_id == anna.id)
            )
        }
        old_reminders = await session.scalars(
            select(ScheduledMessage.status).where(ScheduledMessage.group_key == f"visit:{visit.id}")
        )
        assert set(old_reminders) == {"cancelled"}
    assert statuses == {first: "rescheduled", free: "confirmed"}

    # Cancelling frees the slot; nobody cancels another's visit.
    assert moved.visit is not None
    async with services.db.unit_of_work():
        assert await services.booking.cancel(boris, moved.visit.id) is None
        assert await services.booking.cancel(anna, moved.visit.id) is not None
    assert await book(services, boris, free) is Outcome.BOOKED


def test_the_slots_command_line(tmp_path: Path) -> None:
    clinics = tmp_path / "clinics.csv"
    clinics.write_text(
        CLINIC_HEADER + "C1,Клиника,ул. Ленина 1,,55.75,37.61,true,терапевт;лор,P1,,\n",
        encoding="utf-8",
    )
    assert dmsbot(tmp_path, "import", "clinics", str(clinics)).returncode == 0
    slots = tmp_path / "slots.csv"
    slots.write_text(
        SLOT_HEADER
        + "C1,терапевт,Андреева,2030-01-15T10:00,30\nC1,лор,Ухова,2030-01-15,0\n"
        + "C1,лор,Ухова,2030-01-15T11:00,3²\n",  # a digit to isdigit(), none to int()
        encoding="utf-8",
    )
    result = dmsbot(tmp_path, "import", "slots", str(slots))
    assert result.returncode == 1
    assert "slots: 1 taken, 2 rejected" in result.stdout
    assert f"{slots}:3: rejected: duration_min '0' (expected whole minutes, 5–480)" in result.stderr
    assert f"{slots}:4: rejected: duration_min '3²' (expected whole minutes" in result.stderr
    result = dmsbot(tmp_path, "slots", "generate", "--days", "3")
    assert result.returncode == 0, result.stderr
    assert "slots: " in result.stdout
    assert int(result.stdout.split("slots: ")[1].split(" taken")[0].replace(",", "")) % 16 == 0


async def test_visits_in_the_export_and_after_the_person_only_those_to_come_nameless(
    services: Services, clock: ManualClock, world: None
) -> None:
    anna, boris = await person(services, 1, "П-1"), await person(services, 2, "П-2")
    slot_id = await slot_at(services, "C1", msk(25, 10))
    assert await book(services, anna, slot_id) is Outcome.BOOKED
    assert await book(services, anna, await slot_at(services, "C1", msk(26, 10))) is Outcome.BOOKED
    async with services.db.unit_of_work() as session:
        user = await session.get(User, anna.user_id)
        assert user is not None
        exported = await services.rights.export(user)
        assert exported["visits"][0] == {
            "starts_at": "2026-11-25T07:00:00+00:00", "clinic": "Клиника",
            "specialty": "терапевт", "doctor": "Андреева", "status": "confirmed",
            "booked_at": "2026-11-24T09:00:00+00:00",
            "policy": "П-1", "for": "Петрова Анна Сергеевна",  # whom the policy names
        }  # fmt: skip
    clock.advance(timedelta(days=1))  # the 25th's visit is past; the 26th's still to come
    async with services.db.unit_of_work() as session:
        user = await session.get(User, anna.user_id)
        assert user is not None
        erased = await services.rights.erase(user)
    assert [visit.starts_at for visit, _file in erased.cancelled] == [msk(26, 10)]
    async with services.db.unit_of_work() as session:
        kept = (await session.scalars(select(Appointment))).all()
        assert [(v.starts_at, v.status, v.profile_id, v.policy_id) for v in kept] == [
            (msk(26, 10), "cancelled", None, None)  # the past one went with her
        ]
        exported_for_clinics = await services.booking.export(None, None)
    assert exported_for_clinics == [
        {"clinic_external_id": "C1", "starts_at": "2026-11-26T10:00", "specialty": "терапевт",
         "doctor": "Андреева", "last_name": "", "first_name": "", "middle_name": "",
         "birth_date": "", "policy_number": "", "status": "cancelled",
         "updated_at": "2026-11-25T09:00:00+00:00"}
    ]  # fmt: skip
    # The slot is free again.
    assert await book(services, boris, await slot_at(services, "C1", msk(26, 10))) is Outcome.BOOKED


async def test_bookings_export_for_clinics(services: Services, world: None, tmp_path: Path) -> None:
    anna, boris = await person(services, 1, "П-1"), await person(services, 2, "П-2")
    assert await book(services, anna, await slot_at(services, "C1", msk(25, 10))) is Outcome.BOOKED
    irkutsk = await slot_at(services, "C2", datetime(2026, 11, 25, 2, tzinfo=UTC))
    assert await book(services, boris, irkutsk) is Outcome.BOOKED
    async with services.db.unit_of_work():
        visit = (await services.booking.upcoming(anna))[0]
        await services.booking.cancel(anna, visit.id)
        everything = await services.booking.export(None, None)
        c2 = await services.booking.export("C2", date(2026, 11, 24))
        later = await services.booking.export(None, date(2026, 11, 25))
    assert [(r["clinic_external_id"], r["starts_at"], r["status"]) for r in everything] == [
        ("C1", "2026-11-25T10:00", "cancelled"),
        ("C2", "2026-11-25T10:00", "confirmed"),  # the clinic's own wall clock
    ]
    assert c2[0] == {
        "clinic_external_id": "C2", "starts_at": "2026-11-25T10:00", "specialty": "терапевт",
        "doctor": "Байкалова", "last_name": "Петрова", "first_name": "Анна", "middle_name": "",
        "birth_date": "1990-03-07", "policy_number": "П-2", "status": "confirmed",
        "updated_at": "2026-11-24T09:00:00+00:00",
    }  # fmt: skip
    assert later == []

    result = dmsbot(tmp_path, "export", "bookings", "--since", "2026-11-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [",".join(EXPORT_COLUMNS)]
