"""Doctors' free times: `dmsbot import slots FILE.csv` and `dmsbot slots generate --days N`.

A slot's `starts_at` in a file is the clinic's wall-clock time (its `timezone`, else TIMEZONE);
it is stored as an instant. Its specialty must be one the clinics file lists for the clinic
(stored as the clinic names it): the clinic the specialty filter finds for «терапевт» is the one
whose «терапевт» slots the booking offers. Key: clinic, doctor, start. For each clinic and day a
file names, future slots of that day missing from it are withdrawn: free ones are no longer
offered, and a booked one's visit is marked withdrawn, its reminders cancelled and its person
told.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from core.calendar_files import CalendarFiles, call_off
from core.clinics import specialties_of
from core.clock import Clock, local_today
from core.i18n import DEMO_MARK, fold
from core.importing import BATCH, ImportReport, Rejected, RowError, Unreadable, read_rows
from core.notifications import Button, Intent, Notifications, Payload, Person
from storage.db import Database
from storage.models import Clinic, Slot
from storage.repositories.appointments import AppointmentRepository
from storage.sql import upsert

COLUMNS = ["clinic_external_id", "specialty", "doctor", "starts_at", "duration_min"]
DURATIONS = range(5, 481)  # minutes

# `dmsbot slots generate`: 30-minute visits on working days of the Russian production calendar
# (holidays and transferred days off skipped, working Saturdays kept), one doctor for every
# specialty the clinic lists, so that whatever the clinics' filter finds a clinic by can be booked
# there. The first FULL_TIME specialties' doctors work 09:00–13:00 and 14:00–18:00 (a lunch
# break), the others one of the two in turn: about two full-time doctors' worth a clinic.
SHIFTS = ((time(9), time(13)), (time(14), time(18)))
VISIT = timedelta(minutes=30)
FULL_TIME = 2
DEMO_DOCTORS = [
    "Андреева Мария Петровна", "Белов Сергей Игоревич", "Васильева Ольга Николаевна",
    "Григорьев Павел Андреевич", "Данилова Елена Викторовна", "Егоров Артём Олегович",
    "Жукова Наталья Сергеевна", "Зайцев Михаил Юрьевич", "Ильина Дарья Алексеевна",
    "Козлов Игорь Владимирович", "Лебедева Анна Романовна", "Морозов Денис Ильич",
]  # fmt: skip


@dataclass(frozen=True)
class SlotRow:
    clinic_external_id: str
    specialty: str
    doctor: str
    local: datetime  # naive: the clinic's wall clock (or aware, if the file gave an offset)
    duration_min: int


def parse_slot(row: dict[str, str]) -> SlotRow:
    def required(name: str) -> str:
        value = (row.get(name) or "").strip()
        if not value:
            raise RowError(f"{name} is empty")
        return value

    text = required("starts_at")
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        raise RowError(f"bad starts_at {text!r} (expected 2026-12-01T09:30)") from None
    minutes = required("duration_min")
    if not (minutes.isascii() and minutes.isdigit()) or int(minutes) not in DURATIONS:
        raise RowError(f"duration_min {minutes!r} (expected whole minutes, 5–480)")
    return SlotRow(
        required("clinic_external_id"),
        required("specialty"),
        required("doctor"),
        local,
        int(minutes),
    )


def listed_as(clinic: Clinic, specialty: str) -> str | None:
    """The clinic's own name of `specialty` (case and ё aside); None when the clinics file does
    not list it for the clinic: the booking offers only what the specialty filter finds."""
    wanted = fold(specialty)
    return next((name for name in specialties_of(clinic) if fold(name) == wanted), None)


def instant(local: datetime, zone: tzinfo) -> datetime:
    """The clinic's wall-clock time as an instant (an hour that exists twice: its first time)."""
    aware = local if local.tzinfo is not None else local.replace(tzinfo=zone)
    return aware.astimezone(UTC)


class Slots:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        notifications: Notifications,
        zone: tzinfo,
        calendar: CalendarFiles,
    ) -> None:
        self.calendar = calendar
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.zone = zone  # TIMEZONE: for clinics without their own

    def zone_of(self, clinic: Clinic) -> tzinfo:
        return ZoneInfo(clinic.timezone) if clinic.timezone else self.zone

    async def run(
        self, path: Path, *, progress: Callable[[int], None] | None = None
    ) -> ImportReport:
        _count, rows = read_rows(path)
        return await self.take(rows, source=str(path), progress=progress)

    async def take(
        self,
        rows: Iterable[tuple[int, dict[str, str]]],
        *,
        source: str,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        report = ImportReport("slots")
        parsed: list[tuple[int, SlotRow]] = []
        checked = False
        for line, row in rows:
            if not checked:
                missing = [c for c in COLUMNS if c not in row]
                if missing:
                    raise Unreadable(f"{source}: missing columns {', '.join(missing)}")
                checked = True
            try:
                parsed.append((line, parse_slot(row)))
            except RowError as error:
                report.rejected.append(Rejected(line, str(error)))
        clinics = await self._clinics({slot.clinic_external_id for _line, slot in parsed})
        seen: dict[tuple[int, str, datetime], int] = {}
        values: list[dict[str, Any]] = []
        days: dict[tuple[int, date], set[tuple[str, datetime]]] = defaultdict(set)
        now = self.clock.now()
        for line, slot in parsed:
            clinic = clinics.get(slot.clinic_external_id)
            if clinic is None:
                report.rejected.append(
                    Rejected(line, f"unknown clinic {slot.clinic_external_id!r}")
                )
                continue
            specialty = listed_as(clinic, slot.specialty)
            if specialty is None:
                report.rejected.append(
                    Rejected(line, f"specialty {slot.specialty!r} is not one of the clinic's")
                )
                continue
            zone = self.zone_of(clinic)
            starts = instant(slot.local, zone)
            key = (clinic.id, slot.doctor, starts)
            first = seen.setdefault(key, line)
            if first != line:
                report.rejected.append(Rejected(line, f"duplicate slot (first on line {first})"))
                continue
            days[(clinic.id, starts.astimezone(zone).date())].add((slot.doctor, starts))
            values.append(
                {"clinic_id": clinic.id, "specialty": specialty, "doctor": slot.doctor,
                 "starts_at": starts, "duration_min": slot.duration_min, "withdrawn_at": None,
                 "updated_at": now}
            )  # fmt: skip
        for start in range(0, len(values), BATCH):
            batch = values[start : start + BATCH]
            async with self.db.unit_of_work() as session:
                statement = upsert(
                    session,
                    Slot,
                    ["clinic_id", "doctor", "starts_at"],
                    ["specialty", "duration_min", "withdrawn_at", "updated_at"],
                )
                await session.execute(statement, batch)
            report.taken += len(batch)
            if progress:
                progress(len(batch))
        for (clinic_id, day), kept in days.items():
            clinic = next(c for c in clinics.values() if c.id == clinic_id)
            async with self.db.unit_of_work():
                report.withdrawn += await self._withdraw_missing(clinic, day, kept)
        report.rejected.sort(key=lambda rejected: rejected.line)
        return report

    async def _clinics(self, external_ids: set[str]) -> dict[str, Clinic]:
        found: dict[str, Clinic] = {}
        ids = sorted(external_ids)
        async with self.db.unit_of_work() as session:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for clinic in await session.scalars(
                    select(Clinic).where(Clinic.external_id.in_(chunk))
                ):
                    found[clinic.external_id] = clinic
        return found

    async def _withdraw_missing(
        self, clinic: Clinic, day: date, kept: set[tuple[str, datetime]]
    ) -> int:
        """Future slots of the clinic's `day` not in `kept` (doctor, start): withdrawn."""
        session, now = self.db.session, self.clock.now()
        zone = self.zone_of(clinic)
        begin = instant(datetime.combine(day, time.min), zone)
        end = instant(datetime.combine(day + timedelta(days=1), time.min), zone)
        candidates = (
            await session.scalars(
                select(Slot).where(
                    Slot.clinic_id == clinic.id,
                    Slot.starts_at >= max(begin, now),
                    Slot.starts_at < end,
                    Slot.withdrawn_at.is_(None),
                )
            )
        ).all()
        gone = [slot for slot in candidates if (slot.doctor, slot.starts_at) not in kept]
        if not gone:
            return 0
        ids = [slot.id for slot in gone]
        await session.execute(update(Slot).where(Slot.id.in_(ids)).values(withdrawn_at=now))
        visits = await AppointmentRepository(session).confirmed_on_slots(ids)
        for visit, slot, user_id in visits:
            call_off(visit, "withdrawn", now)
            await self.notifications.cancel(group=f"visit:{visit.id}")
            local = slot.starts_at.astimezone(zone)
            ics = await self.calendar.media(user_id, visit, slot, clinic)
            await self.notifications.schedule(
                "visit_change",
                Person(user_id),
                now,
                Payload(
                    "booking-withdrawn-ics",
                    {
                        "clinic": clinic.name,
                        "doctor": slot.doctor,
                        "date": local.strftime("%d.%m.%Y"),
                        "time": local.strftime("%H:%M"),
                    },
                    # Other times at the same clinic: the booking flow from its first step.
                    [[Button("booking-rebook", Intent.BOOK_AT_CLINIC, clinic.id)]],
                    media=[ics],  # the calendar's event cancelled (the text its caption)
                ),
                f"visit-withdrawn:{visit.id}",
            )
        return len(gone)

    async def generate(self, days: int, external_ids: Sequence[str] | None = None) -> ImportReport:
        """Slots for `days` days from tomorrow for clinics taking online bookings (or the given
        ones), through the same import: a day generated again replaces that day's free slots."""
        async with self.db.unit_of_work() as session:
            query = select(Clinic).where(Clinic.online_booking.is_(True), Clinic.specialties != "")
            if external_ids is not None:
                query = query.where(Clinic.external_id.in_(external_ids))
            clinics = list(await session.scalars(query.order_by(Clinic.id)))
        return await self.take(self._generated(clinics, days), source="generated slots")

    def _generated(self, clinics: list[Clinic], days: int) -> Iterator[tuple[int, dict[str, str]]]:
        line = 1
        for clinic in clinics:
            today = local_today(self.clock, self.zone_of(clinic))
            dates = [today + timedelta(days=n) for n in range(1, days + 1)]
            from holidays import country_holidays  # ~3 MB resident: loaded when first needed

            calendar = country_holidays("RU", years={d.year for d in dates})
            specialties = specialties_of(clinic)
            for day in dates:
                if not calendar.is_working_day(day):
                    continue
                for index, specialty in enumerate(specialties):
                    doctor = _doctor(clinic.external_id, index)
                    for begin, end in SHIFTS if index < FULL_TIME else (SHIFTS[index % 2],):
                        moment = datetime.combine(day, begin)
                        while moment + VISIT <= datetime.combine(day, end):
                            line += 1
                            yield (
                                line,
                                {
                                    "clinic_external_id": clinic.external_id,
                                    "specialty": specialty,
                                    "doctor": doctor,
                                    "starts_at": moment.isoformat(timespec="minutes"),
                                    "duration_min": str(VISIT.seconds // 60),
                                },
                            )
                            moment += VISIT


def _doctor(external_id: str, index: int) -> str:
    """A fictitious doctor, the same for a clinic and its `index`-th specialty every run, and
    another for each of its specialties."""
    first = hashlib.sha256(external_id.encode()).digest()[0]
    return f"{DEMO_DOCTORS[(first + index) % len(DEMO_DOCTORS)]} {DEMO_MARK}"
